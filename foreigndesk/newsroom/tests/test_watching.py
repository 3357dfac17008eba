"""Originals watched for edits: fetched again from a loopback server that changes its page."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from foreigndesk.intake.models import OriginalWatch
from foreigndesk.intake.watch import check_original
from foreigndesk.newsroom.models import AuditEvent
from foreigndesk.newsroom.states import State
from foreigndesk.newsroom.watching import (
    changed_rows,
    check_due_originals,
    due_originals,
    mark_original_checked,
)
from foreigndesk.testing import factories
from foreigndesk.testing.testserver import Route

pytestmark = pytest.mark.django_db

FIRST = "Der Stadtrat hat am Dienstag beschlossen, die alte Fähre über den Fluss bis zum Sommer zu ersetzen."
SECOND = "Die neue Fähre soll 41 Millionen Euro kosten und im Frühjahr 2027 fahren."
THIRD = "Die Opposition kritisierte, dass die Kosten höher seien als im Plan des Vorjahres."
BLOCKS = [{"kind": "paragraph", "text": text} for text in (FIRST, SECOND, THIRD)]


def page(*paragraphs: str, title: str = "Neue Fähre für die Stadt") -> bytes:
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    return (
        f"<!DOCTYPE html><html lang='de'><head><meta charset='utf-8'><title>{title}</title>"
        f"</head><body><article><h1>{title}</h1>{body}</article></body></html>"
    ).encode()


@pytest.fixture
def published(web):
    url = web.add("/artikel/faehre", Route(page(FIRST, SECOND, THIRD), etag='"v1"'))
    original = factories.original(
        title="Neue Fähre für die Stadt", url=url, blocks=BLOCKS, outlet_obj=factories.outlet()
    )
    translation = factories.translation(
        original_obj=original,
        blocks=[
            {"kind": "paragraph", "text": "The council decided on Tuesday to replace the ferry."},
            {"kind": "paragraph", "text": "The new ferry will cost 41 million euros."},
            {
                "kind": "paragraph",
                "text": "The opposition said the costs were higher than planned.",
            },
        ],
    )
    return original, translation


def test_an_unchanged_page_is_unchanged_and_the_next_request_is_conditional(web, published):
    original, _ = published
    watch = check_original(original.pk)
    assert watch.outcome == OriginalWatch.Outcome.UNCHANGED
    assert watch.etag == '"v1"'
    again = check_original(original.pk)
    assert again.outcome == OriginalWatch.Outcome.UNCHANGED
    assert web.request_headers[-1].get("If-None-Match") == '"v1"'


def test_a_changed_paragraph_is_shown_word_by_word_beside_the_translation(web, published):
    original, translation = published
    changed = SECOND.replace("41 Millionen", "48 Millionen")
    web.add("/artikel/faehre", Route(page(FIRST, changed, THIRD), etag='"v2"'))
    watch = check_original(original.pk)
    assert watch.outcome == OriginalWatch.Outcome.CHANGED
    assert watch.needs_review
    assert original.block_list == BLOCKS  # the desk's text is never replaced
    rows = changed_rows(watch, translation)
    assert len(rows) == 1
    assert rows[0].translation_texts == ["The new ferry will cost 41 million euros."]
    kinds = {(segment.kind, segment.text.strip()) for segment in rows[0].segments}
    assert ("delete", "41") in kinds
    assert ("insert", "48") in kinds


def test_checked_changes_stay_checked_until_the_outlet_edits_again(web, published):
    original, translation = published
    editor = factories.editor()
    web.add("/artikel/faehre", Route(page(FIRST, SECOND, THIRD, "Ein neuer Absatz am Ende.")))
    watch = check_original(original.pk)
    assert watch.outcome == OriginalWatch.Outcome.CHANGED
    mark_original_checked(watch=watch, actor=editor)
    assert AuditEvent.objects.filter(action="original_checked", translation=translation).exists()
    assert check_original(original.pk).outcome == OriginalWatch.Outcome.UNCHANGED
    web.add("/artikel/faehre", Route(page(FIRST, THIRD)))
    assert check_original(original.pk).outcome == OriginalWatch.Outcome.CHANGED


@pytest.mark.parametrize(
    ("route", "outcome", "message"),
    [
        (Route(b"gone", status=404), "gone", "404"),
        (Route(b"gone", status=410), "gone", "410"),
        (Route(b"oops", status=500), "failed", "500"),
        (Route(b"\x89PNG\r\n\x1a\n" + bytes(200), content_type="image/png"), "failed", "image"),
    ],
    ids=["404", "410", "500", "binary"],
)
def test_a_page_that_is_gone_or_unreadable_keeps_the_last_good_text(
    web, published, route, outcome, message
):
    original, _ = published
    web.add("/artikel/faehre", route)
    watch = check_original(original.pk)
    assert watch.outcome == outcome
    assert message in watch.message
    assert "kept" in watch.message or "keeps" in watch.message
    original.refresh_from_db()
    assert original.block_list == BLOCKS


def test_a_redirect_to_another_site_is_reported(web, published):
    original, _ = published
    elsewhere = f"http://localhost:{web.port}/elsewhere"
    web.add("/elsewhere", Route(page("Ganz etwas anderes steht hier, ein anderer Text.")))
    web.add("/artikel/faehre", Route(b"", status=301, headers={"Location": elsewhere}))
    watch = check_original(original.pk)
    assert watch.outcome == OriginalWatch.Outcome.MOVED
    assert elsewhere in watch.message


def test_a_pending_change_survives_a_failed_check(web, published):
    original, _ = published
    web.add("/artikel/faehre", Route(page(FIRST, THIRD)))
    check_original(original.pk)
    web.add("/artikel/faehre", Route(b"oops", status=503))
    watch = check_original(original.pk)
    assert watch.outcome == OriginalWatch.Outcome.CHANGED
    assert "The last check failed" in watch.message


def test_the_schedule_fetches_one_original_per_outlet_per_minute(web, published, settings):
    original, _ = published
    sibling_url = web.add("/artikel/zwei", Route(page(FIRST, SECOND)))
    sibling = factories.original(
        title="Zweiter Artikel", url=sibling_url, blocks=BLOCKS[:2], outlet_obj=original.outlet
    )
    factories.translation(original_obj=sibling)
    unpublished = factories.original(title="Entwurf", url=web.url("/artikel/drei"))
    factories.translation(original_obj=unpublished, state=State.IN_TRANSLATION)
    assert len(due_originals()) == 1  # two of one outlet: one now, the other a minute later
    check_due_originals()
    assert due_originals() == []
    later = timezone.now() + datetime.timedelta(seconds=61)
    assert [o.pk for o in due_originals(now=later)] == [
        next(
            pk
            for pk in (original.pk, sibling.pk)
            if not OriginalWatch.objects.filter(original_id=pk).exists()
        )
    ]
    settings.FOREIGNDESK_WATCH_DAYS = 0
    assert due_originals(now=later) == []
    assert "/artikel/drei" not in web.requests
