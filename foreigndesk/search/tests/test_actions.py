"""The index follows the newsroom: publishing, edits, corrections, withdrawal; and the rebuild."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection

from foreigndesk.newsroom.actions import add_correction, publish_translation, translation_changed
from foreigndesk.newsroom.models import Translation
from foreigndesk.newsroom.states import State
from foreigndesk.search.actions import rebuild_index
from foreigndesk.search.models import SearchEntry
from foreigndesk.search.selectors import SearchParams, search_articles
from foreigndesk.testing import factories

from .conftest import paragraphs, titles

pytestmark = pytest.mark.django_db


def found(q: str) -> list[str]:
    return titles(search_articles(SearchParams(q=q)))


def test_publishing_indexes_the_article_after_commit(django_capture_on_commit_callbacks):
    draft = factories.translation(
        title="Ferry crews strike",
        blocks=paragraphs("Ferry crews walked out over pay."),
        original_obj=factories.original(title="Streik der Fährleute"),
        state=State.APPROVED,
    )
    assert found("ferries") == []
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        publish_translation(translation=draft)
    assert len(callbacks) >= 2  # related articles, search
    assert found("ferries") == ["Ferry crews strike"]
    assert found("Fährleuten") == ["Ferry crews strike"]


def test_nothing_is_indexed_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    draft = factories.translation(title="Never published", state=State.APPROVED, blocks=[])
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValidationError, match="no text"),
    ):
        publish_translation(translation=draft)  # no text: refused
    assert found("published") == []


def test_an_edit_replaces_the_indexed_text(archive, django_capture_on_commit_callbacks):
    article = archive["barges"]
    article.blocks = paragraphs("Tankers now carry the coal instead.")
    article.save()
    with django_capture_on_commit_callbacks(execute=True):
        translation_changed(translation=article)
    assert found("tanker") == ["Low water on the Rhine squeezes barges"]
    assert found("operators") == []
    assert SearchEntry.objects.filter(translation=article).count() == 1


def test_a_correction_keeps_the_article_found(archive, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        add_correction(translation=archive["bread"], text="Cairo, not Alexandria.")
    assert found("wheat") == ["Bread and the grain convoys"]
    # The correction reindexed the article by itself: its entry knows the new state.
    assert SearchEntry.objects.get(translation=archive["bread"]).state == State.CORRECTED


def test_withdrawal_removes_the_article_but_the_desk_keeps_the_original(
    archive, django_capture_on_commit_callbacks
):
    article = archive["barges"]
    article.state = State.WITHDRAWN
    article.save()
    with django_capture_on_commit_callbacks(execute=True):
        translation_changed(translation=article)
    assert found("barges") == []
    desk = search_articles(SearchParams(q="Binnenschiffer"), for_desk=True, unpublished_only=True)
    assert [result.original for result in desk.results] == [article.original]


def test_deleting_a_translation_forgets_it(archive):
    article = archive["bread"]
    article.delete()
    assert found("wheat") == []


def test_reindex_command_rebuilds_everything(archive):
    SearchEntry.objects.all().delete()
    assert found("sanctions") == []
    out = io.StringIO()
    call_command("reindex", stdout=out)
    assert "Indexed" in out.getvalue()
    assert len(found("sanctions")) == 2
    # Five published translations and four originals without one (draft, withdrawn, scheduled
    # is published, suggested).
    assert SearchEntry.objects.filter(public=True).count() == 6
    assert SearchEntry.objects.filter(public=False).count() == 3


def test_an_imported_original_is_found_by_the_desk_after_commit(
    db, django_capture_on_commit_callbacks
):
    from foreigndesk.intake.actions import import_from_text
    from foreigndesk.search.selectors import SearchParams, search_articles

    text = (
        "Die Stadtwerke von Wendelburg erhöhen die Preise für Fernwärme.\n\n"
        "Der Bürgermeister nannte die Erhöhung unvermeidlich, die Mieter protestieren."
    )
    with django_capture_on_commit_callbacks(execute=True):
        original = import_from_text(text=text)
    assert SearchEntry.objects.filter(original=original, translation=None).exists()
    page = search_articles(SearchParams(q="Fernwärme"), for_desk=True, unpublished_only=True)
    assert [result.original.pk for result in page.results] == [original.pk]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="VACUUM is PostgreSQL's")
def test_a_full_rebuild_vacuums_the_entries_once_and_no_other_table():
    for title in ("Ferry crews strike", "Harbour dues rise", "Lighthouse sold"):
        factories.translation(title=title, state=State.PUBLISHED)
    entries, translations = SearchEntry._meta.db_table, Translation._meta.db_table

    def vacuums(table: str) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT vacuum_count + autovacuum_count FROM pg_stat_user_tables "
                "WHERE relname = %s",
                [table],
            )
            return int(cursor.fetchone()[0])

    def all_visible(table: str) -> tuple[int, int]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT relpages, relallvisible FROM pg_class WHERE relname = %s", [table]
            )
            pages, visible = cursor.fetchone()
            return int(pages), int(visible)

    before = vacuums(entries), vacuums(translations)
    assert rebuild_index() == 3
    # The dead versions the rebuild left (each entry deleted, then written twice) are gone: every
    # page is all-visible, so searches' index-only scans do not read the rows.
    pages, visible = all_visible(entries)
    assert pages == visible > 0
    assert (vacuums(entries), vacuums(translations)) == (before[0] + 1, before[1])
    assert found("lighthouse") == ["Lighthouse sold"]
