from django.urls import path, register_converter

from . import feeds, views


class YearConverter:
    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return f"{int(value):04d}"


class MonthConverter:
    regex = "0[1-9]|1[0-2]"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str | int) -> str:
        return f"{int(value):02d}"


register_converter(YearConverter, "yyyy")
register_converter(MonthConverter, "mm")

app_name = "reader"


def with_feeds(prefix: str, view, feed, name: str, arg: str = "") -> list:
    """A listing page and its RSS and Atom feeds."""
    return [
        path(f"{prefix}{arg}", view, name=name),
        path(f"{prefix}{arg}rss/", feed(), name=f"{name}_rss"),
        path(f"{prefix}{arg}atom/", feeds.atom(feed)(), name=f"{name}_atom"),
    ]


urlpatterns = [
    *with_feeds("", views.front_page, feeds.SiteFeed, "front_page"),
    path("countries/", views.countries, name="countries"),
    path("topics/", views.topics, name="topics"),
    path("feeds/", views.feeds_index, name="feeds"),
    *with_feeds("countries/", views.country, feeds.CountryFeed, "country", "<slug:slug>/"),
    *with_feeds("outlets/", views.outlet, feeds.OutletFeed, "outlet", "<slug:slug>/"),
    *with_feeds("topics/", views.topic, feeds.TopicFeed, "topic", "<slug:slug>/"),
    *with_feeds("people/", views.contributor, feeds.ContributorFeed, "contributor", "<slug:slug>/"),
    *with_feeds("authors/", views.author, feeds.AuthorFeed, "author", "<int:pk>/"),
    path("hit/<int:pk>/", views.hit, name="hit"),
    path("preview/<int:pk>/", views.preview, name="preview"),
    *with_feeds("", views.month, feeds.MonthFeed, "month", "<yyyy:year>/<mm:month>/"),
    path("<yyyy:year>/<mm:month>/<slug:slug>/", views.article, name="article"),
]
