"""The translation memory: entries stored once, exact and fuzzy matches with their similarity and
origin, found through the word index; a publication remembers the reviewed segments, the
archive seeds the memory, and both can run again without adding anything twice."""

from __future__ import annotations

import datetime
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from foreigndesk.newsroom.actions import publish_translation
from foreigndesk.newsroom.beads import from_pairs
from foreigndesk.newsroom.models import Translation
from foreigndesk.newsroom.states import State
from foreigndesk.testing import factories
from foreigndesk.workbench import memory
from foreigndesk.workbench.memory import NewEntry, add_entries, lookup
from foreigndesk.workbench.models import MemoryEntry, MemoryWord, Segment
from foreigndesk.workbench.segments import current_segments

pytestmark = pytest.mark.django_db


def entry(source: str, target: str, *, pair: tuple[str, str] = ("de", "en"), **kwargs: Any) -> Any:
    factories.language(pair[0])
    factories.language(pair[1])
    return NewEntry(pair[0], pair[1], source, target, kwargs.pop("origin", "tmx"), **kwargs)


def test_index_words_are_the_longest_stems_without_stop_words() -> None:
    chosen = memory.index_words(
        "Die Bundesregierung verlängert die Förderprogramme für Windkraftanlagen.", "de"
    )
    assert len(chosen) <= memory.INDEX_WORDS
    assert "die" not in chosen
    assert "fur" not in chosen
    assert chosen[:2] == ["forderprogramm", "windkraftanlag"]  # longest first, then A to Z
    assert "bundesregier" in chosen  # stemmed, as the search stems German


def test_the_same_source_and_target_are_stored_once() -> None:
    first = entry("Der Zug fährt um acht Uhr ab.", "The train leaves at eight.", note="a.tmx")
    again = entry("der zug   fährt um acht Uhr ab.", "The train leaves at eight.")
    other = entry("Der Zug fährt um acht Uhr ab.", "The train departs at eight.")
    assert add_entries([first, again]) == 1
    assert add_entries([first, other]) == 1
    assert MemoryEntry.objects.count() == 2
    assert MemoryWord.objects.filter(pair="de>en").exists()
    # Empty sides are not remembered.
    assert add_entries([entry("Nur eine Seite.", "  ")]) == 0


def test_exact_match_is_100_and_comes_first_fuzzy_ones_are_below_it() -> None:
    add_entries(
        [
            entry("Der Stadtrat beschließt den neuen Haushalt.", "The council passes the budget."),
            entry(
                "Der Stadtrat beschließt den neuen Haushaltsplan.",
                "The council passes the new budget plan.",
                note="stadt.tmx",
            ),
            entry("Der Regen dauert bis Montag.", "The rain lasts until Monday."),
        ]
    )
    matches = lookup(
        "Der Stadtrat beschließt den neuen Haushalt.", source_language="de", target_language="en"
    )
    assert next(m.similarity for m in matches) == 100
    assert matches[0].exact
    assert matches[0].target == "The council passes the budget."
    assert len(matches) == 2
    fuzzy = matches[1]
    assert not fuzzy.exact
    assert 85 <= fuzzy.similarity < 100
    assert fuzzy.where == "imported TMX file stadt.tmx"
    # Nothing like the rain sentence was asked for.
    assert "rain" not in " ".join(m.target for m in matches)


def test_a_small_change_scores_lower_than_none_and_a_distant_text_not_at_all() -> None:
    add_entries([entry("Die Brücke wird im Mai eröffnet.", "The bridge opens in May.")])
    close = lookup("Die Brücke wird im Juni eröffnet.", source_language="de", target_language="en")
    assert len(close) == 1
    assert 70 <= close[0].similarity <= 95
    far = lookup(
        "Die Brücke über den Fluss wurde nach langem Streit zwischen Stadt und Land gebaut.",
        source_language="de",
        target_language="en",
    )
    assert far == []


def test_matches_stay_within_their_language_pair() -> None:
    add_entries(
        [entry("Die Brücke wird im Mai eröffnet.", "Le pont ouvre en mai.", pair=("de", "fr"))]
    )
    factories.language("en")
    assert (
        lookup("Die Brücke wird im Mai eröffnet.", source_language="de", target_language="en") == []
    )
    assert lookup("Die Brücke wird im Mai eröffnet.", source_language="de", target_language="fr")


def test_candidates_come_from_the_index_capped_in_the_database(settings: Any) -> None:
    add_entries(
        [
            entry(f"Die Feuerwehr löscht Brand Nummer {n} im Hafen.", f"Fire {n} put out.")
            for n in range(150)
        ]
    )
    ids = memory.candidate_ids(
        "Die Feuerwehr löscht einen Brand im Hafen.", source_language="de", target_language="en"
    )
    assert len(ids) == memory.CANDIDATES
    # An entry with no indexed word in common is never a candidate, however alike its letters.
    assert memory.candidate_ids("Xyzzy.", source_language="de", target_language="en") == []


def test_a_common_word_votes_for_its_newest_entries_only(monkeypatch: Any) -> None:
    monkeypatch.setattr(memory, "WORD_POSTINGS", 5)
    add_entries([entry("Die Feuerwehr kommt schnell.", "The brigade comes fast.")])
    oldest = MemoryEntry.objects.get().pk
    add_entries([entry(f"Die Feuerwehr übt {n}.", f"Drill {n}.") for n in range(10)])
    ids = memory.candidate_ids(
        "Die Feuerwehr kommt schnell.", source_language="de", target_language="en"
    )
    # "feuerwehr" is in eleven entries but votes for five; the rarer words find the oldest.
    assert ids[0] == oldest
    assert len(ids) == 1 + 5


def test_a_lookup_costs_three_queries_whatever_the_size(django_assert_num_queries: Any) -> None:
    add_entries(
        [entry(f"Der Bericht Nummer {n} erscheint morgen.", f"Report {n}.") for n in range(40)]
    )
    with django_assert_num_queries(3):
        matches = lookup(
            "Der Bericht Nummer 7 erscheint morgen.", source_language="de", target_language="en"
        )
    assert matches[0].exact
    assert matches[0].target == "Report 7."
    assert len(matches) == memory.MAX_MATCHES


# --------------------------------------------------------------------------------------------
# Publication and the archive.

ORIGINAL = [
    {"kind": "paragraph", "text": "Der Hafen öffnet wieder. Die Fähren fahren ab Montag."},
    {"kind": "paragraph", "text": "Der Bürgermeister ist zufrieden."},
]
TRANSLATED = [
    {"kind": "paragraph", "text": "The harbour reopens. The ferries sail from Monday."},
    {"kind": "paragraph", "text": "The mayor is pleased."},
]


def in_review() -> Translation:
    original = factories.original(language_code="de", blocks=ORIGINAL)
    translation = factories.translation(
        original_obj=original,
        title="The harbour reopens",
        blocks=TRANSLATED,
        alignment=from_pairs([([0], [0]), ([1], [1])]),
        state=State.IN_REVIEW,
    )
    segments, _ = current_segments(translation)
    for segment in segments[:2]:
        segment.state = Segment.State.REVIEWED
    Segment.objects.bulk_create(segments)
    return translation


def test_publishing_remembers_the_reviewed_segments_only(
    django_capture_on_commit_callbacks: Any,
) -> None:
    translation = in_review()
    with django_capture_on_commit_callbacks(execute=True):
        publish_translation(translation=translation)
    entries = MemoryEntry.objects.filter(translation=translation)
    assert sorted(entries.values_list("source", "target")) == [
        ("Der Hafen öffnet wieder.", "The harbour reopens."),
        ("Die Fähren fahren ab Montag.", "The ferries sail from Monday."),
    ]
    assert set(entries.values_list("origin", flat=True)) == {MemoryEntry.Origin.DESK}
    match = lookup("Der Hafen öffnet wieder.", source_language="de", target_language="en")[0]
    assert match.where.startswith("“The harbour reopens”, ")


def test_an_unpublished_translation_is_not_remembered() -> None:
    translation = in_review()
    assert memory.remember_translation(translation_id=translation.pk) == 0
    assert not MemoryEntry.objects.exists()


def test_remembering_again_adds_nothing_and_follows_a_changed_segment() -> None:
    translation = in_review()
    Translation.objects.filter(pk=translation.pk).update(
        state=State.PUBLISHED, published_at=timezone.now()
    )
    assert memory.remember_translation(translation_id=translation.pk) == 2
    assert memory.remember_translation(translation_id=translation.pk) == 0
    assert MemoryEntry.objects.count() == 2
    # A correction changes a reviewed sentence: its old entry goes, the new one comes.
    segment = Segment.objects.get(translation=translation, position=1)
    segment.target = "The ferries run from Monday."
    segment.save()
    blocks = [
        {"kind": "paragraph", "text": "The harbour reopens. The ferries run from Monday."},
        TRANSLATED[1],
    ]
    Translation.objects.filter(pk=translation.pk).update(blocks=blocks)
    assert memory.remember_translation(translation_id=translation.pk) == 1
    assert sorted(MemoryEntry.objects.values_list("target", flat=True)) == [
        "The ferries run from Monday.",
        "The harbour reopens.",
    ]


def archived(title: str, published: datetime.datetime) -> Translation:
    original = factories.original(language_code="de", blocks=ORIGINAL)
    return factories.translation(
        original_obj=original,
        title=title,
        blocks=TRANSLATED,
        alignment=from_pairs([([0], [0]), ([1], [1])]),
        published_at=published,
    )


def test_seeding_from_the_archive_is_idempotent() -> None:
    archived("The harbour reopens", timezone.now() - datetime.timedelta(days=3))
    factories.translation(state=State.IN_TRANSLATION)  # not published: not seeded
    out = StringIO()
    call_command("seed_memory", stdout=out)
    assert "added 3 memory entries" in out.getvalue()
    assert sorted(MemoryEntry.objects.values_list("source", flat=True)) == [
        "Der Bürgermeister ist zufrieden.",
        "Der Hafen öffnet wieder.",
        "Die Fähren fahren ab Montag.",
    ]
    assert set(MemoryEntry.objects.values_list("origin", flat=True)) == {"archive"}
    out = StringIO()
    call_command("seed_memory", stdout=out)
    assert "added 0 memory entries" in out.getvalue()
    assert MemoryEntry.objects.count() == 3


def test_a_paragraph_translated_with_other_sentences_is_remembered_whole() -> None:
    original = factories.original(language_code="de", blocks=ORIGINAL)
    translation = factories.translation(
        original_obj=original,
        blocks=[
            {"kind": "paragraph", "text": "From Monday, the reopened harbour has ferries again."},
            TRANSLATED[1],
        ],
        alignment=from_pairs([([0], [0]), ([1], [1])]),
    )
    assert memory.seed_from_archive(translation_ids=[translation.pk]).added == 2
    assert MemoryEntry.objects.filter(
        source="Der Hafen öffnet wieder. Die Fähren fahren ab Montag."
    ).exists()
