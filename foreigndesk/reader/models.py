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
