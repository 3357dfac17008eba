"""Reads for the desk."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from foreigndesk.reader.actions import profile_of, published_archive

from .models import AuditEvent, Comment, Revision, Topic, Translation


def suggested_topics(translation: Translation, *, limit: int = 3) -> list[Topic]:
    """The likeliest topics for a translation, voted by its nearest already-labelled articles.

    Topics the translation already has are left out: these are suggestions for what to add.
    """
    archive = published_archive()
    votes = archive.suggest_topics(profile_of(translation))
    current = set(translation.topics.values_list("id", flat=True))
    wanted = [topic_id for topic_id, _ in votes if topic_id not in current][:limit]
    topics = Topic.objects.in_bulk(wanted)
    return [topics[topic_id] for topic_id in wanted if topic_id in topics]


def audit_trail(translation: Translation) -> QuerySet[AuditEvent]:
    """Everything done to a translation, and to its original before and since, oldest first."""
    about = Q(translation=translation)
    if translation.original_id:
        about |= Q(original_id=translation.original_id, translation__isnull=True)
    return AuditEvent.objects.filter(about).select_related("actor").order_by("created_at", "id")


def revision_history(translation: Translation) -> QuerySet[Revision]:
    """A translation's stored revisions, newest first."""
    return Revision.objects.filter(translation=translation).order_by("-number")


def open_comments(translation: Translation) -> QuerySet[Comment]:
    """The comments on a translation not yet resolved, oldest first."""
    return Comment.objects.filter(translation=translation, resolved_at__isnull=True)
