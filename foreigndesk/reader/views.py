"""Public pages: front page, article page, listings, and the small machine-facing endpoints."""

from __future__ import annotations

import datetime

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import QuerySet
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from foreigndesk.accounts.models import Contributor
from foreigndesk.core.models import Country
from foreigndesk.intake.models import Author, Outlet
from foreigndesk.newsroom.models import Topic, Translation

from . import hits, selectors
from .article import absolute_url, build_article_page, json_for_script, news_article_metadata
from .cache import cached_page

PAGE_SIZE = 20
FRONT_PAGE_SIZE = PAGE_SIZE
READING_MODES = ("stacked", "side")


def _boxes() -> dict[str, object]:
    """The boxes around every reader page."""
    return selectors.boxes()


def _page_of(request: HttpRequest, queryset: QuerySet) -> object:
    paginator = Paginator(queryset, PAGE_SIZE)
    try:
        return paginator.page(request.GET.get("page", 1))
    except (EmptyPage, PageNotAnInteger) as error:
        raise Http404("There is no such page of articles.") from error


def _listing(
    request: HttpRequest,
    queryset: QuerySet,
    *,
    title: str,
    feed: str | None,
    template: str = "reader/listing.html",
    **extra: object,
) -> HttpResponse:
    """A paginated list of translations with the site's boxes and its own feeds."""
    page = _page_of(request, queryset)
    canonical = absolute_url(request, request.path)
    if page.number > 1:
        canonical += f"?page={page.number}"
    context = {
        "page": page,
        "title": title,
        "canonical": canonical,
        "feed_rss": f"{feed}rss/" if feed else None,
        "feed_atom": f"{feed}atom/" if feed else None,
        "feed_title": title,
        **_boxes(),
        **extra,
    }
    return render(request, template, context)


@cached_page
def front_page(request: HttpRequest) -> HttpResponse:
    """Latest translations, newest first, with countries and topics to browse (``?page=N``)."""
    return _listing(
        request,
        selectors.latest_translations(),
        title="Latest translations",
        feed=reverse("reader:front_page"),
        template="reader/front_page.html",
        countries=selectors.countries_in_use(),
    )


@cached_page
def article(request: HttpRequest, year: int, month: str, slug: str) -> HttpResponse:
    """One translation with its original, stacked or side by side (``?mode=side``)."""
    try:
        translation = selectors.published_article(slug)
    except Translation.DoesNotExist as error:
        raise Http404("No published article at this address.") from error
    canonical_path = translation.get_absolute_url()
    when = timezone.localtime(translation.published_at)
    if (when.year, f"{when.month:02d}") != (year, month):
        query = request.META.get("QUERY_STRING")
        return HttpResponsePermanentRedirect(canonical_path + (f"?{query}" if query else ""))
    mode = request.GET.get("mode", "stacked")
    if mode not in READING_MODES:
        mode = "stacked"
    page = build_article_page(translation)
    canonical = absolute_url(request, canonical_path)
    return render(
        request,
        "reader/article.html",
        {
            "page": page,
            "translation": translation,
            "mode": mode,
            "canonical": canonical,
            "metadata": json_for_script(news_article_metadata(page, canonical)),
            "related": selectors.related_articles(translation),
            "hit_url": reverse("reader:hit", args=[translation.pk]),
            **_boxes(),
        },
    )


@cached_page
def country(request: HttpRequest, slug: str) -> HttpResponse:
    """Translations from one country's press."""
    place = get_object_or_404(Country, slug=slug)
    return _listing(
        request,
        selectors.in_country(place),
        title=f"From the press of {place.name}",
        feed=reverse("reader:country", args=[slug]),
        subject=place,
    )


@cached_page
def outlet(request: HttpRequest, slug: str) -> HttpResponse:
    """Translations from one outlet, with its country, languages and profile."""
    source = get_object_or_404(
        Outlet.objects.select_related("country").prefetch_related("languages", "domains"),
        slug=slug,
    )
    return _listing(
        request,
        selectors.from_outlet(source),
        title=f"From {source.name}",
        feed=reverse("reader:outlet", args=[slug]),
        template="reader/outlet.html",
        outlet=source,
    )


@cached_page
def topic(request: HttpRequest, slug: str) -> HttpResponse:
    """Translations on one topic."""
    subject = get_object_or_404(Topic, slug=slug)
    return _listing(
        request,
        selectors.on_topic(subject),
        title=subject.name,
        feed=reverse("reader:topic", args=[slug]),
        subject=subject,
    )


@cached_page
def author(request: HttpRequest, pk: int) -> HttpResponse:
    """Translations of one original author's articles."""
    writer = get_object_or_404(Author.objects.select_related("outlet"), pk=pk)
    return _listing(
        request,
        selectors.by_author(writer),
        title=f"Articles by {writer.name}",
        feed=reverse("reader:author", args=[pk]),
        author=writer,
    )


@cached_page
def contributor(request: HttpRequest, slug: str) -> HttpResponse:
    """A translator's or editor's public profile with their published work."""
    person = get_object_or_404(Contributor, slug=slug)
    return _listing(
        request,
        selectors.by_contributor(person),
        title=person.name,
        feed=reverse("reader:contributor", args=[slug]),
        template="reader/contributor.html",
        person=person,
        counts=selectors.contributor_counts(person),
    )


@cached_page
def month(request: HttpRequest, year: int, month: str) -> HttpResponse:
    """Translations published in one month."""
    first = datetime.date(year, int(month), 1)
    return _listing(
        request,
        selectors.in_month(year, int(month)),
        title=f"Published in {format_date(first, 'F Y')}",
        feed=reverse("reader:month", args=[year, month]),
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def hit(request: HttpRequest, pk: int) -> HttpResponse:
    """Count one read of an article: no cookie set, nothing about the reader kept."""
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
        f"Sitemap: {absolute_url(request, reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A 404 page in the site's design, with the boxes that help a reader move on."""
    return render(request, "404.html", {"hot": selectors.hot_this_week()}, status=404)
