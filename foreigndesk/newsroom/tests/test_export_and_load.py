"""Export and restore: JSON Lines, the byte-identical round trip, validation before loading."""

from __future__ import annotations

import datetime
import io
import json
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from foreigndesk.intake.actions import import_from_text
from foreigndesk.intake.models import Original
from foreigndesk.newsroom import export as exporting
from foreigndesk.newsroom import load as loading
from foreigndesk.newsroom.actions import add_correction
from foreigndesk.newsroom.models import Translation
from foreigndesk.newsroom.page_import import import_bilingual_page
from foreigndesk.newsroom.states import State
from foreigndesk.testing import factories

pytestmark = pytest.mark.django_db
PAGES = Path(__file__).resolve().parent / "data" / "pages"
DOCS = Path(__file__).resolve().parents[3] / "docs" / "export-format.md"


def snapshot() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def export_text() -> str:
    stream = io.StringIO()
    exporting.export(stream)
    return stream.getvalue()


def wipe() -> None:
    """Empty the database, as a fresh one would be."""
    if connection.vendor == "postgresql":
        # Deferred foreign-key checks pending in the test's transaction would block TRUNCATE.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)


def build_archive() -> None:
    """Articles of every shape: notes, corrections, topics, RTL and CJK, gaps, a bare original."""
    for name in [
        "ru-samara-desk.html",
        "ar-water-cms.html",
        "ja-ferry-copied.txt",
        "pl-broken-date.html",
    ]:
        import_bilingual_page(data=(PAGES / name).read_bytes(), publish=True)
    corrected = Translation.objects.get(slug__startswith="samara")
    corrected.topics.set([factories.topic("Transport"), factories.topic("Economy")])
    add_correction(
        translation=corrected, text="The subsidy was 612 million roubles, not 621 million."
    )
    add_correction(
        translation=corrected, text="The line ends at Syzran, not Samara.", block_index=1
    )
    Translation.objects.filter(original__language_id="ja").update(
        state=State.WITHDRAWN,
        withdrawal_reason="The outlet retracted the article.",
        withdrawn_at=datetime.datetime(2026, 11, 6, 12, 0, tzinfo=datetime.UTC),
    )
    factories.translation(
        title="A draft without an original",
        state=State.IN_TRANSLATION,
        translators=[factories.contributor("Mira Okafor")],
        alignment=[],
    )
    factories.full_article(
        editor_note="Context.",
        alignment=[
            {"original": [0], "translation": [0]},
            {"original": [1], "translation": []},
            {"original": [2], "translation": [1, 2]},
        ],
        published_at=datetime.datetime(2026, 11, 3, 9, 30, 15, 123456, tzinfo=datetime.UTC),
    )
    import_from_text(
        text=(Path(__file__).resolve().parents[2] / "intake/tests/data/fr-text.txt").read_text()
    )


def test_every_line_has_the_documented_fields():
    build_archive()
    lines = export_text().splitlines()
    assert len(lines) == 7  # six translations and the suggested original
    records = [json.loads(line) for line in lines]
    translation = next(r for r in records if r["slug"].startswith("samara"))
    for key in [
        "slug",
        "kind",
        "title",
        "language",
        "blocks",
        "translators",
        "editors",
        "editor_note",
        "topics",
        "state",
        "published_at",
        "corrections",
        "alignment",
        "original",
    ]:
        assert key in translation
    assert translation["title"] == "Samara region may cut three commuter train routes"
    assert translation["state"] == "corrected"
    assert translation["topics"] == ["Economy", "Transport"]
    assert translation["corrections"][0]["text"].startswith("The subsidy")
    assert [c["block_index"] for c in translation["corrections"]] == [None, 1]
    withdrawn = next(r for r in records if r.get("state") == "withdrawn")
    assert withdrawn["withdrawal_reason"] == "The outlet retracted the article."
    assert withdrawn["withdrawn_at"] == "2026-11-06T12:00:00+00:00"
    original = translation["original"]
    for key in ["title", "language", "url", "outlet", "country", "authors", "published", "blocks"]:
        assert key in original
    assert original["country"] == {"code": "RU", "name": "Russia"}
    assert original["published"] == "2026-11-03"
    assert original["blocks"][2] == {"kind": "heading", "text": "«Зимой ходит только электричка»"}
    datetime.datetime.fromisoformat(translation["published_at"])
    assert records[-1]["record"] == "original"
    assert records[-1]["original"]["state"] == "suggested"


def test_round_trip_through_a_fresh_database_is_byte_identical():
    build_archive()
    first = export_text()
    wipe()
    assert not Translation.objects.exists()
    result = loading.load(io.StringIO(first))
    assert result.created == 6
    assert export_text() == first
    samara = Translation.objects.get(slug__startswith="samara")
    assert [c.block_index for c in samara.corrections.all()] == [None, 1]
    withdrawn = Translation.objects.get(state=State.WITHDRAWN)
    assert withdrawn.withdrawal_reason == "The outlet retracted the article."


def test_round_trip_of_the_demo_desk():
    from foreigndesk.demo.actions import load_demo

    load_demo()
    first = export_text()
    wipe()
    loading.load(io.StringIO(first))
    assert export_text() == first


def test_loading_twice_creates_no_duplicates():
    build_archive()
    text = export_text()
    before = snapshot()
    result = loading.load(io.StringIO(text))
    assert result.created == 0
    assert result.existing == 6
    assert snapshot() == before


def test_loading_into_a_database_with_other_articles_reuses_people_and_outlets():
    build_archive()
    text = export_text()
    wipe()
    factories.contributor("Ruth Calder")
    factories.outlet("Volzhskaya Nedelya", country_code="RU")
    loading.load(io.StringIO(text))
    samara = Translation.objects.get(slug__startswith="samara")
    assert samara.credits.get(role="editor").contributor.slug == "ruth-calder"
    assert samara.original.outlet.slug == "volzhskaya-nedelya"
    assert Original.objects.filter(title__startswith="Три пригородных").count() == 1


def _valid_line() -> dict:
    return {
        "slug": "a-translation",
        "title": "A translation",
        "language": "en",
        "blocks": [{"kind": "paragraph", "text": "Text."}],
        "translators": [],
        "editors": [],
        "editor_note": "",
        "topics": [],
        "state": "published",
        "published_at": "2026-11-02T10:00:00+00:00",
        "corrections": [],
        "alignment": [{"original": [0], "translation": [0]}],
        "original": {
            "title": "Ein Original",
            "language": "de",
            "url": "https://zeitung.example/a",
            "outlet": None,
            "country": None,
            "authors": [],
            "published": "2026-11-01",
            "blocks": [{"kind": "paragraph", "text": "Text."}],
        },
    }


def _with(**changes) -> str:
    record = _valid_line()
    for key, value in changes.items():
        if key.startswith("original__"):
            record["original"][key.removeprefix("original__")] = value
        elif value is ...:
            del record[key]
        else:
            record[key] = value
    return json.dumps(record)


BAD_LINES = {
    "not-json": ('{"slug": "x", ', "not valid JSON"),
    "not-an-object": ("[1, 2, 3]", "JSON object"),
    "missing-slug": (_with(slug=...), "“slug” is missing"),
    "bad-slug": (_with(slug="Not a slug!"), "not a slug"),
    "bad-block-kind": (_with(blocks=[{"kind": "table", "text": "x"}]), "unknown kind"),
    "empty-block": (_with(blocks=[{"kind": "paragraph", "text": " "}]), "empty"),
    "unknown-state": (_with(state="lost"), "unknown state"),
    "bad-time": (_with(published_at="yesterday"), "ISO 8601"),
    "naive-time": (_with(published_at="2026-11-02T10:00:00"), "time zone"),
    "published-without-time": (_with(published_at=None), "needs “published_at”"),
    "alignment-past-the-text": (
        _with(alignment=[{"original": [5], "translation": [0]}]),
        "does not exist",
    ),
    "bad-original-date": (_with(original__published="2 Nov"), "ISO 8601 date"),
    "names-not-strings": (_with(translators=[1]), "list of names"),
    "correction-of-no-paragraph": (
        _with(
            corrections=[
                {"text": "Fixed.", "published_at": "2026-11-03T10:00:00+00:00", "block_index": 4}
            ]
        ),
        "not a paragraph of the translation",
    ),
    "bad-withdrawal-time": (_with(withdrawn_at="last week"), "ISO 8601"),
}


@pytest.mark.parametrize(("line", "message"), BAD_LINES.values(), ids=BAD_LINES.keys())
def test_a_malformed_line_is_reported_by_number_and_nothing_loads(line, message):
    good = json.dumps(_valid_line())
    other = _with(slug="another-translation")
    before = snapshot()
    with pytest.raises(loading.LoadError) as caught:
        loading.load(io.StringIO("\n".join([good, other, line]) + "\n"))
    assert caught.value.errors[0][0] == 3
    assert message in caught.value.errors[0][1]
    assert str(caught.value).startswith("Nothing was loaded: line 3:")
    assert snapshot() == before


def test_a_slug_twice_in_one_file_is_refused():
    line = json.dumps(_valid_line())
    with pytest.raises(loading.LoadError, match="line 2: slug 'a-translation' already on line 1"):
        loading.load(io.StringIO(line + "\n" + line + "\n"))


def test_a_valid_line_loads():
    result = loading.load(io.StringIO(json.dumps(_valid_line()) + "\n"))
    assert result.created == 1
    assert Translation.objects.get().original.language_id == "de"


def test_commands_export_and_load(tmp_path):
    build_archive()
    path = tmp_path / "archive.jsonl"
    call_command("export", "-o", str(path), stderr=io.StringIO())
    first = path.read_bytes()
    stdout = io.StringIO()
    call_command("export", stdout=stdout)
    assert stdout.getvalue().encode("utf-8") == first
    wipe()
    out = io.StringIO()
    call_command("load", str(path), stdout=out)
    assert out.getvalue().startswith("Loaded 6 translations")
    call_command("export", "-o", str(path), stderr=io.StringIO())
    assert path.read_bytes() == first


def test_load_command_refuses_a_bad_file_with_its_line_number(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(_valid_line()) + "\n" + "{oops\n", encoding="utf-8")
    before = snapshot()
    with pytest.raises(CommandError, match="line 2: not valid JSON"):
        call_command("load", str(path), stdout=io.StringIO())
    assert snapshot() == before


def test_load_command_refuses_a_binary_file(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_bytes(b"\xff\xfe\x00\x01garbage")
    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("load", str(path), stdout=io.StringIO())


def test_the_format_document_names_every_field():
    build_archive()
    documented = DOCS.read_text(encoding="utf-8")
    records = [json.loads(line) for line in export_text().splitlines()]
    record = next(r for r in records if r.get("original") and r["record"] == "translation")
    for key in [*record, *record["original"]]:
        assert f"`{key}`" in documented


def test_loading_refreshes_related_articles_and_the_index_once(
    tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    from foreigndesk.reader import actions as reader_actions
    from foreigndesk.search.models import SearchEntry
    from foreigndesk.search.selectors import SearchParams, search_articles

    build_archive()
    text = export_text()
    wipe()
    vectorised = []
    real = reader_actions.load_archive
    monkeypatch.setattr(
        reader_actions, "load_archive", lambda **kw: vectorised.append(1) or real(**kw)
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = loading.load(io.StringIO(text))
    assert result.created == 6
    # One vectorisation for all six articles, not one per article.
    assert len(vectorised) == 1
    published = Translation.objects.filter(state__in=[State.PUBLISHED, State.CORRECTED])
    assert SearchEntry.objects.filter(translation__in=published).count() == published.count()
    assert search_articles(SearchParams(q="subsidy")).total == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r.update(slug="s" * 300), "“slug” has 300 characters; at most 200 fit"),
        (lambda r: r.update(title="T" * 5_000), "“title” has 5,000 characters; at most 500 fit"),
        (lambda r: r.update(title="Nul\x00byte"), "“title” contains a control character (U+0000)"),
        (
            lambda r: r.update(editor_note="Word\x0bnote"),
            "“editor_note” contains a control character (U+000B)",
        ),
        (
            lambda r: r["blocks"][0].update(text="x" * 200_000),
            "“blocks.0.text” has 200,000 characters; at most 100,000 fit",
        ),
        (
            lambda r: r.update(translators=["N" * 151]),
            "“translators.0” has 151 characters; at most 150 fit",
        ),
    ],
)
@pytest.mark.django_db
def test_load_refuses_what_the_database_could_not_hold(change, message):
    record = _valid_line()
    change(record)
    with pytest.raises(loading.LoadError, match=re.escape(message)):
        loading.load(io.StringIO(json.dumps(record) + "\n"))
    assert Translation.objects.count() == 0


@pytest.mark.django_db
def test_load_refuses_json_nested_too_deeply():
    line = "[" * 100_000 + "]" * 100_000
    with pytest.raises(loading.LoadError, match="nested too deeply"):
        loading.load(io.StringIO(line + "\n"))
    assert Translation.objects.count() == 0


@pytest.mark.django_db
def test_a_load_tells_its_progress_record_by_record():
    for _ in range(3):
        factories.full_article()
    lines = list(exporting.export_lines())
    Translation.objects.all().delete()
    Original.objects.all().delete()
    told: list[tuple[int, int]] = []
    loading.load(lines, progress=lambda done, total: told.append((done, total)))
    assert told == [(n, len(lines)) for n in range(1, len(lines) + 1)]


@pytest.mark.django_db
def test_a_link_post_round_trips_as_a_link_post():
    record = _valid_line()
    record.update(kind="link", blocks=[], alignment=[], standfirst="A short summary.")
    loading.load(io.StringIO(json.dumps(record) + "\n"))
    post = Translation.objects.get()
    assert (post.kind, post.standfirst, post.blocks) == ("link", "A short summary.", [])
    assert json.loads(export_text().splitlines()[0])["kind"] == "link"


@pytest.mark.django_db
def test_load_refuses_an_unknown_kind_of_post():
    record = _valid_line()
    record.update(kind="video")
    with pytest.raises(loading.LoadError, match=re.escape("unknown kind 'video'")):
        loading.load(io.StringIO(json.dumps(record) + "\n"))
    assert Translation.objects.count() == 0
