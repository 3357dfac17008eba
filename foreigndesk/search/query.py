"""The search box's small language, parsed into clauses that backends turn into safe queries.

Syntax (shown to readers under the search box):

- ``sanctions grain``: articles with every word, in any of its forms (sanction, sanctions);
- ``"civil society"``: the words next to each other, in this order;
- ``-sanctions``, ``-"civil society"``: leave out articles with this word or phrase.

Everything else is text: ``*``, ``:``, ``^``, parentheses, ``OR``, ``NEAR`` are searched as words
or ignored as punctuation, never passed to the database as operators. A quote left open runs to
the end of the query. No Django here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .analysis import is_stop_word, words

MAX_QUERY_CHARACTERS = 300
MAX_CLAUSES = 12
MAX_PHRASE_WORDS = 12

# A clause: an optional minus, then a quoted phrase (closed or running to the end) or a bare run.
_CLAUSE = re.compile(r'(?P<minus>-?)(?:"(?P<phrase>[^"]*)(?:"|$)|(?P<bare>[^\s"]+))')


@dataclass(frozen=True)
class Clause:
    """Words that must appear (or, excluded, must not), next to each other when a phrase."""

    words: tuple[str, ...]
    exclude: bool = False

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1

    def __str__(self) -> str:
        text = " ".join(self.words)
        text = f'"{text}"' if self.is_phrase else text
        return f"-{text}" if self.exclude else text


@dataclass(frozen=True)
class ParsedQuery:
    """A query ready for a backend, or the reason there is nothing to search for."""

    raw: str
    clauses: tuple[Clause, ...] = ()
    notices: tuple[str, ...] = ()
    problem: str | None = None
    #: Any clause may match (for "resembling articles"); readers' queries need every clause.
    any_of: bool = False
    dropped: tuple[str, ...] = field(default=())
    #: The languages its words are stemmed in (base codes, chosen by ``languages``); empty
    #: until they are chosen.
    languages: tuple[str, ...] = ()

    @property
    def required(self) -> tuple[Clause, ...]:
        return tuple(clause for clause in self.clauses if not clause.exclude)

    @property
    def excluded(self) -> tuple[Clause, ...]:
        return tuple(clause for clause in self.clauses if clause.exclude)

    @property
    def is_searchable(self) -> bool:
        return self.problem is None and bool(self.required)

    @property
    def highlight_words(self) -> frozenset[str]:
        """The words to mark in snippets: those of the required clauses."""
        return frozenset(word for clause in self.required for word in clause.words)

    def __str__(self) -> str:
        return " ".join(str(clause) for clause in self.clauses)


def parse(raw: str | None) -> ParsedQuery:
    """Read what a reader typed; never raises, whatever the input."""
    text = (raw or "").replace("\x00", " ")
    text = text.replace("“", '"').replace("”", '"').replace("„", '"').replace("«", '"')
    text = text.replace("»", '"').replace("\u2212", "-").strip()
    notices: list[str] = []
    if not text:
        return ParsedQuery(raw="", problem="Type a word or a phrase to search for.")
    if len(text) > MAX_QUERY_CHARACTERS:
        text = text[:MAX_QUERY_CHARACTERS]
        notices.append(
            f"Your search was long: only its first {MAX_QUERY_CHARACTERS} characters were used."
        )
    if text.count('"') % 2:
        notices.append("A quotation mark was not closed: the phrase runs to the end of the search.")

    clauses: list[Clause] = []
    dropped: list[str] = []
    for match in _CLAUSE.finditer(text):
        exclude = bool(match.group("minus"))
        phrase = match.group("phrase")
        found = words(phrase if phrase is not None else match.group("bare"))
        if not found:
            continue
        if len(found) > MAX_PHRASE_WORDS:
            found = found[:MAX_PHRASE_WORDS]
        # A bare run with several words ("covid-19", "G7峰会") is a phrase, as FTS5 reads it.
        if phrase is None and len(found) == 1 and is_stop_word(found[0]) and not exclude:
            dropped.append(found[0])
            continue
        clause = Clause(tuple(found), exclude)
        if clause not in clauses:
            clauses.append(clause)
    if len(clauses) > MAX_CLAUSES:
        clauses = clauses[:MAX_CLAUSES]
        notices.append(f"Only the first {MAX_CLAUSES} words and phrases were used.")
    if dropped and any(not clause.exclude for clause in clauses):
        notices.append("Left out as too common: " + ", ".join(dict.fromkeys(dropped)) + ".")

    problem = None
    if not any(not clause.exclude for clause in clauses):
        if dropped:
            problem = (
                "Your search has only very common words ("
                + ", ".join(dict.fromkeys(dropped))
                + "); add a more specific word, or put a phrase in quotation marks."
            )
        elif clauses:
            problem = "Add a word to look for: a search cannot only leave words out."
        else:
            problem = "Your search has no words in it; type a word or a phrase to search for."
    return ParsedQuery(
        raw=text,
        clauses=tuple(clauses),
        notices=tuple(notices),
        problem=problem,
        dropped=tuple(dropped),
    )


def any_of(text: str, *, limit: int = 12) -> ParsedQuery:
    """A query matching any of the distinctive words of ``text`` (for "resembling articles")."""
    seen: dict[str, None] = {}
    for word in words(text):
        if len(word) >= 2 and not is_stop_word(word) and not word.isdigit():
            seen.setdefault(word, None)
        if len(seen) >= limit:
            break
    clauses = tuple(Clause((word,)) for word in seen)
    return ParsedQuery(
        raw=text[:MAX_QUERY_CHARACTERS],
        clauses=clauses,
        any_of=True,
        problem=None if clauses else "Nothing to compare.",
    )
