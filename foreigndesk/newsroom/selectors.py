"""Reads for the desk."""

from __future__ import annotations

from foreigndesk.reader.actions import profile_of, published_archive

from .models import Topic, Translation


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
