"""Searching the archive through the selector, on whichever database the suite runs on."""

from __future__ import annotations

import pytest

from foreigndesk.search.selectors import SearchParams, search_articles

from .conftest import titles

pytestmark = pytest.mark.django_db


def search(q: str, **kwargs):
    return search_articles(SearchParams(q=q, **kwargs))


def test_english_word_forms_match(archive):
    page = search("sanction")
    assert set(titles(page)) == {
        "The central bank keeps its key rate",
        "Society under sanctions",
    }
    assert titles(search("sanctions")) == titles(page)


def test_russian_word_forms_match_the_original(archive):
    page = search("ставка")
    assert titles(page) == ["The central bank keeps its key rate"]
    result = page.results[0]
    assert result.from_original
    assert result.snippet.language == "ru"
    assert "<mark>ставку</mark>" in result.snippet.html
    assert titles(search("санкциями")) == ["The central bank keeps its key rate"]


def test_german_word_forms_match_the_original(archive):
    assert titles(search("Ladung")) == ["Low water on the Rhine squeezes barges"]


def test_words_are_all_required(archive):
    assert titles(search("sanctions rouble")) == ["The central bank keeps its key rate"]
    assert titles(search("sanctions Cairo")) == []


def test_phrase_needs_the_words_side_by_side(archive):
    assert set(titles(search('"civil society"'))) == {
        "Civil society groups meet in Samara",
        "Society under sanctions",
    }
    assert titles(search('"society civil"')) == []


def test_exclusion_leaves_out_articles(archive):
    assert titles(search('"civil society" -sanctions')) == ["Civil society groups meet in Samara"]
    assert titles(search('society -"civil society"')) == []


def test_title_matches_rank_first(archive):
    assert titles(search("barges"))[0] == "Low water on the Rhine squeezes barges"
    assert titles(search("sanctions"))[0] == "Society under sanctions"


def test_sort_by_date_puts_the_newest_first(archive):
    assert titles(search("society", sort="date")) == [
        "Society under sanctions",
        "Civil society groups meet in Samara",
    ]


def test_drafts_withdrawn_and_scheduled_articles_are_not_found(archive):
    found = titles(search("sanctions"))
    assert not any(word in title for title in found for word in ("Draft", "Withdrawn", "Scheduled"))


def test_snippet_from_the_translation_marks_the_matched_words(archive):
    result = search("barge").results[0]
    assert result.snippet.source == "translation"
    assert "<mark>Barge</mark> operators" in result.snippet.html
    assert "<mark>barges</mark>" in result.title_html


def test_snippets_escape_the_text(archive):
    archive["bread"].blocks = [{"kind": "paragraph", "text": "Bakers <script>x</script> wheat"}]
    archive["bread"].save()
    from foreigndesk.search.actions import update_article

    update_article(translation_id=archive["bread"].pk)
    html = search("wheat").results[0].snippet.html
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_facet_counts(archive):
    page = search("sanctions")
    counts = {name: {v.value: v.count for v in values} for name, values in page.facets.items()}
    assert counts["country"] == {"RU": 1, "DE": 1}
    assert counts["language"] == {"ru": 1, "de": 1}
    assert counts["topic"] == {"energy": 2, "agriculture": 1}
    assert counts["year"] == {"2025": 1, "2026": 1}
    assert {v.label for v in page.facets["outlet"]} == {
        "Rheinische Abendpost",
        "Volzhskaya Gazeta",
    }


def test_facet_filters_narrow_the_results(archive):
    assert titles(search("sanctions", country="DE")) == ["Society under sanctions"]
    assert titles(search("sanctions", topic="agriculture")) == ["Society under sanctions"]
    assert titles(search("sanctions", year=2025)) == ["The central bank keeps its key rate"]
    assert titles(search("sanctions", language="ru")) == ["The central bank keeps its key rate"]
    page = search("sanctions", outlet="volzhskaya-gazeta")
    assert titles(page) == ["The central bank keeps its key rate"]
    assert [v.selected for v in page.facets["outlet"]] == [True]


def test_unknown_facet_values_say_so(archive):
    for name, value in (
        ("outlet", "nonesuch"),
        ("topic", "nonesuch"),
        ("country", "ZZ"),
        ("language", "xx"),
    ):
        page = search("sanctions", **{name: value})
        assert page.results == []
        assert name in page.unknown, name


def test_pagination(archive):
    first = search_articles(SearchParams(q="the"), page_size=1)
    assert first.problem  # only a common word
    first = search_articles(SearchParams(q="sanctions"), page_size=1)
    second = search_articles(SearchParams(q="sanctions", page=2), page_size=1)
    assert first.total == second.total == 2
    assert first.num_pages == 2
    assert first.has_next
    assert not second.has_next
    assert titles(first) != titles(second)
    assert search_articles(SearchParams(q="sanctions", page=3), page_size=1).out_of_range


@pytest.mark.parametrize(
    ("q", "problem"),
    [
        ("", "Type a word"),
        ("   ", "Type a word"),
        ("the of and", "only very common words"),
        ("?!… — ()", "no words"),
        ("-sanctions", "cannot only leave words out"),
    ],
)
def test_queries_with_nothing_to_search_for_explain_why(archive, q, problem):
    page = search(q)
    assert page.results == []
    assert page.total == 0
    assert problem in page.problem


@pytest.mark.parametrize(
    "q",
    [
        '"civil society',
        'sanctions"',
        "sanc*",
        "NEAR(sanctions rouble)",
        "title:sanctions",
        "^sanctions",
        "(sanctions OR barges)",
        "sanctions AND NOT barges",
        "sanctions - -",
        '"" sanctions ""',
        "sanctions' OR 1=1 --",
        "sanctions\x00",
        "sanctions & ! | : * <-> <2>",
        "-",
        "*",
        '"',
        "NOT",
        "OR",
        "сан:кции",
    ],
)
def test_syntax_characters_are_text_never_operators(archive, q):
    page = search(q)
    assert isinstance(page.total, int)  # no error from the database


def test_syntax_characters_do_not_change_what_is_found(archive):
    assert titles(search("sanctions*")) == titles(search("sanctions"))
    assert titles(search("title:sanctions")) == []  # "title" is a word, not a column
    assert set(titles(search("(sanctions) rouble"))) == {"The central bank keeps its key rate"}


def test_unbalanced_quote_runs_to_the_end(archive):
    page = search('"civil society')
    assert set(titles(page)) == {"Civil society groups meet in Samara", "Society under sanctions"}
    assert any("quotation mark" in notice for notice in page.notices)


def test_very_long_queries_are_cut(archive):
    page = search("sanctions " * 500)
    assert titles(page)
    assert any("long" in notice for notice in page.notices)
    page = search(" ".join(f"word{i}" for i in range(40)))
    assert page.total == 0
    assert any("first 12" in notice for notice in page.notices)


def test_cjk_and_arabic_text_is_searchable(archive):
    assert titles(search("القمح")) == ["Bread and the grain convoys"]


def test_broad_searches_estimate_counts_from_a_sample(archive, monkeypatch):
    from foreigndesk.search.backends import base, get_backend

    exact = search("society")
    monkeypatch.setattr(base, "SAMPLE_ABOVE", 1)
    monkeypatch.setattr(base, "SAMPLE_SIZE", 1)
    # Two matches, as an estimate (PostgreSQL's planner might say one for so small a table).
    monkeypatch.setattr(type(get_backend()), "estimate_matches", lambda *args: 2)
    page = search("society")
    assert page.approximate
    assert not exact.approximate
    # Every second entry id is counted and the counts doubled; the page of hits is exact.
    assert page.total % 2 == 0
    assert set(titles(page)) == set(titles(exact))
    assert all(value.count % 2 == 0 for values in page.facets.values() for value in values)
    assert titles(search("society", sort="date")) == titles(
        search_articles(SearchParams(q="society", sort="date"))
    )
    # Filters still apply to the hits.
    assert titles(search("society", country="RU")) == ["Civil society groups meet in Samara"]
