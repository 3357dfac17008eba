"""What the reader site stores about articles: daily read counts and related articles."""

from __future__ import annotations

from django.db import models

from foreigndesk.newsroom.models import Translation


class DailyViews(models.Model):
    """How many times a translation was read on one day; nothing about the readers themselves."""

    translation = models.ForeignKey(
        Translation, on_delete=models.CASCADE, related_name="daily_views"
    )
    day = models.DateField(db_index=True)
    views = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name_plural = "daily views"
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["translation", "day"], name="daily_views_unique_day")
        ]

    def __str__(self) -> str:
        return f"{self.translation}: {self.views} on {self.day}"


class RelatedArticle(models.Model):
    """A stored "related articles" entry, computed when an article is published or edited."""

    translation = models.ForeignKey(Translation, on_delete=models.CASCADE, related_name="+")
    related = models.ForeignKey(Translation, on_delete=models.CASCADE, related_name="related_to")
    score = models.FloatField()
    rank = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["translation", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["translation", "related"], name="related_unique_pair"),
            models.CheckConstraint(
                condition=~models.Q(translation=models.F("related")), name="related_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.translation} → {self.related}"


class HotWindow(models.Model):
    """The first day of the trailing week that the ``WeekViews`` rows add up (a single row).

    "Hot this week" trusts the rows only when this is the current week's first day: between the
    daily roll (``actions.roll_week_views``) and the next, reads are added to the rows as they
    are written, so they stay exact; a week that has moved on without a roll is summed from the
    daily counts instead, slowly but correctly.
    """

    since = models.DateField(null=True)

    def __str__(self) -> str:
        return f"week views since {self.since}"


class WeekViews(models.Model):
    """How many times a translation was read over the week of ``HotWindow``: the daily counts
    rolled up, so that "Hot this week" reads its few leaders off an index instead of summing a
    week of daily rows for every article read."""

    translation = models.OneToOneField(
        Translation, on_delete=models.CASCADE, primary_key=True, related_name="week_views"
    )
    views = models.PositiveIntegerField()

    class Meta:
        verbose_name_plural = "week views"
        indexes = [models.Index(fields=["-views"], name="week_views_most_read")]

    def __str__(self) -> str:
        return f"{self.translation_id}: {self.views} this week"
