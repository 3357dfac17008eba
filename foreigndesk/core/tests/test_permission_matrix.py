"""Who may open and who may post to every address of the site, read from the URL configuration.

Every URL pattern is requested as four people (anonymous, a translator, an editor, an admin),
with GET and with POST, and each answer is compared with a declared policy. A pattern without a
policy fails the test, so no new view ships without someone saying who may use it.

POSTs run with the CSRF check on, carrying a valid token taken from a page the person can see
(the admin's login page, which sends the anonymous to its form and the staff to the admin's
index): the token is right, so what answers is the view's own permission check, not the CSRF
middleware. Each request runs in a transaction rolled back afterwards, so a write that an
allowed person makes does not change the world the next request sees; a refused POST must
leave every table as it was.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from foreigndesk.intake.models import Author, ImportRequest, Original
from foreigndesk.newsroom import transitions
from foreigndesk.newsroom.editing import add_comment, save_translation_text
from foreigndesk.newsroom.models import Translation
from foreigndesk.newsroom.states import State
from foreigndesk.testing import factories
from foreigndesk.testing.fixtures import snapshot
from foreigndesk.testing.urlmatrix import Route, project_routes
from foreigndesk.workbench.glossary import version_of
from foreigndesk.workbench.models import GlossaryTerm
from foreigndesk.workbench.segments import current_segments, key_of

#: The database is set up for this module; its world is built once, in ``matrix``.
pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "translator", "editor", "admin")
METHODS = ("GET", "POST")

#: Patterns left out, by the start of their route, each with why: the matrix is about this
#: project's own views and permissions.
EXCLUDED: dict[str, str] = {
    "admin/password_reset/": "Django's password-reset views: open to all by design, Django's tests",
    "reset/": "Django's password-reset views: open to all by design, Django's tests",
    "admin/login/": "the login steps (password, code): open to all by design, "
    "accounts/tests/test_two_factor.py and test_logins.py",
    "admin/": "Django's admin: its own checks (staff, model permissions), Django's tests",
    settings.STATIC_URL.lstrip("/"): "static files: the same bytes for everyone",
}


def excluded(route: Route) -> bool:
    return route.route.startswith(tuple(EXCLUDED))


def routes() -> list[Route]:
    return [route for route in project_routes() if not excluded(route)]


#: "302 to the login page", distinct from any other redirect.
LOGIN = "login"


@dataclass(frozen=True)
class Case:
    """One request of the matrix: a pattern, the world object it is about, who and how."""

    key: str
    variant: str
    role: str
    method: str

    def __str__(self) -> str:
        variant = f" [{self.variant}]" if self.variant else ""
        return f"{self.method} {self.key}{variant} as {self.role}"


# --------------------------------------------------------------------------------------------
# The world: one of each thing an address can name.


@dataclass
class World:
    people: dict[str, Any]
    published: Translation
    claimed: Translation
    others: Translation
    suggested: Original
    author: Author
    outlet_slug: str
    topic_slug: str
    contributor_slug: str
    country_slug: str
    import_request: ImportRequest
    comment_pk: int
    other_comment_pk: int
    secrets: tuple[str, ...]
    term_pk: int = 0


def build_world() -> World:
    translator = factories.translator("matrix-translator", full_name="Tara Translator")
    other_translator = factories.translator("matrix-other", full_name="Olaf Other")
    editor = factories.editor("matrix-editor", full_name="Edda Editor")
    admin = factories.user("matrix-admin", role="admin")
    source = factories.outlet("Matrix Zeitung", country_code="DE")
    published = factories.translation(
        original_obj=factories.original(outlet_obj=source, authors=["Anna Keller"]),
        title="A published article",
        translators=[translator.contributor],
        topics=[factories.topic("Energy")],
        published_at=timezone.now() - datetime.timedelta(days=2),
    )
    claimed = factories.translation(
        original_obj=factories.original(outlet_obj=source, title="Ein Original in Arbeit"),
        title="Unpublished draft in translation",
        state=State.ACCEPTED,
    )
    transitions.claim(actor=translator, translation=claimed)
    for text in ("First draft.", "Second draft."):
        claimed.refresh_from_db()
        save_translation_text(
            actor=translator,
            translation=claimed,
            expected_revision=claimed.revision,
            blocks=[{"kind": "paragraph", "text": text}],
        )
    comment = add_comment(actor=editor, translation=claimed, text="Check the second paragraph.")
    others = factories.translation(
        original_obj=factories.original(outlet_obj=source, title="Ein fremdes Original"),
        title="Someone else's unpublished draft",
        state=State.ACCEPTED,
    )
    transitions.claim(actor=other_translator, translation=others)
    for text in ("Their first draft.", "Their second draft."):
        others.refresh_from_db()
        save_translation_text(
            actor=other_translator,
            translation=others,
            expected_revision=others.revision,
            blocks=[{"kind": "paragraph", "text": text}],
        )
    other_comment = add_comment(actor=editor, translation=others, text="A remark for Olaf.")
    suggested = factories.original(
        outlet_obj=source, title="Ein vorgeschlagenes Original", url="https://zeitung.example/neu"
    )
    Original.objects.filter(pk=suggested.pk).update(state=State.SUGGESTED)
    import_request = ImportRequest.objects.create(
        requested_by=editor, kind=ImportRequest.Kind.URL, url="https://zeitung.example/neu"
    )
    for item in (published, claimed, others):
        item.refresh_from_db()
    term = GlossaryTerm.objects.create(
        source_language=factories.language("de"),
        target_language=factories.language("en"),
        source_term="Haushalt",
        target_term="budget",
    )
    return World(
        term_pk=term.pk,
        people={"translator": translator, "editor": editor, "admin": admin},
        published=published,
        claimed=claimed,
        others=others,
        suggested=suggested,
        author=Author.objects.get(name="Anna Keller"),
        outlet_slug=source.slug,
        topic_slug="energy",
        contributor_slug=translator.contributor.slug,
        country_slug=source.country.slug,
        import_request=import_request,
        comment_pk=comment.pk,
        other_comment_pk=other_comment.pk,
        secrets=(claimed.title, others.title, suggested.title),
    )


def arguments(world: World, route: Route) -> dict[str, dict[str, Any]]:
    """The keyword arguments of each variant of a pattern (one unnamed variant when the pattern
    is about one kind of thing); a desk translation page is tried on the translator's own work
    and on someone else's."""
    published = world.published
    month = {"year": published.published_at.year, "month": published.published_at.month}
    match route.key:
        case "reader:country" | "reader:country_rss" | "reader:country_atom":
            return {"": {"slug": world.country_slug}}
        case "reader:outlet" | "reader:outlet_rss" | "reader:outlet_atom":
            return {"": {"slug": world.outlet_slug}}
        case "reader:topic" | "reader:topic_rss" | "reader:topic_atom":
            return {"": {"slug": world.topic_slug}}
        case "reader:contributor" | "reader:contributor_rss" | "reader:contributor_atom":
            return {"": {"slug": world.contributor_slug}}
        case "reader:author" | "reader:author_rss" | "reader:author_atom":
            return {"": {"pk": world.author.pk}}
        case "reader:month" | "reader:month_rss" | "reader:month_atom":
            return {"": month}
        case "reader:article":
            return {"": {**month, "slug": published.slug}}
        case "reader:hit":
            return {"": {"pk": published.pk}}
        case "reader:preview":
            return {"published": {"pk": published.pk}, "unpublished": {"pk": world.claimed.pk}}
        case "desk:import_request":
            return {"": {"pk": world.import_request.pk}}
        case (
            "desk:original"
            | "desk:original_accept"
            | "desk:original_decline"
            | "desk:original_watch"
            | "desk:original_watch_check"
            | "desk:original_watch_checked"
            | "desk:original_post_link"
        ):
            return {"": {"pk": world.suggested.pk}}
        case "desk:memory_export":
            return {"": {"source": "de", "target": "en"}}
        case "desk:glossary_edit" | "desk:glossary_delete":
            return {"": {"term_pk": world.term_pk}}
        case "desk:glossary_export":
            return {"": {"kind": "csv"}}
        case "desk:check_rule":
            return {"": {"check_id": "numbers"}}
    if route.route.startswith("api/v1/") and route.parameters == ("slug",):
        slugs = {
            "get_translation": {"published": published.slug, "unpublished": world.claimed.slug},
            "get_outlet": {"": world.outlet_slug},
            "get_contributor": {"": world.contributor_slug},
        }[route.key.removeprefix("api:")]
        return {variant: {"slug": slug} for variant, slug in slugs.items()}
    if route.key == "api:unknown_endpoint":
        return {"": {"rest": "nothing-here"}}
    if "pk" in route.parameters and route.key.startswith("desk:"):
        variants = {}
        for variant, item, comment in (
            ("own", world.claimed, world.comment_pk),
            ("others", world.others, world.other_comment_pk),
        ):
            kwargs: dict[str, Any] = {"pk": item.pk}
            if "comment_pk" in route.parameters:
                kwargs["comment_pk"] = comment
            if "name" in route.parameters:
                kwargs["name"] = "release"
            if {"a", "b"} <= set(route.parameters):
                kwargs.update(a=item.revision - 1, b=item.revision)
            if "number" in route.parameters:
                kwargs["number"] = item.revision - 1
            if "position" in route.parameters:
                kwargs["position"] = 0
            variants[variant] = kwargs
        return variants
    return {"": {}}


def post_data(world: World, key: str, kwargs: dict[str, Any]) -> dict[str, Any]:
    """A form that would be accepted from someone allowed, so that a refusal is the permission
    check's and not the form's."""
    item = Translation.objects.filter(pk=kwargs.get("pk")).first()
    revision = item.revision if item else 0
    if key == "desk:segment_save" and item is not None:
        segment = current_segments(item)[0][0]
        return {
            "key": key_of(segment),
            "version": segment.version,
            "revision": revision,
            "target": "Overwritten segment.",
        }
    if key in ("desk:glossary_edit", "desk:glossary_delete"):
        term = GlossaryTerm.objects.get(pk=kwargs["term_pk"])
        return {
            "seen": version_of(term),
            "source": "de",
            "target": "en",
            "source_term": "Haushalt",
            "target_term": "budget plan",
        }
    return {
        "desk:glossary_add": {
            "source": "de",
            "target": "en",
            "source_term": "Regierung",
            "target_term": "government",
        },
        "desk:glossary_import": {
            "source": "de",
            "target": "en",
            "file": SimpleUploadedFile("glossar.csv", b"source,target\nBund,federal government\n"),
        },
        "desk:check_rule": {"blocking": "1"},
        "desk:import_url": {"url": "https://zeitung.example/anderer-artikel"},
        "desk:import_paste": {
            "text": "Ein eingefügter Artikel.\n\nMit zwei Absätzen.",
            "url": "https://zeitung.example/eingefuegt",
        },
        "desk:import_upload": {
            "file": SimpleUploadedFile(
                "artikel.txt", b"Ein hochgeladener Artikel\n\nMit einem Absatz."
            )
        },
        "desk:import_page": {"text": "A page\n\nPublished in Zeitung on 1 May 2026."},
        "desk:memory_import": {
            "file": SimpleUploadedFile(
                "speicher.tmx",
                b'<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header '
                b'srclang="de" segtype="sentence" datatype="plaintext" adminlang="en" '
                b'o-tmf="x" creationtool="x" creationtoolversion="1"/><body><tu>'
                b'<tuv xml:lang="de"><seg>Die Br\xc3\xbccke ist zu.</seg></tuv>'
                b'<tuv xml:lang="en"><seg>The bridge is closed.</seg></tuv></tu></body></tmx>',
            )
        },
        "desk:original_accept": {"accept-reason": "Worth translating."},
        "desk:original_decline": {"decline-reason": "Not for us."},
        "desk:original_post_link": {"link-title": "A port opens", "link-summary": "In short."},
        "desk:translation_move": {"release-comment": "Giving it back."},
        "desk:comment_add": {"text": "A remark."},
        "desk:translate_comment": {"comment": "A remark on a paragraph.", "block": 0},
        "desk:translate": {
            "revision": revision,
            "title": "Overwritten title",
            "standfirst": "",
            "editor_note": "",
            "text-0": "Overwritten text.",
            "kind-0": "paragraph",
        },
        "desk:translate_topics": {"topics": [], "revision": revision},
        "desk:translate_credits": {"translators": [], "editors": [], "revision": revision},
        "desk:revision_restore": {"revision": revision},
        "desk:alignment_recompute": {"version": "0"},
        "reader:hit": {},
    }.get(key, {})


# --------------------------------------------------------------------------------------------
# The policy: the answer every person gets from every pattern, GET then POST.

#: By (pattern, variant): the statuses of (anonymous, translator, editor, admin) for GET, then
#: for POST. LOGIN is a redirect to the login page. Desk pages are tried on the translator's own
#: claim ("own") and on another translator's ("others"); POSTs carry a form that would pass.
Statuses = tuple[int | str, int | str, int | str, int | str]
POLICY: dict[tuple[str, str], tuple[Statuses, Statuses]] = {
    ("desk:home", ""): ((LOGIN, 200, 200, 200), (LOGIN, 405, 405, 405)),
    ("desk:queue", ""): ((LOGIN, 200, 200, 200), (LOGIN, 405, 405, 405)),
    # Each person's own authenticator: no code is sent here, so the form cannot pass (400).
    ("desk:two_factor", ""): ((LOGIN, 200, 200, 200), (LOGIN, 400, 400, 400)),
    ("desk:two_factor_remove", ""): ((LOGIN, 405, 405, 405), (LOGIN, 400, 400, 400)),
    ("desk:imports", ""): ((LOGIN, 403, 200, 200), (LOGIN, 403, 200, 200)),
    ("desk:import_url", ""): ((LOGIN, 403, 405, 405), (LOGIN, 403, 302, 302)),
    ("desk:import_paste", ""): ((LOGIN, 403, 405, 405), (LOGIN, 403, 302, 302)),
    ("desk:import_upload", ""): ((LOGIN, 403, 405, 405), (LOGIN, 403, 302, 302)),
    ("desk:import_page", ""): ((LOGIN, 403, 405, 405), (LOGIN, 403, 302, 302)),
    ("desk:import_request", ""): ((LOGIN, 403, 200, 404), (LOGIN, 403, 200, 404)),
    ("desk:memory", ""): ((LOGIN, 200, 200, 200), (LOGIN, 405, 405, 405)),
    ("desk:memory_export", ""): ((LOGIN, 200, 200, 200), (LOGIN, 405, 405, 405)),
    ("desk:memory_import", ""): ((LOGIN, 403, 405, 405), (LOGIN, 403, 302, 302)),
    ("desk:suggestions", ""): ((LOGIN, 403, 200, 200), (LOGIN, 403, 405, 405)),
    ("desk:original", ""): ((LOGIN, 200, 200, 200), (LOGIN, 405, 405, 405)),
    ("desk:original_accept", ""): ((LOGIN, 405, 405, 405), (LOGIN, 403, 302, 302)),
    ("desk:original_decline", ""): ((LOGIN, 405, 405, 405), (LOGIN, 403, 302, 302)),
    ("desk:original_changes", ""): ((LOGIN, 403, 200, 200), (LOGIN, 403, 405, 405)),
    ("desk:original_watch", ""): ((LOGIN, 403, 200, 200), (LOGIN, 403, 405, 405)),
    ("desk:original_watch_check", ""): ((LOGIN, 403, 405, 405), (LOGIN, 403, 302, 302)),
    ("desk:original_watch_checked", ""): ((LOGIN, 403, 405, 405), (LOGIN, 403, 302, 302)),
    ("desk:original_post_link", ""): ((LOGIN, 405, 405, 405), (LOGIN, 403, 302, 302)),
    ("desk:translation", "own"): ((LOGIN, 200, 200, 200), (LOGIN, 405, 405, 405)),
    ("desk:translation", "others"): ((LOGIN, 404, 200, 200), (LOGIN, 405, 405, 405)),
    ("desk:translation_move", "own"): ((LOGIN, 405, 405, 405), (LOGIN, 302, 302, 302)),
    ("desk:translation_move", "others"): ((LOGIN, 405, 405, 405), (LOGIN, 404, 302, 302)),
    ("desk:comment_add", "own"): ((LOGIN, 405, 405, 405), (LOGIN, 302, 302, 302)),
    ("desk:comment_add", "others"): ((LOGIN, 405, 405, 405), (LOGIN, 404, 302, 302)),
    ("desk:comment_resolve", "own"): ((LOGIN, 405, 405, 405), (LOGIN, 403, 302, 302)),
    ("desk:comment_resolve", "others"): ((LOGIN, 405, 405, 405), (LOGIN, 404, 302, 302)),
    ("desk:alignment", "own"): ((LOGIN, 403, 200, 200), (LOGIN, 403, 200, 200)),
    ("desk:alignment", "others"): ((LOGIN, 403, 200, 200), (LOGIN, 403, 200, 200)),
    ("desk:alignment_edit", "own"): ((LOGIN, 403, 405, 405), (LOGIN, 403, 400, 400)),
    ("desk:alignment_edit", "others"): ((LOGIN, 403, 405, 405), (LOGIN, 403, 400, 400)),
    ("desk:alignment_recompute", "own"): ((LOGIN, 403, 200, 200), (LOGIN, 403, 409, 409)),
    ("desk:alignment_recompute", "others"): ((LOGIN, 403, 200, 200), (LOGIN, 403, 409, 409)),
    ("desk:translate", "own"): ((LOGIN, 200, 200, 200), (LOGIN, 302, 302, 302)),
    ("desk:translate", "others"): ((LOGIN, 404, 200, 200), (LOGIN, 404, 302, 302)),
    ("desk:translate_comment", "own"): ((LOGIN, 405, 405, 405), (LOGIN, 302, 302, 302)),
    ("desk:translate_comment", "others"): ((LOGIN, 405, 405, 405), (LOGIN, 404, 302, 302)),
    ("desk:translate_resolve", "own"): ((LOGIN, 405, 405, 405), (LOGIN, 403, 302, 302)),
    ("desk:translate_resolve", "others"): ((LOGIN, 405, 405, 405), (LOGIN, 404, 302, 302)),
    ("desk:translate_topics", "own"): ((LOGIN, 405, 405, 405), (LOGIN, 302, 302, 302)),
    ("desk:translate_topics", "others"): ((LOGIN, 405, 405, 405), (LOGIN, 404, 302, 302)),
    ("desk:translate_credits", "own"): ((LOGIN, 405, 405, 405), (LOGIN, 403, 302, 302)),
    ("desk:translate_credits", "others"): ((LOGIN, 405, 405, 405), (LOGIN, 404, 302, 302)),
    ("desk:revisions", "own"): ((LOGIN, 200, 200, 200), (LOGIN, 200, 200, 200)),
    ("desk:revisions", "others"): ((LOGIN, 404, 200, 200), (LOGIN, 404, 200, 200)),
    ("desk:revision_compare", "own"): ((LOGIN, 200, 200, 200), (LOGIN, 200, 200, 200)),
    ("desk:revision_compare", "others"): ((LOGIN, 404, 200, 200), (LOGIN, 404, 200, 200)),
    ("desk:revision_restore", "own"): ((LOGIN, 200, 200, 200), (LOGIN, 403, 302, 302)),
    ("desk:revision_restore", "others"): ((LOGIN, 404, 200, 200), (LOGIN, 404, 302, 302)),
    ("desk:workbench", "own"): ((LOGIN, 200, 200, 200), (LOGIN, 405, 405, 405)),
    ("desk:workbench", "others"): ((LOGIN, 404, 200, 200), (LOGIN, 405, 405, 405)),
    ("desk:segment_help", "own"): ((LOGIN, 200, 200, 200), (LOGIN, 405, 405, 405)),
    ("desk:segment_help", "others"): ((LOGIN, 404, 200, 200), (LOGIN, 405, 405, 405)),
    ("desk:segment_save", "own"): ((LOGIN, 405, 405, 405), (LOGIN, 302, 302, 302)),
    ("desk:segment_save", "others"): ((LOGIN, 405, 405, 405), (LOGIN, 404, 302, 302)),
    # No engine is configured here: the form cannot pass (400) for those who may pre-fill.
    ("desk:prefill", "own"): ((LOGIN, 405, 405, 405), (LOGIN, 400, 400, 400)),
    ("desk:prefill", "others"): ((LOGIN, 405, 405, 405), (LOGIN, 404, 400, 400)),
    # The glossary: translators read it and export it; editors keep it.
    ("desk:glossary", ""): ((LOGIN, 200, 200, 200), (LOGIN, 405, 405, 405)),
    ("desk:glossary_add", ""): ((LOGIN, 403, 200, 200), (LOGIN, 403, 302, 302)),
    ("desk:glossary_import", ""): ((LOGIN, 403, 405, 405), (LOGIN, 403, 302, 302)),
    # No language pair given: the export is refused as bad input by those who may export.
    ("desk:glossary_export", ""): ((LOGIN, 400, 400, 400), (LOGIN, 405, 405, 405)),
    ("desk:glossary_edit", ""): ((LOGIN, 403, 200, 200), (LOGIN, 403, 302, 302)),
    ("desk:glossary_delete", ""): ((LOGIN, 403, 405, 405), (LOGIN, 403, 302, 302)),
    ("desk:checks", ""): ((LOGIN, 200, 200, 200), (LOGIN, 405, 405, 405)),
    ("desk:check_rule", ""): ((LOGIN, 403, 405, 405), (LOGIN, 403, 302, 302)),
    ("healthz", ""): ((200, 200, 200, 200), (405, 405, 405, 405)),
    ("robots_txt", ""): ((200, 200, 200, 200), (405, 405, 405, 405)),
    ("sitemap", ""): ((200, 200, 200, 200), (200, 200, 200, 200)),
    ("api:openapi-json", ""): ((200, 200, 200, 200), (200, 200, 200, 200)),
    ("api:openapi-view", ""): ((200, 200, 200, 200), (200, 200, 200, 200)),
    ("api:list_translations", ""): ((200, 200, 200, 200), (405, 405, 405, 405)),
    ("api:get_translation", "published"): ((200, 200, 200, 200), (405, 405, 405, 405)),
    ("api:get_translation", "unpublished"): ((404, 404, 404, 404), (405, 405, 405, 405)),
    ("api:list_outlets", ""): ((200, 200, 200, 200), (405, 405, 405, 405)),
    ("api:get_outlet", ""): ((200, 200, 200, 200), (405, 405, 405, 405)),
    ("api:list_countries", ""): ((200, 200, 200, 200), (405, 405, 405, 405)),
    ("api:list_topics", ""): ((200, 200, 200, 200), (405, 405, 405, 405)),
    ("api:list_contributors", ""): ((200, 200, 200, 200), (405, 405, 405, 405)),
    ("api:get_contributor", ""): ((200, 200, 200, 200), (405, 405, 405, 405)),
    ("api:search", ""): ((400, 400, 400, 400), (405, 405, 405, 405)),
    ("api:index", ""): ((200, 200, 200, 200), (405, 405, 405, 405)),
    ("api:unknown_endpoint", ""): ((404, 404, 404, 404), (405, 405, 405, 405)),
    ("api:api-root", ""): ((200, 200, 200, 200), (405, 405, 405, 405)),
    ("search:search", ""): ((200, 200, 200, 200), (405, 405, 405, 405)),
    ("search:desk", ""): ((LOGIN, 200, 200, 200), (405, 405, 405, 405)),
    ("reader:front_page", ""): ((200, 200, 200, 200), (200, 200, 200, 200)),
    ("reader:front_page_rss", ""): ((200, 200, 200, 200), (200, 200, 200, 200)),
    ("reader:front_page_atom", ""): ((200, 200, 200, 200), (200, 200, 200, 200)),
    ("reader:countries", ""): ((200, 200, 200, 200), (200, 200, 200, 200)),
    ("reader:topics", ""): ((200, 200, 200, 200), (200, 200, 200, 200)),
    ("reader:feeds", ""): ((200, 200, 200, 200), (200, 200, 200, 200)),
    ("reader:country", ""): ((200, 200, 200, 200), (200, 200, 200, 200)),
    ("reader:country_rss", ""): ((200, 200, 200, 200), (200, 200, 200, 200)),
    ("reader:country_atom", ""): ((200, 200, 200, 200), (200, 200, 200, 200)),
    ("reader:outlet", ""): ((200, 200, 200, 200), (200, 200, 200, 200)),
    ("reader:outlet_rss", ""): ((200, 200, 200, 200), (200, 200, 200, 200)),
    ("reader:outlet_atom", ""): ((200, 200, 200, 200), (200, 200, 200, 200)),
    ("reader:topic", ""): ((200, 200, 200, 200), (200, 200, 200, 200)),
    ("reader:topic_rss", ""): ((200, 200, 200, 200), (200, 200, 200, 200)),
    ("reader:topic_atom", ""): ((200, 200, 200, 200), (200, 200, 200, 200)),
    ("reader:contributor", ""): ((200, 200, 200, 200), (200, 200, 200, 200)),
    ("reader:contributor_rss", ""): ((200, 200, 200, 200), (200, 200, 200, 200)),
    ("reader:contributor_atom", ""): ((200, 200, 200, 200), (200, 200, 200, 200)),
    ("reader:author", ""): ((200, 200, 200, 200), (200, 200, 200, 200)),
    ("reader:author_rss", ""): ((200, 200, 200, 200), (200, 200, 200, 200)),
    ("reader:author_atom", ""): ((200, 200, 200, 200), (200, 200, 200, 200)),
    ("reader:hit", ""): ((204, 204, 204, 204), (204, 204, 204, 204)),
    ("reader:preview", "published"): ((LOGIN, 302, 302, 302), (LOGIN, 302, 302, 302)),
    ("reader:preview", "unpublished"): ((LOGIN, 200, 200, 200), (LOGIN, 200, 200, 200)),
    ("reader:month", ""): ((200, 200, 200, 200), (200, 200, 200, 200)),
    ("reader:month_rss", ""): ((200, 200, 200, 200), (200, 200, 200, 200)),
    ("reader:month_atom", ""): ((200, 200, 200, 200), (200, 200, 200, 200)),
    ("reader:article", ""): ((200, 200, 200, 200), (200, 200, 200, 200)),
}

#: Pages about work readers cannot see that only editors (and admins) may open: a translator or
#: an anonymous visitor never gets a 2xx from them, whatever the table says.
EDITORS_ONLY = {
    "desk:imports",
    "desk:import_url",
    "desk:import_paste",
    "desk:import_upload",
    "desk:import_page",
    "desk:import_request",
    "desk:suggestions",
    "desk:original_accept",
    "desk:original_decline",
    "desk:original_changes",
    "desk:original_watch",
    "desk:original_watch_check",
    "desk:original_watch_checked",
    "desk:original_post_link",
    "desk:alignment",
    "desk:alignment_edit",
    "desk:alignment_recompute",
    "desk:glossary_add",
    "desk:glossary_import",
    "desk:glossary_edit",
    "desk:glossary_delete",
    "desk:check_rule",
}

#: Refusals: a POST answered so must leave the database as it was.
REFUSALS = {LOGIN, 400, 403, 404, 405, 409, 410}


# --------------------------------------------------------------------------------------------
# Running the matrix.


@dataclass
class Answer:
    status: int | str
    body: str
    changed: dict[str, tuple[int, int]]


def _client(world: World, role: str) -> Client:
    client = Client(enforce_csrf_checks=True)
    if role != "anonymous":
        client.force_login(world.people[role])
    client.get(reverse("admin:login"), follow=True)
    return client


def _status(response: Any) -> int | str:
    if response.status_code == 302:
        login = reverse(settings.LOGIN_URL)
        if response["Location"].split("?")[0] == login:
            return LOGIN
    return response.status_code


def _fingerprint() -> dict[str, int]:
    """Row counts, and the states and revisions of the work at the desk (a refused move would
    change a row rather than add one)."""
    counts = snapshot()
    for pk, state, revision in Translation.objects.values_list("pk", "state", "revision"):
        counts[f"translation {pk} state"] = state
        counts[f"translation {pk} revision"] = revision
    for pk, state in Original.objects.values_list("pk", "state"):
        counts[f"original {pk} state"] = state
    return counts


def run_matrix(world: World) -> dict[Case, Answer]:
    answers: dict[Case, Answer] = {}
    clients = {role: _client(world, role) for role in ROLES}
    before = _fingerprint()
    for route in routes():
        for variant, kwargs in arguments(world, route).items():
            url = route.url(kwargs)
            for role in ROLES:
                for method in METHODS:
                    with transaction.atomic():
                        client = clients[role]
                        if method == "GET":
                            response = client.get(url)
                        else:
                            data = post_data(world, route.key, kwargs)
                            data["csrfmiddlewaretoken"] = client.cookies[
                                settings.CSRF_COOKIE_NAME
                            ].value
                            response = client.post(url, data)
                        after = _fingerprint()
                        changed = {
                            name: (before.get(name, 0), after.get(name, 0))
                            for name in before.keys() | after.keys()
                            if before.get(name) != after.get(name)
                            and not name.startswith("sessions.")
                        }
                        transaction.set_rollback(True)
                    body = b"".join(response) if response.streaming else response.content
                    answers[Case(route.key, variant, role, method)] = Answer(
                        _status(response), body.decode(errors="replace"), changed
                    )
    return answers


@pytest.fixture(scope="module")
def matrix(
    django_db_setup: None, django_db_blocker: Any
) -> Iterator[tuple[World, dict[Case, Answer]]]:
    """The world built once, every request made once, all rolled back at the end, caches
    included (a page's parts cached for an id another test reuses would be stale there)."""
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        yield world, run_matrix(world)
        transaction.set_rollback(True)
    for cache in caches.all():
        cache.clear()


Matrix = tuple[World, dict[Case, Answer]]


def test_every_pattern_has_a_policy() -> None:
    declared = {key for key, _ in POLICY}
    missing = [route.key for route in routes() if route.key not in declared]
    assert not missing, "\n".join(
        f"add a policy for {key} to POLICY in {__name__}" for key in missing
    )
    stale = declared - {route.key for route in routes()}
    assert not stale, f"POLICY names patterns that no longer exist: {sorted(stale)}"


def test_every_answer_is_the_declared_one(matrix: Matrix) -> None:
    _, answers = matrix
    wrong = []
    for case, answer in answers.items():
        get, post = POLICY[(case.key, case.variant)]
        expected = (get if case.method == "GET" else post)[ROLES.index(case.role)]
        if answer.status != expected:
            wrong.append(f"{case}: {answer.status}, the policy says {expected}")
    assert not wrong, "\n".join(wrong)


def test_the_matrix_covers_every_pattern_role_and_method(matrix: Matrix) -> None:
    _, answers = matrix
    assert {case.key for case in answers} == {route.key for route in routes()}
    assert len(answers) == len(POLICY) * len(ROLES) * len(METHODS)
    assert not [case for case, answer in answers.items() if answer.status == 500]


def test_editors_only_pages_give_nothing_to_translators_or_anonymous(matrix: Matrix) -> None:
    _, answers = matrix
    shown = [
        str(case)
        for case, answer in answers.items()
        if case.key in EDITORS_ONLY
        and case.role in ("anonymous", "translator")
        and isinstance(answer.status, int)
        and 200 <= answer.status < 300
    ]
    assert not shown, shown


def test_anonymous_visitors_never_see_unpublished_work(matrix: Matrix) -> None:
    world, answers = matrix
    leaks = [
        f"{case} shows {secret!r}"
        for case, answer in answers.items()
        if case.role == "anonymous"
        for secret in world.secrets
        if secret in answer.body
    ]
    assert not leaks, leaks


def test_a_refused_post_changes_nothing(matrix: Matrix) -> None:
    _, answers = matrix
    writes = []
    for case, answer in answers.items():
        if case.method != "POST":
            continue
        expected = POLICY[(case.key, case.variant)][1][ROLES.index(case.role)]
        if (expected in REFUSALS or answer.status in REFUSALS) and answer.changed:
            writes.append(f"{case} ({answer.status}) changed {answer.changed}")
    assert not writes, "\n".join(writes)


def test_anonymous_posts_change_nothing(matrix: Matrix) -> None:
    """Nothing anonymous writes to the database: the read tally counts in the cache."""
    _, answers = matrix
    writes = [
        f"{case} changed {answer.changed}"
        for case, answer in answers.items()
        if case.role == "anonymous" and case.method == "POST" and answer.changed
    ]
    assert not writes, writes
