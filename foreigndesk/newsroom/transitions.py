"""The desk's moves, one action per row of the workflow table (``newsroom.workflow``).

Each action runs in one transaction: it locks the row, checks that the table allows the move
from the current state and that the actor may make it (and the move's own rules), saves, writes
an audit event, and queues its announcements (e-mail, the reader site) for after the commit.
A refusal raises a ``WorkflowError`` and leaves the database as it was.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import slugify
from unidecode import unidecode

from foreigndesk.accounts.roles import EDITOR, users_with_role
from foreigndesk.core.models import Language
from foreigndesk.intake.models import Original

from .actions import add_correction, publish_translation, translation_changed
from .audit import person_name, record
from .models import (
    RESERVED_SLUGS,
    Correction,
    Credit,
    Revision,
    Translation,
    block_index_problem,
)
from .notifications import desk_link, mail_after_commit
from .states import State
from .workflow import (
    IllegalMove,
    Move,
    NotAllowed,
    NotReadyToPublish,
    WorkflowError,
    check_actor,
    check_state,
    move,
)

# --- Shared steps --------------------------------------------------------------------------------


def _lock(translation: Translation) -> Translation:
    return Translation.objects.select_for_update().get(pk=translation.pk)


def translator_user_ids(translation: Translation) -> set[int]:
    """The logins of the translators credited on a translation."""
    return set(
        Credit.objects.filter(
            translation=translation,
            role=Credit.Role.TRANSLATOR,
            contributor__user__isnull=False,
        ).values_list("contributor__user_id", flat=True)
    )


def _check(row: Move, locked: Translation, actor: Any) -> None:
    check_actor(
        row,
        actor=actor,
        claimant_id=locked.claimed_by_id,
        translator_user_ids=translator_user_ids(locked),
    )
    check_state(row, state=locked.state, title=locked.title)


def _required(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise WorkflowError(message, code="required")
    return text


def _apply(
    row: Move,
    locked: Translation,
    actor: Any,
    *,
    comment: str = "",
    changes: dict[str, Any] | None = None,
) -> Translation:
    """Make a checked move: set the target state and ``changes``, save them, audit."""
    from_state = locked.state
    locked.state = row.target
    for name, value in (changes or {}).items():
        setattr(locked, name, value)
    locked.save(update_fields=["state", "updated_at", *(changes or {})])
    record(
        action=row.name,
        actor=actor,
        translation=locked,
        original=locked.original,
        from_state=from_state,
        to_state=row.target,
        comment=comment,
    )
    return locked


def _claimant(translation: Translation) -> list[Any]:
    return [translation.claimed_by] if translation.claimed_by_id else []


# --- Originals: triage -------------------------------------------------------------------------


def _unique_translation_slug(title: str) -> str:
    base = (slugify(unidecode(title)) or "translation")[:80]
    slug, number = base, 2
    while slug in RESERVED_SLUGS or Translation.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _lock_original(original: Original, row: Move, actor: Any) -> Original:
    locked = Original.objects.select_for_update().get(pk=original.pk)
    check_actor(row, actor=actor)
    check_state(row, state=locked.state, title=locked.title)
    return locked


@transaction.atomic
def accept(*, actor: Any, original: Original, reason: str) -> Translation:
    """Accept a suggested original: it gets a translation in the desk's language, open to claim."""
    row = move("accept")
    locked = _lock_original(original, row, actor)
    reason = _required(reason, f"Say why “{locked.title}” is worth translating.")
    return _open_translation(
        locked, row, actor, comment=reason, title=locked.title[:500], state=State.ACCEPTED
    )


def _open_translation(
    locked: Original, row: Move, actor: Any, *, comment: str, title: str, **fields: Any
) -> Translation:
    """The translation a move opens on an original (in the desk's language), with its first
    revision and the move in the audit trail; the original takes the move's state."""
    language = Language.objects.filter(code=settings.DESK_LANGUAGE).first()
    if language is None:
        raise WorkflowError(
            f"The desk's language “{settings.DESK_LANGUAGE}” is not among the languages: "
            "an admin must add it first."
        )
    from_state = locked.state
    locked.state = row.target
    locked.save(update_fields=["state", "updated_at"])
    translation = Translation.objects.create(
        original=locked,
        language=language,
        title=title,
        slug=_unique_translation_slug(title),
        blocks=[],
        last_activity_at=timezone.now(),
        **fields,
    )
    Revision.objects.create(
        translation=translation,
        number=translation.revision,
        title=translation.title,
        author=actor,
        author_name=person_name(actor),
    )
    record(
        action=row.name,
        actor=actor,
        translation=translation,
        original=locked,
        from_state=from_state,
        to_state=row.target,
        comment=comment,
    )
    return translation


#: The longest summary a link post may have (it stands in for the text on listings and feeds).
LINK_SUMMARY_MAX = 600


def link_problems(original: Original) -> list[str]:
    """What an original lacks before it can be posted as a link, each named."""
    problems = []
    if not original.url:
        problems.append("the original's address (a link post links to it)")
    if original.outlet_id is None:
        problems.append("the original's outlet")
    elif original.outlet.country_id is None:
        problems.append(f"the country of {original.outlet.name}")
    if original.language_id is None:
        problems.append("the original's language")
    if original.published_on is None:
        problems.append("the original's date")
    return problems


@transaction.atomic
def post_link(*, actor: Any, original: Original, title: str, summary: str) -> Translation:
    """Put a suggested original on the site as a link post: an English title and summary
    with the dateline and a link to the original, no translation. Published at once; a
    later ``translate_link`` makes it a full translation at the same address."""
    row = move("post_link")
    locked = _lock_original(original, row, actor)
    title = _required(title, "Give the link post a title in English.")
    summary = _required(summary, f"Write a short summary of “{locked.title}” for readers.")
    if len(title) > 500:
        raise WorkflowError(f"The title has {len(title)} characters; at most 500.", code="too_long")
    if len(summary) > LINK_SUMMARY_MAX:
        raise WorkflowError(
            f"The summary has {len(summary)} characters; a link post's is at most "
            f"{LINK_SUMMARY_MAX}.",
            code="too_long",
        )
    problems = link_problems(locked)
    if problems:
        raise WorkflowError(
            f"“{locked.title}” cannot be posted as a link yet; it needs: "
            + "; ".join(problems)
            + ".",
            code="not_ready",
        )
    translation = _open_translation(
        locked,
        row,
        actor,
        comment="Posted as a link to the original.",
        title=title,
        kind=Translation.Kind.LINK,
        standfirst=summary,
        state=State.PUBLISHED,
        published_at=timezone.now(),
    )
    translation_changed(translation=translation)
    return translation


@transaction.atomic
def translate_link(*, actor: Any, translation: Translation, comment: str = "") -> Translation:
    """Open a link post for a full translation: it goes to the open queue, its address keeps
    showing the link post, and publishing the translation keeps that address."""
    row = move("translate_link")
    locked = _lock(translation)
    _check(row, locked, actor)
    if not locked.is_link:
        raise WorkflowError(
            f"“{locked.title}” is already a full translation.", code="not_a_link_post"
        )
    _apply(row, locked, actor, comment=comment, changes={"last_activity_at": timezone.now()})
    translation_changed(translation=locked)
    return locked


@transaction.atomic
def decline(*, actor: Any, original: Original, reason: str) -> Original:
    """Decline a suggested original, saying why."""
    row = move("decline")
    locked = _lock_original(original, row, actor)
    reason = _required(reason, f"Say why “{locked.title}” is declined.")
    from_state = locked.state
    locked.state = row.target
    locked.save(update_fields=["state", "updated_at"])
    record(
        action=row.name,
        actor=actor,
        original=locked,
        from_state=from_state,
        to_state=row.target,
        comment=reason,
    )
    return locked


# --- Translating -------------------------------------------------------------------------------


@transaction.atomic
def assign(
    *, actor: Any, translation: Translation, assignee: Any, comment: str = ""
) -> Translation:
    """Give a translation to a translator: it becomes their claim (replacing any other)."""
    row = move("assign")
    locked = _lock(translation)
    _check(row, locked, actor)
    if not (assignee.is_active and assignee.has_perm("newsroom.claim_translation")):
        raise WorkflowError(f"{person_name(assignee)} is not one of the desk's translators.")
    now = timezone.now()
    _apply(
        row,
        locked,
        actor,
        comment=comment or f"Assigned to {person_name(assignee)}.",
        changes={"claimed_by": assignee, "claimed_at": now, "last_activity_at": now},
    )
    mail_after_commit(
        recipients=[assignee],
        subject=f"Assigned to you: {locked.title}",
        body=f"{person_name(actor)} assigned “{locked.title}” to you.\n\n{desk_link(locked)}\n",
    )
    return locked


@transaction.atomic
def claim(*, actor: Any, translation: Translation) -> Translation:
    """Take an accepted translation from the open queue to translate it."""
    row = move("claim")
    locked = _lock(translation)
    _check(row, locked, actor)
    now = timezone.now()
    return _apply(
        row,
        locked,
        actor,
        changes={"claimed_by": actor, "claimed_at": now, "last_activity_at": now},
    )


@transaction.atomic
def release(*, actor: Any, translation: Translation, comment: str = "") -> Translation:
    """Give a claim back to the open queue (its translator, or an editor); the text stays."""
    row = move("release")
    locked = _lock(translation)
    _check(row, locked, actor)
    return _apply(
        row, locked, actor, comment=comment, changes={"claimed_by": None, "claimed_at": None}
    )


def start_locked(*, actor: Any, locked: Translation) -> None:
    """The claimant's first save: CLAIMED becomes IN_TRANSLATION (the row is already locked)."""
    row = move("start")
    _check(row, locked, actor)
    _apply(row, locked, actor, changes={"last_activity_at": timezone.now()})


@transaction.atomic
def start(*, actor: Any, translation: Translation) -> Translation:
    """Mark a claimed translation as being translated (a first save does it by itself)."""
    locked = _lock(translation)
    start_locked(actor=actor, locked=locked)
    return locked


@transaction.atomic
def submit(*, actor: Any, translation: Translation, comment: str = "") -> Translation:
    """Hand the translation to the editors for review; its translator is credited."""
    row = move("submit")
    locked = _lock(translation)
    _check(row, locked, actor)
    contributor = getattr(actor, "contributor", None)
    if contributor is not None:
        Credit.objects.get_or_create(
            translation=locked,
            contributor=contributor,
            role=Credit.Role.TRANSLATOR,
            defaults={
                "position": Credit.objects.filter(
                    translation=locked, role=Credit.Role.TRANSLATOR
                ).count()
            },
        )
    _apply(row, locked, actor, comment=comment, changes={"last_activity_at": timezone.now()})
    mail_after_commit(
        recipients=users_with_role(EDITOR),
        subject=f"For review: {locked.title}",
        body=(
            f"{person_name(actor)} submitted “{locked.title}” for review.\n\n"
            + (f"{comment}\n\n" if comment else "")
            + f"{desk_link(locked)}\n"
        ),
    )
    return locked


# --- Review --------------------------------------------------------------------------------------


@transaction.atomic
def request_changes(*, actor: Any, translation: Translation, comment: str) -> Translation:
    """Send a translation in review back to its translator, saying what to change."""
    row = move("request_changes")
    locked = _lock(translation)
    _check(row, locked, actor)
    comment = _required(comment, "Say what should change: the translator will read it.")
    _apply(row, locked, actor, comment=comment, changes={"last_activity_at": timezone.now()})
    mail_after_commit(
        recipients=_claimant(locked),
        subject=f"Changes requested: {locked.title}",
        body=(
            f"{person_name(actor)} asks for changes to “{locked.title}”:\n\n{comment}\n\n"
            f"{desk_link(locked)}\n"
        ),
    )
    return locked


@transaction.atomic
def approve(*, actor: Any, translation: Translation, comment: str = "") -> Translation:
    """Approve a translation in review for publication (never by its own translator)."""
    row = move("approve")
    locked = _lock(translation)
    _check(row, locked, actor)
    _apply(row, locked, actor, comment=comment, changes={"approved_by": actor})
    mail_after_commit(
        recipients=_claimant(locked),
        subject=f"Approved: {locked.title}",
        body=f"{person_name(actor)} approved “{locked.title}”.\n\n{desk_link(locked)}\n",
    )
    return locked


# --- Publishing ----------------------------------------------------------------------------------


def publishing_problems(translation: Translation) -> list[str]:
    """What a translation lacks to be published, each item in words; empty when it is ready."""
    problems = []
    translators = translator_user_ids(translation)
    if translation.approved_by_id is None:
        problems.append("it has not been approved by an editor")
    elif (
        translation.approved_by_id in translators
        or translation.approved_by_id == translation.claimed_by_id
    ):
        problems.append("it was approved by its own translator, not by another editor")
    original = translation.original
    if original is None:
        problems.append("it has no original")
    else:
        outlet = original.outlet
        if outlet is None:
            problems.append("the original has no outlet")
        elif outlet.country_id is None:
            problems.append(f"the outlet “{outlet.name}” has no country")
        if not original.language_id:
            problems.append("the original has no language")
        if original.published_on is None:
            problems.append("the original has no publication date")
        if not original.url and not translation.no_url_reason:
            problems.append(
                "the original has no web address (nor a reason why, such as a printed edition)"
            )
    if not Credit.objects.filter(translation=translation, role=Credit.Role.TRANSLATOR).exists():
        problems.append("no translator is credited")
    blocks = translation.block_list
    if not blocks:
        problems.append("it has no text")
    elif any(not str(block.get("text", "")).strip() for block in blocks):
        problems.append("it has an empty paragraph")
    return problems


def _check_ready(locked: Translation) -> None:
    problems = publishing_problems(locked)
    if problems:
        raise NotReadyToPublish(locked.title, problems)


@transaction.atomic
def schedule(*, actor: Any, translation: Translation, at: datetime.datetime) -> Translation:
    """Have an approved translation published at a future time (by ``publish_due``)."""
    row = move("schedule")
    locked = _lock(translation)
    _check(row, locked, actor)
    if at <= timezone.now():
        raise WorkflowError(
            f"{timezone.localtime(at):%Y-%m-%d %H:%M} is in the past: "
            f"publish “{locked.title}” now or choose a later time."
        )
    _check_ready(locked)
    return _apply(
        row,
        locked,
        actor,
        comment=f"To be published at {timezone.localtime(at):%Y-%m-%d %H:%M}.",
        changes={"scheduled_at": at},
    )


@transaction.atomic
def publish(
    *, actor: Any, translation: Translation, at: datetime.datetime | None = None
) -> Translation:
    """Publish an approved translation now; with a time, schedule it for then."""
    if at is not None:
        return schedule(actor=actor, translation=translation, at=at)
    row = move("publish")
    locked = _lock(translation)
    _check(row, locked, actor)
    _check_ready(locked)
    from_state = locked.state
    published = publish_translation(translation=locked)
    record(
        action=row.name,
        actor=actor,
        translation=published,
        original=published.original,
        from_state=from_state,
        to_state=published.state,
    )
    _mail_published(published)
    return published


def _mail_published(translation: Translation) -> None:
    mail_after_commit(
        recipients=_claimant(translation),
        subject=f"Published: {translation.title}",
        body=f"“{translation.title}” is published.\n\n{desk_link(translation)}\n",
    )


@transaction.atomic
def correct(
    *, actor: Any, translation: Translation, text: str, block_index: int | None = None
) -> Correction:
    """Add a dated public correction to a published translation, optionally naming the
    paragraph it corrects (``block_index``, from 0)."""
    row = move("correct")
    locked = _lock(translation)
    _check(row, locked, actor)
    text = _required(text, "A correction needs a text for readers.")
    problem = block_index_problem(locked, block_index)
    if problem:
        raise WorkflowError(problem, code="no_such_paragraph")
    from_state = locked.state
    correction = add_correction(
        translation=locked, text=text, created_by=actor, block_index=block_index
    )
    record(
        action=row.name,
        actor=actor,
        translation=locked,
        original=locked.original,
        from_state=from_state,
        to_state=row.target,
        comment=text,
    )
    return correction


@transaction.atomic
def withdraw(*, actor: Any, translation: Translation, reason: str) -> Translation:
    """Take a published translation off the site, with a reason readers are given."""
    row = move("withdraw")
    locked = _lock(translation)
    _check(row, locked, actor)
    reason = _required(reason, "Say why it is withdrawn: readers are told.")
    _apply(
        row,
        locked,
        actor,
        comment=reason,
        changes={"withdrawal_reason": reason, "withdrawn_at": timezone.now()},
    )
    translation_changed(translation=locked)
    return locked


@transaction.atomic
def restore(*, actor: Any, translation: Translation, comment: str = "") -> Translation:
    """Put a withdrawn translation back on the site, at its first publication time."""
    row = move("restore")
    locked = _lock(translation)
    _check(row, locked, actor)
    _apply(
        row,
        locked,
        actor,
        comment=comment,
        # Back at its first publication time (a record loaded without one gets now).
        changes={
            "withdrawal_reason": "",
            "withdrawn_at": None,
            "published_at": locked.published_at or timezone.now(),
        },
    )
    translation_changed(translation=locked)
    return locked


# --- The desk's schedule -------------------------------------------------------------------------


def _claim_next(candidates: QuerySet[Translation]) -> Translation | None:
    """Lock one candidate that no other worker holds (inside the caller's transaction)."""
    if connection.features.has_select_for_update_skip_locked:
        return candidates.select_for_update(skip_locked=True).first()
    # SQLite: the transaction holds the database's write lock (IMMEDIATE), so workers take
    # turns and the re-checked filter sees what the previous one did.
    return candidates.select_for_update().first()


def publish_due(*, now: datetime.datetime | None = None) -> list[int]:
    """Publish the scheduled translations whose time has come, each exactly once even with
    several workers; returns the ids published. One that no longer meets the publishing rules
    is taken off the schedule and the editors are told."""
    now = now or timezone.now()
    row = move("publish_due")
    due = Translation.objects.filter(state=State.APPROVED, scheduled_at__lte=now)
    published: list[int] = []
    for pk in due.order_by("scheduled_at").values_list("pk", flat=True):
        with transaction.atomic():
            locked = _claim_next(due.filter(pk=pk))
            if locked is None:
                continue  # another worker is publishing it, or it changed meanwhile
            problems = publishing_problems(locked)
            if problems:
                _unschedule(locked, problems)
                continue
            result = publish_translation(translation=locked, at=locked.scheduled_at)
            record(
                action=row.name,
                actor=None,
                translation=result,
                original=result.original,
                from_state=State.APPROVED,
                to_state=result.state,
            )
            _mail_published(result)
            published.append(pk)
    return published


def _unschedule(locked: Translation, problems: list[str]) -> None:
    locked.scheduled_at = None
    locked.save(update_fields=["scheduled_at", "updated_at"])
    reason = "Not published at the scheduled time: " + "; ".join(problems) + "."
    record(
        action="unschedule",
        actor=None,
        translation=locked,
        original=locked.original,
        from_state=locked.state,
        to_state=locked.state,
        comment=reason,
    )
    mail_after_commit(
        recipients=users_with_role(EDITOR),
        subject=f"Not published: {locked.title}",
        body=f"“{locked.title}”: {reason}\n\n{desk_link(locked)}\n",
    )


def expire_claims(*, now: datetime.datetime | None = None) -> list[int]:
    """Return to the open queue the claims without activity for ``FOREIGNDESK_CLAIM_HOURS``,
    telling their translators; returns the ids released."""
    now = now or timezone.now()
    row = move("expire")
    hours = settings.FOREIGNDESK_CLAIM_HOURS
    stale = Translation.objects.filter(
        state__in=row.sources, last_activity_at__lt=now - datetime.timedelta(hours=hours)
    )
    expired: list[int] = []
    for pk in stale.order_by("last_activity_at").values_list("pk", flat=True):
        with transaction.atomic():
            locked = _claim_next(stale.filter(pk=pk))
            if locked is None:
                continue
            translator = locked.claimed_by
            _apply(
                row,
                locked,
                None,
                comment=f"No activity for {hours} hours.",
                changes={"claimed_by": None, "claimed_at": None},
            )
            mail_after_commit(
                recipients=[translator],
                subject=f"Your claim expired: {locked.title}",
                body=(
                    f"“{locked.title}” had no activity for {hours} hours and is back in the "
                    f"open queue. Your text is kept.\n\n{desk_link(locked)}\n"
                ),
            )
            expired.append(pk)
    return expired


__all__ = [
    "IllegalMove",
    "NotAllowed",
    "NotReadyToPublish",
    "WorkflowError",
    "accept",
    "approve",
    "assign",
    "claim",
    "correct",
    "decline",
    "expire_claims",
    "publish",
    "publish_due",
    "publishing_problems",
    "release",
    "request_changes",
    "restore",
    "schedule",
    "start",
    "submit",
    "withdraw",
]
