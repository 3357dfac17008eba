"""SQLite FTS5: stemmed words in their own indexed table, ranked with BM25.

SQLite has no Russian (or German, or French) stemmer, so every part of an entry is stemmed here
with PyStemmer in its own language and stored as words separated by spaces in ``search_fts``
(``unicode61`` then folds case and diacritics). A query word is stemmed in every language of the
desk and matches any of its stems. User input never reaches FTS5's query syntax: each word goes
in double quotes, built from letters, digits and marks only, and the operators are ours.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..analysis import stem_words, stems
from ..query import Clause, ParsedQuery
from .base import RELEVANCE, Document, Match, SearchRequest, SqlSearchBackend

TABLE = "search_fts"
# BM25 weights of the columns: the translation's title, its text, the original's title and text.
WEIGHTS = (8.0, 1.0, 4.0, 0.8)


def _quoted(words: Sequence[str]) -> str:
    """An FTS5 string (a word, or a phrase when several): whatever is inside is only text."""
    return '"' + " ".join(word.replace('"', '""') for word in words) + '"'


def clause_expression(clause: Clause, languages: Sequence[str]) -> str:
    """Any stemmed form of the clause, one per language (duplicates removed)."""
    forms = {tuple(clause.words)}
    for language in languages:
        forms.add(tuple(stem_words(list(clause.words), language)))
    return "(" + " OR ".join(_quoted(form) for form in sorted(forms)) + ")"


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
        # FTS5 counts from its doclists without reading the entries (filters left out).
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {TABLE} WHERE {TABLE} MATCH %s", match.params)
            return int(cursor.fetchone()[0])

    def recent(
        self, match: Match, limit: int, where: list[str], estimate: int, *, narrowed: bool
    ) -> tuple[str, list[object]]:
        # FTS5 walks its doclists backwards for ORDER BY rowid DESC and stops at the limit; the
        # score is computed for those rows only.
        score = f"-bm25({TABLE}, {', '.join(str(w) for w in WEIGHTS)})"
        conditions = " AND ".join([f"{TABLE} MATCH %s", *where])
        return (
            f"SELECT {TABLE}.rowid AS id, {score} AS score FROM {TABLE} "
            f"CROSS JOIN search_searchentry e ON e.id = {TABLE}.rowid WHERE {conditions} "
            f"ORDER BY {TABLE}.rowid DESC LIMIT {int(limit)}",
            list(match.params),
        )

    def has_topic(self, column: str, topic: int) -> tuple[str, list[int]]:
        return f"EXISTS (SELECT 1 FROM json_each({column}) WHERE value = %s)", [topic]

    def each_topic(self, column: str) -> tuple[str, str]:
        return f"json_each({column}) AS topic", "topic.value"

    def index(self, documents: Iterable[Document]) -> int:
        rows = [
            (
                document.entry_id,
                stems(document.title, document.language),
                stems(document.body, document.language),
                stems(document.original_title, document.original_language),
                stems(document.original_body, document.original_language),
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
            cursor.execute(f"DELETE FROM {TABLE}")

    def optimize(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {TABLE}({TABLE}) VALUES ('optimize')")

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
