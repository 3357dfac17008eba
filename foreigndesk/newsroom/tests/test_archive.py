"""The aligner's archive word tables: learned from published translations, stored per language
pair, refreshed by a task and a command, and read when the desk aligns."""

from __future__ import annotations

import random

import pytest
from django.core.management import call_command
from django.utils import timezone

from foreigndesk.alignment import WordTable, learn_word_table
from foreigndesk.newsroom import tasks
from foreigndesk.newsroom.actions import align_translation
from foreigndesk.newsroom.archive import archive_table_for, refresh_archive_tables
from foreigndesk.newsroom.models import ArchiveWordTable, Translation
from foreigndesk.newsroom.states import State
from foreigndesk.testing import factories

NOUNS = [
    ("Kirche", "church"),
    ("Brunnen", "fountain"),
    ("Schlüssel", "key"),
    ("Fenster", "window"),
    ("Garten", "garden"),
    ("Wolke", "cloud"),
    ("Bäcker", "baker"),
    ("Zimmer", "room"),
    ("Spiegel", "mirror"),
    ("Teppich", "carpet"),
    ("Kerze", "candle"),
    ("Schrank", "wardrobe"),
    ("Himmel", "sky"),
    ("Vogel", "bird"),
    ("Apfel", "apple"),
    ("Flasche", "bottle"),
]


def paragraphs(seed: int, count: int) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """German paragraphs of four nouns each and their English translations, as blocks."""
    rng = random.Random(seed)
    picks = [rng.sample(NOUNS, 4) for _ in range(count)]
    german = ["Die " + " und die ".join(de for de, _ in p) + "." for p in picks]
    english = ["The " + " and the ".join(en for _, en in p) + "." for p in picks]
    return (
        [{"kind": "paragraph", "text": t} for t in german],
        [{"kind": "paragraph", "text": t} for t in english],
    )


def archived(
    seed: int,
    count: int = 6,
    *,
    state: int = State.PUBLISHED,
    origin: str = Translation.AlignmentOrigin.COMPUTED,
    alignment: list[dict[str, list[int]]] | None = None,
) -> Translation:
    german, english = paragraphs(seed, count)
    translation = factories.translation(
        original_obj=factories.original(blocks=german),
        blocks=english,
        alignment=alignment or [{"original": [i], "translation": [i]} for i in range(count)],
        state=state,
    )
    Translation.objects.filter(pk=translation.pk).update(alignment_origin=origin)
    return translation


def stored_table() -> WordTable:
    return WordTable.from_bytes(bytes(ArchiveWordTable.objects.get().data))


@pytest.mark.django_db
def test_the_table_is_learned_from_published_translations_only():
    archived(1)
    archived(2)
    # A draft, an assumed (never computed) alignment, and a withdrawn translation teach nothing.
    draft = archived(3, state=State.IN_TRANSLATION)
    draft.original.blocks[0]["text"] = "Die Entwurfswörter bleiben draußen."
    draft.original.save()
    draft.blocks[0]["text"] = "Draft words stay outside."
    draft.save()
    archived(4, origin=Translation.AlignmentOrigin.ASSUMED)
    done = refresh_archive_tables()
    assert [(t.source_language, t.target_language, t.pairs, t.beads) for t in done] == [
        ("de", "en", 2, 12)
    ]
    row = ArchiveWordTable.objects.get()
    assert (row.source_language_id, row.target_language_id, row.pairs, row.beads) == (
        "de",
        "en",
        2,
        12,
    )
    table = stored_table()
    assert row.size == len(table) > 0
    assert "entwur" not in table.source
    assert "draft" not in table.target
    assert table.translations()["garten"][0][0] == "garden"


@pytest.mark.django_db
def test_refreshing_twice_gives_the_same_table():
    for seed in range(1, 5):
        archived(seed)
    refresh_archive_tables()
    first = bytes(ArchiveWordTable.objects.get().data)
    refresh_archive_tables()
    assert bytes(ArchiveWordTable.objects.get().data) == first
    assert ArchiveWordTable.objects.count() == 1


@pytest.mark.django_db
def test_an_empty_archive_leaves_the_old_table_untouched():
    kept = archived(1)
    refresh_archive_tables()
    before = ArchiveWordTable.objects.values().get()
    Translation.objects.filter(pk=kept.pk).update(state=State.WITHDRAWN)
    assert refresh_archive_tables() == []
    assert ArchiveWordTable.objects.values().get() == before


@pytest.mark.django_db
def test_a_malformed_alignment_is_skipped_and_the_old_table_kept():
    good = archived(1)
    refresh_archive_tables()
    before = ArchiveWordTable.objects.values().get()
    Translation.objects.filter(pk=good.pk).update(state=State.WITHDRAWN)
    archived(2, alignment=[{"original": [0], "translation": [99]}])
    done = refresh_archive_tables()
    assert [(t.kept_old, t.skipped) for t in done] == [(True, 1)]
    assert ArchiveWordTable.objects.values().get() == before


@pytest.mark.django_db
def test_an_unreadable_stored_table_is_ignored():
    factories.language("de")
    factories.language("en")
    ArchiveWordTable.objects.create(
        source_language_id="de",
        target_language_id="en",
        data=b"broken",
        refreshed_at="2026-12-01T00:00Z",
    )
    assert archive_table_for("de", "en") is None
    assert archive_table_for("de", None) is None


@pytest.mark.django_db
def test_the_desk_aligns_with_the_language_pairs_table():
    german, english = paragraphs(11, 6)
    english = [block for k, block in enumerate(english) if k != 3]  # one paragraph left out
    draft = factories.translation(
        original_obj=factories.original(blocks=german), blocks=english, state=State.APPROVED
    )
    align_translation(translation=draft)
    alone = draft.alignment
    archive_german, archive_english = paragraphs(3, 60)
    table = learn_word_table(
        [
            (
                [b["text"] for b in archive_german],
                [b["text"] for b in archive_english],
                [((i,), (i,)) for i in range(60)],
            )
        ]
    )
    ArchiveWordTable.objects.create(
        source_language_id="de",
        target_language_id="en",
        data=table.to_bytes(),
        size=len(table),
        pairs=table.pairs,
        beads=table.beads,
        refreshed_at="2026-12-01T00:00Z",
    )
    align_translation(translation=draft)
    helped = draft.alignment
    assert helped != alone
    for pair in ([0], [0]), ([1], [1]), ([2], [2]), ([5], [4]):
        assert {"original": pair[0], "translation": pair[1]} in helped


@pytest.mark.django_db
def test_the_task_and_the_command_refresh_the_tables(capsys):
    archived(1)
    assert tasks.refresh_archive_tables.enqueue().return_value == 1
    assert ArchiveWordTable.objects.count() == 1
    call_command("refresh_archive_tables")
    out = capsys.readouterr().out
    assert "de-en:" in out
    assert "from 6 beads of 1 translation(s)" in out
    Translation.objects.update(state=State.WITHDRAWN)
    call_command("refresh_archive_tables")
    assert "nothing learned" in capsys.readouterr().out


@pytest.mark.django_db
def test_admins_read_the_tables_but_do_not_write_them(client):
    archived(1)
    refresh_archive_tables()
    admin = factories.user("ada", role="admin", full_name="Ada Brook")
    admin.is_superuser = True
    admin.is_staff = True
    admin.save()
    client.force_login(admin)
    listing = client.get("/admin/newsroom/archivewordtable/")
    assert listing.status_code == 200
    row = ArchiveWordTable.objects.get()
    assert f">{row.size}<" in listing.content.decode()
    assert client.get("/admin/newsroom/archivewordtable/add/").status_code == 403


@pytest.mark.django_db
def test_a_table_is_parsed_once_until_its_row_changes(monkeypatch):
    archived(1)
    refresh_archive_tables()
    parsed = []
    real = WordTable.from_bytes

    def counting(data: bytes) -> WordTable:
        parsed.append(len(data))
        return real(data)

    monkeypatch.setattr(WordTable, "from_bytes", staticmethod(counting))
    first = archive_table_for("de", "en")
    assert first is not None
    assert archive_table_for("de", "en") is first
    assert len(parsed) == 1
    # Another process's refresh: the row changes without this process's signals.
    ArchiveWordTable.objects.update(data=WordTable().to_bytes(), refreshed_at=timezone.now())
    fresh = archive_table_for("de", "en")
    assert len(parsed) == 2
    assert fresh is not None
    assert fresh.beads == 0
    ArchiveWordTable.objects.all().delete()
    assert archive_table_for("de", "en") is None
