"""Canonical URLs and MinHash signatures."""

from __future__ import annotations

import pytest

from foreigndesk.intake import dedupe


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("https://www.Example.org/a/b/?utm_source=x&id=3#top", "https://example.org/a/b?id=3"),
        ("http://example.org", "https://example.org/"),
        ("https://example.org/a?b=2&a=1&fbclid=zz", "https://example.org/a?a=1&b=2"),
        ("https://example.org:8443/a", "https://example.org:8443/a"),
        ("", ""),
    ],
)
def test_canonical_url(url, canonical):
    assert dedupe.canonical_url(url) == canonical


TEXT = (
    "Am Pegel Kaub zeigte die Messlatte am Sonntagmorgen 78 Zentimeter. Für die Binnenschiffer "
    "zwischen Mainz und Koblenz bedeutet das: Die meisten Frachter können nur noch ein Drittel "
    "bis die Hälfte ihrer üblichen Ladung aufnehmen, wenn sie nicht auf Grund laufen wollen. "
    "Wir fahren mit 1100 statt 3000 Tonnen, sagt Kapitän Dirk Wolters, dessen Tankschiff seit "
    "drei Wochen Heizöl von Rotterdam nach Karlsruhe bringt."
)


def test_near_identical_texts_are_alike_and_share_a_band():
    edited = TEXT.replace("78 Zentimeter", "77 Zentimeter") + " Aktualisiert am Montag."
    first, second = dedupe.minhash(TEXT), dedupe.minhash(edited)
    assert dedupe.similarity(first, second) >= dedupe.NEAR_DUPLICATE
    assert set(dedupe.band_keys(first)) & set(dedupe.band_keys(second))


def test_different_texts_are_not_alike():
    other = "Die Bahn meldet für den Güterverkehr im Rheintal eine Auslastung von über 90 Prozent, und die Straßen sind voll."
    assert dedupe.similarity(dedupe.minhash(TEXT), dedupe.minhash(other)) < 0.2


def test_unspaced_scripts_use_character_shingles():
    text = "瀬戸内海に浮かぶ潮見島で唯一の小学校が、今年度末で閉校することが決まった。"
    assert all(len(shingle) == 4 for shingle in dedupe.shingles(text))


def test_signature_round_trips_through_its_stored_form():
    signature = dedupe.minhash(TEXT)
    assert dedupe.similarity(signature, dedupe.decode(dedupe.encode(signature))) == 1.0
