"""The bilingual page parser on pages written for these tests, and on random and mutated input."""

from __future__ import annotations

import datetime
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from foreigndesk.intake.language import LinguaIdentifier
from foreigndesk.intake.lines import is_unsigned, original_byline, parse_date
from foreigndesk.newsroom.bilingual import (
    PageError,
    parse_credits,
    parse_dateline,
    parse_page,
)

from .conftest import DATA

PAGES = DATA / "pages"
IDENTIFY = LinguaIdentifier(
    languages=["ar", "de", "en", "es", "fr", "ja", "pl", "ru", "tr", "uk"]
).identify


def read(name: str):
    return parse_page((PAGES / name).read_text("utf-8"), identify=IDENTIFY)


def test_desk_page_in_html_with_language_marked_sections():
    page = read("ru-samara-desk.html")
    assert page.title == "Samara region may cut three commuter train routes"
    assert page.had_asterisk
    assert (page.outlet, page.country, page.date) == (
        "Volzhskaya Nedelya",
        "Russia",
        datetime.date(2026, 11, 3),
    )
    assert page.authors == ["Ирина Белоусова"]
    assert page.original_url == "https://volzhnedelya.example/2026/11/prigorodnye-poezda"
    assert (page.language_name, page.translators, page.editors) == (
        "Russian",
        ["Mira Okafor"],
        ["Ruth Calder"],
    )
    assert page.editor_note.startswith("The Samara Provincial Duma")
    assert [b["kind"] for b in page.translation_blocks] == [
        "paragraph",
        "paragraph",
        "heading",
        "paragraph",
        "quotation",
        "paragraph",
    ]
    assert [b["kind"] for b in page.original_blocks] == [
        "paragraph",
        "paragraph",
        "heading",
        "paragraph",
        "quotation",
        "paragraph",
    ]
    assert page.original_title.startswith("Три пригородных маршрута")
    text = " ".join(b["text"] for b in page.translation_blocks + page.original_blocks)
    for chrome in [
        "Hot this week",
        "Permafrost",
        "Translation published",
        "Side by side",
        "Original in Russian",
        "Transport",
    ]:
        assert chrome not in text


def test_copied_text_with_a_dateline_broken_over_three_lines():
    page = read("de-rhine-copied.txt")
    assert page.title == "Low water on the Rhine leaves barges half empty"
    assert page.had_asterisk
    assert (page.outlet, page.country, page.authors) == (
        "Rheinische Abendpost",
        "Germany",
        ["Anna Keller"],
    )
    assert page.date == datetime.date(2026, 11, 2)
    assert page.editor_note.startswith("Kaub, between Mainz and Koblenz")
    assert page.translation_blocks[2] == {
        "kind": "heading",
        "text": "Industry looks for alternatives",
    }
    assert page.original_blocks[2] == {"kind": "heading", "text": "Industrie sucht Alternativen"}
    assert page.original_title == "Niedrigwasser am Rhein: Binnenschiffer fahren halb beladen"
    assert len(page.original_blocks) == len(page.translation_blocks) == 5
    assert "This post appeared" not in page.original_blocks[-1]["text"]


def test_copied_text_with_each_dateline_part_on_its_own_line_and_no_blank_lines():
    page = read("fr-rice-copied.txt")
    assert (page.outlet, page.country, page.date, page.authors) == (
        "Le Soleil du Fleuve", "Senegal", datetime.date(2026, 11, 4), ["Awa Diop"],
    )  # fmt: skip
    assert page.original_title.startswith("Le riz de la vallée")
    assert len(page.translation_blocks) == len(page.original_blocks) == 3


def test_one_line_dateline_and_credits_without_a_language_and_japanese_original():
    page = read("ja-ferry-copied.txt")
    assert page.date == datetime.date(2026, 10, 30)
    assert page.language_name == ""  # identified from the original's text on import
    assert page.translators == ["Kenji Mori"]
    assert page.original_title == "瀬戸内海初の水素フェリーが進水"
    assert len(page.original_blocks) == 3


def test_cms_html_without_language_marks_right_to_left_original_and_missing_date():
    page = read("ar-water-cms.html")
    assert page.title == "Water cannot wait for peace"
    assert (page.outlet, page.country, page.date, page.authors) == (
        "Al-Daffa",
        "Jordan",
        None,
        ["Layla Haddad"],
    )
    assert page.original_url == "https://addaffa.example/opinion/water"
    assert page.editors == []
    assert page.editor_note.startswith("The Jordan Valley")
    assert page.original_title == "المياه لا تنتظر السلام"
    assert page.translation_blocks[2] == {"kind": "heading", "text": "Solutions postponed"}
    assert page.original_blocks[-1]["text"].endswith("المفاوضات السياسية.")


def test_missing_country_author_and_translator():
    page = read("uk-grid-copied.txt")
    assert (page.outlet, page.country, page.authors, page.translators) == (
        "Dzerkalo Tyzhnia",
        "",
        [],
        [],
    )
    assert page.date == datetime.date(2026, 11, 3)
    assert page.editors == ["Ruth Calder"]
    assert page.original_title.startswith("Бригади поспішають")


def test_broken_date_is_left_out_with_a_warning():
    page = read("pl-broken-date.html")
    assert page.date is None
    assert "sometime last week" in page.warnings[0]
    assert page.authors == ["Tomasz Nowak", "Ewa Zielińska"]
    assert page.translators == ["Piotr Lis", "Jonas Berg"]


def test_no_dateline_no_credits():
    page = read("tr-bare.txt")
    assert page.title == "Istanbul picks a site for the grain inspection centre"
    assert (page.outlet, page.translators, page.editors) == ("", [], [])
    assert page.original_title == "İstanbul tahıl denetim merkezi için yer seçti"


def test_a_page_whose_original_cannot_be_found():
    with pytest.raises(PageError, match="original part cannot be found"):
        read("es-no-original.txt")


@pytest.mark.parametrize("document", ["", "   \n  ", "<html><body></body></html>"])
def test_empty_pages(document):
    with pytest.raises(PageError):
        parse_page(document, identify=IDENTIFY)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Published in Die Zeit (Germany) on 2 November 2026 by Anna Keller",
            ("Die Zeit", "Germany", "2 November 2026", ["Anna Keller"]),
        ),
        ("Published in Die Zeit on 2 November 2026", ("Die Zeit", "", "2 November 2026", [])),
        ("Published on 2 November 2026 by A and B", ("", "", "2 November 2026", ["A", "B"])),
        (
            "Published in Le Monde (France) by J. Dupont (link to original)",
            ("Le Monde", "France", "", ["J. Dupont"]),
        ),
        ("By Anna Keller", ("", "", "", ["Anna Keller"])),
        ("Published", ("", "", "", [])),
    ],
)
def test_dateline_parts(text, expected):
    dateline = parse_dateline(text)
    assert (dateline.outlet, dateline.country, dateline.date_text, dateline.authors) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Translated from German by Jonas Berg. Edited by Ruth Calder.",
            ("German", ["Jonas Berg"], ["Ruth Calder"]),
        ),
        (
            "Translated by J. R. Smith and Ann Lee. Edited by Ruth Calder.",
            ("", ["J. R. Smith", "Ann Lee"], ["Ruth Calder"]),
        ),
        ("Translated from Arabic.", ("Arabic", [], [])),
        ("Edited by Ruth Calder and Tom Wu.", ("", [], ["Ruth Calder", "Tom Wu"])),
    ],
)
def test_credits(text, expected):
    assert parse_credits(text) == expected


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2 November 2026", (2026, 11, 2)),
        ("November 2, 2026", (2026, 11, 2)),
        ("2nd Nov 2026", (2026, 11, 2)),
        ("2026-11-02", (2026, 11, 2)),
        ("02.11.2026", (2026, 11, 2)),
        ("21 июня 2022", (2022, 6, 21)),
        ("3 de marzo de 2015", (2015, 3, 3)),
        ("30 de março de 2015", (2015, 3, 30)),
        ("12. März 2024", (2024, 3, 12)),
        ("Dienstag, 12. März 2024", (2024, 3, 12)),
        ("mardi 12 mars 2024", (2024, 3, 12)),
        ("2015年3月30日", (2015, 3, 30)),
        ("١٢ مارس ٢٠٢٤", (2024, 3, 12)),
        ("12 مارس 2024", (2024, 3, 12)),
        ("31 February 2026", None),
        ("yesterday", None),
        ("3 days ago", None),
        ("March 2015", None),
        ("sometime last week", None),
    ],
)
def test_dates(text, date):
    assert parse_date(text) == (datetime.date(*date) if date else None)


def script_identify(text: str) -> str | None:
    """A fast stand-in for the identifier: Cyrillic reads as Russian, Latin as English."""
    cyrillic = sum("а" <= c.lower() <= "я" for c in text)
    latin = sum("a" <= c.lower() <= "z" for c in text)
    if cyrillic + latin < 12:
        return None
    return "ru" if cyrillic > latin else "en"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=2000))
def test_random_text_gives_a_page_or_the_documented_error(document):
    try:
        page = parse_page(document, identify=script_identify)
    except PageError:
        return
    assert page.title
    assert page.original_title
    assert page.translation_blocks
    assert page.original_blocks


_PAGES = [
    (PAGES / name).read_text("utf-8")
    for name in ["ru-samara-desk.html", "de-rhine-copied.txt", "uk-grid-copied.txt"]
]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_pages_give_a_page_or_the_documented_error(data):
    document = data.draw(st.sampled_from(_PAGES))
    lines = document.split("\n")
    for _ in range(data.draw(st.integers(1, 8))):
        action = data.draw(st.sampled_from(["drop", "duplicate", "swap", "garble", "insert"]))
        if not lines:
            break
        at = data.draw(st.integers(0, len(lines) - 1))
        if action == "drop":
            del lines[at]
        elif action == "duplicate":
            lines.insert(at, lines[at])
        elif action == "swap":
            other = data.draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif action == "garble":
            lines[at] = data.draw(st.text(max_size=80))
        else:
            lines.insert(
                at,
                data.draw(
                    st.sampled_from(
                        [
                            "Published in",
                            "*Editor's Note:",
                            "Translated from",
                            "Hot this week",
                            "<div lang='ru'>",
                            "</section>",
                            "(link to original)",
                            "*",
                        ]
                    )
                ),
            )
    try:
        page = parse_page("\n".join(lines), identify=script_identify)
    except PageError:
        return
    assert page.title
    assert page.original_title
    assert page.original_blocks
    assert not page.title.endswith("*")


def test_an_untranslated_quotation_in_the_translation_does_not_move_the_boundary():
    document = (PAGES / "uk-grid-copied.txt").read_text("utf-8")
    quoted = "«Світло буде — ми працюємо цілодобово, без вихідних і свят», пишуть енергетики."
    document = document.replace("Until then, households", f"{quoted}\n\nUntil then, households")
    page = parse_page(document, identify=IDENTIFY)
    assert page.original_title.startswith("Бригади поспішають")
    assert page.translation_blocks[2]["text"] == quoted
    assert len(page.original_blocks) == 3


def test_copied_text_without_blank_lines():
    document = "\n".join(
        line
        for line in (PAGES / "uk-grid-copied.txt").read_text("utf-8").split("\n")
        if line.strip()
    )
    page = parse_page(document, identify=IDENTIFY)
    assert page.date == datetime.date(2026, 11, 3)
    assert (len(page.translation_blocks), len(page.original_blocks)) == (3, 3)


def test_a_template_marking_everything_as_english_is_not_believed():
    document = (
        (PAGES / "pl-broken-date.html")
        .read_text("utf-8")
        .replace("<article>", '<article lang="en">')
    )
    page = parse_page(document, identify=IDENTIFY)
    assert page.original_title == "Szpital w Małopolsce zawiesza oddział dziecięcy"


# Pages as real sites publish them: empty slots in the credits, link and button texts glued to
# names, unsigned editorials, the original's byline and date under its title, dates in the
# original's script. (title, outlet, country, date, authors, language, translators, editors,
# paragraphs of the translation, of the original.)
REAL_PAGES = {
    "de-ferry-editorial-copied.txt": (
        "The Elbe ferry must not become a luxury", "Unterelbe-Kurier", "Germany",
        (2024, 3, 12), [], "", ["Jonas Berg"], ["Ruth Calder"], 3, 3,
    ),
    "es-market-byline-copied.txt": (
        "Valencia's central market closes its fish hall for repairs", "Diario del Turia",
        "Spain", (2015, 3, 3), ["Lucía Ortega"], "Spanish", ["Ana Ruiz"], [], 3, 3,
    ),
    "pt-river-two-authors-copied.txt": (
        "Drought leaves Tapajós river boats stranded", "O Vigia do Oeste", "Brazil",
        (2015, 3, 30), ["Marina Teles", "Rui Batista"], "Portuguese", ["Clara Nunes"],
        ["Ruth Calder"], 3, 3,
    ),
    "ja-school-byline-copied.txt": (
        "Last pupils leave the island school on Kasajima", "Kaikyō Shimbun", "Japan",
        (2015, 3, 30), ["石井美咲"], "", ["Kenji Mori"], [], 3, 3,
    ),
    "fr-editorial-outlet-copied.txt": (
        "Dakar's buses need a timetable, not new paint", "L'Écho de la Presqu'île", "Senegal",
        (2024, 3, 14), [], "French", ["Claire Martin"], ["Ruth Calder"], 3, 3,
    ),
    "ru-library-byline.html": (
        "Tver's oldest library to move into a former factory", "Tverskoy Vestnik", "Russia",
        (2022, 6, 21), ["Павел Смирнов"], "Russian", ["Mira Okafor"], ["Ruth Calder"], 3, 3,
    ),
    "ar-desalination-pan-arab.html": (
        "The Gulf's thirst for desalinated water", "Al-Khalij al-Jadid", "Pan Arab",
        (2024, 3, 12), [], "Arabic", ["Sami Nasser"], ["Ruth Calder"], 2, 2,
    ),
    "ar-heat-uae-copied.txt": (
        "Outdoor workers in Sharjah get a longer midday break", "Sawt al-Sahil", "U.A.E.",
        (2024, 3, 12), ["Karim Mansour"], "", ["Sami Nasser"], ["Ruth Calder"], 3, 3,
    ),
}  # fmt: skip
_CHROME_TEXTS = ["link to original", "Read more", "<--", "Print", "Share on", "Tweet", "E-mail"]


@pytest.mark.parametrize("name", sorted(REAL_PAGES))
def test_pages_as_real_sites_publish_them(name):
    title, outlet, country, date, authors, language, translators, editors, n_tr, n_or = REAL_PAGES[
        name
    ]
    page = read(name)
    assert (page.title, page.outlet, page.country) == (title, outlet, country)
    assert page.date == datetime.date(*date)
    assert page.authors == authors
    assert (page.language_name, page.translators, page.editors) == (language, translators, editors)
    assert (len(page.translation_blocks), len(page.original_blocks)) == (n_tr, n_or)
    blocks = page.translation_blocks + page.original_blocks
    text = " ".join([page.title, page.original_title, *(b["text"] for b in blocks)])
    for chrome in _CHROME_TEXTS:
        assert chrome not in text
    # The original's byline and date are its credits, not its first paragraphs.
    assert not any(parse_date(b["text"]) for b in page.original_blocks)


def test_an_empty_slot_in_the_credits_is_a_warning_naming_the_field_and_the_line():
    page = read("es-market-byline-copied.txt")
    assert page.warnings == [
        "The credits name no editor (“Translated from Spanish by Ana Ruiz. Edited by .”); "
        "it was left empty."
    ]
    page = read("ar-heat-uae-copied.txt")
    assert page.warnings[0].startswith("The credits name no language (“Translated from by Sami")


def test_a_missing_date_is_a_warning_unless_the_original_gives_it():
    document = (PAGES / "es-market-byline-copied.txt").read_text("utf-8")
    page = parse_page(document.replace("3 de marzo de 2015\n", ""), identify=IDENTIFY)
    assert page.date is None
    assert any(w.startswith("The date is missing from the dateline") for w in page.warnings)
    assert read("es-market-byline-copied.txt").date == datetime.date(2015, 3, 3)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Translated from by Jonas Berg. Edited by Ruth Calder.",
            ("", ["Jonas Berg"], ["Ruth Calder"]),
        ),
        ("Translated from German by Jonas Berg. Edited by .", ("German", ["Jonas Berg"], [])),
        ("Translated by . Edited by Ruth Calder.", ("", [], ["Ruth Calder"])),
        (
            "Translated from German by Jonas Berg (link to originallink to original). "
            "Edited by Ruth Calder.Print",
            ("German", ["Jonas Berg"], ["Ruth Calder"]),
        ),
    ],
)
def test_credits_with_empty_slots_and_button_texts(text, expected):
    assert parse_credits(text) == expected


@pytest.mark.parametrize(
    ("text", "authors"),
    [
        ("Von Anna Keller", ["Anna Keller"]),
        ("Por Lucía Ortega y Pedro Gil", ["Lucía Ortega", "Pedro Gil"]),
        ("Por Marina Teles e Rui Batista", ["Marina Teles", "Rui Batista"]),
        ("Par Awa Diop et Moussa Ba (link to original)", ["Awa Diop", "Moussa Ba"]),
        ("文・石井美咲", ["石井美咲"]),
        ("Автор: Павел Смирнов", ["Павел Смирнов"]),
        ("بقلم كريم منصور", ["كريم منصور"]),
        ("Par la rédaction", []),
        ("Por eso, el gobierno decidió subir los precios del pescado.", None),
        ("Von der Fähre aus sieht man den Hafen.", None),
    ],
)
def test_original_bylines(text, authors):
    assert original_byline(text) == authors


@pytest.mark.parametrize(
    ("name", "outlet", "unsigned"),
    [
        ("Editorial", "", True),
        ("Editorial Board", "", True),
        ("Leitartikel", "", True),
        ("Editorial de El Diario", "", True),
        ("افتتاحية", "", True),
        ("The Daily Star", "Daily Star", True),
        ("Anna Keller", "Daily Star", False),
    ],
)
def test_bylines_that_name_no_person(name, outlet, unsigned):
    assert is_unsigned(name, outlet) is unsigned


@pytest.mark.parametrize(
    ("text", "authors"),
    [
        (
            "Published in X (Spain) on 3 March 2015 by Lena Hofer (link to originallink to original)",
            ["Lena Hofer"],
        ),
        ("Published in X (Spain) on 3 March 2015 by Lena Hofer Read more", ["Lena Hofer"]),
        (
            "Published in X (U.K.) on 3 March 2015 by Lena Hofer and Tom Wu",
            ["Lena Hofer", "Tom Wu"],
        ),
    ],
)
def test_dateline_names_without_button_texts(text, authors):
    assert parse_dateline(text).authors == authors


_LINK_TEXTS = [
    " (link to original)", " (link to originallink to original)", " Read more", "Print", " Tweet",
]  # fmt: skip
_CHROME_LINES = [
    "Read more", "<--", "Print", ".", "Share on Facebook", "Tweet", "E-mail",
    "Share on FacebookTweetE-mail", "Print | E-mail",
]  # fmt: skip


def _fields(page):
    return (
        page.title, page.outlet, page.country, page.date, page.authors, page.translators,
        page.editors, page.original_title, page.translation_blocks, page.original_blocks,
    )  # fmt: skip


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_link_texts_and_chrome_lines_around_a_valid_page_change_no_field(data):
    name = data.draw(st.sampled_from(["pt-river-two-authors-copied.txt", "ru-library-byline.html"]))
    document = (PAGES / name).read_text("utf-8")
    expected = _fields(parse_page(document, identify=IDENTIFY))
    if name.endswith(".txt"):
        lines = document.split("\n")
        for _ in range(data.draw(st.integers(1, 6))):
            at = data.draw(st.integers(0, len(lines)))
            lines.insert(at, data.draw(st.sampled_from(_CHROME_LINES)))
        # A link text glued to the names of the dateline or the credits.
        for at, line in enumerate(lines):
            if line.startswith(("Published", "Translated")) and data.draw(st.booleans()):
                lines[at] = line.rstrip(".") + data.draw(st.sampled_from(_LINK_TEXTS))
        document = "\n".join(lines)
    else:
        for _ in range(data.draw(st.integers(1, 6))):
            chrome = data.draw(st.sampled_from(_CHROME_LINES))
            anchor = data.draw(st.sampled_from(["<p>", "<hr>", "<h2>"]))
            at = data.draw(st.integers(0, document.count(anchor) - 1))
            parts = document.split(anchor)
            parts[at] += f'<p><a href="#">{chrome}</a></p>'
            document = anchor.join(parts)
    assert _fields(parse_page(document, identify=IDENTIFY)) == expected


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["language", "editor", "date"]), st.sampled_from(sorted(REAL_PAGES)[:3]))
def test_an_emptied_slot_leaves_only_that_field_empty_with_a_warning(slot, name):
    document = (PAGES / name).read_text("utf-8")
    before = parse_page(document, identify=IDENTIFY)
    if slot == "language":
        document = re.sub(r"Translated from \w+ by", "Translated from by", document)
    elif slot == "editor":
        document = re.sub(r"Edited by [^.\n]+\.", "Edited by .", document)
    else:
        document = document.replace(f" on {before.date_text} by", " on by")
    page = parse_page(document, identify=IDENTIFY)
    assert (page.title, page.outlet, page.authors, page.translators) == (
        before.title, before.outlet, before.authors, before.translators,
    )  # fmt: skip
    if slot == "language":
        assert page.language_name == ""
        assert any("no language" in warning for warning in page.warnings)
    elif slot == "editor":
        assert page.editors == []
        assert any("no editor" in warning for warning in page.warnings)
    else:
        assert page.date_text == ""
