"""Helpers for the API tests: a JSON GET and an archive of varied published articles."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from django.test import Client
from django.utils import timezone

from foreigndesk.intake.models import OutletDomain
from foreigndesk.newsroom.models import Translation
from foreigndesk.testing import factories

_serial = itertools.count(1)


def get_json(client: Client, path: str, status: int = 200, **params: Any) -> Any:
    """GET an API path and return its decoded JSON body, checking the status on the way."""
    response = client.get(f"/api/v1/{path}", params)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def rich_article(**kwargs: Any) -> Translation:
    """A published article with its own outlet, country, authors, credits and topics.

    Every relation has several rows so that a missing prefetch shows as extra queries.
    """
    number = next(_serial)
    source = factories.outlet(f"Rich Outlet {number}", country_code=f"Q{chr(64 + number % 26 + 1)}")
    source.languages.set([factories.language("de"), factories.language("fr")])
    OutletDomain.objects.create(outlet=source, domain=f"rich{number}.example")
    OutletDomain.objects.create(outlet=source, domain=f"news.rich{number}.example")
    article = factories.translation(
        original_obj=factories.original(
            outlet_obj=source, authors=[f"Author {number}a", f"Author {number}b"]
        ),
        translators=[factories.contributor(f"Translator {number}"), factories.contributor()],
        editors=[factories.contributor(f"Editor {number}")],
        topics=[factories.topic(f"Topic {number}"), factories.topic("Shared topic")],
        **kwargs,
    )
    return article


def rich_articles(n: int) -> list[Translation]:
    """``n`` rich published articles."""
    return [rich_article() for _ in range(n)]


def days_ago(days: int) -> datetime.datetime:
    """Noon, ``days`` days before today, in the desk's time zone."""
    day = timezone.localdate() - datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
