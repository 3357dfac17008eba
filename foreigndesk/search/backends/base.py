"""The search backend interface: what a backend is given and what it answers.

A backend stores the searchable text of index entries and answers a query with the matching
entries' ids, their total and their facet counts, in one round trip to the database. Both
backends here share the SQL around the match (filters, facets, the page of hits) and differ only
in the match itself and its score: :class:`SqlSearchBackend`.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.db import connections

from ..analysis import index_terms
from ..query import Clause, ParsedQuery

RELEVANCE = "relevance"
DATE = "date"
SORTS = (RELEVANCE, DATE)
FACETS = ("country", "outlet", "topic", "language", "year")
#: The facets counted from a column of the entry table, and the column.
FACET_COLUMNS = (
    ("country", "country_id"),
    ("outlet", "outlet_id"),
    ("language", "language_id"),
    ("year", "year"),
)


def clause_forms(clause: Clause, languages: Sequence[str]) -> list[tuple[str, ...]]:
    """The clause as an index may hold it: its words as written (as texts in languages without
    a stemmer, and numbers, are indexed), and stemmed and tagged in each of ``languages``
    (``analysis.index_terms``). Sorted, without duplicates."""
    forms = {tuple(clause.words)}
    for language in languages:
        forms.add(tuple(index_terms(list(clause.words), language)))
    return sorted(forms)


class SearchBackendError(Exception):
    """The backend cannot serve the request (misconfigured, or its index is missing)."""


@dataclass(frozen=True)
class Document:
    """The text of one index entry, each part with its language (BCP 47)."""

    entry_id: int
    title: str
    body: str
    language: str
    original_title: str
    original_body: str
    original_language: str


@dataclass(frozen=True)
class Filters:
    """Facet values to narrow by; ``None`` leaves a facet open. Ids are already resolved."""

    country: str | None = None
    outlet: int | None = None
    topic: int | None = None
    language: str | None = None
    year: int | None = None


@dataclass(frozen=True)
class SearchRequest:
    """One search: the parsed query, filters, who asks (readers or the desk), sort and page."""

    query: ParsedQuery
    languages: Sequence[str]
    filters: Filters = Filters()
    public_only: bool = True
    unpublished_only: bool = False
    now: datetime.datetime | None = None
    sort: str = RELEVANCE
    offset: int = 0
    limit: int = 20
    facets: bool = True
    exclude_original: int | None = None


@dataclass(frozen=True)
class Hit:
    """A matching entry, in rank order."""

    entry_id: int
    translation_id: int | None
    original_id: int | None
    score: float


@dataclass
class Outcome:
    """The answer to a :class:`SearchRequest`."""

    total: int = 0
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    #: The total and the facet counts were estimated from a sample (a broad search).
    approximate: bool = False


class SearchBackend:
    """Base class of search backends: subclasses implement ``search``, ``index`` and ``delete``."""

    #: Shown in the admin, the benchmark and error messages.
    name: ClassVar[str] = "base"
    #: The database vendor the backend runs on (``connection.vendor``); the system check
    #: compares it with the database in use.
    vendor: ClassVar[str] = ""
    #: Whether text leaves the machine (never for the database backends).
    sends_text_to_third_party: ClassVar[bool] = False

    def __init__(self, alias: str = "default", options: dict[str, Any] | None = None) -> None:
        self.alias = alias
        self.options = options or {}

    @property
    def connection(self) -> Any:
        return connections[self.options.get("DATABASE", "default")]

    def search(self, request: SearchRequest) -> Outcome:
        """The hits of one page, the total and the facet counts."""
        raise NotImplementedError

    def index(self, documents: Iterable[Document]) -> int:
        """Store (or replace) the text of these entries; the number stored."""
        raise NotImplementedError

    def delete(self, entry_ids: Sequence[int]) -> None:
        """Forget the text of these entries (their rows are deleted by the caller)."""
        raise NotImplementedError

    def clear(self) -> None:
        """Forget every entry's text (before a full rebuild, which then deletes every entry's
        row: a backend that keeps the text in the row has only its own structures to drop)."""
        raise NotImplementedError

    def optimize(self) -> None:
        """Compact the index after a bulk load (optional)."""

    def size(self) -> dict[str, int]:
        """Bytes used, by part of the index (optional, for the benchmark)."""
        return {}

    def problems(self) -> list[str]:
        """What is wrong with the index as stored (the database system check reports it)."""
        return []

    def stale_format(self) -> str | None:
        """Why the stored index is not in the format this version searches (written by an
        older version, or emptied by a migration), or None; the system check asks for a
        reindex."""
        return None


@dataclass(frozen=True)
class Match:
    """A backend's part of the search statement.

    ``ctes`` are common table expressions placed before ``matched`` (each ending with a comma);
    ``source`` is the FROM clause and names the entry table ``e``; ``condition`` the match;
    ``score`` the relevance expression (higher is better), computed for every match. A backend
    whose score is costly per row gives ``late_score`` instead, over the entry table ``r``: it is
    computed for the ``RANK_CANDIDATES`` most recent matches only. ``params`` follow the order in
    which the pieces appear: ctes, score, source, condition; ``late_params`` go with
    ``late_score``.
    """

    source: str
    condition: str
    params: list[Any]
    score: str = "0.0"
    ctes: str = ""
    late_score: str | None = None
    late_params: list[Any] = field(default_factory=list)
    #: The entry id as the match sees it (for sampling before any join).
    rowid: str = "e.id"


#: How many of the most recent matches a late score ranks (PostgreSQL's ``ts_rank`` reads each
#: article's whole vector: ranking tens of thousands of matches would take seconds). A broad
#: search ranks its 1,000 newest matches by relevance; a narrow one ranks all of them.
RANK_CANDIDATES = 1000
#: Above this many text matches, facets are counted on an even sample of about SAMPLE_SIZE
#: matches and scaled (``Outcome.approximate``): exact counts of 40,000 matches cost hundreds of
#: milliseconds on either database, and "about 40,000" says as much to a reader.
SAMPLE_ABOVE = 2000
SAMPLE_SIZE = 1000


def sample_step(estimate: int, max_step: int) -> int:
    """The step of the sample a search of about ``estimate`` matches counts its facets on
    (every step-th entry: about SAMPLE_SIZE of them), at most ``max_step``; 1 counts every
    match."""
    if estimate <= SAMPLE_ABOVE:
        return 1
    return min(1 << max(0, round(math.log2(estimate / SAMPLE_SIZE))), max_step)


class SqlSearchBackend(SearchBackend):
    """Filters, facets and the page of hits around a backend's match, in one statement.

    The matching entries are materialized once; the page of hits, the total and each facet's
    counts are read from that set and returned as rows of one ``UNION ALL``.
    """

    #: How many recent matches a broad (or late-scored) search ranks for its page.
    rank_candidates: int = RANK_CANDIDATES
    #: The coarsest sample a backend can draw (every k-th entry id).
    max_sample_step: int = 1 << 30

    def match(self, request: SearchRequest) -> Match:
        """How this backend matches and scores entries (see :class:`Match`)."""
        raise NotImplementedError

    def has_topic(self, column: str, topic: int) -> tuple[str, list[Any]]:
        """A condition: the JSON list of topic ids in ``column`` holds ``topic``."""
        raise NotImplementedError

    def each_topic(self, table: str) -> str:
        """A query with one row per topic id of each row of ``table`` (in its JSON list
        ``topics``): the id as text, in the column ``topic``."""
        raise NotImplementedError

    def estimate_matches(self, match: Match, request: SearchRequest) -> int:
        """About how many entries match: cheap, from the index or its statistics (a backend may
        leave the request's filters out). It decides whether facets are counted on a sample."""
        raise NotImplementedError

    def sample(self, match: Match, step: int) -> tuple[str, list[Any]]:
        """A condition keeping the matches whose entry id is a multiple of ``step``."""
        # ``id % step = 0``, spelt so that "%" reaches no driver.
        rowid, k = match.rowid, int(step)
        return f"{rowid} = {k} * ({rowid} / {k})", []

    def sampled_source(self, match: Match, step: int) -> tuple[str, list[Any]] | None:
        """A FROM clause holding only a sample of about one match in ``step`` (naming the entry
        table ``e``), with its params, for a backend that draws one faster than by testing
        each match (:meth:`sampled_match`); None to test each match."""
        return None

    def sampled_match(self, match: Match, step: int) -> tuple[str, list[Any]]:
        """The condition keeping the matches in the sample of every ``step``-th entry, with the
        params that replace ``match.params``: the match and :meth:`sample`, unless a backend
        finds the sample's matches more directly."""
        sample, sample_params = self.sample(match, step)
        return f"{match.condition} AND {sample}", [*match.params, *sample_params]

    def counted_sample(
        self, match: Match, step: int
    ) -> tuple[int, dict[str, dict[str, int]]] | None:
        """The matches and facet counts of the sample of every ``step``-th entry, unscaled,
        when the statement that estimated the matches counted them already (a backend whose
        estimate reads that very sample); None to count them with the page of hits."""
        return None

    def counts(self, table: str, *, facets: bool, padding: int = 0) -> list[str]:
        """Queries of rows ``(kind, key, n)`` over ``table``, for a ``UNION ALL``: the number of
        its rows (kind ``total``) and, with ``facets``, each facet value's (``padding`` NULL
        columns after ``n``). A facet row whose key is NULL counts nothing and is skipped."""
        pad = ", NULL" * padding
        if not facets:
            return [f"SELECT 'total', NULL, COUNT(*){pad} FROM {table}"]
        return [
            *self.column_counts(table, pad),
            f"SELECT 'topic', topic, COUNT(*){pad} "
            f"FROM ({self.each_topic(table)}) AS each_topic GROUP BY topic",
        ]

    def column_counts(self, table: str, pad: str) -> list[str]:
        """The total and the counts of the facets held in columns (``FACET_COLUMNS``), as in
        :meth:`counts`, ``pad`` after ``n``: one query each."""
        return [
            f"SELECT 'total', NULL, COUNT(*){pad} FROM {table}",
            *(
                f"SELECT '{facet}', CAST({column} AS text), COUNT(*){pad} "
                f"FROM {table} WHERE {column} IS NOT NULL GROUP BY {column}"
                for facet, column in FACET_COLUMNS
            ),
        ]

    def recent(
        self,
        match: Match,
        limit: int,
        where: list[str],
        where_params: list[Any],
        estimate: int,
        *,
        narrowed: bool,
    ) -> tuple[str, list[Any]]:
        """SQL for the ``limit`` most recently indexed matches passing ``where`` (on the entry
        table ``e``, with ``where_params``): rows ``(id, score)``, and all its params;
        ``estimate`` is what :meth:`estimate_matches` said, ``narrowed`` whether a facet filter
        is among ``where``."""
        raise NotImplementedError

    @staticmethod
    def _conditions(request: SearchRequest, alias: str) -> tuple[list[str], list[Any]]:
        """Who may see an entry: readers only published, visible translations."""
        where: list[str] = []
        params: list[Any] = []
        if request.public_only:
            where.append(f"{alias}.public = %s AND {alias}.published_at <= %s")
            params += [True, request.now]
        if request.unpublished_only:
            where.append(f"{alias}.public = %s")
            params.append(False)
        if request.exclude_original is not None:
            where.append(f"({alias}.original_id IS NULL OR {alias}.original_id <> %s)")
            params.append(request.exclude_original)
        return where, params

    def _narrowing(self, request: SearchRequest, alias: str) -> tuple[list[str], list[Any]]:
        """The facet filters."""
        narrow: list[str] = []
        params: list[Any] = []
        filters = request.filters
        for column, value in (
            ("country_id", filters.country),
            ("outlet_id", filters.outlet),
            ("language_id", filters.language),
            ("year", filters.year),
        ):
            if value is not None:
                narrow.append(f"{alias}.{column} = %s")
                params.append(value)
        if filters.topic is not None:
            sql, values = self.has_topic(f"{alias}.topics", filters.topic)
            narrow.append(sql)
            params.extend(values)
        return narrow, params

    def _matched(
        self, match: Match, step: int, where: list[str], where_params: list[Any]
    ) -> tuple[str, list[Any]]:
        """The matches passing ``where`` (every ``step``-th entry's when ``step`` > 1), with the
        columns the page, the total and the facets read, and their params."""
        source, source_params = match.source, []
        conditions, condition_params = [match.condition], list(match.params)
        if step > 1:
            sampled = self.sampled_source(match, step)
            if sampled is not None:
                (source, source_params), conditions, condition_params = sampled, [], []
            else:
                condition, condition_params = self.sampled_match(match, step)
                conditions = [condition]
        # A sample only counts: the page is ranked among the recent matches, so the score
        # (BM25 reads every matched word's positions) is not computed for it.
        return (
            "SELECT e.id, e.translation_id, e.original_id, e.country_id, e.outlet_id, "
            f"e.language_id, e.year, e.published_at, e.topics, "
            f"{match.score if step == 1 else '0.0'} AS score "
            f"FROM {source} "
            f"WHERE {' AND '.join([*conditions, *where])}",
            [*source_params, *condition_params, *where_params],
        )

    def search(self, request: SearchRequest) -> Outcome:
        if not request.query.is_searchable:
            return Outcome()
        match = self.match(request)
        # A broad search (tens of thousands of matches) counts its facets on an even sample
        # of the matches (every k-th entry id, k a power of two) and scales the counts; its page
        # of hits comes from the most recent matches, ranked. A narrower one is counted and
        # ranked exactly.
        where, where_params = self._conditions(request, "e")
        narrow, narrow_params = self._narrowing(request, "e")
        step, estimate = 1, 0
        if request.facets and SAMPLE_ABOVE:
            estimate = self.estimate_matches(match, request)
            step = sample_step(estimate, self.max_sample_step)
        # The sample may have been counted already, by the statement that estimated it.
        counted = self.counted_sample(match, step) if step > 1 else None
        order = (
            "score DESC, id DESC"
            if request.sort == RELEVANCE
            else "published_at DESC NULLS LAST, id DESC"
        )
        ctes: list[str] = [match.ctes] if match.ctes else []
        params: list[Any] = []
        if counted is None:
            found, found_params = self._matched(
                match, step, [*where, *narrow], [*where_params, *narrow_params]
            )
            ctes.append(f"matched AS MATERIALIZED ({found})")
            params += found_params
        ranked_later = match.late_score is not None and request.sort == RELEVANCE
        limit = max(self.rank_candidates, request.offset + request.limit)
        if step > 1:
            # Candidates for the page: the most recent matches that pass every filter.
            recent_sql, recent_params = self.recent(
                match,
                limit,
                [*where, *narrow],
                [*where_params, *narrow_params],
                estimate,
                narrowed=bool(narrow),
            )
            ctes.append(f"recent AS MATERIALIZED ({recent_sql})")
            params += recent_params
        elif ranked_later:
            # Every match is at hand: the most recent of them are ranked.
            ctes.append(
                f"recent AS MATERIALIZED (SELECT id, score FROM matched ORDER BY id DESC "
                f"LIMIT {int(limit)})"
            )
        if step > 1 or ranked_later:
            score = match.late_score if ranked_later else "recent.score"
            hits = (
                "SELECT * FROM (SELECT r.id, r.translation_id, r.original_id, r.published_at, "
                f"{score} AS score FROM recent JOIN search_searchentry r ON r.id = recent.id) "
                f"AS ranked ORDER BY {order} LIMIT %s OFFSET %s"
            )
            hit_params = [
                *(match.late_params if ranked_later else []),
                request.limit,
                request.offset,
            ]
        else:
            hits = f"SELECT * FROM matched ORDER BY {order} LIMIT %s OFFSET %s"
            hit_params = [request.limit, request.offset]
        parts = [
            "SELECT 'hit' AS kind, CAST(NULL AS text) AS key, "
            f"ROW_NUMBER() OVER (ORDER BY {order}) AS n, id, translation_id, original_id, "
            f"CAST(score AS double precision) AS score FROM ({hits}) AS page",
        ]
        params += hit_params
        if counted is None:
            parts += self.counts("matched", facets=request.facets, padding=4)
        sql = "WITH " + ", ".join(ctes) + " " + " UNION ALL ".join(parts)
        outcome = Outcome(approximate=step > 1)
        if counted is not None:
            total, facets = counted
            outcome.total = total * step
            outcome.facets = {
                facet: {key: n * step for key, n in values.items()}
                for facet, values in facets.items()
            }
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        found_hits = []
        for kind, key, n, entry_id, translation_id, original_id, value in rows:
            if kind == "hit":
                found_hits.append(
                    (n, Hit(entry_id, translation_id, original_id, float(value or 0)))
                )
            elif kind == "total":
                outcome.total = int(n) * step
            elif key is not None:
                outcome.facets.setdefault(kind, {})[key] = int(n) * step
        outcome.hits = [hit for _, hit in sorted(found_hits, key=lambda pair: pair[0])]
        return outcome
