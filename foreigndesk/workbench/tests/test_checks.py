"""Each quality check on its own, without the database: what it finds and what it lets pass,
in several languages and scripts."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from foreigndesk.workbench.checks import (
    DEFAULT_CHECKS,
    Context,
    Unit,
    check_from_config,
    configured_checks,
    run_checks,
)
from foreigndesk.workbench.checks.names import NamesCheck, names
from foreigndesk.workbench.checks.numbers import NumbersCheck, items, readings
from foreigndesk.workbench.checks.terms import (
    ForbiddenVariantCheck,
    GlossaryCheck,
    Term,
    TermIndex,
)
from foreigndesk.workbench.checks.text import (
    BracketsCheck,
    EmptyCheck,
    LengthCheck,
    OmissionCheck,
    UntranslatedCheck,
    unbalanced,
)


def unit(source: str, target: str, position: int = 0, **kwargs: Any) -> Unit:
    return Unit(
        position=position,
        block_index=kwargs.pop("block_index", position),
        source=source,
        target=target,
        **kwargs,
    )


def messages(
    check: Any, source: str, target: str, pair: tuple[str, str], terms: Any = None
) -> list[str]:
    context = Context(pair[0], pair[1], terms=terms)
    return [finding.message for finding in check.check_article([unit(source, target)], context)]


# Numbers and dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("figure", "values"),
    [
        ("1700", {1700}),
        ("1 700", {1700}),
        ("1\u00a0700", {1700}),
        ("1,700", {1.7, 1700}),
        ("1.700", {1.7, 1700}),
        ("1.700.000", {1_700_000}),
        ("1,700,000.5", {1_700_000.5}),
        ("1.700.000,5", {1_700_000.5}),
        ("3,5", {3.5}),
        ("3.25", {3.25}),
    ],
)
def test_figures_are_read_as_quantities_in_either_convention(
    figure: str, values: set[float]
) -> None:
    assert readings(figure) == values


NUMBERS = NumbersCheck("numbers")


@pytest.mark.parametrize(
    ("pair", "source", "target"),
    [
        (("de", "en"), "Der Plan kostet 1.700 Euro.", "The plan costs 1,700 euros."),
        (("de", "en"), "Der Plan kostet 1 700 Euro.", "The plan costs 1700 euros."),
        (("ru", "en"), "Бюджет вырос на 21 млрд рублей.", "The budget grew by 21 billion roubles."),
        (
            ("ru", "en"),
            "Бюджет вырос на 21 млрд рублей.",
            "The budget grew by 21,000 million roubles.",
        ),
        (("de", "en"), "Die Inflation lag bei 3,5 %.", "Inflation stood at 3.5%."),
        (("fr", "en"), "Le taux est de 3,5 %.", "The rate is 3.5 per cent."),
        (
            ("ru", "en"),
            "Решение принято 21 июня 2022 года.",
            "The decision was taken on June 21, 2022.",
        ),
        (("de", "en"), "Am 21.06.2022 kam die Entscheidung.", "The decision came on 21 June 2022."),
        (
            ("ja", "en"),
            "2015年3月30日に3万人が集まった。",
            "On 30 March 2015, 30,000 people gathered.",
        ),
        (
            ("en", "de"),
            "Turnout was 61.5% on 3 May.",
            "Die Wahlbeteiligung lag am 3. Mai bei 61,5 %.",
        ),
        (("el", "en"), "Το έλλειμμα ήταν 2,4 δισ.", "The deficit was 2.4."),
        (("ru", "en"), "В аварии пострадали 3 человека.", "Three people were hurt in the crash."),
        (("en", "de"), "The 12 members voted.", "Die zwölf Mitglieder stimmten ab."),
    ],
)
def test_the_same_quantities_and_dates_pass(
    pair: tuple[str, str], source: str, target: str
) -> None:
    assert messages(NUMBERS, source, target, pair) == []


@pytest.mark.parametrize(
    ("pair", "source", "target", "expected"),
    [
        (
            ("ru", "en"),
            "Бюджет вырос на 21 млрд рублей.",
            "The budget grew by 21 million roubles.",
            "“21 млрд” reads “21 million”",
        ),
        (
            ("de", "en"),
            "Der Plan kostet 1.700 Euro.",
            "The plan costs 17,000 euros.",
            "“1.700” reads “17,000”",
        ),
        (
            ("de", "en"),
            "Die Inflation lag bei 3,5 %.",
            "Inflation stood at 5.3%.",
            "“3,5” reads “5.3”",
        ),
        (
            ("ru", "en"),
            "В городе живут 40 тыс. человек.",
            "Many people live in the town.",
            "“40 тыс.” is not in the translation",
        ),
        (
            ("ru", "en"),
            "Решение принято 21 июня 2022 года.",
            "The decision was taken on 12 June 2022.",
            "date “21 июня 2022” reads “12 June 2022”",
        ),
        (
            ("de", "en"),
            "Am 21.06.2022 kam die Entscheidung.",
            "The decision came on 21 July 2022.",
            "date “21.06.2022”",
        ),
        (("zh", "en"), "会议有300人参加。", "The meeting drew 30 people.", "“300” reads “30”"),
        (("ru", "en"), "В аварии пострадали 3 человека.", "Two people were hurt.", "“3” is not in"),
        (("ru", "en"), "Погибли 3 человека.", "Threefold losses.", "“3” is not in"),
    ],
)
def test_a_missing_or_different_figure_is_named(
    pair: tuple[str, str], source: str, target: str, expected: str
) -> None:
    found = messages(NUMBERS, source, target, pair)
    assert len(found) == 1
    assert expected in found[0]
    assert found[0].startswith("Segment 1:")


def test_dates_are_not_read_as_quantities() -> None:
    (item,) = items("am 21.06.2022", "de")
    assert item.date == (2022, 6, 21)
    (item,) = items("21 июня", "ru")
    assert item.date == (None, 6, 21)


# Glossary terms ---------------------------------------------------------------------------------

RU_EN = TermIndex(
    [
        Term("ключевая ставка", "key rate", "the central bank's rate"),
        Term("Киев", "Kyiv", forbidden_list=("Kiev",)),
    ],
    "ru",
    "en",
)


def test_terms_are_found_in_any_word_form() -> None:
    assert [t.source_term for t in RU_EN.found_in("Банк повысил ключевую ставку.")] == [
        "ключевая ставка"
    ]
    assert [t.source_term for t in RU_EN.found_in("Делегация прибыла в Киеве.")] == ["Киев"]
    assert RU_EN.found_in("Ставки по кредитам выросли.") == []
    assert RU_EN.uses("The bank raised its key rates.", "key rate")


def test_a_term_translated_otherwise_is_named() -> None:
    check = GlossaryCheck("glossary")
    source = "Банк повысил ключевую ставку."
    assert messages(check, source, "The bank raised its key rate.", ("ru", "en"), RU_EN) == []
    assert messages(check, source, "The bank raised its base rate.", ("ru", "en"), RU_EN) == [
        "Segment 1: the glossary translates “ключевая ставка” as “key rate”."
    ]


def test_a_forbidden_variant_is_named() -> None:
    check = ForbiddenVariantCheck("forbidden")
    source = "Делегация прибыла в Киев."
    assert messages(check, source, "The delegation arrived in Kyiv.", ("ru", "en"), RU_EN) == []
    assert messages(check, source, "The delegation arrived in Kiev.", ("ru", "en"), RU_EN) == [
        "Segment 1: “Kiev” is ruled out by the glossary; write “Kyiv”."
    ]


def test_terms_in_chinese_are_found_by_character_pairs() -> None:
    index = TermIndex([Term("人民币", "renminbi")], "zh", "en")
    assert [t.target_term for t in index.found_in("人民币汇率上涨。")] == ["renminbi"]
    assert index.found_in("美元汇率上涨。") == []


# Empty, untranslated, brackets, length, omission -----------------------------------------------


def test_empty_segments_are_named_and_added_text_is_not() -> None:
    units = [
        unit("Erster Satz.", ""),
        unit("", "A note of ours.", 1, sentences=0),
        unit("Dritter.", "Third.", 2),
    ]
    found = EmptyCheck("empty").check_article(units, Context("de", "en"))
    assert [f.position for f in found] == [0]
    assert found[0].message == "Segment 1 is not translated yet."


def test_a_target_equal_to_the_source_is_untranslated() -> None:
    check = UntranslatedCheck("untranslated")
    assert messages(check, "Die Regierung plant.", "Die Regierung plant.", ("de", "en"))
    assert messages(check, "Правительство решило.", " Правительство  решило.", ("ru", "en"))
    assert messages(check, "NATO", "NATO", ("de", "en")) == []
    assert messages(check, "Die Regierung plant.", "The government plans.", ("de", "en")) == []


@pytest.mark.parametrize(
    ("text", "language", "mark"),
    [
        ("He said “yes” (twice).", "en", None),
        ("Er sagte „ja“ (zweimal).", "de", None),
        ("Он сказал «да».", "ru", None),
        ("彼は「はい」と言った。", "ja", None),
        ("It's the bank’s rate.", "en", None),
        ("He said “yes (twice).", "en", "“"),
        ("He said (twice.", "en", "("),
        ("Er sagte „ja (zweimal).", "de", "„"),
        ("Он сказал «да.", "ru", "«"),
        ("彼は「はい と言った。", "ja", "「"),
        ("twice).", "en", ")"),
        ('He said "yes.', "en", '"'),
    ],
)
def test_quotation_marks_of_each_language_balance(
    text: str, language: str, mark: str | None
) -> None:
    assert unbalanced(text, language) == mark


def test_brackets_are_flagged_only_where_the_original_balances() -> None:
    check = BracketsCheck("brackets")
    assert messages(check, "Он сказал «да».", "He said “yes.", ("ru", "en")) == [
        "Segment 1: the quotation mark or bracket “ is not balanced."
    ]
    assert messages(check, "Он сказал «да.", "He said “yes.", ("ru", "en")) == []


def test_length_is_judged_for_the_language_pair() -> None:
    check = LengthCheck("length")
    source = "Der Stadtrat hat gestern den Haushalt für das kommende Jahr beschlossen."
    assert (
        messages(
            check, source, "Yesterday the city council passed next year's budget.", ("de", "en")
        )
        == []
    )
    assert "far shorter" in messages(check, source, "Budget passed.", ("de", "en"))[0]
    assert (
        "far longer"
        in messages(
            check,
            "The council passed the budget for next year.",
            "The council passed the budget for next year, after a long debate that lasted well into the night and ended with a narrow vote.",
            ("en", "de"),
        )[0]
    )
    # Chinese says as much in far fewer characters.
    assert (
        messages(
            check,
            "The city council passed next year's budget yesterday evening.",
            "市议会昨晚通过了明年的预算。",
            ("en", "zh"),
        )
        == []
    )
    assert (
        messages(
            check,
            "市议会昨晚通过了明年的预算,并决定增加学校和医院的拨款。",
            "The city council passed next year's budget last night and decided to give more money to schools and hospitals.",
            ("zh", "en"),
        )
        == []
    )


def test_a_paragraph_without_translation_is_an_omission() -> None:
    check = OmissionCheck("omission")
    units = [
        unit("Eins.", "One.", 0, block_index=0),
        unit("Zwei.", "", 1, block_index=1),
        unit("Drei.", "Three.", 2, block_index=2),
    ]
    found = check.check_article(units, Context("de", "en"))
    assert [f.message for f in found] == [
        "Paragraph 2 of the original has no counterpart in the translation."
    ]
    assert found[0].position is None
    # Paragraphs joined in one segment are covered by it.
    joined = [
        unit("Eins. Zwei.", "One and two.", 0, block_index=0, spans=2),
        unit("Drei.", "Three.", 1, block_index=2),
    ]
    assert check.check_article(joined, Context("de", "en")) == []
    # Nothing translated yet: the empty check says so, not this one.
    assert check.check_article([unit("Eins.", "", 0)], Context("de", "en")) == []


# Names ------------------------------------------------------------------------------------------

NAMES = NamesCheck("names")


@pytest.mark.parametrize(
    ("pair", "source", "target"),
    [
        (
            ("ru", "en"),
            "Вчера министр Антон Силуанов встретился с Зеленским.",
            "Yesterday minister Anton Siluanov met Zelensky.",
        ),
        (
            ("el", "en"),
            "Ο πρωθυπουργός Κυριάκος Μητσοτάκης μίλησε.",
            "Prime Minister Kyriakos Mitsotakis spoke.",
        ),
        (("ar", "en"), "قال «محمد» اليوم", "Muhammad said today"),
        (
            ("de", "en"),
            "Die Regierung unter Olaf Scholz plant die Reform.",
            "The government under Olaf Scholz plans the reform.",
        ),
        (("uk", "en"), "Мер Віталій Кличко заявив.", "Mayor Vitali Klitschko said."),
    ],
)
def test_names_found_across_scripts_pass(pair: tuple[str, str], source: str, target: str) -> None:
    assert messages(NAMES, source, target, pair) == []


@pytest.mark.parametrize(
    ("pair", "source", "target", "name"),
    [
        (("ru", "en"), "Вчера Силуанов выступил.", "Yesterday the minister spoke.", "Силуанов"),
        (("el", "en"), "Μίλησε ο Μητσοτάκης.", "The prime minister spoke.", "Μητσοτάκης"),
        (("de", "en"), "Die Regierung unter Olaf Scholz plant.", "The government plans.", "Olaf"),
        (
            ("en", "de"),
            "The paper quoted “Gazprom” officials.",
            "Die Zeitung zitierte Beamte.",
            "Gazprom",
        ),
    ],
)
def test_a_name_missing_from_the_translation_is_named(
    pair: tuple[str, str], source: str, target: str, name: str
) -> None:
    found = messages(NAMES, source, target, pair)
    assert any(f"“{name}”" in message for message in found)


def test_german_nouns_are_not_names_but_runs_of_capitalised_words_are() -> None:
    assert names("Die Regierung plant eine Reform.", "de") == []
    assert names("Der Chef der Deutschen Bahn trat zurück.", "de") == ["Deutschen", "Bahn"]


def test_a_glossary_term_is_left_to_the_glossary_check() -> None:
    found = messages(
        NAMES, "Делегация прибыла в Киев.", "The delegation arrived in Kyiv.", ("ru", "en"), RU_EN
    )
    assert found == []


# The registry ------------------------------------------------------------------------------------


def test_every_default_check_loads_with_its_id() -> None:
    checks = configured_checks()
    assert [check.id for check in checks] == list(DEFAULT_CHECKS)
    assert all(
        check.name and check.description and check.severity in ("error", "warning")
        for check in checks
    )


def test_the_setting_chooses_the_checks(settings: Any) -> None:
    settings.FOREIGNDESK_QUALITY_CHECKS = {
        "figures": {"BACKEND": "foreigndesk.workbench.checks.numbers.NumbersCheck"}
    }
    found = run_checks([unit("Es kostet 5 Euro.", "It costs 6 euros.")], Context("de", "en"))
    assert [(f.check_id, f.severity) for f in found] == [("figures", "error")]


@pytest.mark.parametrize(
    ("config", "problem"),
    [
        ("numbers", "must be a dictionary"),
        ({"BACKEND": "foreigndesk.nowhere.Check"}, "cannot load BACKEND"),
        ({"BACKEND": "foreigndesk.workbench.checks.base.Unit"}, "is not a Check"),
        (
            {"BACKEND": "foreigndesk.workbench.checks.text.LengthCheck", "OPTIONS": {"ratio": 2}},
            "takes no option 'ratio'",
        ),
    ],
)
def test_a_bad_entry_names_the_setting_and_the_problem(config: Any, problem: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="FOREIGNDESK_QUALITY_CHECKS") as error:
        check_from_config("bad", config)
    assert problem in str(error.value)


def test_the_system_check_names_a_bad_quality_check_setting(settings: Any) -> None:
    from foreigndesk.workbench.system_checks import check_quality_check_settings

    assert check_quality_check_settings() == []
    settings.FOREIGNDESK_QUALITY_CHECKS = ["numbers"]
    assert [e.id for e in check_quality_check_settings()] == ["workbench.E003"]
    settings.FOREIGNDESK_QUALITY_CHECKS = {
        "numbers": {"BACKEND": "foreigndesk.workbench.checks.numbers.NumbersCheck"},
        "spelling": {"BACKEND": "foreigndesk.nowhere.Spelling"},
    }
    (error,) = check_quality_check_settings()
    assert error.id == "workbench.E004"
    assert "FOREIGNDESK_QUALITY_CHECKS['spelling']" in error.msg
