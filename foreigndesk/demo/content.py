"""Reading and checking the demo desk's content files (TOML), without Django.

The demo content lives in ``content/world.toml`` (countries, languages, outlets, topics, staff) and
one ``content/articles/NN-slug.toml`` per published translation. Keeping it as plain files lets
people write it in their own language with any editor, and lets this module check it before
anything touches a database.
"""

from __future__ import annotations

import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CONTENT_DIR = Path(__file__).with_name("content")
BLOCK_KINDS = ("heading", "paragraph", "quotation")
_ASCII_SPACE = re.compile(r"[ \t\r\n]+")


class ContentError(ValueError):
    """A demo content file is malformed; the message names the file and the problem."""


@dataclass(frozen=True)
class Block:
    kind: str
    text: str


@dataclass(frozen=True)
class DemoCorrection:
    days_after: int
    text: str
    #: The translation's block it corrects (from 0), when it is about one.
    paragraph: int | None = None


@dataclass(frozen=True)
class DemoArticle:
    """One published translation with its original, as written in an article file."""

    path: Path
    slug: str
    title: str
    standfirst: str
    language: str
    outlet: str
    authors: list[str]
    original_title: str
    original_url: str
    original_days_ago: int
    days_ago: int
    translators: list[str]
    editors: list[str]
    topics: list[str]
    editor_note: str
    views: list[int]
    original: list[Block]
    translation: list[Block]
    alignment: list[tuple[list[int], list[int]]]
    corrections: list[DemoCorrection] = field(default_factory=list)


def _squash(text: str) -> str:
    """Join wrapped lines; only ASCII whitespace collapses, so no-break spaces stay."""
    return _ASCII_SPACE.sub(" ", text).strip()


def _require(data: dict[str, Any], key: str, kind: type, path: Path) -> Any:
    if key not in data:
        raise ContentError(f"{path.name}: missing key {key!r}")
    value = data[key]
    if not isinstance(value, kind):
        raise ContentError(f"{path.name}: {key!r} should be a {kind.__name__}")
    return value


def _blocks(data: dict[str, Any], key: str, path: Path) -> list[Block]:
    blocks = []
    for number, raw in enumerate(_require(data, key, list, path)):
        kind = raw.get("kind", "paragraph")
        text = str(raw.get("text", "")).strip()
        if kind not in BLOCK_KINDS:
            raise ContentError(f"{path.name}: {key} block {number} has unknown kind {kind!r}")
        if not text:
            raise ContentError(f"{path.name}: {key} block {number} is empty")
        blocks.append(Block(kind=kind, text=_squash(text)))
    if not blocks:
        raise ContentError(f"{path.name}: no {key} blocks")
    return blocks


def _alignment(
    raw: list[Any], n_original: int, n_translation: int, path: Path
) -> list[tuple[list[int], list[int]]]:
    """Check that beads cover every block of both sides exactly once, in order."""
    if not raw:
        if n_original != n_translation:
            raise ContentError(
                f"{path.name}: {n_original} original and {n_translation} translation blocks "
                "need an explicit alignment"
            )
        return [([i], [i]) for i in range(n_original)]
    beads: list[tuple[list[int], list[int]]] = []
    next_o = next_t = 0
    for number, bead in enumerate(raw):
        if not (isinstance(bead, list) and len(bead) == 2):
            raise ContentError(f"{path.name}: alignment bead {number} is not [[...], [...]]")
        left, right = list(bead[0]), list(bead[1])
        if not left and not right:
            raise ContentError(f"{path.name}: alignment bead {number} is empty on both sides")
        if left != list(range(next_o, next_o + len(left))):
            raise ContentError(
                f"{path.name}: alignment bead {number} should continue with original block {next_o}"
            )
        if right != list(range(next_t, next_t + len(right))):
            raise ContentError(
                f"{path.name}: alignment bead {number} should continue with "
                f"translation block {next_t}"
            )
        next_o += len(left)
        next_t += len(right)
        beads.append((left, right))
    if next_o != n_original or next_t != n_translation:
        raise ContentError(
            f"{path.name}: alignment covers {next_o} of {n_original} original blocks and "
            f"{next_t} of {n_translation} translation blocks"
        )
    return beads


def read_article(path: Path) -> DemoArticle:
    """Parse and check one article file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ContentError(f"{path.name}: {error}") from error
    original = _blocks(data, "original", path)
    translation = _blocks(data, "translation", path)
    corrections = [
        DemoCorrection(
            days_after=int(c.get("days_after", 1)),
            text=str(c["text"]).strip(),
            paragraph=c.get("paragraph"),
        )
        for c in data.get("correction", [])
    ]
    for correction in corrections:
        if correction.paragraph is not None and not (
            isinstance(correction.paragraph, int) and 0 <= correction.paragraph < len(translation)
        ):
            raise ContentError(
                f"{path.name}: correction of paragraph {correction.paragraph!r}, which the "
                f"translation does not have (0 to {len(translation) - 1})"
            )
    views = [int(v) for v in data.get("views", [])]
    if any(v < 0 for v in views):
        raise ContentError(f"{path.name}: view counts cannot be negative")
    return DemoArticle(
        path=path,
        slug=_require(data, "slug", str, path),
        title=_require(data, "title", str, path).strip(),
        standfirst=str(data.get("standfirst", "")).strip(),
        language=_require(data, "language", str, path),
        outlet=_require(data, "outlet", str, path),
        authors=list(data.get("authors", [])),
        original_title=_require(data, "original_title", str, path).strip(),
        original_url=str(data.get("original_url", "")),
        original_days_ago=int(data.get("original_days_ago", data.get("days_ago", 0))),
        days_ago=int(_require(data, "days_ago", int, path)),
        translators=list(data.get("translators", [])),
        editors=list(data.get("editors", [])),
        topics=list(data.get("topics", [])),
        editor_note=_squash(str(data.get("editor_note", ""))),
        views=views,
        original=original,
        translation=translation,
        alignment=_alignment(data.get("alignment", []), len(original), len(translation), path),
        corrections=corrections,
    )


#: The stages of the workflow a piece of the demo's work in progress is taken to, in order.
STAGES = ("in_translation", "in_review", "changes_requested", "scheduled", "withdrawn")


@dataclass(frozen=True)
class DemoSuggestion:
    """An original waiting for an editor's decision."""

    language: str
    outlet: str
    title: str
    url: str
    days_ago: int
    authors: list[str]
    original: list[Block]
    #: When set, an editor puts it on the site as a link post with this title and summary.
    link_title: str = ""
    link_summary: str = ""


@dataclass(frozen=True)
class DemoComment:
    by: str
    text: str
    paragraph: int | None = None


@dataclass(frozen=True)
class DemoWork:
    """An article the loader takes through the desk's moves up to ``stage``."""

    stage: str
    translator: str
    language: str
    outlet: str
    original_title: str
    original_url: str
    original_days_ago: int
    authors: list[str]
    title: str
    standfirst: str
    original: list[Block]
    translation: list[Block]
    how: str = "claim"  # or "assign": how the translator came to hold it
    comments: list[DemoComment] = field(default_factory=list)
    request: str = ""  # the editor's request, for "changes_requested"
    reason: str = ""  # the public reason, for "withdrawn"


def read_desk_work(
    path: Path | None = None,
) -> tuple[list[DemoSuggestion], list[DemoWork]]:
    """The demo desk's work in progress (``content/desk.toml``), checked against the world."""
    path = path or CONTENT_DIR / "desk.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ContentError(f"{path.name}: {error}") from error
    world = read_world()
    languages = {item["code"] for item in world["language"]}
    outlets = {item["slug"] for item in world["outlet"]}
    people = {item["username"] for item in world["contributor"]}

    def known(kind: str, value: str, among: set[str], where: str) -> None:
        if value not in among:
            raise ContentError(f"{path.name}: {where}: unknown {kind} {value!r}")

    suggestions = []
    for number, item in enumerate(data.get("suggestion", [])):
        where = f"suggestion {number}"
        known("language", item.get("language", ""), languages, where)
        known("outlet", item.get("outlet", ""), outlets, where)
        suggestions.append(
            DemoSuggestion(
                language=item["language"],
                outlet=item["outlet"],
                title=_require(item, "title", str, path).strip(),
                url=_require(item, "url", str, path),
                days_ago=int(item.get("days_ago", 1)),
                authors=list(item.get("authors", [])),
                original=_blocks(item, "original", path),
                link_title=" ".join(str(item.get("link_title", "")).split()),
                link_summary=" ".join(str(item.get("link_summary", "")).split()),
            )
        )
    works = []
    for number, item in enumerate(data.get("work", [])):
        where = f"work {number}"
        stage = _require(item, "stage", str, path)
        if stage not in STAGES:
            raise ContentError(f"{path.name}: {where}: unknown stage {stage!r}")
        known("language", item.get("language", ""), languages, where)
        known("outlet", item.get("outlet", ""), outlets, where)
        known("contributor", item.get("translator", ""), people, where)
        comments = []
        for raw in item.get("comment", []):
            known("contributor", raw.get("by", ""), people, where)
            comments.append(
                DemoComment(by=raw["by"], text=_squash(raw["text"]), paragraph=raw.get("paragraph"))
            )
        work = DemoWork(
            stage=stage,
            how=item.get("how", "claim"),
            translator=item["translator"],
            language=item["language"],
            outlet=item["outlet"],
            original_title=_require(item, "original_title", str, path).strip(),
            original_url=_require(item, "original_url", str, path),
            original_days_ago=int(item.get("original_days_ago", 1)),
            authors=list(item.get("authors", [])),
            title=_require(item, "title", str, path).strip(),
            standfirst=_squash(str(item.get("standfirst", ""))),
            original=_blocks(item, "original", path),
            translation=_blocks(item, "translation", path),
            comments=comments,
            request=_squash(str(item.get("request", ""))),
            reason=_squash(str(item.get("reason", ""))),
        )
        if work.how not in ("claim", "assign"):
            raise ContentError(f"{path.name}: {where}: “how” is claim or assign")
        if stage == "changes_requested" and not work.request:
            raise ContentError(f"{path.name}: {where}: changes requested without a request")
        if stage == "withdrawn" and not work.reason:
            raise ContentError(f"{path.name}: {where}: withdrawn without a reason")
        works.append(work)
    return suggestions, works


def read_world(path: Path | None = None) -> dict[str, list[dict[str, Any]]]:
    """Countries, languages, outlets, topics and staff of the demo desk."""
    path = path or CONTENT_DIR / "world.toml"
    return tomllib.loads(path.read_text(encoding="utf-8"))


def read_articles(folder: Path | None = None) -> list[DemoArticle]:
    """Every article file, checked against each other and against the world file."""
    folder = folder or CONTENT_DIR / "articles"
    world = read_world()
    known = {
        "language": {item["code"] for item in world["language"]},
        "outlet": {item["slug"] for item in world["outlet"]},
        "topic": {item["slug"] for item in world["topic"]},
        "contributor": {item["username"] for item in world["contributor"]},
    }
    articles = [read_article(path) for path in sorted(folder.glob("*.toml"))]
    slugs: set[str] = set()
    for article in articles:
        name = article.path.name
        if article.slug in slugs:
            raise ContentError(f"{name}: slug {article.slug!r} is used twice")
        slugs.add(article.slug)
        checks = [
            ("language", [article.language]),
            ("outlet", [article.outlet]),
            ("topic", article.topics),
            ("contributor", article.translators + article.editors),
        ]
        for kind, values in checks:
            for value in values:
                if value not in known[kind]:
                    raise ContentError(f"{name}: unknown {kind} {value!r}")
    return articles


if __name__ == "__main__":
    # python -m foreigndesk.demo.content [FILE ...]: check article files and summarise them.
    paths = [Path(arg) for arg in sys.argv[1:]]
    try:
        found = [read_article(p) for p in paths] if paths else read_articles()
        if paths:
            read_articles()
    except ContentError as error:
        sys.exit(f"error: {error}")
    for item in found:
        beads = ",".join(f"{len(o)}-{len(t)}" for o, t in item.alignment)
        print(
            f"ok {item.path.name}: {item.language} {len(item.original)}/{len(item.translation)} blocks, beads {beads}"
        )
