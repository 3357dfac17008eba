"""PostgreSQL full-text search: a ``tsvector`` per entry, each part in its language's configuration.

The translation is analysed with its language's configuration (``english``), the original with
its own (``russian``, ``german`` ...; ``simple`` where PostgreSQL has none, as for Ukrainian,
Polish or Chinese, whose text is first cut into bigrams). Titles weigh more than text (weights A
and B against C and D). A query is built from our clauses with ``plainto_tsquery`` and
``phraseto_tsquery``, which read their argument as plain text: user input is a parameter, never
tsquery syntax. Each clause is tried in every configuration of the desk's languages.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import transaction

from ..analysis import base_language, segment_cjk
from ..query import Clause, ParsedQuery
from .base import Document, Match, Outcome, SearchRequest, SqlSearchBackend

#: Text-search configurations of a stock PostgreSQL 13-16, by the base of a BCP 47 tag.
CONFIGURATIONS = {
    "ar": "arabic",
    "hy": "armenian",
    "eu": "basque",
    "ca": "catalan",
    "da": "danish",
    "nl": "dutch",
    "en": "english",
    "fi": "finnish",
    "fr": "french",
    "de": "german",
    "el": "greek",
    "hi": "hindi",
    "hu": "hungarian",
    "id": "indonesian",
    "ga": "irish",
    "it": "italian",
    "lt": "lithuanian",
    "ne": "nepali",
    "no": "norwegian",
    "nb": "norwegian",
    "nn": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "es": "spanish",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
    "yi": "yiddish",
}
SIMPLE = "simple"
# ts_rank's weights for D, C, B, A: the original's text, the translation's text, the original's
# title, the translation's title.
RANK_WEIGHTS = "{0.1, 0.2, 0.5, 1.0}"


def configuration(language: str | None) -> str:
    """The configuration for a BCP 47 tag; ``simple`` for a language PostgreSQL lacks."""
    return CONFIGURATIONS.get(base_language(language), SIMPLE)


def prepared(text: str, language: str | None) -> str:
    """Text as given to ``to_tsvector``: CJK runs cut into bigrams (see ``segment_cjk``)."""
    return segment_cjk(text)


def _clause(clause: Clause, config: str) -> tuple[str, list[str]]:
    function = "phraseto_tsquery" if clause.is_phrase else "plainto_tsquery"
    # ``config`` comes from CONFIGURATIONS, never from input.
    return f"{function}('{config}'::regconfig, %s)", [" ".join(clause.words)]


def tsquery(query: ParsedQuery, languages: Sequence[str]) -> tuple[str, list[str]]:
    """A tsquery expression and its parameters: each config's reading of the query, or-ed.

    Within one configuration the clauses are and-ed, so a word that configuration drops as a
    stop word drops out there only. Exclusions are or-ed over every configuration: any form of
    an excluded word, in any language, leaves an article out.
    """
    configs = sorted({configuration(code) for code in languages} | {SIMPLE})
    params: list[str] = []

    def join(clauses: Sequence[Clause], config: str, operator: str) -> str:
        pieces = []
        for clause in clauses:
            sql, values = _clause(clause, config)
            pieces.append(sql)
            params.extend(values)
        return "(" + f" {operator} ".join(pieces) + ")"

    operator = "||" if query.any_of else "&&"
    # Each configuration's reading, once: most configurations read most words alike, and a
    # tsquery repeating a lexeme makes the GIN index fetch its list again for each repetition.
    readings = ", ".join(f"({join(query.required, c, operator)})" for c in configs)
    expression = _distinct_or(readings)
    if query.excluded:
        excluded = ", ".join(f"({join(query.excluded, c, '||')})" for c in configs)
        expression = f"({expression} && !!({_distinct_or(excluded)}))"
    return expression, params


def _distinct_or(rows: str) -> str:
    """The or of the distinct non-empty tsqueries in ``rows`` (a VALUES list).

    The pieces are PostgreSQL's own printed tsqueries, parenthesised and read back: no user
    text is parsed as tsquery syntax. An empty result is the empty tsquery (matches nothing).
    """
    return (
        "CAST(COALESCE((SELECT string_agg(DISTINCT '(' || CAST(x AS text) || ')', ' | ') "
        f"FROM (VALUES {rows}) AS v(x) WHERE numnode(x) > 0), '') AS tsquery)"
    )


class PostgresSearchBackend(SqlSearchBackend):
    """Full-text search with PostgreSQL's per-language configurations and a GIN index."""

    #: ts_rank unpacks each candidate's vector (about 15 µs each): rank fewer than SQLite.
    rank_candidates = 400

    name = "PostgreSQL full-text search"
    vendor = "postgresql"

    def match(self, request: SearchRequest) -> Match:
        expression, params = tsquery(request.query, request.languages)
        # First, PostgreSQL builds the tsquery from our clauses and prints it; the search then
        # takes that text back as a constant (it is PostgreSQL's own output, every lexeme
        # quoted), so the planner sees real selectivities and the GIN index is used. The same
        # statement turns sequential scans off for this transaction: a sequential scan would
        # unpack every article's vector to test it, seconds on a large archive.
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('enable_seqscan', 'off', true), "
                "set_config('enable_mergejoin', 'off', true), "
                f"CAST({expression} AS text)",
                params,
            )
            literal = cursor.fetchone()[2]
        return Match(
            source="search_searchentry e",
            condition="e.document @@ CAST(%s AS tsquery)",
            params=[literal],
            late_score=f"ts_rank('{RANK_WEIGHTS}', r.document, CAST(%s AS tsquery))",
            late_params=[literal],
        )

    def search(self, request: SearchRequest) -> Outcome:
        # One transaction for both statements, so that the planner setting holds for the second.
        with transaction.atomic(using=self.connection.alias, savepoint=False):
            return super().search(request)

    def count_matches(self, match: Match) -> int:
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT COUNT(*) FROM search_searchentry e WHERE e.document @@ CAST(%s AS tsquery)",
                match.params,
            )
            return int(cursor.fetchone()[0])

    def recent(self, match: Match, limit: int, where: list[str]) -> tuple[str, list[object]]:
        conditions = " AND ".join(["e.document @@ CAST(%s AS tsquery)", *where])
        # OFFSET 0 fences the subquery: the GIN index finds the matches, then the newest are
        # kept. Without it the planner walks the primary key backwards and unpacks each
        # article's vector until it has enough: seconds for a rare word.
        return (
            f"SELECT id, 0.0 AS score FROM (SELECT e.id FROM search_searchentry e "
            f"WHERE {conditions} OFFSET 0) AS m ORDER BY id DESC LIMIT {int(limit)}",
            list(match.params),
        )

    def has_topic(self, column: str, topic: int) -> tuple[str, list[str]]:
        return f"{column} @> CAST(%s AS jsonb)", [f"[{int(topic)}]"]

    def each_topic(self, column: str) -> tuple[str, str]:
        return f"jsonb_array_elements({column}) AS topic", "topic"

    def index(self, documents: Iterable[Document]) -> int:
        rows = []
        for document in documents:
            own, other = configuration(document.language), configuration(document.original_language)
            rows.append(
                (
                    own,
                    prepared(document.title, document.language),
                    own,
                    prepared(document.body, document.language),
                    other,
                    prepared(document.original_title, document.original_language),
                    other,
                    prepared(document.original_body, document.original_language),
                    document.entry_id,
                )
            )
        if not rows:
            return 0
        with self.connection.cursor() as cursor:
            cursor.executemany(
                "UPDATE search_searchentry SET document = "
                "setweight(to_tsvector(%s::regconfig, %s), 'A') || "
                "setweight(to_tsvector(%s::regconfig, %s), 'C') || "
                "setweight(to_tsvector(%s::regconfig, %s), 'B') || "
                "setweight(to_tsvector(%s::regconfig, %s), 'D') WHERE id = %s",
                rows,
            )
        return len(rows)

    def delete(self, entry_ids: Sequence[int]) -> None:
        # The text lives in the entry's row and goes with it.
        return None

    def clear(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute("UPDATE search_searchentry SET document = NULL")

    def optimize(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchentry")

    def size(self) -> dict[str, int]:
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_table_size('search_searchentry'), pg_indexes_size('search_searchentry')"
            )
            table, indexes = cursor.fetchone()
        return {"entries and text vectors": int(table), "indexes (GIN, keys)": int(indexes)}
