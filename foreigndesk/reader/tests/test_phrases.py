import itertools

import pytest

from foreigndesk.reader.phrases import Credits, Dateline, join_names


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        ([], ""),
        (["A"], "A"),
        (["A", "B"], "A and B"),
        (["A", "B", "C"], "A, B and C"),
        (["A", ""], "A"),
    ],
)
def test_join_names(names, expected):
    assert join_names(names) == expected


def test_full_dateline():
    dateline = Dateline(
        outlet="Sada al-Nil", country="Egypt", date="3 May 2026", authors=["A", "B"]
    )
    assert str(dateline) == "Published in Sada al-Nil (Egypt) on 3 May 2026 by A and B"


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        ({"country": "Egypt", "date": "3 May 2026"}, "Published in Egypt on 3 May 2026"),
        ({"outlet": "Al-Ufuq", "authors": ["A"]}, "Published in Al-Ufuq by A"),
        ({"date": "3 May 2026"}, "Published on 3 May 2026"),
        ({"authors": ["A"]}, "By A"),
        ({}, ""),
    ],
)
def test_dateline_leaves_out_missing_parts(parts, expected):
    assert str(Dateline(**parts)) == expected


@pytest.mark.parametrize(
    ("credits", "expected"),
    [
        (
            Credits(language="Russian", translators=["Mira"], editors=["Ruth", "Dan"]),
            "Translated from Russian by Mira. Edited by Ruth and Dan.",
        ),
        (Credits(language="Russian"), "Translated from Russian."),
        (Credits(translators=["Mira"]), "Translated by Mira."),
        (Credits(editors=["Ruth"]), "Edited by Ruth."),
        (Credits(), ""),
    ],
)
def test_credits_leave_out_missing_parts(credits, expected):
    assert str(credits) == expected


def test_no_combination_prints_an_empty_slot():
    values = {"language": ["", "Arabic"], "translators": [[], ["A"]], "editors": [[], ["B", "C"]]}
    for language, translators, editors in itertools.product(*values.values()):
        text = str(Credits(language=language, translators=translators, editors=editors))
        for empty in ("from by", "from .", "by .", "  ", "by and", "Edited by."):
            assert empty not in text
    for outlet, country, date, authors in itertools.product(
        ["", "O"], ["", "C"], ["", "D"], [[], ["A"]]
    ):
        text = str(Dateline(outlet=outlet, country=country, date=date, authors=authors))
        assert "()" not in text
        assert " on  " not in text
        assert not text.endswith(" by")
