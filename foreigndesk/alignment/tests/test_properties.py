"""Property-based tests: random documents with a known alignment, and arbitrary input."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from foreigndesk.alignment import Bead, align
from foreigndesk.alignment.scoring import score_documents
from foreigndesk.testing.synthetic_pairs import Rates, make_pair


def assert_well_formed(beads: list[Bead], n: int, m: int) -> None:
    """Every unit in exactly one bead; non-moved beads in order on both sides."""
    src = sorted(i for b in beads for i in b.original)
    tgt = sorted(j for b in beads for j in b.translation)
    assert src == list(range(n))
    assert tgt == list(range(m))
    last_i = last_j = -1
    for bead in beads:
        assert bead.original or bead.translation
        assert list(bead.original) == sorted(bead.original)
        assert list(bead.translation) == sorted(bead.translation)
        if bead.moved:
            assert len(bead.original) == 1
            assert len(bead.translation) == 1
            continue
        if bead.original:
            assert bead.original[0] > last_i
            last_i = bead.original[-1]
        if bead.translation:
            assert bead.translation[0] > last_j
            last_j = bead.translation[-1]


rates = st.builds(
    Rates,
    split=st.floats(0.0, 0.15),
    merge=st.floats(0.0, 0.15),
    drop=st.floats(0.0, 0.05),
    add=st.floats(0.0, 0.05),
    both=st.floats(0.0, 0.03),
)


# Recovery is statistical, so its examples are fixed (derandomize) to keep the suite stable.
@settings(
    max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(seed=st.integers(0, 10_000), size=st.integers(40, 150), rates=rates)
def test_recovers_most_of_a_known_alignment(seed: int, size: int, rates: Rates) -> None:
    pair = make_pair(size, seed=seed, rates=rates)
    beads = align(pair.original, pair.translation, detect_moves=False)
    assert_well_formed(beads, len(pair.original), len(pair.translation))
    scores = score_documents([(pair.beads, [(b.original, b.translation) for b in beads])])
    # Short made-up texts leave little to learn a word table from: "most of it" is loose.
    assert scores["f1_lax"] >= 0.85
    assert scores["f1_strict"] >= 0.7


def test_recovers_nearly_all_of_a_longer_known_alignment() -> None:
    pair = make_pair(
        400, seed=11, rates=Rates(split=0.08, merge=0.08, drop=0.03, add=0.03, both=0.02)
    )
    beads = align(pair.original, pair.translation)
    assert_well_formed(beads, len(pair.original), len(pair.translation))
    scores = score_documents([(pair.beads, [(b.original, b.translation) for b in beads])])
    assert scores["f1_strict"] >= 0.9


@settings(max_examples=60, deadline=None)
@given(
    original=st.lists(st.text(max_size=60), min_size=1, max_size=25),
    translation=st.lists(st.text(max_size=60), min_size=1, max_size=25),
)
def test_any_text_gives_a_well_formed_alignment(
    original: list[str], translation: list[str]
) -> None:
    beads = align(original, translation)
    assert_well_formed(beads, len(original), len(translation))


@settings(max_examples=30, deadline=None)
@given(
    units=st.lists(
        st.sampled_from(
            [
                "Der Zug fuhr 1958 ab.",
                "Imhof sprach lange.",
                "Es regnete.",
                "Die Kosten: 14,5 Millionen.",
                "Kalkberg 2027!",
            ]
        ),
        min_size=1,
        max_size=30,
    ),
    data=st.data(),
)
def test_dropping_and_adding_units_keeps_the_rest_aligned(
    units: list[str], data: st.DataObject
) -> None:
    # The "translation" keeps a random subset of the units and gains unrelated ones.
    keep = data.draw(st.lists(st.booleans(), min_size=len(units), max_size=len(units)))
    translation = [u for u, k in zip(units, keep, strict=True) if k] or ["Nichts."]
    translation.insert(data.draw(st.integers(0, len(translation))), "Anmerkung der Redaktion.")
    beads = align(units, translation)
    assert_well_formed(beads, len(units), len(translation))
