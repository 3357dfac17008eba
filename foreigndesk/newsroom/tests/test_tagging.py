"""Taggings carry a copy of their translation's publication time and public state: it follows
every move of the workflow, topic changes from either side, deletions and the data migration,
and the topic box and listing read the same articles off it as a plain join would."""

from __future__ import annotations

import datetime
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from foreigndesk.newsroom import editing, published, transitions
from foreigndesk.newsroom.models import Tagging, Topic, Translation
from foreigndesk.newsroom.states import State
from foreigndesk.newsroom.tagging import refresh_taggings
from foreigndesk.testing import factories

from .conftest import query_plan, translation_in

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def copies(translation: Translation) -> set[tuple[str, datetime.datetime | None, bool]]:
    """The taggings of ``translation`` as (topic slug, copied time, copied public state)."""
    return set(
        Tagging.objects.filter(translation=translation).values_list(
            "topic__slug", "published_at", "is_public"
        )
    )


def expected(translation: Translation) -> set[tuple[str, datetime.datetime | None, bool]]:
    """What the copies must be: the translation's own time and state, per topic."""
    row = Translation.objects.get(pk=translation.pk)
    return {(topic.slug, row.published_at, row.is_public) for topic in row.topics.all()}


@pytest.fixture
def energy(db) -> Topic:
    return factories.topic("Energy")


@pytest.fixture
def ports(db) -> Topic:
    return factories.topic("Ports")


def test_publishing_makes_the_taggings_public_at_the_publication_time(desk, energy, ports):
    translation = translation_in(State.APPROVED, desk)
    translation.topics.set([energy, ports])
    assert copies(translation) == {("energy", None, False), ("ports", None, False)}

    done = transitions.publish(actor=desk.editor, translation=translation)

    assert done.published_at is not None
    assert copies(translation) == {
        ("energy", done.published_at, True),
        ("ports", done.published_at, True),
    }


def test_a_scheduled_translation_is_tagged_not_public_until_the_schedule_publishes_it(desk, energy):
    translation = translation_in(State.APPROVED, desk)
    translation.topics.set([energy])
    at = timezone.now() + datetime.timedelta(hours=3)
    transitions.schedule(actor=desk.editor, translation=translation, at=at)
    assert copies(translation) == {("energy", None, False)}
    assert list(published.on_topic(energy, now=at + datetime.timedelta(hours=1))) == []

    assert transitions.publish_due(now=at + datetime.timedelta(minutes=1)) == [translation.pk]

    assert copies(translation) == {("energy", at, True)}
    # Published at a time still to come: the listing shows it only once that time has come.
    assert list(published.on_topic(energy, now=at - datetime.timedelta(minutes=1))) == []
    assert list(published.on_topic(energy, now=at)) == [translation]


def test_withdrawing_hides_the_taggings_and_restoring_brings_them_back(desk, energy):
    translation = translation_in(State.PUBLISHED, desk)
    translation.topics.set([energy])
    first = translation.published_at
    assert copies(translation) == {("energy", first, True)}

    transitions.withdraw(actor=desk.editor, translation=translation, reason="Retracted.")
    assert copies(translation) == {("energy", first, False)}
    assert list(published.on_topic(energy)) == []
    assert published.latest_in_topics([energy]) == [
        published.TopicLatest(name="Energy", slug="energy", articles=[])
    ]

    transitions.restore(actor=desk.editor, translation=translation)
    assert copies(translation) == {("energy", first, True)}
    assert list(published.on_topic(energy)) == [translation]


def test_a_correction_keeps_the_taggings_public(desk, energy):
    translation = translation_in(State.PUBLISHED, desk)
    translation.topics.set([energy])
    transitions.correct(actor=desk.editor, translation=translation, text="The date was wrong.")
    assert Translation.objects.get(pk=translation.pk).state == State.CORRECTED
    assert copies(translation) == expected(translation)
    assert copies(translation) == {("energy", translation.published_at, True)}


def test_a_changed_publication_time_reaches_the_taggings(energy):
    translation = factories.translation(topics=[energy])
    later = translation.published_at + datetime.timedelta(days=2)
    translation.published_at = later
    translation.save()
    assert copies(translation) == {("energy", later, True)}


def test_topics_chosen_on_the_translation_side_get_the_copy_and_dropped_ones_go(
    desk, energy, ports
):
    translation = translation_in(State.PUBLISHED, desk)
    translation.topics.set([energy])
    editing.set_topics(
        actor=desk.editor,
        translation=translation,
        expected_revision=translation.revision,
        topics=[ports],
    )
    assert copies(translation) == {("ports", translation.published_at, True)}
    translation.topics.add(energy)
    assert copies(translation) == expected(translation)
    translation.topics.remove(ports)
    assert copies(translation) == {("energy", translation.published_at, True)}
    translation.topics.clear()
    assert copies(translation) == set()


def test_translations_added_on_the_topic_side_get_the_copy_and_clearing_removes_them(energy):
    public = factories.translation()
    draft = factories.translation(state=State.IN_REVIEW)
    energy.translations.add(public, draft)
    assert copies(public) == {("energy", public.published_at, True)}
    assert copies(draft) == {("energy", None, False)}
    assert list(published.on_topic(energy)) == [public]

    other = factories.translation()
    energy.translations.set([other])
    assert copies(public) == set()
    assert copies(other) == {("energy", other.published_at, True)}

    energy.translations.clear()
    assert Tagging.objects.count() == 0
    assert list(published.on_topic(energy)) == []


def test_a_tagging_saved_on_its_own_gets_the_copy(energy):
    translation = factories.translation()
    Tagging.objects.create(translation=translation, topic=energy)
    assert copies(translation) == {("energy", translation.published_at, True)}


def test_deleting_a_translation_or_a_topic_takes_its_taggings(energy, ports):
    kept = factories.translation(topics=[energy, ports])
    gone = factories.translation(topics=[energy, ports])
    gone.delete()
    assert set(Tagging.objects.values_list("translation_id", flat=True)) == {kept.pk}
    ports.delete()
    assert copies(kept) == {("energy", kept.published_at, True)}
    assert [row.title for row in published.on_topic(energy)] == [kept.title]


def test_the_migration_and_the_refresh_fill_copies_that_were_never_written(energy, ports):
    rows = [
        factories.translation(topics=[energy]),
        factories.translation(topics=[energy, ports]),
        factories.translation(topics=[ports], state=State.APPROVED),
        factories.translation(topics=[energy], state=State.WITHDRAWN, published_at=NOW),
    ]
    right = {row.pk: expected(row) for row in rows}
    # As the rows were before the copy existed.
    Tagging.objects.update(published_at=None, is_public=False)
    migration = importlib.import_module("foreigndesk.newsroom.migrations.0009_tagging")
    migration.copy_publication(apps, SimpleNamespace(connection=connection))
    assert {row.pk: copies(row) for row in rows} == right

    Tagging.objects.update(published_at=None, is_public=True)
    assert refresh_taggings() == 5
    assert {row.pk: copies(row) for row in rows} == right


def _archive(energy: Topic, ports: Topic) -> list[Translation]:
    """Translations in both topics, at times that tie, in the future, unpublished, withdrawn."""
    same_time = NOW - datetime.timedelta(hours=5)
    rows = []
    for number in range(12):
        topics = [energy, ports] if number % 3 == 0 else [energy] if number % 3 == 1 else [ports]
        when = same_time if number in (4, 5, 6) else NOW - datetime.timedelta(hours=number)
        rows.append(factories.translation(topics=topics, published_at=when))
    rows.append(factories.translation(topics=[energy], published_at=NOW + datetime.timedelta(1)))
    rows.append(factories.translation(topics=[energy, ports], state=State.IN_REVIEW))
    rows.append(factories.translation(topics=[ports], state=State.WITHDRAWN, published_at=NOW))
    rows.append(factories.translation(topics=[energy], state=State.CORRECTED))
    return rows


def test_a_topic_listing_is_the_plain_join_newest_first(energy, ports):
    _archive(energy, ports)
    for topic in (energy, ports):
        plain = list(
            Translation.objects.published(now=NOW)
            .filter(topics=topic)
            .order_by("-published_at", "-id")
            .values_list("id", flat=True)
        )
        assert len(plain) >= 6
        assert list(published.on_topic(topic, now=NOW).values_list("id", flat=True)) == plain


def test_the_topic_box_lists_what_the_plain_join_lists(energy, ports):
    rows = _archive(energy, ports)
    reading = rows[0]
    groups = published.latest_in_topics([energy, ports], exclude=reading.pk, now=NOW)

    seen = {reading.pk}
    want = []
    for topic in (energy, ports):
        newest = [
            pk
            for pk in Translation.objects.published(now=NOW)
            .filter(topics=topic)
            .order_by("-published_at", "-id")
            .values_list("id", flat=True)
            if pk not in seen
        ][:3]
        seen.update(newest)
        want.append((topic.slug, newest))
    assert [(group.slug, [line.pk for line in group.articles]) for group in groups] == want


def test_the_most_active_topics_are_read_off_the_copies(energy, ports):
    _archive(energy, ports)
    groups = published.latest_in_active_topics(topics=2, per_topic=2, now=NOW)
    newest_energy = list(
        Translation.objects.published(now=NOW)
        .filter(topics=energy)
        .order_by("-published_at", "-id")
        .values_list("id", flat=True)[:2]
    )
    assert [group.slug for group in groups] == ["energy", "ports"]
    assert [line.pk for line in groups[0].articles] == newest_energy


def test_a_topics_newest_are_a_range_of_the_topic_index_with_no_sort(energy, ports):
    _archive(energy, ports)
    for newest in (
        Tagging.objects.filter(topic=energy, is_public=True, published_at__lte=NOW)
        .order_by("-published_at", "-translation_id")
        .values("translation_id")[:4],
        published.on_topic(energy, now=NOW).values_list("id", flat=True)[:20],
    ):
        sql, params = newest.query.sql_with_params()
        plan = query_plan(sql, params)
        if connection.vendor == "sqlite":
            assert "tagging_public_by_topic" in plan, plan
        # PostgreSQL picks between the taggings' indexes by statistics, which a test's few rows
        # do not settle; at any rate it must neither sort nor read the whole table.
        assert "Seq Scan on newsroom_translation_topics" not in plan, plan
        # Neither SQLite's temporary B-tree nor PostgreSQL's Sort: the index gives the order.
        assert "TEMP B-TREE" not in plan, plan
        assert "Sort" not in plan, plan


def test_topics_added_and_removed_in_the_admin_follow_the_translation(admin_client, energy, ports):
    translation = factories.translation(topics=[energy])
    data = factories.admin_form_data(translation)
    data.update(
        {
            "taggings-TOTAL_FORMS": "2",
            "taggings-0-DELETE": "on",
            "taggings-1-translation": translation.pk,
            "taggings-1-topic": ports.pk,
        }
    )
    response = admin_client.post(f"/admin/newsroom/translation/{translation.pk}/change/", data)
    assert response.status_code == 302
    assert copies(translation) == {("ports", translation.published_at, True)}


def test_the_topic_box_reads_each_topics_newest_off_the_index_in_one_query(energy, ports):
    _archive(energy, ports)
    with CaptureQueriesContext(connection) as queries:
        published.latest_in_topics([energy, ports], now=NOW)
    assert len(queries.captured_queries) == 1
    plan = query_plan(queries.captured_queries[0]["sql"], ())
    if connection.vendor == "sqlite":
        assert plan.count("tagging_public_by_topic") == 2, plan
    assert "Seq Scan on newsroom_translation_topics" not in plan, plan
    # No reading of whole topics: neither a scan of the taggings (SQLite) nor a bitmap of
    # every tagging of the topics (PostgreSQL).
    assert "SCAN newsroom_translation_topics" not in plan, plan
    assert "Bitmap" not in plan, plan


def test_an_editor_sees_and_changes_a_translations_topics_in_the_admin(client, energy, ports):
    # An editor's role grants the translation's permissions, none of the tagging's own: the
    # topics follow the translation's, as the topics field's automatic table did.
    client.force_login(factories.editor())
    translation = factories.translation(topics=[energy])
    page = client.get(f"/admin/newsroom/translation/{translation.pk}/change/")
    assert page.status_code == 200
    assert 'id="taggings-group"' in page.content.decode()
    data = factories.admin_form_data(translation)
    data.update(
        {
            "taggings-TOTAL_FORMS": "2",
            "taggings-1-translation": translation.pk,
            "taggings-1-topic": ports.pk,
        }
    )
    response = client.post(f"/admin/newsroom/translation/{translation.pk}/change/", data)
    assert response.status_code == 302
    assert {slug for slug, _, _ in copies(translation)} == {"energy", "ports"}
