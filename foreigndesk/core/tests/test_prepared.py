"""Prepared queries give what the querysets they were built from give, for any values, on the
database in use; and the article page's prepared reads match the ORM's."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.models import CharField, DateTimeField, IntegerField
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from foreigndesk.core import prepared as prepared_module
from foreigndesk.core.prepared import MissingValue, Param, PreparedQuery, give_prefetched
from foreigndesk.newsroom import published
from foreigndesk.newsroom.models import Correction, Topic, Translation
from foreigndesk.newsroom.states import State
from foreigndesk.testing import factories

pytestmark = pytest.mark.django_db

NOW = timezone.now()


@pytest.fixture
def articles() -> list[Translation]:
    """Three published translations an hour apart, one scheduled for tomorrow, one in review;
    two outlets in two countries, one with no country, and two topics."""
    germany = factories.outlet("Morgenblatt", country_code="DE")
    nowhere = factories.outlet("Unplaced Weekly", country_code=None)
    energy, ports = factories.topic("Energy"), factories.topic("Ports")
    made = []
    for hours, source, topics in (
        (1, germany, [energy]),
        (2, nowhere, [energy, ports]),
        (3, None, []),
    ):
        made.append(
            factories.translation(
                original_obj=factories.original(outlet_obj=source) if source else None,
                published_at=NOW - datetime.timedelta(hours=hours),
                topics=topics,
            )
        )
    made.append(factories.translation(published_at=NOW + datetime.timedelta(days=1)))
    made.append(factories.translation(state=State.IN_REVIEW))
    return made


def _listed() -> PreparedQuery[Translation]:
    return PreparedQuery(
        lambda: (
            Translation.objects.published(now=Param("now", DateTimeField()))
            .for_listing()
            .order_by("-published_at", "-id")
        )
    )


def test_models_come_back_as_the_queryset_gives_them_with_their_joined_objects(articles):
    prepared = _listed()
    expected = list(Translation.objects.published(now=NOW).for_listing().order_by("-published_at"))
    found = prepared.fetch(now=NOW)
    assert [t.pk for t in found] == [t.pk for t in expected] == [a.pk for a in articles[:3]]
    assert [t.title for t in found] == [t.title for t in expected]
    assert all(t.published_at == e.published_at for t, e in zip(found, expected, strict=True))
    with CaptureQueriesContext(connection) as queries:
        countries = [
            t.original.outlet.country if t.original and t.original.outlet else None for t in found
        ]
    assert len(queries) == 0, "select_related objects must come with the row"
    assert [c.name if c else None for c in countries] == ["Germany", None, None]


def test_a_time_given_later_is_stored_as_the_database_stores_times(articles):
    prepared = _listed()
    assert len(prepared.fetch(now=NOW - datetime.timedelta(minutes=90))) == 2
    assert len(prepared.fetch(now=NOW + datetime.timedelta(days=2))) == 4
    # An instant exactly at a publication time counts as published, as the ORM has it.
    assert len(prepared.fetch(now=articles[2].published_at)) == 1


def test_the_queryset_is_built_and_compiled_once():
    built = []

    def build():
        built.append(1)
        return Topic.objects.filter(slug=Param("slug", CharField())).values("name")

    prepared: PreparedQuery[dict] = PreparedQuery(build)
    factories.topic("Energy")
    factories.topic("Ports")
    assert prepared.fetch(slug="energy") == [{"name": "Energy"}]
    assert prepared.fetch(slug="ports") == [{"name": "Ports"}]
    assert prepared.fetch(slug="nothing") == []
    assert built == [1]
    assert "%s" in prepared.sql()
    assert "energy" not in prepared.sql()


def test_converters_and_related_populators_are_found_once_not_for_every_run(articles, monkeypatch):
    found: list[str] = []
    converters, populators = SQLCompiler.get_converters, prepared_module.get_related_populators
    monkeypatch.setattr(
        SQLCompiler,
        "get_converters",
        lambda *args: found.append("get_converters") or converters(*args),
    )
    monkeypatch.setattr(
        prepared_module,
        "get_related_populators",
        lambda *args: found.append("get_related_populators") or populators(*args),
    )
    prepared = _listed()
    runs = [prepared.fetch(now=NOW), prepared.fetch(now=NOW), prepared.fetch(now=NOW)]
    assert sorted(found) == ["get_converters", "get_related_populators"]
    # The times are converted to aware datetimes on every run, and the joined objects built.
    for run in runs:
        assert [t.published_at for t in run] == [a.published_at for a in articles[:3]]
        assert all(timezone.is_aware(t.published_at) for t in run)
        assert run[0].original.outlet.country.name == "Germany"


def test_values_lists_flat_lists_and_unions(articles):
    energy = Topic.objects.get(slug="energy")
    pairs = PreparedQuery(
        lambda: (
            Translation.objects.filter(topics=Param("topic", IntegerField()))
            .order_by("id")
            .values_list("id", "slug")
        )
    )
    assert pairs.fetch(topic=energy.pk) == list(
        Translation.objects.filter(topics=energy).order_by("id").values_list("id", "slug")
    )
    flat = PreparedQuery(
        lambda: Translation.objects.filter(slug=Param("slug", CharField())).values_list(
            "id", flat=True
        )
    )
    assert flat.fetch(slug=articles[0].slug) == [articles[0].pk]

    def union():
        first = (
            Translation.objects.filter(pk=Param("a", IntegerField()))
            .order_by()
            .values("id", "title")
        )
        second = (
            Translation.objects.filter(pk=Param("b", IntegerField()))
            .order_by()
            .values("id", "title")
        )
        return first.union(second, all=True)

    rows = PreparedQuery(union).fetch(a=articles[0].pk, b=articles[1].pk)
    assert sorted(row["id"] for row in rows) == [articles[0].pk, articles[1].pk]
    assert {row["title"] for row in rows} == {articles[0].title, articles[1].title}


def test_a_missing_value_is_named_and_nothing_runs():
    prepared = PreparedQuery(lambda: Topic.objects.filter(slug=Param("slug", CharField())))
    with CaptureQueriesContext(connection) as queries, pytest.raises(MissingValue, match="slug"):
        prepared.fetch(sluggish="energy")
    assert len(queries) == 0


def test_what_cached_sql_cannot_hold_is_refused():
    with pytest.raises(TypeError, match="prefetch"):
        PreparedQuery(lambda: Translation.objects.prefetch_related("topics")).fetch()


def test_rows_given_as_prefetched_answer_without_a_query_and_keep_their_relation(articles):
    article, other = articles[0], articles[1]
    Correction.objects.create(translation=other, text="Another article's correction.")
    mine = Correction.objects.create(translation=article, text="A date was wrong.")
    fresh = Translation.objects.get(pk=article.pk)
    give_prefetched(fresh, "corrections", [mine])
    with CaptureQueriesContext(connection) as queries:
        assert list(fresh.corrections.all()) == [mine]
    assert len(queries) == 0
    # A further filter asks the database, and still only this article's corrections.
    assert list(fresh.corrections.filter(text__contains="correction")) == []


def _page_data(translation: Translation) -> dict:
    original = translation.original
    return {
        "pk": translation.pk,
        "title": translation.title,
        "language": translation.language.name,
        "topics": [topic.name for topic in translation.topics.all()],
        "credits": [(c.role, c.contributor.name) for c in translation.credits.all()],
        "corrections": [c.text for c in translation.corrections.all()],
        "bylines": [b.author.name for b in original.bylines.all()] if original else None,
        "original": original.title if original else None,
        "original language": original.language.name if original else None,
        "outlet": original.outlet.name if original and original.outlet else None,
        "country": original.outlet.country.name
        if original and original.outlet and original.outlet.country
        else None,
    }


def test_the_published_article_reads_what_the_preview_reads_in_five_queries():
    article = factories.full_article(title="Ports and power")
    Correction.objects.create(translation=article, text="The port's name was misspelt.")
    with CaptureQueriesContext(connection) as queries:
        read = published.published_article(article.slug)
        data = _page_data(read)
    assert len(queries) == 5
    assert data == _page_data(published.article_for_preview(article.pk))
    assert data["bylines"] == ["Anna Keller"]
    assert data["topics"] == ["Energy"]
    assert data["corrections"] == ["The port's name was misspelt."]


def test_unpublished_and_unknown_slugs_are_not_found(articles):
    for slug in (articles[3].slug, articles[4].slug, "no-such-article"):
        with pytest.raises(Translation.DoesNotExist):
            published.published_article(slug)
        with pytest.raises(Translation.DoesNotExist):
            published.published_article_ref(slug)
    assert published.published_article_ref(articles[0].slug).pk == articles[0].pk


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements of PostgreSQL")
def test_on_postgresql_a_query_run_again_is_planned_once_as_a_prepared_statement(articles):
    query = _listed()

    def prepared() -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            return [row[0] for row in cursor.fetchall()]

    ours = query.sql().split(" FROM ")[0].replace("%s", "")
    first = query.fetch(now=NOW)
    for _ in range(3):
        assert [row.pk for row in query.fetch(now=NOW)] == [row.pk for row in first]
    # The statement is held by the server, with its values bound apart ($1): not planned again.
    held = [text for text in prepared() if text.startswith(ours.split(",")[0])]
    assert held
    assert "$1" in held[0]
    # A query asked through the ORM as usual is not prepared (bound on the client).
    list(Translation.objects.filter(pk=first[0].pk))
    assert not [text for text in prepared() if '"newsroom_translation"."id" = ' in text]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements of PostgreSQL")
def test_on_postgresql_a_prepared_statement_is_planned_once_for_every_value(articles):
    query = _listed()
    ours = query.sql().split(" FROM ")[0].replace("%s", "")
    for hours in range(8):
        query.fetch(now=NOW - datetime.timedelta(hours=hours))
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone()[0] == "force_generic_plan"
        cursor.execute("SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements")
        plans = [(generic, custom) for text, generic, custom in cursor if text.startswith(ours)]
    # Prepared on its third run (the connection's prepare_threshold is 2), then planned once for
    # all the values that followed; by itself the server would have planned each of its first
    # five runs for their values.
    assert plans == [(6, 0)]
