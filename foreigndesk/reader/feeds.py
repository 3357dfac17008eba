"""RSS 2.0 and Atom feeds for the site and each country, outlet, topic and contributor."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from foreigndesk.accounts.models import Contributor
from foreigndesk.core.cache import depends_on, path_tag, shared_response
from foreigndesk.core.models import Country
from foreigndesk.core.text import without_control_characters
from foreigndesk.intake.models import Author, Outlet
from foreigndesk.newsroom import published
from foreigndesk.newsroom.models import Credit, Topic, Translation

from . import fragments
from .article import credits_of, dateline_of
from .phrases import join_names, listed_title

FEED_SIZE = 30
#: What a link post says of itself, on its page and in feeds.
LINK_NOTICE = "This post appeared on the front page as a direct link to the original article."


class SiteFeed(Feed):
    """The latest translations of the whole site."""

    description_template = None

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """The feed, rendered once per change of the site (see ``fragments``)."""

        def render() -> tuple[str, bytes]:
            # A feed shows what its listing shows: it is retired with the listing's address.
            depends_on(path_tag(request.path))
            response = super(SiteFeed, self).__call__(request, *args, **kwargs)
            return response["Content-Type"], response.content

        host = "" if settings.SITE_URL else request.get_host()
        content_type, content = fragments.cached(f"feed:{host}:{request.path}", render)
        return shared_response(request, HttpResponse(content, content_type=content_type))

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        return None

    def get_feed(self, obj: Any, request: HttpRequest) -> Any:
        """The feed with control characters taken out of every text: XML 1.0 has no place for
        them, and one stored in a title must not take the feed down for every reader."""
        feed = super().get_feed(obj, request)
        for fields in (feed.feed, *feed.items):
            for key, value in fields.items():
                if isinstance(value, str):
                    fields[key] = without_control_characters(value)
                elif isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
                    fields[key] = [without_control_characters(v) for v in value]
        return feed

    def title(self, obj: Any) -> str:
        return settings.SITE_NAME

    def subtitle(self, obj: Any) -> str:
        return settings.SITE_TAGLINE

    description = subtitle

    def link(self, obj: Any) -> str:
        return reverse("reader:front_page")

    def translations(self, obj: Any) -> QuerySet:
        return published.public_listing()

    def items(self, obj: Any) -> list[Translation]:
        details = published.with_item_details(self.translations(obj))
        return list(published.with_credits_and_topics(details)[:FEED_SIZE])

    def item_title(self, item: Translation) -> str:
        """ "COUNTRY: TITLE" without the asterisk: a feed reader has no note for it to point
        at, and the editor's note is in the item's description."""
        country = item.original.outlet.country if item.original and item.original.outlet else None
        title = listed_title(country=country.name if country else "", title=item.title)
        return f"{title} (link)" if item.is_link else title

    def item_description(self, item: Translation) -> str:
        dateline = dateline_of(item.original)
        # A link post translates nothing: no "Translated from" line.
        line = "" if item.is_link else credits_of(item, list(item.credits.all()))
        parts = [item.standfirst or item.first_text or "", str(dateline), str(line)]
        if item.editor_note:
            parts.append(f"*Editor's note: {item.editor_note}")
        html = "".join(f"<p>{escape(part)}</p>" for part in parts if part)
        if item.is_link and item.original and item.original.url:
            html += (
                f"<p>{escape(LINK_NOTICE)} "
                f'<a href="{escape(item.original.url)}">Read the original</a></p>'
            )
        return html

    def item_link(self, item: Translation) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Translation) -> Any:
        return item.published_at

    def item_updateddate(self, item: Translation) -> Any:
        return item.updated_at

    def item_author_name(self, item: Translation) -> str:
        names = [c.contributor.name for c in item.credits.all() if c.role == Credit.Role.TRANSLATOR]
        return join_names(names) or settings.SITE_NAME

    def item_categories(self, item: Translation) -> list[str]:
        return [topic.name for topic in item.topics.all()]


class CountryFeed(SiteFeed):
    def get_object(self, request: HttpRequest, slug: str) -> Country:  # type: ignore[override]
        return get_object_or_404(Country, slug=slug)

    def title(self, obj: Country) -> str:
        return f"{settings.SITE_NAME}: from the press of {obj.name}"

    def link(self, obj: Country) -> str:
        return reverse("reader:country", args=[obj.slug])

    def translations(self, obj: Country) -> QuerySet:
        return published.in_country(obj)


class OutletFeed(SiteFeed):
    def get_object(self, request: HttpRequest, slug: str) -> Outlet:  # type: ignore[override]
        return get_object_or_404(Outlet, slug=slug)

    def title(self, obj: Outlet) -> str:
        return f"{settings.SITE_NAME}: from {obj.name}"

    def link(self, obj: Outlet) -> str:
        return reverse("reader:outlet", args=[obj.slug])

    def translations(self, obj: Outlet) -> QuerySet:
        return published.from_outlet(obj)


class TopicFeed(SiteFeed):
    def get_object(self, request: HttpRequest, slug: str) -> Topic:  # type: ignore[override]
        return get_object_or_404(Topic, slug=slug)

    def title(self, obj: Topic) -> str:
        return f"{settings.SITE_NAME}: {obj.name}"

    def link(self, obj: Topic) -> str:
        return reverse("reader:topic", args=[obj.slug])

    def translations(self, obj: Topic) -> QuerySet:
        return published.on_topic(obj)


class ContributorFeed(SiteFeed):
    def get_object(self, request: HttpRequest, slug: str) -> Contributor:  # type: ignore[override]
        try:
            return published.public_contributor(slug)
        except Contributor.DoesNotExist as error:
            raise Http404("No published work by this person.") from error

    def title(self, obj: Contributor) -> str:
        return f"{settings.SITE_NAME}: translations by {obj.name}"

    def link(self, obj: Contributor) -> str:
        return reverse("reader:contributor", args=[obj.slug])

    def translations(self, obj: Contributor) -> QuerySet:
        return published.by_contributor(obj)


class AuthorFeed(SiteFeed):
    def get_object(self, request: HttpRequest, pk: int) -> Author:  # type: ignore[override]
        try:
            return published.public_author(pk)
        except Author.DoesNotExist as error:
            raise Http404("No published translation of this author's work.") from error

    def title(self, obj: Author) -> str:
        return f"{settings.SITE_NAME}: articles by {obj.name}"

    def link(self, obj: Author) -> str:
        return reverse("reader:author", args=[obj.pk])

    def translations(self, obj: Author) -> QuerySet:
        return published.by_author(obj)


class MonthFeed(SiteFeed):
    def get_object(self, request: HttpRequest, year: int, month: str) -> tuple[int, int]:  # type: ignore[override]
        if year not in published.YEARS or not 1 <= int(month) <= 12:
            raise Http404("No such month.")
        return (year, int(month))

    def title(self, obj: tuple[int, int]) -> str:
        return f"{settings.SITE_NAME}: published in {obj[0]}-{obj[1]:02d}"

    def link(self, obj: tuple[int, int]) -> str:
        return reverse("reader:month", args=[obj[0], obj[1]])

    def translations(self, obj: tuple[int, int]) -> QuerySet:
        return published.in_month(*obj)


def atom(feed: type[SiteFeed]) -> type[SiteFeed]:
    """The Atom twin of an RSS feed class."""
    return type(f"Atom{feed.__name__}", (feed,), {"feed_type": Atom1Feed})
