"""Public pages: front page, article page, listings, and the small machine-facing endpoints."""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import QuerySet
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
)
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.dateformat import format as format_date
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from foreigndesk.accounts.models import Contributor
from foreigndesk.core.cache import (
    cached_page,
    collecting,
    depends_on,
    path_tag,
    shared_response,
    surrogate_keys,
)
from foreigndesk.core.frontend_cache import SURROGATE_HEADER
from foreigndesk.core.links import absolute_url, path_for
from foreigndesk.core.ratelimits import limited
from foreigndesk.intake.models import Author
from foreigndesk.newsroom import published
from foreigndesk.newsroom.models import Translation

from . import fragments, hits, selectors
from .article import build_article_page, json_for_script, news_article_metadata

PAGE_SIZE = 20
FRONT_PAGE_SIZE = PAGE_SIZE
READING_MODES = ("stacked", "side")


def _aside(*parts: str, countries: bool = False, topics: str = "") -> str:
    """The boxes around a reader page: hot this week, anything page-specific, topics (the
    page's own ``topics`` box, else the latest in the most active topics)."""
    if topics:
        after = [topics, fragments.boxes("countries") if countries else ""]
    else:
        after = [fragments.boxes("topics", "countries") if countries else fragments.boxes("topics")]
    return "".join([fragments.boxes("hot"), *parts, *after])


class _CountedOnce(Paginator):
    """A paginator whose COUNT over the listing is kept in the fragment cache until a change
    readers can see: a page of an archive of 100,000 articles then costs what one of 1,000 does
    (the page's rows come by index; only the count grows with the archive)."""

    #: The tag of the listing counted (its address): a publication in it changes the count.
    tag = ""

    @cached_property
    def count(self) -> int:
        # An address lists one query whatever its query string (only ``page`` is read), so the
        # address names the count. The query itself stays out of the key: writing out its SQL
        # on every page cost as much as the rest of the listing's database work.
        key = "count:" + hashlib.blake2b(self.tag.encode(), digest_size=16).hexdigest()

        def count() -> int:
            depends_on(self.tag)
            return int(self.object_list.count())

        return int(fragments.cached(key, count))


def _page_of(request: HttpRequest, queryset: QuerySet | selectors.ListingIds) -> Page:
    ids = (
        queryset
        if isinstance(queryset, selectors.ListingIds)
        else queryset.values_list("id", flat=True)
    )
    paginator = _CountedOnce(ids, PAGE_SIZE)
    paginator.tag = path_tag(request.path)
    try:
        return paginator.page(request.GET.get("page", 1))
    except (EmptyPage, PageNotAnInteger) as error:
        raise Http404("There is no such page of articles.") from error


def _listing(
    request: HttpRequest,
    queryset: QuerySet | selectors.ListingIds,
    *,
    title: str,
    feed: str | None,
    template: str = "reader/listing.html",
    countries: bool = False,
    view: fragments.ItemView = fragments.WHOLE,
    **extra: object,
) -> HttpResponse:
    """A paginated list of translations with the site's boxes and its own feeds.

    The database picks the page's articles (ids off an index); their markup comes from the
    fragment cache.
    """
    page = _page_of(request, queryset)
    canonical = absolute_url(request, request.path)
    if page.number > 1:
        canonical += f"?page={page.number}"
    context = {
        "page": page,
        "items": mark_safe("".join(fragments.listed_items(list(page.object_list), view))),
        "title": title,
        "canonical": canonical,
        "feed_rss": f"{feed}rss/" if feed else None,
        "feed_atom": f"{feed}atom/" if feed else None,
        "feed_title": title,
        "aside": _aside(countries=countries),
        **extra,
    }
    return render(request, template, context)


@cached_page(by_tags=True)
def front_page(request: HttpRequest) -> HttpResponse:
    """Latest translations, newest first, with countries and topics to browse (``?page=N``)."""
    return _listing(
        request,
        selectors.ListingIds("front", PAGE_SIZE),
        title="Latest translations",
        feed=path_for("reader:front_page"),
        template="reader/front_page.html",
        countries=True,
    )


def _article_parts(request: HttpRequest, translation: Translation) -> dict[str, Any]:
    """Everything of an article page that does not depend on the reading mode, rendered
    (from a translation fetched by ``published_article`` or ``article_for_preview``)."""
    depends_on(fragments.translation_tag(translation.pk), fragments.related_tag(translation.pk))
    page = build_article_page(translation)
    canonical = absolute_url(request, translation.public_url)
    context = {
        "page": page,
        "translation": translation,
        "canonical": canonical,
        "metadata": json_for_script(news_article_metadata(page, canonical)),
    }
    related = selectors.related_articles(translation)
    fragments.shows_lines([fragments.title_line(article) for article in related])
    topics = list(translation.topics.all())
    # The box shows the latest in these topics: a publication in one changes its listing.
    if topics:
        depends_on(*(path_tag(path_for("reader:topic", topic.slug)) for topic in topics))
    else:
        depends_on(fragments.TOPICS_BOX)
    groups = published.latest_in_topics(topics, exclude=translation.pk)
    fragments.shows_lines([line for group in groups for line in group.articles])
    return {
        "title": translation.title,
        "description": translation.standfirst,
        "canonical": canonical,
        "head": render_to_string("reader/_article_head.html", context),
        "top": render_to_string("reader/_article_top.html", context),
        "main": render_to_string(
            "reader/_link_main.html" if translation.is_link else "reader/_article_main.html",
            context,
        ),
        "related": render_to_string("reader/_box_related.html", {"related": related}),
        # The latest in the article's own topics; an article without topics gets the site's
        # box. Either way the page asks one query for it.
        "topics": render_to_string("reader/_box_topics.html", {"groups": groups}).strip(),
        "has_original_text": page.has_original_text and not translation.is_link,
        "omissions": page.omissions,
        "additions": page.additions,
        "moves": page.moves,
    }


def _reading_mode(request: HttpRequest) -> str:
    mode = request.GET.get("mode", "stacked")
    return mode if mode in READING_MODES else "stacked"


def _elsewhere(request: HttpRequest, ref: Translation, year: int, month: str) -> str | None:
    """The article's own address when the request names another year or month, else None."""
    if ref.published_at is None:
        return None
    when = timezone.localtime(ref.published_at)
    if (when.year, f"{when.month:02d}") == (year, month):
        return None
    query = request.META.get("QUERY_STRING")
    return ref.public_url + (f"?{query}" if query else "")


@cached_page(by_tags=True)
def article(request: HttpRequest, year: int, month: str, slug: str) -> HttpResponse:
    """One translation with its original, stacked or side by side (``?mode=side``); a
    withdrawn one answers 410 with the desk's notice."""
    try:
        ref = published.published_article_ref(slug)
    except Translation.DoesNotExist as error:
        gone = published.withdrawn_article(slug)
        if gone is None:
            return _link_in_translation(request, year, month, slug, error)
        target = _elsewhere(request, gone, year, month)
        return HttpResponsePermanentRedirect(target) if target else _withdrawn(request, gone)
    target = _elsewhere(request, ref, year, month)
    if target:
        return HttpResponsePermanentRedirect(target)
    host = "" if settings.SITE_URL else request.get_host()
    parts = fragments.cached(
        f"article:{ref.pk}:{host}",
        lambda: _article_parts(request, published.published_article(slug)),
    )
    return render(
        request,
        "reader/article.html",
        {
            "parts": parts,
            "mode": _reading_mode(request),
            "canonical": parts["canonical"],
            "hit_url": path_for("reader:hit", ref.pk),
            "aside": _aside(parts["related"], topics=parts["topics"]),
        },
    )


def _link_in_translation(
    request: HttpRequest, year: int, month: str, slug: str, error: Exception
) -> HttpResponse:
    """A link post the desk is translating in full keeps its page until the translation is
    published at the same address; any other address is a 404."""
    link = published.link_post_in_translation(slug)
    if link is None:
        raise Http404("No published article at this address.") from error
    target = _elsewhere(request, link, year, month)
    if target:
        return HttpResponsePermanentRedirect(target)
    parts = _article_parts(request, link)
    return render(
        request,
        "reader/article.html",
        {
            "parts": parts,
            "mode": "stacked",
            "canonical": parts["canonical"],
            "aside": _aside(parts["related"], topics=parts["topics"]),
        },
    )


def _withdrawn(request: HttpRequest, translation: Translation) -> HttpResponse:
    """410 Gone with the title, the date and the desk's public reason; none of the text.

    Never kept in the page cache (it stores 200s and 404s only): a restore brings the article
    back at the same address, and browsers and proxies keep this for PAGE_CACHE_MAX_AGE at most.
    """
    response = render(
        request,
        "reader/withdrawn.html",
        {"translation": translation, "aside": _aside(), "robots": "noindex"},
        status=410,
    )
    patch_cache_control(response, max_age=settings.PAGE_CACHE_MAX_AGE)
    return response


#: Who may preview: the desk's translators and editors (and admins) hold this permission.
PREVIEW_PERMISSION = "newsroom.view_translation"


def preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The desk's preview of a translation readers cannot see yet, exactly as its article page
    will show it, under a banner; never cached, never indexed.

    Anonymous visitors are sent to log in. Someone logged in without the permission gets the
    same 404 as for an id that does not exist, so that titles and ids of work in progress do
    not leak. A translation readers can already see redirects to its article page.
    """
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm(PREVIEW_PERMISSION):
        raise Http404("No article to preview at this address.")
    try:
        translation = published.article_for_preview(pk)
    except Translation.DoesNotExist as error:
        raise Http404("No article to preview at this address.") from error
    if translation.is_visible_to_readers():
        return redirect(translation.public_url)
    parts = _article_parts(request, translation)
    response = render(
        request,
        "reader/article.html",
        {
            "parts": parts,
            "mode": _reading_mode(request),
            "preview": translation,
            "desk_url": path_for("desk:translation", translation.pk),
            "robots": "noindex",
            "aside": _aside(parts["related"], topics=parts["topics"]),
        },
    )
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex"
    return response


def _index(request: HttpRequest, template: str, *, title: str, body: str) -> HttpResponse:
    """An index page of the site (countries, topics, feeds): a title, one rendered list and
    the boxes."""
    return render(
        request,
        template,
        {
            "title": title,
            "body": body,
            "canonical": absolute_url(request, request.path),
            "aside": _aside(),
        },
    )


@cached_page(by_tags=True)
def countries(request: HttpRequest) -> HttpResponse:
    """Every country whose press has published translations, with how many."""
    return _index(
        request,
        "reader/countries.html",
        title="Countries",
        body=fragments.cached(
            "index:countries", lambda: fragments.watched(fragments.COUNTRIES_INDEX)
        ),
    )


@cached_page(by_tags=True)
def topics(request: HttpRequest) -> HttpResponse:
    """Every topic of published translations, with how many."""
    return _index(
        request,
        "reader/topics.html",
        title="Topics",
        body=fragments.cached("index:topics", lambda: fragments.watched(fragments.TOPICS_INDEX)),
    )


@cached_page(by_tags=True)
def feeds_index(request: HttpRequest) -> HttpResponse:
    """The feeds the site offers, with their addresses: the whole site, each country, each
    topic and each outlet (people, authors and months have theirs on their pages)."""
    host = "" if settings.SITE_URL else request.get_host()

    def render_list() -> str:
        places, subjects, sources = fragments.watched(fragments.FEEDS_INDEX)
        groups = [
            ("Countries", "country", places),
            ("Topics", "topic", subjects),
            ("Outlets", "outlet", sources),
        ]
        return render_to_string(
            "reader/_index_feeds.html",
            {
                "site_feeds": _feed_pair(request, "Every translation", "front_page"),
                "groups": [
                    (heading, [_feed_pair(request, row.name, name, row.slug) for row in rows])
                    for heading, name, rows in groups
                ],
            },
        )

    return _index(
        request,
        "reader/feeds.html",
        title="Feeds",
        body=fragments.cached(f"index:feeds:{host}", render_list),
    )


def _feed_pair(request: HttpRequest, label: str, name: str, *args: str) -> dict[str, str]:
    """A listing's name and the absolute addresses of its RSS and Atom feeds."""
    return {
        "label": label,
        "page": absolute_url(request, path_for(f"reader:{name}", *args)),
        "rss": absolute_url(request, path_for(f"reader:{name}_rss", *args)),
        "atom": absolute_url(request, path_for(f"reader:{name}_atom", *args)),
    }


@cached_page(by_tags=True)
def country(request: HttpRequest, slug: str) -> HttpResponse:
    """Translations from one country's press."""
    place = selectors.country_by_slug(slug)
    if place is None:
        raise Http404("No country has this address.")
    return _listing(
        request,
        selectors.ListingIds("country", PAGE_SIZE, key=place.pk),
        title=f"From the press of {place.name}",
        feed=path_for("reader:country", slug),
        view=fragments.ItemView(without_country=True),
        subject=place,
    )


class _NoSuchOutlet(Exception):
    """Raised inside a fragment's render, so that an address with no outlet is not cached."""


def _outlet_profile(slug: str) -> Any:
    """The outlet of a listing's address with its profile (three queries), kept with the
    fragments until its page's address is retired (a domain or language changed) or the site's
    generation moves (the outlet or its country renamed)."""

    def read() -> Any:
        depends_on(path_tag(path_for("reader:outlet", slug)))
        found = selectors.outlet_profile(slug)
        if found is None:
            raise _NoSuchOutlet
        return found

    digest = hashlib.blake2b(slug.encode(), digest_size=12).hexdigest()
    try:
        return fragments.cached(f"outlet:{digest}", read)
    except _NoSuchOutlet:
        return None


@cached_page(by_tags=True)
def outlet(request: HttpRequest, slug: str) -> HttpResponse:
    """Translations from one outlet, with its country, languages and profile."""
    source = _outlet_profile(slug)
    if source is None:
        raise Http404("No outlet has this address.")
    return _listing(
        request,
        selectors.ListingIds("outlet", PAGE_SIZE, key=source.pk),
        title=f"From {source.name}",
        feed=path_for("reader:outlet", slug),
        template="reader/outlet.html",
        outlet=source,
    )


@cached_page(by_tags=True)
def topic(request: HttpRequest, slug: str) -> HttpResponse:
    """Translations on one topic."""
    subject = selectors.topic_by_slug(slug)
    if subject is None:
        raise Http404("No topic has this address.")
    return _listing(
        request,
        selectors.ListingIds("topic", PAGE_SIZE, key=subject.pk),
        title=subject.name,
        feed=path_for("reader:topic", slug),
        subject=subject,
    )


@cached_page(by_tags=True)
def author(request: HttpRequest, pk: int) -> HttpResponse:
    """Translations of one original author's articles."""
    try:
        writer = published.public_author(pk)
    except Author.DoesNotExist as error:
        raise Http404("No published translation of this author's work.") from error
    return _listing(
        request,
        published.by_author(writer),
        title=f"Articles by {writer.name}" + (f" ({writer.romanized})" if writer.romanized else ""),
        feed=path_for("reader:author", pk),
        author=writer,
    )


@cached_page(by_tags=True)
def contributor(request: HttpRequest, slug: str) -> HttpResponse:
    """A translator's or editor's public profile with their published work."""
    try:
        person = published.public_contributor(slug)
    except Contributor.DoesNotExist as error:
        raise Http404("No published work by this person.") from error
    return _listing(
        request,
        published.by_contributor(person),
        title=person.name,
        feed=path_for("reader:contributor", slug),
        template="reader/contributor.html",
        view=fragments.ItemView(person=person.pk),
        person=person,
        counts=published.contributor_counts(person),
    )


@cached_page(by_tags=True)
def month(request: HttpRequest, year: int, month: str) -> HttpResponse:
    """Translations published in one month."""
    try:
        in_month = published.in_month(year, int(month))
    except ValueError as error:
        raise Http404(str(error)) from error
    first = datetime.date(year, int(month), 1)
    return _listing(
        request,
        in_month,
        title=f"Published in {format_date(first, 'F Y')}",
        feed=path_for("reader:month", year, month),
    )


#: The largest id a database row can have (a 64-bit integer).
MAX_ID = 2**63 - 1


@csrf_exempt
@limited("hits")
@require_http_methods(["GET", "POST"])
def hit(request: HttpRequest, pk: int) -> HttpResponse:
    """Count one read of an article: no cookie set, nothing about the reader kept."""
    if pk > MAX_ID:
        raise Http404("No article has this number.")
    hits.count(request, pk)
    return HttpResponse(status=204)


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """A trivial view: load balancers' health check and the benchmark's ceiling."""
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers may read the public site, not the desk or the admin."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /desk/",
        "Disallow: /hit/",
        "Disallow: /preview/",
        f"Sitemap: {absolute_url(request, path_for('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A 404 page in the site's design, with the boxes that help a reader move on.

    A cache tier may keep it as briefly as any other answer but a page (``max-age``, no
    ``s-maxage``): an address that is missing now is the address of the next publication, which
    purges it by URL; its boxes name their tags, so a changed box leaves it by key too."""
    with collecting() as versions:
        depends_on(path_tag(request.path))
        response = render(request, "404.html", {"aside": fragments.boxes("hot")}, status=404)
    response = shared_response(request, response)
    if "private" not in response.get("Cache-Control", ""):
        response[SURROGATE_HEADER] = surrogate_keys(versions)
    return response
