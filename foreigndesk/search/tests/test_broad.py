"""Broad searches: counted on a sample, ranked among a bounded set of the newest matches.

Forced here on a small archive (every threshold lowered), on whichever database the suite runs
on: what makes a search over a large archive fast must keep its answers right.
"""

from __future__ import annotations

import pytest
from django.db import connection

from foreigndesk.search.actions import rebuild_index
from foreigndesk.search.backends import base, get_backend
from foreigndesk.search.selectors import SearchParams, search_articles
from foreigndesk.testing import factories

from .conftest import at, paragraphs, titles

pytestmark = pytest.mark.django_db

ARTICLES = 12


@pytest.fixture
def harbours(db):
    """Twelve articles about the harbour, one a month, with the same text; only the oldest and
    the fourth newest have the word in their titles (the best-ranked)."""
    outlet = factories.outlet("Harbour Gazette", country_code="DE")
    for number in range(ARTICLES):
        in_title = number in (0, ARTICLES - 3)
        factories.translation(
            title=f"Harbour news {number:02d}" if in_title else f"Monthly report {number:02d}",
            blocks=paragraphs("The harbour board met again this month."),
            original_obj=factories.original(title=f"Bericht {number}", outlet_obj=outlet),
            published_at=at(2025, number + 1),
        )
    rebuild_index()


def force_sampling(monkeypatch, *, candidates: int) -> None:
    """Every search counts its matches on every other entry and ranks ``candidates`` of them."""
    monkeypatch.setattr(base, "SAMPLE_ABOVE", 1)
    monkeypatch.setattr(base, "SAMPLE_SIZE", 1)
    backend = type(get_backend())
    monkeypatch.setattr(backend, "estimate_matches", lambda *args: 2)
    monkeypatch.setattr(backend, "rank_candidates", candidates)


def test_a_bounded_candidate_set_still_ranks_the_best_match_first(harbours, monkeypatch):
    exact = search_articles(SearchParams(q="harbour"))
    assert exact.total == ARTICLES
    assert not exact.approximate
    assert set(titles(exact)[:2]) == {"Harbour news 00", "Harbour news 09"}
    force_sampling(monkeypatch, candidates=4)
    broad = search_articles(SearchParams(q="harbour"), page_size=2)
    assert broad.approximate
    # Ranked among the newest four matches: the best of them first, not the newest.
    assert titles(broad)[0] == "Harbour news 09"
    # The old title match lies outside the candidates: the next page holds the rest of them.
    second = search_articles(SearchParams(q="harbour", page=2), page_size=2)
    recent = {"Monthly report 08", "Monthly report 10", "Monthly report 11"}
    assert set(titles(second)) | set(titles(broad)[1:]) == recent
    by_date = search_articles(SearchParams(q="harbour", sort="date"), page_size=3)
    assert titles(by_date) == ["Monthly report 11", "Monthly report 10", "Harbour news 09"]


def test_a_sampled_count_is_scaled_and_said_to_be_approximate(harbours, monkeypatch, client):
    force_sampling(monkeypatch, candidates=4)
    page = search_articles(SearchParams(q="harbour"))
    # Every other entry is counted, then doubled.
    assert page.approximate
    assert page.total % 2 == 0
    assert abs(page.total - ARTICLES) <= 2
    assert sum(value.count for value in page.facets["country"]) == page.total
    html = client.get("/search/", {"q": "harbour"}).content.decode()
    assert f"About {page.total} results" in html
    assert client.get("/api/v1/search", {"q": "harbour"}).json()["approximate"] is True


def test_an_exact_search_says_nothing_of_an_estimate(harbours, client):
    html = client.get("/search/", {"q": "harbour"}).content.decode()
    assert f"{ARTICLES} results" in html
    assert "About" not in html


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's estimate")
def test_sqlite_estimates_the_matches_from_the_newest_entries(harbours, monkeypatch):
    from foreigndesk.search.backends import sqlite
    from foreigndesk.search.query import parse

    backend = get_backend()
    query = parse("harbour")
    request = base.SearchRequest(query=query, languages=("en",))
    match = backend.match(request)
    assert backend.estimate_matches(match, request) == ARTICLES
    # The newest quarter of the entries all match: the whole archive is taken to match.
    monkeypatch.setattr(sqlite, "ESTIMATE_WINDOW", ARTICLES // 4)
    assert backend.estimate_matches(match, request) == ARTICLES
    only_old = backend.match(base.SearchRequest(query=parse("00"), languages=("en",)))
    assert backend.estimate_matches(only_old, request) == 0


def test_a_sample_is_drawn_from_the_whole_archive_old_and_new(db, monkeypatch):
    outlet = factories.outlet("Harbour Gazette", country_code="DE")
    for number in range(48):
        factories.translation(
            title=f"Harbour report {number:02d}",
            blocks=paragraphs("The harbour board met again this month."),
            original_obj=factories.original(title=f"Bericht {number}", outlet_obj=outlet),
            published_at=at(2020 + number // 12, number % 12 + 1),
        )
    factories.translation(title="Rain all week", blocks=paragraphs("It rained."))
    rebuild_index()
    monkeypatch.setattr(base, "SAMPLE_ABOVE", 1)
    monkeypatch.setattr(base, "SAMPLE_SIZE", 1)
    backend = type(get_backend())
    monkeypatch.setattr(backend, "estimate_matches", lambda *args: 4)  # one entry in four
    page = search_articles(SearchParams(q="harbour"))
    assert page.approximate
    assert 40 <= page.total <= 56
    years = {value.value: value.count for value in page.facets["year"]}
    # Every year of the archive is in the sample, about as often as it is in the archive.
    assert set(years) == {"2020", "2021", "2022", "2023"}
    assert all(8 <= count <= 16 for count in years.values())
    assert sum(years.values()) == page.total
