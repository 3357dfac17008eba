"""SQLite FTS5: words stemmed and tagged with their language, in their own table, ranked with BM25.

SQLite has no Russian (or German, or French) stemmer, so every part of an entry is stemmed here
with PyStemmer in its own language, each stem tagged with that language (``en:port``, see
``analysis.index_terms``), and stored as terms separated by spaces in ``search_fts``
(``unicode61``, told to keep the tag's colon inside tokens, then folds case and diacritics). A
query word is stemmed in each of the query's languages and matches any of those stems, or the
word as written. User input never reaches FTS5's query syntax: each term goes in double quotes,
built from letters, digits, marks and the tag only, and the operators are ours.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ..analysis import TAG, indexed
from ..query import Clause, ParsedQuery
from .base import (
    RELEVANCE,
    Document,
    Match,
    SearchRequest,
    SqlSearchBackend,
    clause_forms,
)

TABLE = "search_fts"
#: How many of the newest entries the estimate of a search's matches counts them in.
ESTIMATE_WINDOW = 10_000
#: A broad search's facets are counted on this many runs of consecutive entries spread evenly
#: over the index, together about one entry in the sample's step: FTS5 seeks to each run in a
#: word's list of entries, where testing every k-th id would walk the whole list (a word found
#: in half of 100,000 articles: 4.1 ms against 0.5), and the entries of a run are read together.
SAMPLE_RUNS = 32
# BM25 weights of the columns: the translation's title, its text, the original's title and text.
WEIGHTS = (8.0, 1.0, 4.0, 0.8)


def _quoted(words: Sequence[str]) -> str:
    """An FTS5 string (a word, or a phrase when several): whatever is inside is only text."""
    return '"' + " ".join(word.replace('"', '""') for word in words) + '"'


#: The tokenizer of ``search_fts`` (migration 0004): without ``tokenchars`` the tag's colon would
#: split ``en:port`` into two tokens, ``en`` and ``port``, and the languages would meet again.
TOKENIZER = f"unicode61 remove_diacritics 2 tokenchars '{TAG}'"


def clause_expression(clause: Clause, languages: Sequence[str]) -> str:
    """Any form of the clause (see :func:`clause_forms`), as an FTS5 expression."""
    return "(" + " OR ".join(_quoted(form) for form in clause_forms(clause, languages)) + ")"


def match_expression(query: ParsedQuery, languages: Sequence[str]) -> str:
    """The FTS5 MATCH string for a parsed query."""
    required = [clause_expression(clause, languages) for clause in query.required]
    joiner = " OR " if query.any_of else " AND "
    expression = "(" + joiner.join(required) + ")"
    excluded = [clause_expression(clause, languages) for clause in query.excluded]
    if excluded:
        expression += " NOT (" + " OR ".join(excluded) + ")"
    return expression


class SQLiteSearchBackend(SqlSearchBackend):
    """Full-text search with SQLite's FTS5 over words stemmed by PyStemmer."""

    name = "SQLite FTS5"
    vendor = "sqlite"

    def match(self, request: SearchRequest) -> Match:
        expression = match_expression(request.query, request.languages)
        score = f"-bm25({TABLE}, {', '.join(str(w) for w in WEIGHTS)})"
        if request.sort != RELEVANCE:
            score = "0.0"
        # CROSS JOIN keeps the FTS5 table first: the match drives, the entries are looked up.
        return Match(
            source=f"{TABLE} CROSS JOIN search_searchentry e ON e.id = {TABLE}.rowid",
            condition=f"{TABLE} MATCH %s",
            score=score,
            params=[expression],
            rowid=f"{TABLE}.rowid",
        )

    def estimate_matches(self, match: Match, request: SearchRequest) -> int:
        # FTS5 counts from its doclists without reading the entries (filters left out), among
        # the newest ESTIMATE_WINDOW entries only: its doclists are sorted by entry id, so it
        # seeks to the window instead of walking every match of a common word. Scaled to the
        # whole archive; an archive no larger than the window is counted exactly.
        with self.connection.cursor() as cursor:
            cursor.execute(
                "WITH last AS (SELECT COALESCE(MAX(id), 0) AS id FROM search_searchentry) "
                f"SELECT (SELECT id FROM last), (SELECT COUNT(*) FROM {TABLE} WHERE {TABLE} "
                "MATCH %s AND rowid > (SELECT id FROM last) - %s)",
                [*match.params, ESTIMATE_WINDOW],
            )
            last, found = (int(value) for value in cursor.fetchone())
        window = min(last, ESTIMATE_WINDOW)
        return round(found * last / window) if window else 0

    def sampled_source(self, match: Match, step: int) -> tuple[str, list[Any]] | None:
        with self.connection.cursor() as cursor:
            # Each in its own query: SQLite reads one end of the index for a lone MIN or MAX,
            # and the whole table for both together.
            cursor.execute(
                "SELECT (SELECT MIN(id) FROM search_searchentry), "
                "(SELECT MAX(id) FROM search_searchentry)"
            )
            first, last = cursor.fetchone()
        if first is None:
            return None
        span = int(last) - int(first) + 1
        width = max(1, -(-span // (step * SAMPLE_RUNS)))
        runs = range(int(first), int(last) + 1, width * step)
        one = (
            f"SELECT {TABLE}.rowid AS id FROM {TABLE} "
            f"WHERE {match.condition} AND {TABLE}.rowid BETWEEN %s AND %s"
        )
        return (
            f"({' UNION ALL '.join([one] * len(runs))}) AS sampled "
            "CROSS JOIN search_searchentry e ON e.id = sampled.id",
            [value for start in runs for value in (*match.params, start, start + width - 1)],
        )

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
        # FTS5 walks its doclists backwards for ORDER BY rowid DESC and stops at the limit; the
        # score is computed for those rows only.
        score = f"-bm25({TABLE}, {', '.join(str(w) for w in WEIGHTS)})"
        conditions = " AND ".join([f"{TABLE} MATCH %s", *where])
        return (
            f"SELECT {TABLE}.rowid AS id, {score} AS score FROM {TABLE} "
            f"CROSS JOIN search_searchentry e ON e.id = {TABLE}.rowid WHERE {conditions} "
            f"ORDER BY {TABLE}.rowid DESC LIMIT {int(limit)}",
            [*match.params, *where_params],
        )

    def has_topic(self, column: str, topic: int) -> tuple[str, list[int]]:
        return f"EXISTS (SELECT 1 FROM json_each({column}) WHERE value = %s)", [topic]

    def each_topic(self, table: str) -> str:
        return (
            f"SELECT CAST(topic.value AS text) AS topic FROM {table}, "
            f"json_each({table}.topics) AS topic"
        )

    def index(self, documents: Iterable[Document]) -> int:
        rows = [
            (
                document.entry_id,
                indexed(document.title, document.language),
                indexed(document.body, document.language),
                indexed(document.original_title, document.original_language),
                indexed(document.original_body, document.original_language),
            )
            for document in documents
        ]
        if not rows:
            return 0
        with self.connection.cursor() as cursor:
            cursor.executemany(f"DELETE FROM {TABLE} WHERE rowid = %s", [(row[0],) for row in rows])
            cursor.executemany(
                f"INSERT INTO {TABLE} (rowid, title, body, original_title, original_body) "
                "VALUES (%s, %s, %s, %s, %s)",
                rows,
            )
        return len(rows)

    def delete(self, entry_ids: Sequence[int]) -> None:
        with self.connection.cursor() as cursor:
            cursor.executemany(f"DELETE FROM {TABLE} WHERE rowid = %s", [(pk,) for pk in entry_ids])

    def clear(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [TABLE])
            row = cursor.fetchone()
            if row is not None and "tokenchars" in row[0]:
                cursor.execute(f"DELETE FROM {TABLE}")
                return
            # A table made before migration 0004 (restored from an old backup, say): its
            # tokenizer would split the tags off, so a rebuild makes it again.
            cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
            tokenizer = TOKENIZER.replace("'", "''")
            cursor.execute(
                f"CREATE VIRTUAL TABLE {TABLE} USING fts5(title, body, original_title, "
                f"original_body, tokenize = '{tokenizer}')"
            )

    def optimize(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {TABLE}({TABLE}) VALUES ('optimize')")

    def stale_format(self) -> str | None:
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [TABLE])
            row = cursor.fetchone()
            if row is None:
                return None  # not migrated yet: migrate says so
            if "tokenchars" not in row[0]:
                return "its words are not tagged with their language"
            # The newest entry has its text (after migration 0004 the table starts empty).
            cursor.execute(
                f"SELECT NOT EXISTS (SELECT 1 FROM {TABLE} WHERE rowid = e.id) "
                "FROM search_searchentry e ORDER BY e.id DESC LIMIT 1"
            )
            row = cursor.fetchone()
        if row is not None and row[0]:
            return "it holds no text for the newest entries"
        return None

    def size(self) -> dict[str, int]:
        with self.connection.cursor() as cursor:
            try:
                cursor.execute(
                    "SELECT CASE WHEN name LIKE %s THEN 'text index' ELSE 'entries and facets' "
                    "END, SUM(pgsize) FROM dbstat WHERE name LIKE %s OR name LIKE %s GROUP BY 1",
                    [f"{TABLE}%", f"{TABLE}%", "search_searchentry%"],
                )
            except Exception:  # dbstat is optional in SQLite builds
                return {}
            return {part: int(size) for part, size in cursor.fetchall()}
