"""PostgreSQL full-text search: a ``tsvector`` per entry, its lexemes tagged with their language.

Every part of an entry is analysed in Python as on SQLite (``analysis.index_terms``): each word
stemmed in the language of its text and tagged with it (``en:port``, ``ru:ставк``), words no
stemmer reads kept as written, Chinese and Japanese cut into bigrams. The vector is given to
PostgreSQL as a ``tsvector`` literal, with each word's position, so phrases and ranking work as
with ``to_tsvector``; no text-search configuration stems anything, so stems of different languages
never collide. Titles weigh more than text (weights A and B against C and D). A query is built
the same way, as a ``tsquery`` literal in which every lexeme is quoted: user input is never read
as tsquery syntax. Each clause matches any of its forms in the query's languages.

The GIN index covers ``keys`` (migration 0003), not the positional ``document``: every word once,
every pair of adjacent words as one key, a sample key and block keys (migration 0005). A phrase is
looked up by its pairs, so only the articles holding every pair of it are checked against
``document``, instead of every article holding its words (two words side by side are decided by
their pair alone); a broad search counts its facets on the entries of a few sample keys, and looks
for its newest matches among the entries of the newest block keys, which the index finds without
reading the rest.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from ..analysis import index_terms, is_stop_word, words
from ..query import Clause, ParsedQuery
from .base import (
    FACET_COLUMNS,
    Document,
    Filters,
    Match,
    Outcome,
    SearchRequest,
    SqlSearchBackend,
    clause_forms,
    sample_step,
)

#: The newest matches are looked for among this many times the newest entries that should hold
#: them (by the planner's estimate). Each entry looked at has its keys read and tested (the
#: planner prefers that to intersecting the primary key with the GIN index): at 100,000
#: articles a margin of 4 cost a common word 20 ms, 2 costs half.
RECENT_MARGIN = 2
#: Each part of an article is indexed up to this many characters (a vector holds at most 1 MB;
#: a long article runs to 60,000).
MAX_INDEXED_CHARACTERS = 200_000
# ts_rank's weights for D, C, B, A: the original's text, the translation's text, the original's
# title, the translation's title.
RANK_WEIGHTS = "{0.1, 0.2, 0.5, 1.0}"
#: PostgreSQL's limits: a lexeme of at most 2047 bytes (to_tsvector leaves longer words out),
#: positions up to 16383 (later words share the last), 256 positions a lexeme.
MAX_LEXEME_BYTES = 2047
MAX_POSITION = 16383
MAX_POSITIONS = 256
#: A lexeme without position in every vector written in the tagged format (migration 0004):
#: the system check tells an index written before from one written now. No word holds "#".
FORMAT_KEY = "#f2"


def vector(text: str, language: str | None) -> str:
    """``text`` as a ``tsvector`` literal of index terms with their positions.

    Common words (``analysis.STOP_WORDS``) are left out but keep their place, as PostgreSQL's
    configurations do: they are a fifth of the vector's words and pairs, which every search
    that ranks or confirms a phrase reads, and a phrase query skips them with a gap (``<2>``).
    """
    positions: dict[str, list[int]] = {}
    found_words = words(text[:MAX_INDEXED_CHARACTERS])
    terms = index_terms(found_words, language)
    for number, (word, term) in enumerate(zip(found_words, terms, strict=True), start=1):
        if is_stop_word(word) or len(term.encode()) > MAX_LEXEME_BYTES:
            continue
        found = positions.setdefault(term, [])
        position = min(number, MAX_POSITION)
        if len(found) < MAX_POSITIONS and (not found or found[-1] != position):
            found.append(position)
    return " ".join(
        f"{_quote(term)}:{','.join(map(str, found))}" for term, found in positions.items()
    )


def _form(clause: Clause, terms: tuple[str, ...]) -> str:
    """One form of a clause: its terms in order, common words skipped as gaps (``<2>``), as
    :func:`vector` leaves them out; empty when the clause has only common words."""
    pieces: list[str] = []
    gap = 0
    for word, term in zip(clause.words, terms, strict=True):
        if is_stop_word(word):
            gap += 1
            continue
        if pieces:
            pieces.append(f" <{gap + 1}> " if gap else " <-> ")
        pieces.append(_quote(term))
        gap = 0
    return "".join(pieces)


def _clause(clause: Clause, languages: Sequence[str]) -> str | None:
    forms = dict.fromkeys(_form(clause, terms) for terms in clause_forms(clause, languages))
    forms.pop("", None)
    if not forms:
        return None
    return "( " + " | ".join(f"( {form} )" for form in forms) + " )"


def tsquery(query: ParsedQuery, languages: Sequence[str]) -> str:
    """The query as a ``tsquery`` literal: every clause in any of its forms (see
    ``clause_forms``), the required ones and-ed (or-ed for ``any_of``), the excluded left out;
    empty (matching nothing) when no required clause has a word the index keeps.

    Every lexeme is quoted and made of letters, digits, marks and the tag only.
    """
    required = [sql for c in query.required if (sql := _clause(c, languages)) is not None]
    excluded = [sql for c in query.excluded if (sql := _clause(c, languages)) is not None]
    if not required:
        return ""
    operator = " | " if query.any_of else " & "
    expression = "( " + operator.join(required) + " )"
    if excluded:
        expression = f"{expression} & !( {' | '.join(excluded)} )"
    return expression


# --- From a query on ``document`` to the same query on ``keys`` ---------------------------------
#
# PostgreSQL prints a tsquery with every lexeme quoted ('' for a quote, \\ for a backslash) and
# the operators ! <-> <N> & | and parentheses; ! binds tightest, then <N>, then &, then |.

_TOKEN = re.compile(
    r"\s*(?:(?P<lexeme>'(?:[^'\\]|''|\\.)*')(?::[*A-D]+)?|(?P<op><->|<\d+>|[&|!()]))"
)
#: The sample keys: '#s4' marks the entries whose id is a multiple of 4, and so on up to 64.
SAMPLE_KEYS = 64
#: The GIN index over the keys (created by migration 0003, rebuilt in bulk by a full reindex).
KEYS_INDEX = "search_searchentry_keys"
#: The key of an article too long for its pairs of words to fit in a vector.
LONG = "'#long'"
#: The block keys (migration 0005): '#b10:N' marks the entries whose id divided by 1,024 is N,
#: '#b15:N' the same by 32,768.
FINE_BLOCK, COARSE_BLOCK = 10, 15
#: A window of entry ids needing more block keys than this is searched without them.
MAX_BLOCK_KEYS = 64


def block_keys(first: int, last: int) -> list[str]:
    """The fewest block keys whose entries include every id from ``first`` to ``last``: coarse
    blocks where a whole one fits, fine ones at the edges (the first may start before
    ``first``: a condition on the id keeps the window exact)."""
    fine, coarse = 1 << FINE_BLOCK, 1 << COARSE_BLOCK
    keys: list[str] = []
    start = max(first, 0) // fine * fine
    while start <= last and first <= last:
        if start % coarse == 0 and start + coarse - 1 <= last:
            keys.append(f"'#b{COARSE_BLOCK}:{start // coarse}'")
            start += coarse
        else:
            keys.append(f"'#b{FINE_BLOCK}:{start // fine}'")
            start += fine
    return keys


class TsqueryError(ValueError):
    """PostgreSQL printed a tsquery this module cannot read (it never should)."""


@dataclass(frozen=True)
class _Node:
    op: str  # "lexeme", "!", "&", "|", "phrase"
    text: str = ""
    parts: tuple[_Node, ...] = ()
    distances: tuple[int, ...] = ()


def _parse_tsquery(printed: str) -> _Node | None:
    tokens: list[tuple[str, str]] = []
    position = 0
    printed = printed.rstrip()
    while position < len(printed):
        found = _TOKEN.match(printed, position)
        if not found:
            raise TsqueryError(f"cannot read the tsquery {printed!r} at {position}")
        if found.group("lexeme"):
            raw = found.group("lexeme")[1:-1]
            tokens.append(("lexeme", re.sub(r"''|\\(.)", lambda m: m.group(1) or "'", raw)))
        else:
            tokens.append(("op", found.group("op")))
        position = found.end()
    if not tokens:
        return None
    index = 0

    def peek() -> tuple[str, str] | None:
        return tokens[index] if index < len(tokens) else None

    def take() -> tuple[str, str]:
        nonlocal index
        if index >= len(tokens):
            raise TsqueryError(f"the tsquery {printed!r} ends too soon")
        index += 1
        return tokens[index - 1]

    def either() -> _Node:
        parts = [both()]
        while peek() == ("op", "|"):
            take()
            parts.append(both())
        return parts[0] if len(parts) == 1 else _Node("|", parts=tuple(parts))

    def both() -> _Node:
        parts = [phrase()]
        while peek() == ("op", "&"):
            take()
            parts.append(phrase())
        return parts[0] if len(parts) == 1 else _Node("&", parts=tuple(parts))

    def phrase() -> _Node:
        parts, distances = [unary()], []
        while (token := peek()) and token[0] == "op" and token[1].startswith("<"):
            take()
            distances.append(1 if token[1] == "<->" else int(token[1][1:-1]))
            parts.append(unary())
        if len(parts) == 1:
            return parts[0]
        return _Node("phrase", parts=tuple(parts), distances=tuple(distances))

    def unary() -> _Node:
        kind, value = take()
        if kind == "lexeme":
            return _Node("lexeme", text=value)
        if value == "!":
            return _Node("!", parts=(unary(),))
        if value == "(":
            inner = either()
            if take() != ("op", ")"):
                raise TsqueryError(f"unbalanced parentheses in {printed!r}")
            return inner
        raise TsqueryError(f"unexpected {value!r} in {printed!r}")

    tree = either()
    if index != len(tokens):
        raise TsqueryError(f"cannot read the end of {printed!r}")
    return tree


def _quote(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def _has_phrase(node: _Node) -> bool:
    return node.op == "phrase" or any(_has_phrase(part) for part in node.parts)


def _keys(node: _Node) -> str | None:
    """The keys query for ``node``: it finds every article ``node`` finds (``None``: any article).

    Without phrases it finds exactly those; a phrase becomes its pairs of adjacent words, which
    ``document`` then confirms.
    """
    if node.op == "lexeme":
        return _quote(node.text)
    if node.op == "!":
        inner = _keys(node.parts[0])
        return None if inner is None or _has_phrase(node.parts[0]) else f"!{inner}"
    if node.op == "phrase":
        words = [key for part in node.parts if (key := _keys(part)) is not None]
        pairs: list[str] = []
        if all(part.op == "lexeme" for part in node.parts):
            for number, distance in enumerate(node.distances):
                if distance == 1:
                    left, right = node.parts[number].text, node.parts[number + 1].text
                    pairs.append(_quote(f"{left} {right}"))
        if not pairs:
            return "(" + " & ".join(dict.fromkeys(words)) + ")" if words else None
        # The pairs find the phrase; an article too long to hold its pairs is marked '#long'
        # and found by the words (its text then confirms the phrase).
        found_by_pairs = " & ".join(dict.fromkeys(pairs))
        found_by_words = " & ".join(dict.fromkeys([LONG, *words]))
        return f"(({found_by_pairs}) | ({found_by_words}))"
    keys = [_keys(part) for part in node.parts]
    if node.op == "|":
        return None if None in keys else "(" + " | ".join(k for k in keys if k) + ")"
    kept = [k for k in keys if k is not None]
    return "(" + " & ".join(kept) + ")" if kept else None


def keys_query(printed: str) -> tuple[str | None, bool]:
    """The query on ``keys`` for PostgreSQL's printed tsquery, and whether it holds a phrase
    (then ``document`` must confirm each article found). ``None``: the query has no lexeme."""
    tree = _parse_tsquery(printed)
    if tree is None:
        return None, False
    return _keys(tree) or None, _has_phrase(tree)


def _pairs_decide(node: _Node, negated: bool = False) -> bool:
    if node.op == "phrase":
        # A pair key is two lexemes at neighbouring positions of ``document`` (the keys are made
        # from it), which is what ``'a' <-> 'b'`` asks of it. Longer phrases need their pairs
        # in one run, which the keys cannot say; an excluded phrase has no keys at all.
        return (
            not negated
            and node.distances == (1,)
            and all(part.op == "lexeme" for part in node.parts)
        )
    return all(_pairs_decide(part, negated or node.op == "!") for part in node.parts)


def pairs_decide(printed: str) -> bool:
    """Whether the keys query of ``printed`` (:func:`keys_query`) finds exactly the entries
    the tsquery matches on ``document`` when no entry is marked '#long': each of its phrases is
    two words side by side, none excluded. Then ``document`` need not confirm what is found."""
    tree = _parse_tsquery(printed)
    return tree is not None and _pairs_decide(tree)


def facet_keys(filters: Filters) -> list[str]:
    """The keys of the facet values a search is narrowed to (see migration 0003)."""
    values = [
        ("c", filters.country),
        ("l", filters.language),
        ("o", filters.outlet),
        ("y", filters.year),
        ("t", filters.topic),
    ]
    return [_quote(f"#{key}:{value}") for key, value in values if value is not None]


def _matching(keys: str, confirm: bool, query: str, *within: str) -> tuple[str, list[str]]:
    """The condition of a match on ``keys`` and, when ``confirm``, on the text; ``within``
    adds keys (a sample's, a window's) to the same tsquery, so that one scan of the GIN index
    intersects them all."""
    condition = "e.keys @@ CAST(%s AS tsquery)"
    params = [" & ".join([f"({keys})", *within]) if within else keys]
    if confirm:
        # ts_match_vq is @@ as a function: a test of the row, never an index scan.
        condition += " AND ts_match_vq(e.document, CAST(%s AS tsquery))"
        params.append(query)
    return condition, params


def _newest(
    condition: str,
    params: Sequence[Any],
    bounds: list[str],
    where: list[str],
    where_params: list[Any],
    limit: int,
) -> tuple[str, list[Any]]:
    """The ``limit`` newest entries meeting every condition, as rows ``(id, score)``."""
    conditions = " AND ".join([condition, *bounds, *where])
    # OFFSET 0 fences the subquery: the GIN index finds the matches, then the newest are kept.
    # Without it the planner may walk the primary key backwards, reading each entry's vector
    # from disk to test it.
    return (
        f"SELECT id, 0.0 AS score FROM (SELECT e.id FROM search_searchentry e "
        f"WHERE {conditions} OFFSET 0) AS m ORDER BY id DESC LIMIT {int(limit)}",
        [*params, *where_params],
    )


@dataclass(frozen=True)
class PostgresMatch(Match):
    """A match with the queries it was made from (for the estimate and the newest matches)."""

    #: The query on ``document`` (PostgreSQL's own printed tsquery).
    query: str = ""
    #: The same on ``keys``, and whether ``document`` confirms each article the keys find.
    keys: str = ""
    confirm: bool = False
    #: The number of entries, as the planner knows it, and the newest entry's id.
    entries: float = 0.0
    last_id: int = 0
    #: What the estimate counted on its sample, by the sample's step (see ``counted_sample``).
    counted: dict[int, tuple[int, dict[str, dict[str, int]]]] = field(
        default_factory=dict, compare=False
    )


class PostgresSearchBackend(SqlSearchBackend):
    """Full-text search with PostgreSQL over language-tagged terms and a GIN index."""

    #: ts_rank unpacks each candidate's vector (about 15 µs each): rank fewer than SQLite (at
    #: 100,000 articles, 400 candidates took 6 ms to rank, besides finding them).
    rank_candidates = 200
    #: The finest sample the sample keys give (one entry in SAMPLE_KEYS).
    max_sample_step = SAMPLE_KEYS
    #: The sample on which a search's matches are estimated (a sample key's step), and how
    #: many of the sample's matches are counted at most (64 × 2,000: 128,000 matches).
    estimate_sample_step = SAMPLE_KEYS
    estimate_sample_limit = 2000

    name = "PostgreSQL full-text search"
    vendor = "postgresql"

    def match(self, request: SearchRequest) -> PostgresMatch:
        literal = tsquery(request.query, request.languages)
        # The search takes the tsquery as a constant, so the planner sees real selectivities
        # and the GIN index is used. This first statement turns off, for this transaction, the
        # plans that read entries one by one and test each one's vector (a sequential scan, or
        # an index scan by id filtered on the text): the planner thinks the test cheap, but each
        # vector is read from its own pages, seconds on a large archive. And the JIT compiler,
        # whose start costs more than these short statements take.
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('enable_seqscan', 'off', true), "
                "set_config('enable_indexscan', 'off', true), "
                "set_config('enable_mergejoin', 'off', true), "
                "set_config('jit', 'off', true), "
                "(SELECT reltuples FROM pg_class WHERE oid = 'search_searchentry'::regclass), "
                "(SELECT MAX(id) FROM search_searchentry)"
            )
            *_, entries, last_id = cursor.fetchone()
            keys, confirm = keys_query(literal)
            if keys is None:
                return PostgresMatch(source="search_searchentry e", condition="FALSE", params=[])
            # Confirming a phrase reads each candidate's whole ``document`` (about 10 µs each:
            # 20 ms for a pair of common words found in 2,000 articles). Two words side by side
            # are decided by their pair key alone, unless an article too long for its pairs is
            # there (found by its words, then confirmed), which the GIN index says at once. Asked
            # after the settings above, so that it is planned with them.
            if confirm and pairs_decide(literal):
                cursor.execute(
                    "SELECT EXISTS (SELECT 1 FROM search_searchentry "
                    "WHERE keys @@ CAST(%s AS tsquery))",
                    [LONG],
                )
                confirm = bool(cursor.fetchone()[0])
        condition, condition_params = _matching(keys, confirm, literal)
        return PostgresMatch(
            source="search_searchentry e",
            condition=condition,
            params=condition_params,
            late_score=f"ts_rank('{RANK_WEIGHTS}', r.document, CAST(%s AS tsquery))",
            late_params=[literal],
            query=literal,
            keys=keys,
            confirm=confirm,
            entries=max(float(entries or 0), 1.0),
            last_id=int(last_id or 0),
        )

    def search(self, request: SearchRequest) -> Outcome:
        # One transaction for both statements, so that the planner setting holds for the second.
        with transaction.atomic(using=self.connection.alias, savepoint=False):
            return super().search(request)

    def estimate_matches(self, match: Match, request: SearchRequest) -> int:
        """The matches counted among the entries of one sample key (one in
        ``estimate_sample_step``), scaled; counted up to ``estimate_sample_limit`` of them.

        Counting a broad match exactly would read every matching row; the estimate only decides
        whether the facets are counted on a sample and how the newest matches are found. The
        planner is not asked: it knows the frequencies of the commonest keys only (ANALYZE
        keeps a few thousand) and guesses a small share for every other one, so a word in
        3,000 to 7,000 articles of 100,000 looked rare and its search counted and ranked every
        match, the slowest searches of all. The GIN index finds the sample's matches without
        reading the rest: about a hundred rows for a word in 6,000 articles, and never more
        than the limit (a count that reaches it says "at least", which only widens the window
        in which the newest matches are looked for). The filters are asked of the keys only.

        When the count is large enough for the search to be counted on this very sample, the
        same statement counts its matches and facet values too (``counted_sample``): the main
        statement would otherwise find and read the same rows again. Not for a phrase whose
        matches the text must confirm, nor past the limit, where the sample was cut short.
        """
        assert isinstance(match, PostgresMatch)
        if not match.keys:
            return 0
        where, params = self._conditions(request, "e")
        step, limit = int(self.estimate_sample_step), int(self.estimate_sample_limit)
        keys = " & ".join([f"({match.keys})", *facet_keys(request.filters), f"'#s{step}'"])
        conditions = " AND ".join(["e.keys @@ CAST(%s AS tsquery)", *where])
        # The facet columns decide what is kept, as in the main statement (the keys of the
        # filters only narrowed the index scan).
        narrow, narrow_params = SqlSearchBackend._narrowing(self, request, "s")
        least = None if match.confirm else self._least_counted(step, limit)
        kept = " AND ".join(
            [
                f"(SELECT COUNT(*) FROM sampled) BETWEEN {least} AND {limit - 1}"
                if least is not None
                else "FALSE",
                *narrow,
            ]
        )
        # The counts of the kept rows are skipped (a one-time filter) when too few matched.
        sql = (
            "WITH sampled AS MATERIALIZED (SELECT e.id, e.country_id, e.outlet_id, "
            "e.language_id, e.year, e.topics FROM search_searchentry e "
            f"WHERE {conditions} LIMIT {limit}), "
            f"kept AS MATERIALIZED (SELECT * FROM sampled s WHERE {kept}) "
            "SELECT 'estimate', NULL, COUNT(*) FROM sampled UNION ALL "
            + " UNION ALL ".join(self.counts("kept", facets=request.facets))
        )
        counted, total = 0, 0
        facets: dict[str, dict[str, int]] = {}
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [keys, *params, *narrow_params])
            for kind, key, n in cursor.fetchall():
                if kind == "estimate":
                    counted = int(n)
                elif kind == "total":
                    total = int(n)
                elif key is not None:
                    facets.setdefault(kind, {})[key] = int(n)
        if least is not None and least <= counted < limit:
            match.counted[step] = (total, facets)
        return counted * step

    def _least_counted(self, step: int, limit: int) -> int | None:
        """The fewest matches on the estimate's sample for which a search is counted on that
        sample (``sample_step`` gives ``step``), if fewer than ``limit``."""
        if sample_step(limit * step, self.max_sample_step) < step:
            return None
        low, high = 1, limit
        while low < high:
            middle = (low + high) // 2
            if sample_step(middle * step, self.max_sample_step) >= step:
                high = middle
            else:
                low = middle + 1
        return low

    def counted_sample(
        self, match: Match, step: int
    ) -> tuple[int, dict[str, dict[str, int]]] | None:
        assert isinstance(match, PostgresMatch)
        return match.counted.get(step)

    def sampled_match(self, match: Match, step: int) -> tuple[str, list[Any]]:
        # The sample key goes inside the match's own tsquery: the GIN index then walks the
        # postings of the search's keys only where the sample key's are (a second condition on
        # ``keys`` would be a second scan of the index, reading every posting of the search's
        # keys). A phrase is confirmed on the sample's entries alone. The step is at most
        # max_sample_step.
        assert isinstance(match, PostgresMatch)
        if not match.keys:
            return match.condition, list(match.params)
        return _matching(match.keys, match.confirm, match.query, f"'#s{int(step)}'")

    def _narrowing(self, request: SearchRequest, alias: str) -> tuple[list[str], list[Any]]:
        # The facet columns decide; the same values as keys let the GIN index narrow first.
        narrow, params = super()._narrowing(request, alias)
        keys = facet_keys(request.filters)
        if keys:
            narrow.insert(0, f"{alias}.keys @@ CAST(%s AS tsquery)")
            params.insert(0, " & ".join(keys))
        return narrow, params

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
        assert isinstance(match, PostgresMatch)
        share = min(1.0, max(estimate, 1) / match.entries)
        # Only the newest entries can hold the newest matches: about limit / share of them,
        # RECENT_MARGIN times over. The bound is a constant, so that the primary key and the
        # GIN index are intersected before any row is read; the block keys of those entries,
        # in the match's tsquery, keep the GIN index to their postings instead of every posting
        # of the search's keys (an entry added since the match was made lies in the block
        # after the last one).
        bound = int(match.last_id - limit / share * RECENT_MARGIN)
        everything = _newest(match.condition, match.params, [], where, where_params, limit)
        # The blocks' postings are read whole: worth it only when the window holds fewer
        # entries than the search has matches (a word in 2,000 articles of 100,000 is cheaper
        # alone than with the 18,000 entries of its window: 0.3 against 2.6 ms).
        blocked = bool(match.keys) and bound > 0 and match.last_id - bound < estimate
        blocks = block_keys(bound + 1, match.last_id + (1 << FINE_BLOCK)) if blocked else []
        if narrowed and not (blocks and len(blocks) <= MAX_BLOCK_KEYS):
            return everything
        condition, params = match.condition, match.params
        if blocks and len(blocks) <= MAX_BLOCK_KEYS:
            condition, params = _matching(
                match.keys, match.confirm, match.query, "(" + " | ".join(blocks) + ")"
            )
        window, window_params = _newest(
            condition, params, [f"e.id > {bound}"], where, where_params, limit
        )
        if not narrowed:
            # An estimate far too high costs a shorter list of candidates, never a read of
            # every match.
            return window, window_params
        # Under a facet filter the matches may all be old ones (a past year): the window is
        # looked in first, and every match only when it holds fewer than ``limit``. Either way
        # the answer is the newest ``limit`` matches.
        return (
            f"WITH w AS MATERIALIZED ({window}) "
            f"SELECT id, score FROM w WHERE (SELECT COUNT(*) FROM w) >= {int(limit)} "
            f"UNION ALL SELECT id, score FROM ({everything[0]}) AS a "
            f"WHERE (SELECT COUNT(*) FROM w) < {int(limit)}",
            [*window_params, *everything[1]],
        )

    def column_counts(self, table: str, pad: str) -> list[str]:
        # One pass over the matches for the total and the four columns (grouping sets hash
        # each row once into every set), where a query per column scanned them five times: at
        # 10,000 articles, 1.2 against 2.0 ms for a sample of 1,081 matches. A row whose column
        # is NULL makes a group with a NULL key, which the caller skips.
        kind = " ".join(
            f"WHEN GROUPING({column}) = 0 THEN '{facet}'" for facet, column in FACET_COLUMNS
        )
        key = ", ".join(f"CAST({column} AS text)" for _, column in FACET_COLUMNS)
        sets = ", ".join(f"({column})" for _, column in FACET_COLUMNS)
        return [
            f"SELECT CASE {kind} ELSE 'total' END, COALESCE({key}), COUNT(*){pad} "
            f"FROM {table} GROUP BY GROUPING SETS ({sets}, ())"
        ]

    def has_topic(self, column: str, topic: int) -> tuple[str, list[str]]:
        return f"{column} @> CAST(%s AS jsonb)", [f"[{int(topic)}]"]

    def each_topic(self, table: str) -> str:
        # In the select list, not FROM: a set-returning function there yields its rows one by
        # one, where a function scan in FROM fills a tuplestore for every entry (the topic
        # counts of a thousand matches took 1.1 ms of the statement's 3.7, 0.55 this way).
        return f"SELECT jsonb_array_elements_text({table}.topics) AS topic FROM {table}"

    def index(self, documents: Iterable[Document]) -> int:
        rows = [
            (
                vector(document.title, document.language),
                vector(document.body, document.language),
                vector(document.original_title, document.original_language),
                vector(document.original_body, document.original_language),
                _quote(FORMAT_KEY),
                document.entry_id,
            )
            for document in documents
        ]
        if not rows:
            return 0
        with self.connection.cursor() as cursor:
            cursor.executemany(
                "UPDATE search_searchentry SET (document, keys) = ("
                "SELECT v, foreigndesk_search_keys(v, search_searchentry) FROM (SELECT "
                "setweight(CAST(%s AS tsvector), 'A') || "
                "setweight(CAST(%s AS tsvector), 'C') || "
                "setweight(CAST(%s AS tsvector), 'B') || "
                "setweight(CAST(%s AS tsvector), 'D') || "
                "CAST(%s AS tsvector) AS v) AS made) WHERE id = %s",
                rows,
            )
        return len(rows)

    def delete(self, entry_ids: Sequence[int]) -> None:
        # The text lives in the entry's row and goes with it.
        return None

    def clear(self) -> None:
        # Before a full rebuild: without its GIN index the table takes the new vectors several
        # times faster, and optimize() builds the index once, in bulk, at the end. The text
        # lives in the entries' rows, which the rebuild deletes next: emptying them first
        # wrote every row once more for nothing (6 s at 100,000 entries).
        with self.connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX IF EXISTS {KEYS_INDEX}")

    def optimize(self) -> None:
        with self.connection.cursor() as cursor:
            # Inside a transaction, checks of deferred foreign keys must run before an index
            # can be built (they would run at commit anyway).
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET maintenance_work_mem = '256MB'")
            try:
                cursor.execute(
                    f"CREATE INDEX IF NOT EXISTS {KEYS_INDEX} ON search_searchentry USING GIN (keys)"
                )
            finally:
                cursor.execute("RESET maintenance_work_mem")

    def problems(self) -> list[str]:
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT to_regclass('search_searchentry') IS NOT NULL, "
                f"to_regclass('{KEYS_INDEX}') IS NOT NULL, "
                "EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = "
                "'search_searchentry' AND column_name = 'keys')"
            )
            table, index, column = cursor.fetchone()
        if table and column and not index:
            return [
                f"The search index {KEYS_INDEX} is missing (a full reindex stopped before its "
                "end?): every search reads every article. Run `foreigndesk reindex`."
            ]
        return []

    def stale_format(self) -> str | None:
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = "
                "'search_searchentry' AND column_name = 'document')"
            )
            if not cursor.fetchone()[0]:
                return None  # not migrated yet: migrate says so
            cursor.execute(
                "SELECT document IS NULL, document @@ CAST(%s AS tsquery) "
                "FROM search_searchentry ORDER BY id DESC LIMIT 1",
                [_quote(FORMAT_KEY)],
            )
            row = cursor.fetchone()
        if row is None:
            return None
        missing, tagged = row
        if missing:
            return "it holds no text for the newest entries"
        if not tagged:
            return "its words are not tagged with their language"
        return None

    def size(self) -> dict[str, int]:
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_table_size('search_searchentry'), pg_indexes_size('search_searchentry')"
            )
            table, indexes = cursor.fetchone()
        return {"entries and text vectors": int(table), "indexes (GIN on keys, ids)": int(indexes)}
