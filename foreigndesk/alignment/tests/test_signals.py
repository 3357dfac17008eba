"""The scoring signals one by one, each on small invented sentences."""

from __future__ import annotations

from array import array
from dataclasses import replace

import pytest

from foreigndesk.alignment import Bead, align
from foreigndesk.alignment.text import end_mark
from foreigndesk.alignment.unit_aligner import (
    DEFAULT_PARAMS,
    _estimate_end_scores,
    _estimate_length_model,
    _Model,
    _overlaps,
    _postings,
    _Side,
)


def pairs(beads: list[Bead]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.original, b.translation) for b in beads]


def test_a_key_in_two_neighbouring_units_is_counted_once_in_a_merge() -> None:
    source_keys = [{"E:marlene": 2.0, "N:7": 3.0}, {"E:marlene": 1.0}]
    target_keys = [{"E:marlene": 2.0}, {"E:marlene": 2.0, "N:7": 3.0}]
    lo, hi = array("l", [0, 0, 0]), array("l", [2, 2, 2])
    rows = _overlaps(source_keys, _postings(target_keys, 10), lo, hi, [10.0, 5.0], [4.0, 8.0])
    xs, ys, first, source_twice, target_twice = rows[0]
    assert first == 0
    assert list(xs) == [0.2, 0.5]
    assert list(ys) == [0.5, 0.625]
    # merging targets 0 and 1: min(2, 2) + min(2, 2) - min(2, 4) = 2 of source 0 counted twice
    assert source_twice[0] == 0.2
    # merging sources 0 and 1: for target 0, min(2, 2) + min(1, 2) - min(3, 2) = 1 (of 4)
    assert list(target_twice) == [0.25, 0.125]
    off = _overlaps(
        source_keys, _postings(target_keys, 10), lo, hi, [10.0, 5.0], [4.0, 8.0], repeats=False
    )
    assert list(off[0][3]) == [0.0, 0.0]
    assert list(off[0][4]) == [0.0, 0.0]


def test_a_name_in_two_consecutive_sentences_does_not_glue_them() -> None:
    original = [
        "Der Zug hielt lange am Bahnhof.",
        "Marlene stieg in Olten aus.",
        "Marlene suchte lange ihren Koffer.",
        "Am Abend regnete es stark.",
        "Wir blieben im Hotel.",
    ]
    translation = [
        "Le train resta longtemps en gare.",
        "Marlene descendit à Olten.",
        "Marlene chercha longtemps sa valise.",
        "Le soir, il pleuvait fort.",
        "Nous sommes restés à l'hôtel.",
    ]
    one_to_one = [((k,), (k,)) for k in range(5)]
    assert pairs(align(original, translation, source_lang="de", target_lang="fr")) == one_to_one
    # With the other signals that break such ties off (end marks, the dearer 2-2 prior), only
    # this one decides.
    alone = replace(DEFAULT_PARAMS, end_marks=0.0, prior_22=0.6)
    assert pairs(align(original, translation, params=alone)) == one_to_one
    counted_twice = replace(alone, repeats_once=False)
    glued = align(original, translation, params=counted_twice)
    assert pairs(glued) != one_to_one  # the old scoring merged sentences 1-2 with 1-2


@pytest.mark.parametrize(
    ("unit", "mark"),
    [
        ("Wer kommt mit ? ", 1),
        ("Кто идёт с нами?", 1),
        ("Qui vient avec nous ?", 1),
        ("Nie wieder ! )", 2),
        ("Sie sagte : « Halt ! »", 2),
        ("Der Weg war lang .", 0),
        ("Es folgte :", 3),
        ("la pente était raide ;", 4),
        ("und dann ...", 6),
        ("et puis…", 6),
        ("Seite 141", 7),
        ("", 7),
    ],
)
def test_the_mark_ending_a_unit_is_classified(unit: str, mark: int) -> None:
    assert end_mark(unit) == mark


def test_end_mark_scores_are_learned_from_the_beads_of_a_first_pass() -> None:
    source = _Side(["Wer?", "Ja.", "Nein.", "Wohin?", "Hier:", "Gut."])
    target = _Side(["Qui ?", "Oui.", "Non.", "Où ?", "Ici :", "Bien."])
    beads = [(k, k + 1, k, k + 1, 1.0) for k in range(6)]
    table = _estimate_end_scores(source, target, beads, DEFAULT_PARAMS)
    assert table is not None
    question, stop, colon = 1, 0, 3
    assert table[question][question] > 0
    assert table[colon][colon] > 0
    assert table[question][stop] < 0
    assert table[stop][question] < 0
    switched_off = _estimate_end_scores(
        source, target, beads, replace(DEFAULT_PARAMS, end_marks=0.0)
    )
    assert switched_off is None


def test_a_question_is_aligned_with_a_question() -> None:
    original = [
        "Am Morgen fuhren wir mit dem Postauto bis zur letzten Haltestelle im Tal.",
        "Von dort stiegen wir drei Stunden lang zur Hütte hinauf.",
        "Müde?",
        "Ein wenig.",
        "Aber die Aussicht auf die vergletscherten Gipfel entschädigte uns für jede Mühe.",
        "Der Hüttenwart kochte eine kräftige Suppe mit Speck und Bohnen.",
        "Wer schläft schon gut in einem vollen Lager?",
        "Um vier Uhr klingelte der Wecker, und wir brachen im Schein der Stirnlampen auf.",
        "Der Gletscher war hart gefroren.",
        "Nach zwei Stunden erreichten wir den Sattel, wo der eigentliche Grat beginnt.",
        "Hatten wir genug Zeit?",
        "Wir glaubten es.",
        "Der Fels war fest und trocken, und wir kamen schneller voran als erwartet.",
        "Auf dem Gipfel assen wir Brot und Käse und schauten lange in die Runde.",
    ]
    translation = [
        "Le matin, nous avons pris le car postal jusqu'au dernier arrêt de la vallée.",
        "De là, nous sommes montés pendant trois heures jusqu'à la cabane.",
        "Fatigués ?",
        "Un peu, mais la vue sur les sommets englacés nous récompensait de chaque effort.",
        "Le gardien prépara une soupe épaisse au lard et aux haricots.",
        "Qui dort bien dans un dortoir plein ?",
        "Le réveil sonna à quatre heures et nous partîmes à la lumière des frontales.",
        "Le glacier était dur comme la pierre.",
        "Deux heures plus tard, nous atteignions le col où commence la véritable arête.",
        "Avions-nous assez de temps ?",
        "Nous le pensions.",
        "Le rocher était solide et sec, et nous avancions plus vite que prévu.",
        "Au sommet, nous avons mangé du pain et du fromage en regardant longuement autour.",
    ]
    beads = pairs(align(original, translation, source_lang="de", target_lang="fr"))
    assert ((2,), (2,)) in beads  # Müde? -- Fatigués ?
    without = replace(DEFAULT_PARAMS, end_marks=0.0)
    assert ((2,), (2,)) not in pairs(align(original, translation, params=without))


def test_a_long_sentence_split_in_four_is_one_bead() -> None:
    original = [
        "Die Sektion Bern plante für den Sommer mehrere Touren im Berner Oberland.",
        "Im Juni 1987 bestiegen Anna Keller und Beat Moser das Finsteraarhorn über den "
        "Hugisattel, im Juli führte Carla Widmer eine Gruppe auf das Bietschhorn, und im "
        "August erreichten Daniel Roth und Eva Frei bei schönstem Wetter die Jungfrau über "
        "den Rottalgrat.",
        "Alle kamen gesund zurück.",
        "Im Herbst traf sich die Sektion zu einem Vortragsabend im Kirchgemeindehaus.",
        "Der Präsident dankte den Tourenleitern für ihren Einsatz.",
    ]
    translation = [
        "La section de Berne avait prévu plusieurs courses dans l'Oberland bernois pour l'été.",
        "En juin 1987, Anna Keller et Beat Moser gravirent le Finsteraarhorn par le Hugisattel.",
        "En juillet, Carla Widmer conduisit un groupe au Bietschhorn.",
        "En août, Daniel Roth et Eva Frei atteignirent la Jungfrau par l'arête du Rottal.",
        "Le temps était superbe.",
        "Tous revinrent en bonne santé.",
        "En automne, la section se réunit pour une soirée de conférences à la maison de paroisse.",
        "Le président remercia les chefs de course de leur engagement.",
    ]
    beads = pairs(align(original, translation, source_lang="de", target_lang="fr"))
    assert ((1,), (1, 2, 3, 4)) in beads
    dear = replace(DEFAULT_PARAMS, prior_big=2.0)  # the former prior left the weather out
    assert ((1,), (1, 2, 3, 4)) not in pairs(align(original, translation, params=dear))


def test_a_mark_that_ends_every_unit_says_almost_nothing() -> None:
    # Four paragraphs all ending with a full stop: the end marks must not tip the balance
    # between a pair of paragraphs and a paragraph left out.
    source = _Side(["Eins eins.", "Zwei zwei.", "Drei drei.", "Vier vier."])
    target = _Side(["One one.", "Two two.", "Three three.", "Four four."])
    beads = [(k, k + 1, k, k + 1, 1.0) for k in range(4)]
    table = _estimate_end_scores(source, target, beads, DEFAULT_PARAMS)
    assert table is not None
    assert abs(table[0][0]) < 0.1


def _length_model(lengths: list[tuple[int, int]], prior_count: float | None = None) -> _Model:
    source = _Side(["x" * a for a, _ in lengths])
    target = _Side(["y" * b for _, b in lengths])
    beads = [(k, k + 1, k, k + 1, 1.0) for k in range(len(lengths))]
    params = DEFAULT_PARAMS
    if prior_count is not None:
        params = replace(params, variance_prior_count=prior_count)
    return _estimate_length_model(source, target, beads, _Model(1.0, 10.0), params)


def test_a_short_texts_length_variance_is_drawn_towards_the_prior() -> None:
    # 20 sentence pairs whose lengths disagree widely: alone they say variance 50 (the cap)
    scattered = [(100, 100 + (60 if k % 2 else -60)) for k in range(20)]
    own = _length_model(scattered, prior_count=0.0)
    assert own.variance == 50.0
    drawn = _length_model(scattered)
    prior, count = DEFAULT_PARAMS.variance_prior, DEFAULT_PARAMS.variance_prior_count
    assert drawn.variance == pytest.approx((20 * 50.0 + count * prior) / (20 + count))
    assert drawn.variance < 15.0
    assert drawn.ratio == own.ratio
    # a long text keeps nearly its own
    long = _length_model(scattered * 100)
    assert long.variance > 45.0
