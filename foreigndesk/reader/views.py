"""Public pages: the front page and the article page."""

from __future__ import annotations

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.utils import timezone

from foreigndesk.newsroom.models import Translation

from . import selectors
from .article import absolute_url, build_article_page, json_for_script, news_article_metadata

FRONT_PAGE_SIZE = 20
READING_MODES = ("stacked", "side")


def _boxes() -> dict[str, object]:
    """The boxes around every reader page."""
    return {
        "hot": selectors.hot_this_week(),
        "topics": selectors.topics_in_use(),
    }


def front_page(request: HttpRequest) -> HttpResponse:
    """Published translations, newest first, twenty to a page (``?page=N``)."""
    paginator = Paginator(selectors.latest_translations(), FRONT_PAGE_SIZE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except (EmptyPage, PageNotAnInteger) as error:
        raise Http404("There is no such page of articles.") from error
    return render(
        request,
        "reader/front_page.html",
        {"page": page, "canonical": absolute_url(request, request.path), **_boxes()},
    )


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
            **_boxes(),
        },
    )


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A 404 page in the site's design, with the boxes that help a reader move on."""
    return render(request, "404.html", {"hot": selectors.hot_this_week()}, status=404)
