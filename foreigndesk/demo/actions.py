"""Loading the demo desk into the database, idempotently."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from foreigndesk.accounts.models import Contributor
from foreigndesk.core.models import Country, Language
from foreigndesk.intake.actions import add_outlet_domains, create_original, create_outlet
from foreigndesk.intake.models import Outlet
from foreigndesk.newsroom.actions import create_translation
from foreigndesk.newsroom.beads import from_pairs
from foreigndesk.newsroom.models import Topic, Translation
from foreigndesk.newsroom.states import State
from foreigndesk.reader.actions import refresh_related
from foreigndesk.reader.models import DailyViews
from foreigndesk.search.actions import rebuild_index

from .content import DemoArticle, read_articles, read_world

DEMO_EDITOR = "editor"
DEMO_PASSWORD = "foreigndesk-demo"


@dataclass
class DemoResult:
    created: int
    existing: int


def _load_world() -> tuple[dict[str, Outlet], dict[str, Contributor]]:
    world = read_world()
    for item in world["country"]:
        Country.objects.update_or_create(
            code=item["code"], defaults={"name": item["name"], "slug": slugify(item["name"])}
        )
    for item in world["language"]:
        Language.objects.update_or_create(
            code=item["code"],
            defaults={
                "name": item["name"],
                "native_name": item.get("native_name", ""),
                "direction": item.get("direction", Language.LTR),
            },
        )
    for item in world["topic"]:
        Topic.objects.update_or_create(slug=item["slug"], defaults={"name": item["name"]})
    outlets = {}
    for item in world["outlet"]:
        outlet = Outlet.objects.filter(slug=item["slug"]).first()
        if outlet is None:
            outlet = create_outlet(
                name=item["name"],
                slug=item["slug"],
                country=Country.objects.get(code=item["country"]),
                profile=item.get("profile", ""),
                domains=item.get("domains", []),
            )
        else:
            Outlet.objects.filter(pk=outlet.pk).update(
                name=item["name"],
                country_id=item["country"],
                profile=item.get("profile", ""),
                confirmed=True,
            )
            add_outlet_domains(outlet=outlet, domains=item.get("domains", []))
        outlet.languages.set(item.get("languages", []))
        outlets[item["slug"]] = outlet
    user_model = get_user_model()
    contributors = {}
    for item in world["contributor"]:
        first, _, last = item["name"].partition(" ")
        user, created = user_model.objects.get_or_create(
            username=item["username"],
            defaults={"first_name": first, "last_name": last, "is_staff": True},
        )
        if created:
            if item["username"] == DEMO_EDITOR:
                user.is_superuser = True
                user.set_password(DEMO_PASSWORD)
            else:
                user.set_unusable_password()
            user.save()
        contributor, _ = Contributor.objects.update_or_create(
            slug=slugify(item["name"]),
            defaults={"user": user, "name": item["name"], "bio": item.get("bio", "")},
        )
        contributors[item["username"]] = contributor
    return outlets, contributors


def _publication_time(now: datetime.datetime, days_ago: int, number: int) -> datetime.datetime:
    """A plausible morning-to-evening time on the day, never in the future."""
    day = timezone.localtime(now) - datetime.timedelta(days=days_ago)
    when = day.replace(hour=7, minute=0, second=0, microsecond=0) + datetime.timedelta(
        minutes=(number * 97) % 660
    )
    return min(when, now - datetime.timedelta(minutes=30 + number))


def _create_article(
    article: DemoArticle,
    number: int,
    now: datetime.datetime,
    outlets: dict[str, Outlet],
    contributors: dict[str, Contributor],
) -> Translation:
    outlet = outlets[article.outlet]
    today = timezone.localdate(now)
    original = create_original(
        title=article.original_title,
        language_code=article.language,
        outlet=outlet,
        url=article.original_url,
        published_on=today - datetime.timedelta(days=article.original_days_ago),
        blocks=[{"kind": b.kind, "text": b.text} for b in article.original],
        authors=article.authors,
    )
    published_at = _publication_time(now, article.days_ago, number)
    translation = create_translation(
        original=original,
        language_code="en",
        title=article.title,
        slug=article.slug,
        standfirst=article.standfirst,
        blocks=[{"kind": b.kind, "text": b.text} for b in article.translation],
        editor_note=article.editor_note,
        state=State.CORRECTED if article.corrections else State.PUBLISHED,
        published_at=published_at,
        alignment=from_pairs(article.alignment),
        alignment_origin=Translation.AlignmentOrigin.MANUAL,
        topics=Topic.objects.filter(slug__in=article.topics),
        translators=[contributors[username] for username in article.translators],
        editors=[contributors[username] for username in article.editors],
        corrections=[
            (
                correction.text,
                min(now, published_at + datetime.timedelta(days=correction.days_after)),
            )
            for correction in article.corrections
        ],
        announce=False,
    )
    DailyViews.objects.bulk_create(
        DailyViews(translation=translation, day=today - datetime.timedelta(days=age), views=views)
        for age, views in enumerate(article.views)
        if views and age <= article.days_ago
    )
    return translation


def load_demo(*, now: datetime.datetime | None = None, folder: Path | None = None) -> DemoResult:
    """Create the demo desk; articles already present (by slug) are left as they are."""
    now = now or timezone.now()
    articles = read_articles(folder)
    with transaction.atomic():
        outlets, contributors = _load_world()
        existing = set(
            Translation.objects.filter(slug__in=[a.slug for a in articles]).values_list(
                "slug", flat=True
            )
        )
        created = 0
        for number, article in enumerate(articles):
            if article.slug in existing:
                continue
            _create_article(article, number, now, outlets, contributors)
            created += 1
    if created:
        refresh_related()
        rebuild_index()
    return DemoResult(created=created, existing=len(existing))
