"""Bringing a desk's archive from WordPress: its export file (WordPress eXtended RSS, "WXR"), each
published post a bilingual page (translation, credits, original), read by :mod:`.bilingual` and
created through :mod:`.page_import`.

The file is read whole before anything is stored, so a file that is cut short, is not XML, or is
not an export changes nothing. Then each post is imported whole or not at all, with its
publication time, its slug, its categories and tags as topics, and its permalink kept as a former
address that redirects to the new page. A post already imported (its permalink known) is left
alone, so a second run adds only what is new.
"""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from foreigndesk.intake.actions import IntakeError

from .models import FormerAddress
from .page_import import import_page_document

if TYPE_CHECKING:
    from lxml import etree

_CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
_BLOCK_TAG = re.compile(r"<(?:p|div|h[1-6]|blockquote|ul|ol|table|figure|section)\b", re.I)


class ExportError(ValueError):
    """The file is not a WordPress export that can be read; nothing was imported."""


@dataclass
class Post:
    """One item of the export, as WordPress wrote it."""

    post_id: str
    title: str
    link: str
    content: str
    status: str
    post_type: str
    slug: str
    published_at: datetime.datetime | None
    topics: list[str] = field(default_factory=list)

    @property
    def path(self) -> str:
        """The permalink's path (with its query for ``?p=N`` links), or "" without one."""
        parts = urlsplit(self.link)
        path = parts.path or "/"
        if parts.query:
            path = f"{path}?{parts.query}"
        return "" if path == "/" else path[:500]

    @property
    def label(self) -> str:
        return f"post {self.post_id} “{self.title[:80]}”"


@dataclass
class Outcome:
    """What became of one post: the translation's id, or why it was not imported."""

    post: Post
    translation_id: int | None = None
    skipped: str = ""
    error: str = ""
    warnings: list[str] = field(default_factory=list)


def _parse_time(gmt: str, rfc822: str) -> datetime.datetime | None:
    if gmt and not gmt.startswith("0000"):
        try:
            return datetime.datetime.strptime(gmt.strip(), "%Y-%m-%d %H:%M:%S").replace(
                tzinfo=datetime.UTC
            )
        except ValueError:
            pass
    if rfc822:
        try:
            parsed = parsedate_to_datetime(rfc822.strip())
        except (TypeError, ValueError):
            return None
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=datetime.UTC)
        return parsed
    return None


def read_export(data: bytes) -> list[Post]:
    """The items of an export file; ExportError names what is wrong with a file that is not one."""
    # Imported here: every web process loads this module, few ever read an export.
    from lxml import etree

    if not data.strip():
        raise ExportError("The file is empty.")
    if b"\x00" in data[:1024] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ExportError("The file is binary, not a WordPress export (an XML file).")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True, recover=False
    )
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as error:
        line = f" (line {error.lineno})" if error.lineno else ""
        message = str(error.msg or error).splitlines()[0].rstrip(" .,")
        if b"</rss>" not in data[-4096:].lower() and b"<rss" in data[:4096].lower():
            raise ExportError(
                f"The file is cut short: it ends before the export does{line}."
            ) from error
        if "encoding" in message.lower() or "utf-8" in message.lower():
            raise ExportError(
                f"The file is not in the encoding it declares{line}: {message}. Export it again "
                "from WordPress, or save it as UTF-8."
            ) from error
        raise ExportError(f"The file is not well-formed XML{line}: {message}.") from error
    channel = root.find("channel") if root.tag == "rss" else None
    if channel is None:
        raise ExportError(
            "The file is XML but not a WordPress export: it has no <rss><channel> in it."
        )
    if not any("wordpress.org/export" in (uri or "") for uri in root.nsmap.values()):
        raise ExportError("The file is an RSS feed, not a WordPress export (no wp: namespace).")
    return [_post(item) for item in channel.iterfind("item")]


def _post(item: etree._Element) -> Post:
    from lxml.etree import QName

    fields: dict[str, str] = {}
    topics: list[str] = []
    for child in item:
        if not isinstance(child.tag, str):
            continue
        name = QName(child)
        text = child.text or ""
        if name.localname == "category" and child.get("domain") in ("category", "post_tag"):
            if text.strip() and text.strip().lower() != "uncategorized":
                topics.append(html.unescape(text.strip()))
        elif name.localname == "encoded":
            if name.namespace == _CONTENT_NS:
                fields["content"] = text
        else:
            fields.setdefault(name.localname, text)
    return Post(
        post_id=fields.get("post_id", "").strip() or "?",
        title=html.unescape(fields.get("title", "").strip()),
        link=fields.get("link", "").strip(),
        content=fields.get("content", ""),
        status=fields.get("status", "").strip(),
        post_type=fields.get("post_type", "").strip(),
        slug=fields.get("post_name", "").strip(),
        published_at=_parse_time(fields.get("post_date_gmt", ""), fields.get("pubDate", "")),
        topics=list(dict.fromkeys(topics)),
    )


def page_document(post: Post) -> str:
    """The post as the bilingual page WordPress shows: its title over its content. Content saved
    without paragraph tags (WordPress adds them when it shows the post) has one per line."""
    content = post.content
    if not _BLOCK_TAG.search(content):
        lines = (line.strip() for line in content.replace("\r", "").split("\n"))
        content = "\n".join(f"<p>{line}</p>" for line in lines if line)
    return f"<html><body><h1>{html.escape(post.title)}</h1>\n{content}\n</body></html>"


def import_posts(
    posts: Iterable[Post], *, publish: bool = True, progress: Callable[[Post], None] | None = None
) -> Iterator[Outcome]:
    """Import each published post, whole or not at all; yield what became of every item that is a
    post (pages, attachments and menu items are not articles and are passed over)."""
    limit = settings.FETCH_MAX_BYTES
    for post in posts:
        if progress is not None:
            progress(post)
        if post.post_type and post.post_type != "post":
            continue
        outcome = Outcome(post)
        if post.status != "publish":
            outcome.skipped = f"its status is “{post.status or 'none'}”, not published"
        elif len(post.content.encode()) > limit:
            outcome.error = (
                f"its content is {len(post.content.encode()):,} bytes, over the limit of "
                f"{limit:,} bytes"
            )
        elif post.path and (
            former := FormerAddress.objects.filter(path=post.path).only("translation_id").first()
        ):
            outcome.skipped = f"already imported as translation #{former.translation_id}"
        else:
            _import_one(post, outcome, publish=publish)
        yield outcome


def _import_one(post: Post, outcome: Outcome, *, publish: bool) -> None:
    try:
        with transaction.atomic():
            result = import_page_document(
                page_document(post),
                publish=publish,
                published_at=post.published_at,
                slug=post.slug,
                topics=post.topics,
            )
            if post.path:
                FormerAddress.objects.create(
                    path=post.path, translation=result.translation, source="WordPress"
                )
    except IntakeError as error:
        outcome.error = str(error)
        return
    except ValidationError as error:
        outcome.error = " ".join(error.messages)
        return
    outcome.translation_id = result.translation.pk
    outcome.warnings = result.warnings
