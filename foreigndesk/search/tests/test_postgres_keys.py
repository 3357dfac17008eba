"""PostgreSQL's search keys: the query on ``keys`` made from a printed tsquery, and the keys an
indexed entry holds (the second part runs on PostgreSQL only)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from foreigndesk.newsroom.models import Topic, Translation
from foreigndesk.search.actions import update_article
from foreigndesk.search.backends import get_backend
from foreigndesk.search.backends.base import Filters
from foreigndesk.search.backends.postgres import (
    MAX_INDEXED_CHARACTERS,
    TsqueryError,
    facet_keys,
    keys_query,
)
from foreigndesk.search.models import SearchEntry
from foreigndesk.search.selectors import SearchParams, search_articles
from foreigndesk.testing import factories

from .conftest import titles


def phrase(pairs: str, words: str) -> str:
    """A phrase's keys: its pairs, or its words in an article too long to hold pairs."""
    return f"(({pairs}) | ('#long' & {words}))"


@pytest.mark.parametrize(
    ("printed", "keys", "confirm"),
    [
        ("'sanction'", "'sanction'", False),
        ("'sanction' & 'rubl'", "('sanction' & 'rubl')", False),
        ("'sanction' | 'sanctions'", "('sanction' | 'sanctions')", False),
        # A phrase is looked up by its pairs of neighbours, then confirmed on the text.
        ("'civil' <-> 'societi'", phrase("'civil societi'", "'civil' & 'societi'"), True),
        ("'a' <-> 'b' <-> 'c'", phrase("'a b' & 'b c'", "'a' & 'b' & 'c'"), True),
        # A gap (a stop word dropped) gives no pair: the words alone, then confirmed.
        ("'end' <2> 'war'", "('end' & 'war')", True),
        ("'end' <2> 'war' <-> 'crime'", phrase("'war crime'", "'end' & 'war' & 'crime'"), True),
        # Excluding a word is exact; excluding a phrase cannot narrow by keys.
        ("'societi' & !'sanction'", "('societi' & !'sanction')", False),
        ("'societi' & !( 'civil' <-> 'societi' )", "('societi')", True),
        # Each language's reading or-ed, as the backend builds it.
        (
            "( 'civil' <-> 'societi' ) | ( 'civil' <-> 'society' )",
            "("
            + phrase("'civil societi'", "'civil' & 'societi'")
            + " | "
            + phrase("'civil society'", "'civil' & 'society'")
            + ")",
            True,
        ),
        # Quotes and backslashes inside lexemes, as PostgreSQL prints them.
        ("'o''neil' <-> 'a\\\\b'", phrase("'o''neil a\\\\b'", "'o''neil' & 'a\\\\b'"), True),
        ("", None, False),
    ],
)
def test_keys_query(printed, keys, confirm):
    assert keys_query(printed) == (keys, confirm)


@pytest.mark.parametrize("printed", ["'a' &", "( 'a'", "'a' 'b'", "'a' <-> )", "'unclosed"])
def test_an_unreadable_tsquery_is_an_error(printed):
    with pytest.raises(TsqueryError):
        keys_query(printed)


def test_facet_keys():
    assert facet_keys(Filters()) == []
    assert facet_keys(Filters(country="UA", year=2026, topic=3)) == [
        "'#c:UA'",
        "'#y:2026'",
        "'#t:3'",
    ]


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="search keys are PostgreSQL's"
)


def _keys(entry: SearchEntry) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT array_to_string(tsvector_to_array(keys), '|') FROM search_searchentry "
            "WHERE id = %s",
            [entry.pk],
        )
        return set(cursor.fetchone()[0].split("|"))


@postgres_only
def test_an_entry_holds_its_words_pairs_facets_and_sample_keys(archive):
    translation = Translation.objects.get(title="Civil society groups meet in Samara")
    entry = SearchEntry.objects.get(translation=translation)
    keys = _keys(entry)
    # Words tagged with the language they were stemmed in (the Russian original's as well).
    assert {"en:civil", "en:societi", "en:civil en:societi", "en:samara", "ru:самар"} <= keys
    assert not {"civil", "societi", "samara"} & keys
    assert {"#c:RU", "#l:ru", f"#o:{entry.outlet_id}", f"#y:{entry.year}"} <= keys
    assert {f"#t:{topic}" for topic in entry.topics} <= keys
    expected_samples = {f"#s{step}" for step in (2, 4, 8, 16, 32, 64) if entry.pk % step == 0}
    assert {key for key in keys if key.startswith("#s")} == expected_samples


@postgres_only
def test_a_changed_topic_changes_the_keys(archive, django_capture_on_commit_callbacks):
    translation = Translation.objects.get(title="Civil society groups meet in Samara")
    housing = Topic.objects.create(name="Housing", slug="housing")
    translation.topics.add(housing)
    translation.updated_at = timezone.now()
    update_article(translation_id=translation.pk)
    entry = SearchEntry.objects.get(translation=translation)
    assert f"#t:{housing.pk}" in _keys(entry)
    assert titles(search_articles(SearchParams(q="society", topic="housing"))) == [
        "Civil society groups meet in Samara"
    ]


@postgres_only
def test_an_article_too_long_for_its_pairs_is_still_found_by_phrase(archive):
    # Made-up words of five letters, all different, so that the pairs outgrow a vector.
    def word(number: int) -> str:
        letters = []
        for alphabet in ("bdfgklmnprstvz", "aeiou", "bdfgklmnprstvz", "aeiou", "bdfgklmnprstvz"):
            number, digit = divmod(number, len(alphabet))
            letters.append(alphabet[digit])
        return "".join(letters)

    body = " ".join(word(number) for number in range(33300))
    assert len(body) < MAX_INDEXED_CHARACTERS
    long = factories.translation(
        title="A very long list of names",
        # At the start: PostgreSQL keeps word positions up to 16,383 only.
        blocks=[{"kind": "paragraph", "text": "The river ferry stopped. " + body}],
        published_at=timezone.now() - datetime.timedelta(days=1),
    )
    update_article(translation_id=long.pk)
    entry = SearchEntry.objects.get(translation=long)
    assert "#long" in _keys(entry)
    assert titles(search_articles(SearchParams(q='"river ferry"'))) == [long.title]
    assert titles(search_articles(SearchParams(q='"ferry river"'))) == []
    assert titles(search_articles(SearchParams(q=f'"{word(500)} {word(501)}"'))) == [long.title]


@postgres_only
def test_user_text_never_becomes_a_facet_or_sample_key(archive):
    # "#c:RU" typed in a search is the words "c" and "ru", not the country key.
    assert search_articles(SearchParams(q="#c:RU")).total == 0
    assert search_articles(SearchParams(q='"#s2"')).total == 0


@postgres_only
def test_a_broad_search_looks_among_the_newest_entries_and_finds_the_same_page(
    archive, monkeypatch
):
    from foreigndesk.search.backends import base, postgres

    exact = search_articles(SearchParams(q="sanctions"))
    date = search_articles(SearchParams(q="sanctions", sort="date"))
    bounded = []
    real_recent = postgres.PostgresSearchBackend.recent

    def recent(self, *args, **kwargs):
        sql, params = real_recent(self, *args, **kwargs)
        bounded.append("e.id >" in sql)
        return sql, params

    monkeypatch.setattr(postgres.PostgresSearchBackend, "recent", recent)
    monkeypatch.setattr(base, "SAMPLE_ABOVE", 1)
    monkeypatch.setattr(base, "SAMPLE_SIZE", 1)
    monkeypatch.setattr(postgres.PostgresSearchBackend, "estimate_matches", lambda *args: 2)
    broad = search_articles(SearchParams(q="sanctions"))
    assert bounded == [True]
    assert set(titles(broad)) == set(titles(exact))
    assert titles(search_articles(SearchParams(q="sanctions", sort="date"))) == titles(date)
    # Under a facet filter the matches may all be old: no bound.
    assert titles(search_articles(SearchParams(q="sanctions", country="DE"))) == [
        "Society under sanctions"
    ]
    assert bounded[-1] is False


@postgres_only
def test_a_full_rebuild_leaves_the_keys_index_in_place(archive):
    from foreigndesk.search.actions import rebuild_index

    def has_index() -> bool:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'search_searchentry_keys'"
            )
            return cursor.fetchone()[0] == 1

    assert has_index()
    rebuild_index()
    assert has_index()
    assert titles(search_articles(SearchParams(q='"civil society"')))


@postgres_only
def test_a_missing_keys_index_is_reported_by_the_database_check(db):
    from django.core.checks import run_checks

    def warnings() -> list[str]:
        return [m.id for m in run_checks(include_deployment_checks=False, databases=["default"])]

    assert "search.W001" not in warnings()
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX search_searchentry_keys")
    assert "search.W001" in warnings()
    get_backend().optimize()
    assert "search.W001" not in warnings()


def _estimate(q: str) -> int:
    from foreigndesk.search.backends.base import SearchRequest
    from foreigndesk.search.query import parse

    backend = get_backend()
    request = SearchRequest(query=parse(q), languages=("en",), now=timezone.now())
    return backend.estimate_matches(backend.match(request), request)


def _even_matches(q: str) -> int:
    page = search_articles(SearchParams(q=q))
    return sum(1 for result in page.results if result.entry_id % 2 == 0)


@postgres_only
def test_the_matches_are_estimated_on_a_sample_key(archive, monkeypatch):
    from foreigndesk.search.backends import postgres

    # Counted among the entries of the sample key '#s2' (even ids), then doubled; the planner,
    # which would guess one or two rows for every word of so small a table, is not asked.
    monkeypatch.setattr(postgres.PostgresSearchBackend, "estimate_sample_step", 2)
    with CaptureQueriesContext(connection) as queries:
        estimates = {q: _estimate(q) for q in ("sanctions", "society", "rouble", "nonesuch")}
    assert estimates == {q: 2 * _even_matches(q) for q in estimates}
    assert estimates["nonesuch"] == 0
    assert any(estimates.values())
    assert not any("EXPLAIN" in query["sql"] for query in queries.captured_queries)
    # The count stops at its limit.
    monkeypatch.setattr(postgres.PostgresSearchBackend, "estimate_sample_limit", 1)
    assert {q: _estimate(q) for q in estimates} == {q: min(v, 2) for q, v in estimates.items()}


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_full_rebuild_vacuums_the_entries_once_committed():
    from foreigndesk.search.actions import rebuild_index

    factories.translation(title="Grain exports resume")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_get_last_vacuum_time('search_searchentry'::regclass)")
        before = cursor.fetchone()[0]
    assert rebuild_index() == 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_get_last_vacuum_time('search_searchentry'::regclass)")
        after = cursor.fetchone()[0]
    assert after is not None
    assert before is None or after > before
    assert titles(search_articles(SearchParams(q="grain"))) == ["Grain exports resume"]
