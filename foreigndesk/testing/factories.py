"""Small factories for domain objects, shared by the test suites of every app.

Plain functions with keyword arguments: each test states what matters to it and gets sensible
defaults for the rest.
"""

from __future__ import annotations

import datetime
import importlib
import itertools
from types import SimpleNamespace
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify

from foreigndesk.accounts.models import Contributor
from foreigndesk.core.blocks import blocks_to_text
from foreigndesk.core.models import Country, Language
from foreigndesk.intake.models import Author, Original, OriginalAuthor, Outlet
from foreigndesk.newsroom.models import Credit, Topic, Translation
from foreigndesk.newsroom.states import State

_numbers = itertools.count(1)

LANGUAGES = {
    "en": ("English", "English", Language.LTR),
    "ru": ("Russian", "Русский", Language.LTR),
    "de": ("German", "Deutsch", Language.LTR),
    "ar": ("Arabic", "العربية", Language.RTL),
    "ja": ("Japanese", "日本語", Language.LTR),
    "fr": ("French", "Français", Language.LTR),
}


def language(code: str = "en") -> Language:
    name, native, direction = LANGUAGES.get(code, (code.upper(), "", Language.LTR))
    return Language.objects.get_or_create(
        code=code, defaults={"name": name, "native_name": native, "direction": direction}
    )[0]


def country(code: str = "DE", name: str | None = None) -> Country:
    name = name or {"DE": "Germany", "RU": "Russia", "EG": "Egypt", "JP": "Japan"}.get(code, code)
    return Country.objects.get_or_create(code=code, defaults={"name": name, "slug": slugify(name)})[
        0
    ]


def outlet(name: str | None = None, *, country_code: str | None = "DE") -> Outlet:
    name = name or f"Outlet {next(_numbers)}"
    return Outlet.objects.get_or_create(
        slug=slugify(name),
        defaults={"name": name, "country": country(country_code) if country_code else None},
    )[0]


def contributor(name: str | None = None) -> Contributor:
    name = name or f"Contributor {next(_numbers)}"
    existing = Contributor.objects.filter(slug=slugify(name)).first()
    if existing:
        return existing
    user = get_user_model().objects.create_user(username=slugify(name), is_staff=True)
    return Contributor.objects.create(user=user, name=name, slug=slugify(name))


def user(
    username: str | None = None,
    *,
    role: str | None = None,
    full_name: str = "",
    email: str | None = None,
    contributor_profile: bool = False,
) -> Any:
    """A staff login, in a desk role's group ("translator", "editor", "admin") when given one;
    with ``contributor_profile`` also a public profile under its name, for credits."""
    username = username or f"person-{next(_numbers)}"
    first, _, last = full_name.partition(" ")
    person = get_user_model().objects.create_user(
        username=username,
        email=f"{username}@desk.example" if email is None else email,
        first_name=first,
        last_name=last,
        is_staff=True,
    )
    if role is not None:
        person.groups.add(role_group(role))
    if contributor_profile:
        Contributor.objects.create(
            user=person, name=full_name or username, slug=slugify(full_name or username)
        )
    return person


def role_group(role: str) -> Group:
    """A desk role's group, as the roles migration created it. A transactional test empties
    the database after it runs (migration data included); the migration's own function then
    creates the groups again for the tests that follow."""
    group = Group.objects.filter(name=role).first()
    if group is None:
        from django.apps import apps
        from django.db import connection

        migration = importlib.import_module("foreigndesk.accounts.migrations.0002_roles")
        migration.create_roles(apps, SimpleNamespace(connection=connection))
        group = Group.objects.get(name=role)
    return group


def translator(username: str | None = None, **kwargs: Any) -> Any:
    """A login in the translator role, with a contributor profile to be credited under."""
    kwargs.setdefault("contributor_profile", True)
    return user(username, role="translator", **kwargs)


def editor(username: str | None = None, **kwargs: Any) -> Any:
    """A login in the editor role."""
    return user(username, role="editor", **kwargs)


def topic(name: str) -> Topic:
    return Topic.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]


def original(
    *,
    title: str = "Ein Originalartikel",
    language_code: str = "de",
    outlet_obj: Outlet | None = None,
    authors: list[str] = (),  # type: ignore[assignment]
    blocks: list[dict[str, str]] | None = None,
    url: str = "https://zeitung.example/artikel",
    published_on: datetime.date | None = datetime.date(2026, 11, 2),
) -> Original:
    obj = Original.objects.create(
        title=title,
        language=language(language_code),
        outlet=outlet_obj,
        url=url,
        published_on=published_on,
        blocks=blocks
        if blocks is not None
        else [
            {"kind": "paragraph", "text": "Erster Absatz des Originals."},
            {"kind": "heading", "text": "Eine Zwischenüberschrift"},
            {"kind": "paragraph", "text": "Zweiter Absatz des Originals."},
        ],
    )
    for position, name in enumerate(authors):
        author = Author.objects.get_or_create(name=name, outlet=outlet_obj)[0]
        OriginalAuthor.objects.create(original=obj, author=author, position=position)
    return obj


def translation(
    *,
    original_obj: Original | None = None,
    title: str | None = None,
    slug: str | None = None,
    blocks: list[dict[str, str]] | None = None,
    alignment: list[dict[str, Any]] | None = None,
    translators: list[Contributor] = (),  # type: ignore[assignment]
    editors: list[Contributor] = (),  # type: ignore[assignment]
    topics: list[Topic] = (),  # type: ignore[assignment]
    editor_note: str = "",
    state: int = State.PUBLISHED,
    published_at: datetime.datetime | None = None,
    standfirst: str = "",
) -> Translation:
    number = next(_numbers)
    title = title or f"A translated article {number}"
    public = state in (State.PUBLISHED, State.CORRECTED)
    obj = Translation.objects.create(
        original=original_obj,
        language=language("en"),
        title=title,
        slug=slug or f"{slugify(title)[:80]}-{number}",
        standfirst=standfirst,
        blocks=blocks
        if blocks is not None
        else [
            {"kind": "paragraph", "text": "First paragraph of the translation."},
            {"kind": "heading", "text": "A subheading"},
            {"kind": "paragraph", "text": "Second paragraph of the translation."},
        ],
        alignment=alignment or [],
        editor_note=editor_note,
        state=state,
        published_at=published_at
        or (timezone.now() - datetime.timedelta(hours=number) if public else None),
    )
    obj.topics.set(topics)
    for role, people in ((Credit.Role.TRANSLATOR, translators), (Credit.Role.EDITOR, editors)):
        for position, person in enumerate(people):
            Credit.objects.create(translation=obj, contributor=person, role=role, position=position)
    return obj


def full_article(**kwargs: Any) -> Translation:
    """A published translation with every part of the page filled in."""
    source = outlet("Rheinische Abendpost", country_code="DE")
    return translation(
        original_obj=original(outlet_obj=source, authors=["Anna Keller"]),
        translators=[contributor("Jonas Berg")],
        editors=[contributor("Ruth Calder")],
        topics=[topic("Energy")],
        **kwargs,
    )


def admin_form_data(obj: Translation, **changes: Any) -> dict[str, Any]:
    """What the translation's admin change form posts when saved as it stands (``changes``
    replace fields): its text as plain text, its topics as they are, no pairs typed, no inline
    rows added."""
    when = obj.published_at
    taggings = list(obj.taggings.order_by("id"))
    data: dict[str, Any] = {
        "title": obj.title,
        "slug": obj.slug,
        "original": obj.original_id or "",
        "language": obj.language_id,
        "standfirst": obj.standfirst,
        "editor_note": obj.editor_note,
        "blocks": blocks_to_text(obj.blocks),
        "alignment": "",
        "state": obj.state,
        "seen_revision": obj.revision,
        "published_at_0": when.strftime("%Y-%m-%d") if when else "",
        "published_at_1": when.strftime("%H:%M:%S") if when else "",
        "taggings-TOTAL_FORMS": str(len(taggings)),
        "taggings-INITIAL_FORMS": str(len(taggings)),
        "credits-TOTAL_FORMS": "0",
        "credits-INITIAL_FORMS": "0",
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
    }
    for number, tagging in enumerate(taggings):
        data[f"taggings-{number}-id"] = tagging.pk
        data[f"taggings-{number}-translation"] = obj.pk
        data[f"taggings-{number}-topic"] = tagging.topic_id
    data.update(changes)
    return data
