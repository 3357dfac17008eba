"""Writes of the reader site: stored related articles, read counts, page-cache invalidation."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from foreigndesk.core.cache import invalidate_pages, invalidate_tags_on_commit
from foreigndesk.core.db import analyze
from foreigndesk.newsroom.selectors import load_archive
from foreigndesk.newsroom.similarity import MINIMUM_SCORE, Archive

from .fragments import related_tag
from .models import DailyViews, HotWindow, RelatedArticle, WeekViews
from .selectors import week_start

RELATED_LIMIT = 6


def refresh_related(
    *, translation_ids: list[int] | None = None, archive: Archive | None = None
) -> int:
    """Recompute and store related articles; for all published translations when ids is None.

    Returns how many translations got a fresh list. Pages only read the stored rows.
    """
    archive = archive or load_archive()
    nearest = archive.nearest(keys=translation_ids, limit=RELATED_LIMIT)
    before: dict[int, list[int]] = defaultdict(list)
    if translation_ids is not None:
        for owner, related in (
            RelatedArticle.objects.filter(translation_id__in=translation_ids)
            .order_by("translation_id", "rank")
            .values_list("translation_id", "related_id")
        ):
            before[owner].append(related)
    with transaction.atomic():
        if translation_ids is None:
            RelatedArticle.objects.all().delete()
        else:
            RelatedArticle.objects.filter(translation_id__in=translation_ids).delete()
        RelatedArticle.objects.bulk_create(
            (
                RelatedArticle(translation_id=key, related_id=other, score=score, rank=rank)
                for key, found in nearest.items()
                for rank, (other, score) in enumerate(found)
            ),
            batch_size=1000,
        )
    if translation_ids is None:
        transaction.on_commit(invalidate_pages)
    else:
        # Only the pages of the articles whose list changed show it.
        changed = [
            pk
            for pk in translation_ids
            if before.get(pk, []) != [other for other, _score in nearest.get(pk, [])]
        ]
        invalidate_tags_on_commit(related_tag(pk) for pk in changed)
    return len(nearest)


def refresh_related_around(*, translation_id: int) -> int:
    """Refresh related articles after one translation changed: its own list, and the lists of
    the articles it now belongs in or must leave. Returns how many lists were recomputed.
    """
    archive = load_archive()
    scores = archive.scores_against_all(translation_id)
    lists: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for owner, related, score in RelatedArticle.objects.values_list(
        "translation_id", "related_id", "score"
    ):
        lists[owner].append((related, score))
    affected = {translation_id}
    for owner, current in lists.items():
        if owner == translation_id:
            continue
        if any(related == translation_id for related, _ in current):
            affected.add(owner)  # it lists the changed article: its place may have moved
        elif scores.get(owner, 0.0) >= MINIMUM_SCORE and (
            len(current) < RELATED_LIMIT or scores[owner] > min(score for _, score in current)
        ):
            affected.add(owner)  # the changed article now beats its weakest entry
    for owner in archive.keys:
        if owner not in lists and scores.get(owner, 0.0) >= MINIMUM_SCORE:
            affected.add(owner)  # an article that had no related articles yet
    return refresh_related(translation_ids=sorted(affected), archive=archive)


def record_views(*, translation_id: int, day: datetime.date, views: int = 1) -> None:
    """Add reads to a translation's count for a day (creating the day's row when needed), and
    to its count for the week when the day falls in the rolled-up week."""
    # Inside the caller's transaction when there is one (a flush writes many counts at once).
    with transaction.atomic(savepoint=False):
        updated = DailyViews.objects.filter(translation_id=translation_id, day=day).update(
            views=F("views") + views
        )
        if not updated:
            row, created = DailyViews.objects.get_or_create(
                translation_id=translation_id, day=day, defaults={"views": views}
            )
            if not created:
                DailyViews.objects.filter(pk=row.pk).update(views=F("views") + views)
        # The lock orders this write with a roll of the week: either the roll's sum sees these
        # reads, or they are added to the rows it wrote.
        since = HotWindow.objects.select_for_update().values_list("since", flat=True).first()
        if since is None or day < since:
            return
        added = WeekViews.objects.filter(translation_id=translation_id).update(
            views=F("views") + views
        )
        if not added:
            WeekViews.objects.create(translation_id=translation_id, views=views)


def roll_week_views(*, now: datetime.datetime | None = None, force: bool = False) -> bool:
    """Sum the trailing week's daily reads into ``WeekViews`` when the week has moved on since
    the last roll (or when ``force``, after daily counts were written in bulk); returns whether
    it rolled. Safe to run at once and again: the second run finds the week current."""
    since = week_start(now or timezone.now())
    with transaction.atomic():
        window = HotWindow.objects.select_for_update().first()
        if window is None:
            window = HotWindow.objects.create(since=None)
        if window.since == since and not force:
            return False
        WeekViews.objects.all().delete()
        # One statement, in the database: the week's daily rows never travel to Python.
        week, daily = WeekViews._meta.db_table, DailyViews._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {week} (translation_id, views) "
                f"SELECT translation_id, SUM(views) FROM {daily} WHERE day >= %s "
                "GROUP BY translation_id HAVING SUM(views) > 0",
                [since],
            )
        window.since = since
        window.save(update_fields=["since"])
    # Fresh statistics for the table just refilled: with them the planner reads the leaders off
    # the most-read index and stops at the first few (without, SQLite starts from the archive).
    analyze([WeekViews])
    return True
