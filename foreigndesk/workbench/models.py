"""The workbench's data: segments of a translation, memory entries, glossary terms, and which
quality checks block a submission."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from foreigndesk.core.models import Language
from foreigndesk.newsroom.models import Translation


class Segment(models.Model):
    """One unit of the original (a sentence, or sentences merged) and its translation.

    Segments follow the original's blocks in order: ``block_index`` is the original paragraph,
    ``source`` the sentence(s) of it this segment covers. The translation's blocks are assembled
    from the targets, paragraph by paragraph of the original.
    """

    class State(models.TextChoices):
        EMPTY = "empty", "Empty"
        DRAFT = "draft", "Draft"
        TRANSLATED = "translated", "Translated"
        REVIEWED = "reviewed", "Reviewed"

    class Origin(models.TextChoices):
        HUMAN = "human", "Human"
        MEMORY = "memory", "Memory"
        MACHINE = "machine", "Machine"

    translation = models.ForeignKey(Translation, on_delete=models.CASCADE, related_name="segments")
    position = models.PositiveIntegerField(help_text="Order in the article, from 0.")
    block_index = models.PositiveIntegerField(help_text="The original's paragraph, from 0.")
    #: How many of the original's paragraphs, from ``block_index`` on, the segment covers: more
    #: than one when the translation joined paragraphs of the original.
    spans = models.PositiveSmallIntegerField(default=1)
    kind = models.CharField(max_length=20, default="paragraph")
    source = models.TextField()
    #: How many of the segmenter's sentences this segment covers: more than one when merged,
    #: none for text the translation adds (a note of the translator's, a standfirst).
    sentences = models.PositiveSmallIntegerField(default=1)
    target = models.TextField(blank=True)
    state = models.CharField(max_length=12, choices=State.choices, default=State.EMPTY)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.HUMAN)
    #: Raised by every save of this segment: a save from an older version is stale.
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["translation", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["translation", "position"], name="segment_unique_position"
            )
        ]

    def __str__(self) -> str:
        return f"{self.translation_id}:{self.position} {self.source[:40]}"


class MemoryEntry(models.Model):
    """A source text and its translation, kept to be offered again where the same or similar
    text comes up."""

    class Origin(models.TextChoices):
        DESK = "desk", "Reviewed at the desk"
        ARCHIVE = "archive", "Published archive"
        TMX = "tmx", "Imported from TMX"

    source_language = models.ForeignKey(Language, on_delete=models.PROTECT, related_name="+")
    target_language = models.ForeignKey(Language, on_delete=models.PROTECT, related_name="+")
    source = models.TextField()
    target = models.TextField()
    #: SHA-256 of the source as matched (case and spacing folded): exact matches by index.
    source_key = models.CharField(max_length=64, db_index=True)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.DESK)
    translation = models.ForeignKey(
        Translation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    #: Where an imported entry came from (a TMX file's name), for the match's "from".
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "memory entries"
        indexes = [
            models.Index(
                fields=["source_language", "target_language", "source_key"],
                name="memory_pair_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.source_language_id}>{self.target_language_id} {self.source[:40]}"


class MemoryWord(models.Model):
    """The fuzzy-match index: the rarer word forms of an entry's source, for finding candidates
    without reading every entry."""

    entry = models.ForeignKey(MemoryEntry, on_delete=models.CASCADE, related_name="words")
    #: "ru>en": the entry's language pair, so that one index lookup stays within it.
    pair = models.CharField(max_length=45)
    word = models.CharField(max_length=64)

    class Meta:
        # The entry in the index too: a word's entries are read from the index alone, newest
        # first (``memory.candidate_ids``).
        indexes = [models.Index(fields=["pair", "word", "entry"], name="memory_word_entries")]

    def __str__(self) -> str:
        return f"{self.pair} {self.word}"


class GlossaryTerm(models.Model):
    """A term and the translation the desk uses for it, in one language pair."""

    source_language = models.ForeignKey(Language, on_delete=models.PROTECT, related_name="+")
    target_language = models.ForeignKey(Language, on_delete=models.PROTECT, related_name="+")
    source_term = models.CharField(max_length=200)
    target_term = models.CharField(max_length=200)
    note = models.TextField(blank=True)
    #: Translations of the term not to use, one per line.
    forbidden = models.TextField("forbidden variants", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["source_language", "target_language", "source_term"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_language", "target_language", "source_term"],
                name="glossary_unique_term",
            )
        ]

    def __str__(self) -> str:
        return f"{self.source_term} → {self.target_term}"

    @property
    def forbidden_list(self) -> list[str]:
        return [line.strip() for line in self.forbidden.splitlines() if line.strip()]


class CheckRule(models.Model):
    """An editor's word on a quality check: whether a failure blocks submission for review."""

    check_id = models.CharField(max_length=50, unique=True)
    blocking = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.check_id} ({'blocking' if self.blocking else 'warning'})"
