"""How many cached reader pages a change retires, and how many URLs it purges from the cache
tier in front, on the demo desk.

Every reader page reachable from the front page is visited twice (cached from then on); then
one change is made through the desk's own actions, and every page is visited again: a page
that is no longer a hit was retired. The purges go to a recording cache tier.

    python bench/retirements.py --database /tmp/demo.sqlite3 --prepare
    python bench/retirements.py --database /tmp/copy.sqlite3 --change publish-busy

``--prepare`` migrates the (new) database and loads the demo desk into it; each ``--change``
alters the database, so run each on a fresh copy of the prepared one. ``--code`` names another
checkout whose ``foreigndesk`` is measured instead of the installed one, on the same data (an
earlier commit, extracted with ``git archive``).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import deque
from html.parser import HTMLParser
from typing import Any

#: Addresses that are not reader pages kept in the page cache.
SKIPPED = ("/desk/", "/admin/", "/accounts/", "/api/", "/hit/", "/preview/", "/static/", "/media/")

CHANGES = ("publish-busy", "publish-quiet", "correct-newest", "edit-published", "edit-draft")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href") if tag == "a" else None
        if href:
            self.found.append(href)


def _setup(database: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "foreigndesk.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    # No page pushed out of the local-memory cache for room: only a retirement makes a miss.
    os.environ["FOREIGNDESK_CACHE_MAX_ENTRIES"] = "1000000"
    import django

    django.setup()


def _settings() -> Any:
    from django.test import override_settings

    return override_settings(
        PAGE_CACHE_SECONDS=600,
        FRAGMENT_CACHE_SECONDS=600,
        BOX_CACHE_SECONDS=600,
        SITE_URL="http://desk.localhost",
        ALLOWED_HOSTS=["*"],
        FOREIGNDESK_FRONTEND_CACHES={
            "tier": {"BACKEND": "foreigndesk.testing.frontend.RecordingFrontendCache"}
        },
    )


def _pages(client: Any) -> list[str]:
    """Every reader page reachable from the front page by links without a query string."""
    seen, queue, pages = {"/"}, deque(["/"]), []
    while queue:
        path = queue.popleft()
        response = client.get(path)
        if response.status_code != 200 or "X-Page-Cache" not in response:
            continue
        pages.append(path)
        parser = _Links()
        parser.feed(response.content.decode())
        for href in parser.found:
            href = href.removeprefix("http://desk.localhost")
            page = href.startswith("/") and not href.startswith(SKIPPED)
            if page and "?" not in href and "#" not in href and href not in seen:
                seen.add(href)
                queue.append(href)
    return pages


def _scheduled() -> Any:
    from foreigndesk.newsroom.models import Translation

    return Translation.objects.get(scheduled_at__isnull=False, published_at__isnull=True)


def _before(change: str) -> None:
    """What the desk did before the pages were visited: the article about to be published is
    filed under a topic, the busiest of the demo or one of its quietest."""
    from foreigndesk.newsroom.models import Topic

    if change.startswith("publish"):
        slug = "transport" if change == "publish-busy" else "migration"
        _scheduled().topics.add(Topic.objects.get(slug=slug))


def _change(change: str) -> str:
    from django.contrib.auth import get_user_model

    from foreigndesk.newsroom import published
    from foreigndesk.newsroom.actions import add_correction, publish_translation
    from foreigndesk.newsroom.editing import save_translation_text
    from foreigndesk.newsroom.models import Translation
    from foreigndesk.newsroom.states import State

    if change.startswith("publish"):
        translation = publish_translation(translation=_scheduled())
        return f"published “{translation.title}” in {translation.topics.get().name}"
    if change in ("correct-newest", "edit-published"):
        # The newest article filed under a topic: the box of every listing names it.
        newest = Translation.objects.get(
            pk=published.public_listing().filter(topics__isnull=False).values_list("pk")[:1]
        )
        if change == "correct-newest":
            add_correction(translation=newest, text="An earlier version misstated a date.")
            return f"corrected “{newest.title}”"
        # An editor rewords the last paragraph: a change that shows on its page only.
        blocks = [dict(block) for block in newest.blocks]
        last = max(i for i, block in enumerate(blocks) if block["kind"] == "paragraph")
        blocks[last]["text"] += " (Updated.)"
        save_translation_text(
            actor=get_user_model().objects.get(username="editor"),
            translation=newest,
            expected_revision=newest.revision,
            blocks=blocks,
        )
        return f"edited the last paragraph of “{newest.title}”"
    draft = Translation.objects.filter(state=State.IN_TRANSLATION).order_by("pk").first()
    assert draft is not None
    save_translation_text(
        actor=draft.claimed_by,
        translation=draft,
        expected_revision=draft.revision,
        title=draft.title + " (draft)",
    )
    return f"saved the draft “{draft.title}”"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", required=True, help="a SQLite file")
    parser.add_argument("--prepare", action="store_true", help="migrate and load the demo")
    parser.add_argument("--change", choices=CHANGES)
    parser.add_argument("--code", help="a checkout whose foreigndesk package to measure")
    options = parser.parse_args(argv)
    if options.code:
        sys.path.insert(0, os.path.abspath(options.code))
    _setup(options.database)

    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client

    from foreigndesk.core import cache as page_cache
    from foreigndesk.testing.frontend import RecordingFrontendCache

    if options.prepare:
        from foreigndesk.demo.actions import load_demo

        call_command("migrate", verbosity=0, interactive=False)
        load_demo()
        return 0
    if not options.change:
        parser.error("say which --change to make, or --prepare")
    with _settings():
        _before(options.change)
        cache.clear()
        page_cache.forget_remembered()
        client = Client()
        pages = _pages(client)
        for path in pages:
            client.get(path)
        hits = [path for path in pages if client.get(path)["X-Page-Cache"] == "hit"]
        RecordingFrontendCache.purged.clear()
        what = _change(options.change)
        retired = [path for path in hits if client.get(path)["X-Page-Cache"] != "hit"]
        purged = sorted(set(RecordingFrontendCache.purged))
    import foreigndesk

    print(f"{options.change}: {what} (code in {os.path.dirname(foreigndesk.__file__)})")
    print(
        f"  pages cached {len(hits)} of {len(pages)}; retired {len(retired)}; purged {len(purged)}"
    )
    for path in retired:
        print(f"    retired {path}")
    for url in purged:
        print(f"    purged {url}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
