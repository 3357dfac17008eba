"""Reads for the desk's pages: the dashboard, the queue, suggestions, a translation's page.

Each page asks a fixed number of queries whatever the size of the desk (pinned by tests): lists
are cut to a page and carry what their rows show through ``select_related``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone

from foreigndesk.accounts.roles import TRANSLATOR, users_with_role
from foreigndesk.intake.models import Original
from foreigndesk.newsroom import workflow
from foreigndesk.newsroom.models import AuditEvent, Comment, Credit, Translation
from foreigndesk.newsroom.selectors import audit_trail
from foreigndesk.newsroom.states import PUBLIC_STATES, State
from foreigndesk.newsroom.transitions import publishing_problems, translator_user_ids
from foreigndesk.search.selectors import Resemblance, resembling

from .access import sees_all_work

#: States in which a claim expires after ``FOREIGNDESK_CLAIM_HOURS`` without activity.
EXPIRING_STATES = (State.CLAIMED, State.IN_TRANSLATION)

#: States of work in progress: what the queue shows when no state is chosen.
IN_PROGRESS_STATES = (
    State.ACCEPTED,
    State.CLAIMED,
    State.IN_TRANSLATION,
    State.CHANGES_REQUESTED,
    State.IN_REVIEW,
    State.APPROVED,
)

#: How many rows each part of the dashboard lists (the queue lists the rest).
SECTION_LIMIT = 20

#: An approved translation waiting longer than this for a time is overdue.
APPROVED_GRACE = datetime.timedelta(days=1)

#: The moves a person makes from a translation's page, in the order the page offers them.
#: "start" is left out: a translator's first save makes it.
PAGE_MOVES = (
    "claim",
    "assign",
    "release",
    "submit",
    "request_changes",
    "approve",
    "publish",
    "schedule",
    "correct",
    "withdraw",
    "restore",
    "translate_link",
)


#: How the trail's actions that are not moves of the table read: "Edna Hale commented on it".
_DONE = {
    "edit": "edited",
    "comment": "commented on",
    "resolve_comment": "resolved a comment on",
    "restore_revision": "restored a revision of",
    "unschedule": "took off the schedule",
}


def done_label(action: str) -> str:
    """An audit event's action as a past participle: "approved", "sent back", "edited"."""
    if action in _DONE:
        return _DONE[action]
    row = workflow.MOVES_BY_NAME.get(action)
    return row.verb if row else action.replace("_", " ")


def claim_hours() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.FOREIGNDESK_CLAIM_HOURS)


def claim_expires_at(translation: Translation) -> datetime.datetime | None:
    """When the translation's claim returns to the open queue, if it is one that expires."""
    if translation.state not in EXPIRING_STATES or translation.last_activity_at is None:
        return None
    return translation.last_activity_at + claim_hours()


def visible_translations(user: Any) -> QuerySet[Translation]:
    """The translations a person may open at the desk: all of them for editors; for a
    translator the open queue, their claims and what they are credited for."""
    translations = Translation.objects.all()
    if sees_all_work(user):
        return translations
    credited = Credit.objects.filter(
        translation=OuterRef("pk"), role=Credit.Role.TRANSLATOR, contributor__user=user
    )
    return translations.filter(Q(state=State.ACCEPTED) | Q(claimed_by=user) | Exists(credited))


def _listed(translations: QuerySet[Translation]) -> QuerySet[Translation]:
    """With what a row of a desk list shows, in the same query, without the texts."""
    return translations.select_related(
        "original__language", "original__outlet__country", "claimed_by"
    ).defer(
        "blocks",
        "alignment",
        "original__blocks",
        "original__retrieved_copy",
        "original__text_signature",
    )


@dataclass(frozen=True)
class Item:
    """One translation in a desk list, with its claim's expiry and why it is overdue."""

    translation: Translation
    claim_expires_at: datetime.datetime | None = None
    overdue: str = ""


def _items(translations: QuerySet[Translation]) -> list[Item]:
    return [Item(t, claim_expires_at(t)) for t in translations[:SECTION_LIMIT]]


def _approved_at() -> Subquery:
    """The time of a translation's latest approval, from its audit trail."""
    return Subquery(
        AuditEvent.objects.filter(translation=OuterRef("pk"), action="approve")
        .order_by("-created_at")
        .values("created_at")[:1]
    )


@dataclass
class Dashboard:
    """What a person finds on the desk's front page. A part that is not the person's work is
    None (not shown), an empty list says there is nothing to do."""

    my_claims: list[Item]
    changes_requested: list[Item]
    to_review: list[Item] | None
    suggestions: list[Original] | None
    scheduled: list[Item]
    published: list[Item]
    overdue: list[Item]
    claim_hours: int = field(default_factory=lambda: settings.FOREIGNDESK_CLAIM_HOURS)


def dashboard(user: Any, *, now: datetime.datetime | None = None) -> Dashboard:
    """The dashboard of one person: one query per part, whatever the size of the desk."""
    now = now or timezone.now()
    visible = _listed(visible_translations(user))
    mine = visible.filter(claimed_by=user)
    reviews = user.has_perm("newsroom.review_translation")
    triages = user.has_perm("newsroom.triage_original")
    publishes = user.has_perm("newsroom.publish_translation")

    overdue_claims = Q(state__in=EXPIRING_STATES, last_activity_at__lt=now - claim_hours())
    if not sees_all_work(user):
        overdue_claims &= Q(claimed_by=user)
    overdue_filter = overdue_claims
    if publishes:
        overdue_filter |= Q(
            state=State.APPROVED, scheduled_at__isnull=True, approved_at__lt=now - APPROVED_GRACE
        )
    overdue = []
    for translation in visible.annotate(approved_at=_approved_at()).filter(overdue_filter)[
        :SECTION_LIMIT
    ]:
        expires = claim_expires_at(translation)
        reason = (
            f"claim expired {timezone.localtime(expires):%Y-%m-%d %H:%M}"
            if expires
            else "approved over a day ago, not yet scheduled"
        )
        overdue.append(Item(translation, expires, reason))

    return Dashboard(
        my_claims=_items(mine.filter(state__in=EXPIRING_STATES).order_by("last_activity_at")),
        changes_requested=_items(
            mine.filter(state=State.CHANGES_REQUESTED).order_by("last_activity_at")
        ),
        to_review=(
            _items(
                visible.filter(state=State.IN_REVIEW)
                .exclude(claimed_by=user)
                .order_by("last_activity_at", "id")
            )
            if reviews
            else None
        ),
        suggestions=(list(suggested_originals()[:SECTION_LIMIT]) if triages else None),
        scheduled=_items(
            visible.filter(state=State.APPROVED, scheduled_at__isnull=False).order_by(
                "scheduled_at"
            )
        ),
        published=_items(
            visible.filter(state__in=PUBLIC_STATES, published_at__lte=now).order_by(
                "-published_at", "-id"
            )
        ),
        overdue=overdue,
    )


# --- The queue ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueFilters:
    """What the queue is narrowed to; empty values narrow nothing."""

    language: str = ""
    country: str = ""
    state: int | None = None
    person: int | None = None


def queue(user: Any, filters: QueueFilters) -> QuerySet[Translation]:
    """The translations a person may see, narrowed by the filters: the work in progress unless
    a state is chosen; the open queue (accepted) first, then along the workflow."""
    translations = _listed(visible_translations(user))
    if filters.state is None:
        translations = translations.filter(state__in=IN_PROGRESS_STATES)
    else:
        translations = translations.filter(state=filters.state)
    if filters.language:
        translations = translations.filter(original__language_id=filters.language)
    if filters.country:
        translations = translations.filter(original__outlet__country_id=filters.country)
    if filters.person is not None:
        translations = translations.filter(claimed_by_id=filters.person)
    return translations.order_by("state", "-updated_at", "-id")


def queue_people() -> QuerySet[Any]:
    """Whom the queue can be narrowed to: the desk's translators."""
    return users_with_role(TRANSLATOR)


def suggested_originals() -> QuerySet[Original]:
    """Originals waiting for an editor to accept or decline them, newest first."""
    return (
        Original.objects.filter(state=Original.State.SUGGESTED)
        .select_related("language", "outlet__country")
        .defer("blocks", "retrieved_copy", "text_signature")
        .order_by("-created_at", "-id")
    )


def original_for_desk(pk: int) -> Original:
    """One original with what its desk page shows (raises ``Original.DoesNotExist``)."""
    return Original.objects.select_related("language", "outlet__country").get(pk=pk)


def translations_of(original: Original, user: Any) -> QuerySet[Translation]:
    """The translations of an original that the person may open."""
    return visible_translations(user).filter(original=original).order_by("id")


# --- A translation's page -------------------------------------------------------------------------


def translation_for_desk(user: Any, pk: int) -> Translation:
    """One translation the person may open, with its original, outlet and people (raises
    ``Translation.DoesNotExist`` for one they may not see)."""
    return (
        visible_translations(user)
        .select_related(
            "language",
            "original__language",
            "original__outlet__country",
            "claimed_by",
            "approved_by",
        )
        .get(pk=pk)
    )


@dataclass(frozen=True)
class TrailEntry:
    """One line of a translation's trail, in words."""

    event: AuditEvent
    done: str
    from_state: str
    to_state: str


def _trail_entry(event: AuditEvent) -> TrailEntry:
    # An original's own events (declined, before any translation) speak of its states.
    subject = (
        workflow.Subject.ORIGINAL if event.translation_id is None else workflow.Subject.TRANSLATION
    )
    if event.action in ("accept", "decline"):
        subject = workflow.Subject.ORIGINAL

    def label(state: int | None) -> str:
        return "" if state is None else workflow.state_label(subject, state)

    return TrailEntry(
        event, done_label(event.action), label(event.from_state), label(event.to_state)
    )


@dataclass
class TranslationPage:
    """Everything a translation's desk page shows."""

    translation: Translation
    moves: list[str]
    problems: list[str]
    checks_publishing: bool
    trail: list[TrailEntry]
    comments: list[Comment]
    claim_expires_at: datetime.datetime | None
    seen: int
    translate_url: str | None
    authors: list[str]


def translation_page(user: Any, translation: Translation) -> TranslationPage:
    """The page of a translation: the moves this person may make now, what publishing still
    needs, the trail and the comments."""
    translators_credited = translator_user_ids(translation)
    moves = [
        name
        for name in PAGE_MOVES
        if (name != "translate_link" or translation.is_link)
        and workflow.can(
            workflow.move(name),
            actor=user,
            state=translation.state,
            claimant_id=translation.claimed_by_id,
            translator_user_ids=translators_credited,
        )
    ]
    shows_problems = translation.state in (State.IN_REVIEW, State.APPROVED)
    events = list(audit_trail(translation))
    seen = max((event.pk for event in events if event.translation_id == translation.pk), default=0)
    original = translation.original
    return TranslationPage(
        translation=translation,
        moves=moves,
        problems=publishing_problems(translation) if shows_problems else [],
        checks_publishing=shows_problems,
        trail=[_trail_entry(event) for event in events],
        comments=list(
            Comment.objects.filter(translation=translation).select_related("resolved_by")
        ),
        claim_expires_at=claim_expires_at(translation),
        seen=seen,
        translate_url=reverse("desk:translate", args=[translation.pk]),
        authors=(list(original.bylines.values_list("author__name", flat=True)) if original else []),
    )


@dataclass
class OriginalPage:
    """Everything an original's desk page shows."""

    original: Original
    authors: list[str]
    hints: list[Resemblance]
    translations: list[Translation]
    may_triage: bool


def original_page(user: Any, original: Original) -> OriginalPage:
    """The page of an original: duplicate hints while it waits for a decision, and the
    translations the person may open once it is accepted."""
    suggested = original.state == Original.State.SUGGESTED
    return OriginalPage(
        original=original,
        authors=list(original.bylines.values_list("author__name", flat=True)),
        hints=resembling(original) if suggested else [],
        translations=list(translations_of(original, user)),
        may_triage=suggested and user.has_perm("newsroom.triage_original"),
    )
