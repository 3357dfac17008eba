"""Loading the demo desk into the database, idempotently."""

from __future__ import annotations

import datetime
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from foreigndesk.accounts.actions import ensure_role_groups
from foreigndesk.accounts.models import Contributor
from foreigndesk.accounts.roles import ADMIN, EDITOR, TRANSLATOR
from foreigndesk.core.db import analyze
from foreigndesk.core.models import Country, Language
from foreigndesk.intake.actions import add_outlet_domains, create_original, create_outlet
from foreigndesk.intake.models import Author, Original, Outlet
from foreigndesk.newsroom import transitions
from foreigndesk.newsroom.actions import NewCorrection, create_translation
from foreigndesk.newsroom.beads import from_pairs
from foreigndesk.newsroom.editing import add_comment, save_translation_text
from foreigndesk.newsroom.models import Topic, Translation
from foreigndesk.newsroom.states import State
from foreigndesk.reader.actions import refresh_related, roll_week_views
from foreigndesk.reader.models import DailyViews
from foreigndesk.search.actions import rebuild_index
from foreigndesk.workbench.glossary import Entry, import_terms
from foreigndesk.workbench.memory import seed_from_archive
from foreigndesk.workbench.models import GlossaryTerm

from .content import (
    DemoArticle,
    DemoSuggestion,
    DemoWork,
    read_articles,
    read_desk_work,
    read_world,
)

#: The demo's logins, all with DEMO_PASSWORD: (username, role). The editor and the translator
#: are also on the desk's staff (world.toml); the admin keeps the reference data.
DEMO_TRANSLATOR = "translator"
DEMO_EDITOR = "editor"
DEMO_ADMIN = "admin"
DEMO_LOGINS = ((DEMO_TRANSLATOR, TRANSLATOR), (DEMO_EDITOR, EDITOR), (DEMO_ADMIN, ADMIN))
DEMO_PASSWORD = "foreigndesk-demo"


@dataclass
class DemoResult:
    created: int
    existing: int
    work_created: int = 0


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
            # Saved, not updated in bulk: a new country reaches its translations' copy.
            outlet.name = item["name"]
            outlet.country_id = item["country"]
            outlet.profile = item.get("profile", "")
            outlet.confirmed = True
            outlet.save(update_fields=["name", "country", "profile", "confirmed"])
            add_outlet_domains(outlet=outlet, domains=item.get("domains", []))
        outlet.languages.set(item.get("languages", []))
        outlets[item["slug"]] = outlet
    ensure_role_groups()
    logins = dict(DEMO_LOGINS)
    contributors = {}
    for item in world["contributor"]:
        user = _staff_login(item["username"], item["name"], item.get("roles", []))
        contributor, _ = Contributor.objects.update_or_create(
            slug=slugify(item["name"]),
            defaults={"user": user, "name": item["name"], "bio": item.get("bio", "")},
        )
        contributors[item["username"]] = contributor
    _staff_login(DEMO_ADMIN, "Desk Admin", [logins[DEMO_ADMIN]])
    return outlets, contributors


def _staff_login(username: str, name: str, roles: list[str]) -> Any:
    """A staff login in its roles' groups, never a superuser: the roles say what it may do.
    The demo's own logins get the demo password when created; the other staff cannot log in."""
    first, _, last = name.partition(" ")
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": first, "last_name": last, "is_staff": True}
    )
    if created:
        if username in dict(DEMO_LOGINS):
            user.set_password(DEMO_PASSWORD)
        else:
            user.set_unusable_password()
    user.is_staff, user.is_superuser = True, False
    user.save()
    user.groups.add(*Group.objects.filter(name__in=roles))
    return user


def _romanize_authors() -> None:
    """The romanised names the desk's editors entered where no rule gives one (an author the
    editors have since romanised otherwise keeps their form)."""
    for item in read_world().get("author", []):
        Author.objects.filter(name=item["name"], romanized="").update(romanized=item["romanized"])


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
            NewCorrection(
                text=correction.text,
                published_at=min(
                    now, published_at + datetime.timedelta(days=correction.days_after)
                ),
                block_index=correction.paragraph,
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


def _suggest(item: DemoSuggestion | DemoWork, outlet: Outlet, today: datetime.date) -> Original:
    """An original arriving at the desk, as an import leaves it: suggested."""
    is_work = isinstance(item, DemoWork)
    return create_original(
        title=item.original_title if is_work else item.title,
        language_code=item.language,
        outlet=outlet,
        url=item.original_url if is_work else item.url,
        published_on=today
        - datetime.timedelta(days=item.original_days_ago if is_work else item.days_ago),
        blocks=[{"kind": b.kind, "text": b.text} for b in item.original],
        authors=item.authors,
        state=Original.State.SUGGESTED,
    )


def _take_through_the_desk(
    work: DemoWork, original: Original, users: dict[str, Any], now: datetime.datetime
) -> Translation:
    """Make the moves a desk makes, each through its own action, up to ``work.stage``."""
    editor, translator = users[DEMO_EDITOR], users[work.translator]
    translation = transitions.accept(
        actor=editor, original=original, reason="Worth translating for our readers."
    )
    if work.how == "assign":
        transitions.assign(actor=editor, translation=translation, assignee=translator)
    else:
        transitions.claim(actor=translator, translation=translation)
    translation = save_translation_text(
        actor=translator,
        translation=translation,
        expected_revision=translation.revision,
        title=work.title,
        standfirst=work.standfirst,
        blocks=[{"kind": b.kind, "text": b.text} for b in work.translation],
    )
    if work.stage == "in_translation":
        return translation
    transitions.submit(actor=translator, translation=translation)
    for comment in work.comments:
        add_comment(
            actor=users[comment.by],
            translation=translation,
            text=comment.text,
            block_index=comment.paragraph,
        )
    if work.stage == "in_review":
        return translation
    if work.stage == "changes_requested":
        return transitions.request_changes(
            actor=editor, translation=translation, comment=work.request
        )
    transitions.approve(actor=editor, translation=translation)
    if work.stage == "scheduled":
        tomorrow = timezone.localtime(now) + datetime.timedelta(days=1)
        at = tomorrow.replace(hour=9, minute=0, second=0, microsecond=0)
        return transitions.schedule(actor=editor, translation=translation, at=at)
    transitions.publish(actor=editor, translation=translation)
    return transitions.withdraw(actor=editor, translation=translation, reason=work.reason)


def _load_desk_work(
    now: datetime.datetime, outlets: dict[str, Outlet], contributors: dict[str, Contributor]
) -> int:
    """Suggestions and articles at each stage of the workflow; those whose original is
    already at the desk (by address) are left as they are. Returns how many were created."""
    suggestions, works = read_desk_work()
    present = set(
        Original.objects.filter(
            url__in=[s.url for s in suggestions] + [w.original_url for w in works]
        ).values_list("url", flat=True)
    )
    users = {username: c.user for username, c in contributors.items() if c.user}
    today = timezone.localdate(now)
    created = 0
    for suggestion in suggestions:
        if suggestion.url not in present:
            original = _suggest(suggestion, outlets[suggestion.outlet], today)
            if suggestion.link_title:
                transitions.post_link(
                    actor=users[DEMO_EDITOR],
                    original=original,
                    title=suggestion.link_title,
                    summary=suggestion.link_summary,
                )
            created += 1
    for work in works:
        if work.original_url not in present:
            original = _suggest(work, outlets[work.outlet], today)
            _take_through_the_desk(work, original, users, now)
            created += 1
    return created


GLOSSARY = Path(__file__).parent / "content" / "glossary.toml"


def _load_glossary() -> None:
    """The demo glossary's terms for each pair, those already there left as they are."""
    with GLOSSARY.open("rb") as file:
        pairs = tomllib.load(file)["pair"]
    for pair in pairs:
        present = set(
            GlossaryTerm.objects.filter(
                source_language_id=pair["source"], target_language_id=pair["target"]
            ).values_list("source_term", flat=True)
        )
        entries = [
            Entry(
                source_term=term["source"],
                target_term=term["target"],
                note=term.get("note", ""),
                forbidden=tuple(term.get("forbidden", ())),
                where=f"glossary.toml, “{term['source']}”",
            )
            for term in pair["term"]
            if term["source"] not in present
        ]
        if entries:
            import_terms(
                actor=None,
                source_language=pair["source"],
                target_language=pair["target"],
                entries=entries,
            )


def load_demo(
    *,
    now: datetime.datetime | None = None,
    folder: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DemoResult:
    """Create the demo desk: its published articles, and its work in progress taken through
    the desk's moves; what is already present (by slug, or by the original's address) is
    left as it is. ``progress(done, total)`` is told of each article as it is done."""
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
            if article.slug not in existing:
                _create_article(article, number, now, outlets, contributors)
                created += 1
            if progress:
                progress(number + 1, len(articles))
        work_created = _load_desk_work(now, outlets, contributors)
        _romanize_authors()
        _load_glossary()
    if created:
        refresh_related()
        # The read counts were written in bulk, past the week's running totals.
        roll_week_views(now=now, force=True)
        rebuild_index()
    # The translation memory learns the published archive (nothing twice on a second load).
    seed_from_archive()
    if created:
        analyze()  # the tables just filled get their statistics now, not when autovacuum wakes
    return DemoResult(created=created, existing=len(existing), work_created=work_created)
