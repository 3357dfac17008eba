"""PostgreSQL's search keys: the query on ``keys`` made from a printed tsquery, and the keys an
indexed entry holds (the second part runs on PostgreSQL only)."""

from __future__ import annotations

import datetime
import re

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
    block_keys,
    facet_keys,
    keys_query,
    pairs_decide,
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


@pytest.mark.parametrize(
    ("printed", "decide"),
    [
        ("'civil' <-> 'societi'", True),
        ("( 'civil' <-> 'societi' ) | ( 'civil' <-> 'society' )", True),
        ("( 'civil' <-> 'societi' ) & !'war'", True),
        ("'sanction' & 'rubl'", True),
        # Pairs in a row do not make a run of three; a gap has no pair; an excluded phrase has
        # no keys.
        ("'a' <-> 'b' <-> 'c'", False),
        ("'end' <2> 'war'", False),
        ("'societi' & !( 'civil' <-> 'societi' )", False),
        ("", False),
    ],
)
def test_pairs_decide_two_words_side_by_side_only(printed, decide):
    assert pairs_decide(printed) is decide


def _covered(keys: list[str]) -> set[int]:
    ids: set[int] = set()
    for key in keys:
        bits, number = key.strip("'#b").split(":")
        size = 1 << int(bits)
        ids.update(range(int(number) * size, (int(number) + 1) * size))
    return ids


@pytest.mark.parametrize(
    ("first", "last", "keys"),
    [
        (1, 5, ["'#b10:0'"]),
        (1000, 2100, ["'#b10:0'", "'#b10:1'", "'#b10:2'"]),
        # Whole blocks of 32,768 where they fit, blocks of 1,024 at the edges.
        (65526, 99334, ["'#b10:63'", "'#b15:2'", "'#b10:96'", "'#b10:97'"]),
        (-50, 3, ["'#b10:0'"]),
        (7, 6, []),
    ],
)
def test_block_keys_cover_the_window_with_the_fewest_keys(first, last, keys):
    assert block_keys(first, last) == keys
    assert set(range(first, last + 1)) - {-50 + n for n in range(50)} <= _covered(keys)


def test_block_keys_cover_every_window():
    for first in range(0, 70000, 977):
        for last in (first, first + 1023, first + 33000, first + 70000):
            covered = _covered(block_keys(first, last))
            assert first in covered
            assert last in covered
            assert min(covered) > first - 1024


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
    assert {key for key in keys if key.startswith("#b")} == {
        f"#b10:{entry.pk // 1024}",
        f"#b15:{entry.pk // 32768}",
    }


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
    # Under a facet filter the matches may all be old: when the window of the newest entries
    # holds too few of them, every match is looked at.
    assert titles(search_articles(SearchParams(q="sanctions", country="DE"))) == [
        "Society under sanctions"
    ]
    assert bounded[-1] is False


def _search(q: str, limit: int = 3, **filters: object):
    from foreigndesk.search.backends.base import SearchRequest
    from foreigndesk.search.query import parse

    request = SearchRequest(
        query=parse(q),
        languages=("en",),
        filters=Filters(**filters),  # type: ignore[arg-type]
        now=timezone.now(),
        limit=limit,
    )
    return get_backend().search(request)


@postgres_only
def test_the_newest_matches_are_looked_for_by_block_keys(archive, monkeypatch):
    from foreigndesk.search.backends import base, postgres

    country = archive["rate"].original.outlet.country_id
    exact = {
        (q, narrowed): _search(q, country=country if narrowed else None)
        for q in ("sanctions", "bank")
        for narrowed in (False, True)
    }
    everything = {hit.entry_id for hit in _search("sanctions", limit=100).hits}
    # A window of the newest entries: the sample key, the window's block keys and the matches
    # of those entries are all there is to read.
    monkeypatch.setattr(base, "SAMPLE_ABOVE", 1)
    monkeypatch.setattr(base, "SAMPLE_SIZE", 1)
    # Many matches (as estimated) and a window of the newest few entries: the window's blocks
    # hold fewer entries than the search has matches, so they narrow its tsquery.
    monkeypatch.setattr(postgres.PostgresSearchBackend, "estimate_matches", lambda *args: 1000)
    monkeypatch.setattr(postgres.PostgresSearchBackend, "rank_candidates", 1)
    monkeypatch.setattr(postgres, "RECENT_MARGIN", 2.2)
    last = SearchEntry.objects.order_by("-pk").first()
    assert last is not None
    with CaptureQueriesContext(connection) as queries:
        newest = _search("sanctions")
    statement = queries.captured_queries[-1]["sql"]
    assert f"#b10:{last.pk // 1024}" in statement
    found = re.search(r"e\.id > (\d+)", statement)
    assert found is not None
    window = sorted((pk for pk in everything if pk > int(found.group(1))), reverse=True)
    assert window
    assert {hit.entry_id for hit in newest.hits} == set(window[:3])
    # Under a facet filter the window is only a first look: with too few matches there,
    # every match is looked at, and the page is the same as without a window.
    for (q, narrowed), outcome in exact.items():
        if narrowed:
            assert _search(q, country=country).hits == outcome.hits
    assert exact[("bank", True)].hits
    # Fewer matches than the window holds entries: the search's keys alone are cheaper.
    monkeypatch.setattr(postgres.PostgresSearchBackend, "estimate_matches", lambda *args: 5)
    with CaptureQueriesContext(connection) as queries:
        _search("sanctions")
    assert "#b10:" not in queries.captured_queries[-1]["sql"]


@postgres_only
def test_two_words_side_by_side_are_decided_by_their_pair_key(archive):
    with CaptureQueriesContext(connection) as queries:
        found = titles(search_articles(SearchParams(q='"civil society"')))
    assert set(found) == {"Civil society groups meet in Samara", "Society under sanctions"}
    assert not any("ts_match_vq" in query["sql"] for query in queries.captured_queries)
    assert titles(search_articles(SearchParams(q='"society civil"'))) == []
    # Three words, or two with a common word between them, are confirmed on the text.
    with CaptureQueriesContext(connection) as queries:
        search_articles(SearchParams(q='"representatives of civil"'))
    assert any("ts_match_vq" in query["sql"] for query in queries.captured_queries)


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


def _outcome(params: SearchParams) -> tuple[tuple, bool]:
    """What a search shows, and whether its main statement read the matches again."""
    with CaptureQueriesContext(connection) as queries:
        page = search_articles(params)
    facets = {name: [(v.value, v.count) for v in values] for name, values in page.facets.items()}
    shown = (page.total, page.approximate, [result.entry_id for result in page.results], facets)
    return shown, any("matched AS" in query["sql"] for query in queries.captured_queries)


def _count_on_the_estimates_sample(monkeypatch, *, limit: int = 2000) -> None:
    from foreigndesk.search.backends import base, postgres

    # Every search with a match on the sample key '#s2' (even ids) is counted on that sample,
    # the one its matches are estimated on.
    monkeypatch.setattr(base, "SAMPLE_ABOVE", 1)
    monkeypatch.setattr(base, "SAMPLE_SIZE", 1)
    for name, value in (
        ("estimate_sample_step", 2),
        ("max_sample_step", 2),
        ("estimate_sample_limit", limit),
    ):
        monkeypatch.setattr(postgres.PostgresSearchBackend, name, value)


def _more_society(count: int) -> None:
    """``count`` more Russian articles on civil society, indexed one after another: their
    entries have consecutive ids, so that every other one is in the sample key '#s2'."""
    volga = factories.outlet("Samarskiye Vesti", country_code="RU")
    farming = Topic.objects.get(slug="agriculture")
    for number in range(count):
        translation = factories.translation(
            title=f"Civil society in the regions, part {number + 1}",
            blocks=[{"kind": "paragraph", "text": "Civil society met. Nobody mentioned the war."}],
            original_obj=factories.original(
                title=f"Общество, часть {number + 1}", language_code="ru", outlet_obj=volga
            ),
            topics=[farming],
            published_at=timezone.now() - datetime.timedelta(days=number + 1),
        )
        update_article(translation_id=translation.pk)


@postgres_only
def test_a_search_counted_on_the_estimates_sample_is_counted_by_the_estimate(archive, monkeypatch):
    from foreigndesk.search.backends import postgres

    _more_society(4)
    _count_on_the_estimates_sample(monkeypatch)
    folded = [
        SearchParams(q="society"),
        SearchParams(q="society", country="RU"),
        SearchParams(q="society", topic="agriculture"),
        SearchParams(q="society", sort="date"),
        SearchParams(q='"civil society"'),  # a pair: decided by its key
    ]
    # A phrase with a word left out is confirmed on the text, which the estimate does not read.
    confirmed = SearchParams(q='"mentioned the war"')
    seen = {params: _outcome(params) for params in [*folded, confirmed]}
    for params in folded:
        shown, read_again = seen[params]
        assert shown[1], params
        assert shown[0] > 0, params
        assert not read_again, params
    shown, read_again = seen[confirmed]
    assert shown[1]
    assert read_again
    # The same totals, facets and page as when the main statement counts the sample.
    monkeypatch.setattr(postgres.PostgresSearchBackend, "counted_sample", lambda *args: None)
    assert {params: _outcome(params)[0] for params in seen} == {
        params: shown for params, (shown, _) in seen.items()
    }


@postgres_only
def test_a_sample_cut_short_by_the_estimates_limit_is_counted_by_the_main_statement(
    archive, monkeypatch
):
    _more_society(4)
    _count_on_the_estimates_sample(monkeypatch, limit=1)
    shown, read_again = _outcome(SearchParams(q="society"))
    assert read_again
    assert shown[1]


@postgres_only
def test_the_fewest_sample_matches_that_choose_the_estimates_own_sample(monkeypatch):
    from foreigndesk.search.backends import base, postgres

    backend = postgres.PostgresSearchBackend()
    # 1,000 matches a sample, and the coarsest sample is one entry in 64: at 708 of them
    # (45,312 matches) the search is counted on it; at 707 (45,248) on one in 32.
    assert backend._least_counted(64, 2000) == 708
    assert base.sample_step(708 * 64, 64) == 64
    assert base.sample_step(707 * 64, 64) == 32
    # A limit below that: never.
    assert backend._least_counted(64, 700) is None
