"""The search index's rows: one per published translation, one per original not yet published.

The facets (country, outlet, original language, year, topics) are copied here so that counting
them over thousands of matches reads one narrow table, with no join. The searchable text itself lives where
each database searches best, created by the migration for the database in use: an FTS5 table of
stemmed words on SQLite (``search_fts``), a ``tsvector`` column with a GIN index on PostgreSQL
(``search_entry.document``). The ORM never reads either; the backends do.
"""

from __future__ import annotations

from django.db import models


class SearchEntry(models.Model):
    """One searchable article: a published translation with its original, or an original alone."""

    translation = models.OneToOneField(
        "newsroom.Translation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="search_entry",
    )
    original = models.ForeignKey(
        "intake.Original",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="search_entries",
    )
    #: Readers see it (a published translation); the rest is for the desk only.
    public = models.BooleanField(default=False)
    #: The state of the translation, or of the original when there is no published translation.
    state = models.PositiveSmallIntegerField(default=0)
    #: Publication time of the translation; for an original alone, its date at the outlet.
    published_at = models.DateTimeField(null=True, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    # Copies of the original's facets. SET_NULL: a facet removed never blocks the desk. No
    # indexes on purpose: the text index must drive every search, and PostgreSQL would otherwise
    # start from a facet's index and unpack the text vector of every article in that country.
    country = models.ForeignKey(
        "core.Country",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    outlet = models.ForeignKey(
        "intake.Outlet",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    language = models.ForeignKey(
        "core.Language",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    #: Ids of the translation's topics (a list, not a join: counted over every match).
    topics = models.JSONField(default=list, blank=True)
    source_updated_at = models.DateTimeField(
        null=True, blank=True, help_text="The original's updated_at when it was indexed."
    )
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "search entries"

    def __str__(self) -> str:
        return f"search entry {self.pk}"
