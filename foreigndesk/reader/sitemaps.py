"""sitemap.xml: every published article and every listing page."""

from __future__ import annotations

from typing import Any

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from foreigndesk.newsroom import published
from foreigndesk.newsroom.models import Translation


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8
    limit = 10000

    def items(self) -> Any:
        return (
            Translation.objects.published()
            .only("id", "slug", "published_at", "updated_at")
            .order_by("-published_at", "-id")
        )

    def lastmod(self, item: Translation) -> Any:
        return item.updated_at


class ListingSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.5

    def items(self) -> list[str]:
        paths = [
            reverse("reader:front_page"),
            reverse("reader:countries"),
            reverse("reader:topics"),
            reverse("reader:feeds"),
        ]
        paths += [reverse("reader:country", args=[c.slug]) for c in list(published.countries())]
        paths += [reverse("reader:topic", args=[t.slug]) for t in list(published.topics())]
        return paths

    def location(self, item: str) -> str:
        return item


SITEMAPS = {"articles": ArticleSitemap, "listings": ListingSitemap}
