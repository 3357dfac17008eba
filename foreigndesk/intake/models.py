"""Originals (the foreign articles a desk translates), their outlets and authors."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from foreigndesk.core.blocks import Block, validate_blocks
from foreigndesk.core.models import Country, Language


class Outlet(models.Model):
    """A newspaper, magazine or site whose articles the desk translates."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outlets",
        help_text="Left empty for an outlet found by an import until an editor confirms it.",
    )
    languages = models.ManyToManyField(Language, blank=True, related_name="outlets")
    profile = models.TextField(blank=True, help_text="A few lines for readers about the outlet.")
    confirmed = models.BooleanField(
        default=True, help_text="Unconfirmed outlets were created by an import and need a look."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OutletDomain(models.Model):
    """A web domain an outlet publishes on, used to recognise its articles by URL."""

    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(
        max_length=253, unique=True, help_text="Without www: example.com, news.example.org."
    )

    class Meta:
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain

    def save(self, *args: object, **kwargs: object) -> None:
        self.domain = self.domain.strip().lower().removeprefix("www.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Author(models.Model):
    """A writer of originals, spelled as the outlet spells the name."""

    name = models.CharField(max_length=200)
    romanized = models.CharField(
        "romanised name",
        max_length=200,
        blank=True,
        help_text="For a name in another script: how English readers read it (suggested when the "
        "author is first seen, for an editor to correct). Shown beside the name.",
    )
    outlet = models.ForeignKey(
        Outlet, on_delete=models.SET_NULL, null=True, blank=True, related_name="authors"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "outlet"], name="author_unique_per_outlet")
        ]

    def __str__(self) -> str:
        return self.name


class Original(models.Model):
    """A source article in its own language: metadata and its ordered blocks."""

    class State(models.IntegerChoices):
        """Where an original stands at the desk: imports arrive suggested."""

        SUGGESTED = 10, "Suggested"
        ACCEPTED = 20, "Accepted"
        DECLINED = 90, "Declined"

    title = models.CharField(max_length=500)
    language = models.ForeignKey(Language, on_delete=models.PROTECT, related_name="originals")
    outlet = models.ForeignKey(
        Outlet, on_delete=models.PROTECT, null=True, blank=True, related_name="originals"
    )
    authors = models.ManyToManyField(
        Author, through="OriginalAuthor", blank=True, related_name="originals"
    )
    url = models.URLField("original URL", max_length=1000, blank=True)
    published_on = models.DateField("published by the outlet on", null=True, blank=True)
    blocks = models.JSONField(default=list, validators=[validate_blocks])
    retrieved_copy = models.TextField(
        blank=True, help_text="The sanitized HTML as retrieved, kept as evidence."
    )
    checksum = models.CharField(max_length=64, blank=True, help_text="SHA-256 of the text.")
    state = models.PositiveSmallIntegerField(
        choices=State.choices,
        default=State.ACCEPTED,
        db_index=True,
        help_text="Imports arrive suggested; an editor accepts or declines them.",
    )
    canonical_url = models.CharField(
        max_length=1000,
        blank=True,
        help_text="The URL normalised for duplicate detection (no tracking, no fragment).",
    )
    text_signature = models.TextField(
        blank=True, editable=False, help_text="MinHash of the text, for near-duplicate detection."
    )
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggested_originals",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_on", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["canonical_url"],
                condition=~models.Q(canonical_url=""),
                name="original_unique_canonical_url",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def block_list(self) -> list[Block]:
        return list(self.blocks or [])


class OriginalAuthor(models.Model):
    """An author's byline position on an original."""

    original = models.ForeignKey(Original, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="bylines")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["original", "author"], name="byline_unique")]

    def __str__(self) -> str:
        return f"{self.author} on {self.original}"


class TextBand(models.Model):
    """One locality-sensitive hash band of an original's MinHash: near-duplicates share a band."""

    original = models.ForeignKey(Original, on_delete=models.CASCADE, related_name="text_bands")
    key = models.CharField(max_length=40, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["original", "key"], name="text_band_unique")]

    def __str__(self) -> str:
        return self.key


class ImportRequest(models.Model):
    """Someone's request to import an article (by its address, pasted, uploaded) or a published
    bilingual page, run by a background task."""

    class Kind(models.TextChoices):
        """What was given to import."""

        URL = "url", "Address"
        PASTE = "paste", "Pasted text"
        FILE = "file", "Uploaded file"
        PAGE = "page", "Bilingual page"

    class Status(models.TextChoices):
        """How the import ended, as the requester sees it."""

        WAITING = "waiting", "Waiting"
        DONE = "done", "Imported"
        DUPLICATE = "duplicate", "Already in the desk"
        FAILED = "failed", "Failed"

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_requests"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    url = models.CharField(max_length=2000, blank=True)
    text = models.TextField(blank=True, help_text="The pasted text, for a paste import.")
    filename = models.CharField(max_length=255, blank=True, help_text="An uploaded file's name.")
    #: An uploaded file's bytes, kept until the import has run.
    data = models.BinaryField(blank=True, default=b"", editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    message = models.TextField(blank=True, help_text="The result or the error, for the requester.")
    original = models.ForeignKey(
        Original, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.url or self.filename or "pasted text"

    @property
    def is_finished(self) -> bool:
        return self.status != self.Status.WAITING


class OriginalWatch(models.Model):
    """What the desk last learnt by fetching an original again: whether its text changed since it
    was imported (or since an editor last checked the change), is gone, or now redirects away.

    The original's stored text is never replaced: the published translation is paired with it.
    The changed text is kept here for the editor to compare."""

    class Outcome(models.TextChoices):
        UNCHANGED = "unchanged", "Unchanged"
        CHANGED = "changed", "Changed"
        GONE = "gone", "Gone"
        MOVED = "moved", "Moved elsewhere"
        FAILED = "failed", "Could not be fetched"

    original = models.OneToOneField(Original, on_delete=models.CASCADE, related_name="watch")
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.UNCHANGED)
    message = models.TextField(blank=True, help_text="What the last check found, in words.")
    #: The text the page has now, when it differs from the one the desk knows.
    current_blocks = models.JSONField(default=list, blank=True)
    #: A hash of the text an editor has seen and checked: a page still showing it is unchanged.
    checked_digest = models.CharField(max_length=64, blank=True)
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    changed_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        indexes = [models.Index(fields=["outcome", "checked_at"])]

    def __str__(self) -> str:
        return f"{self.original}: {self.get_outcome_display().lower()}"

    @property
    def needs_review(self) -> bool:
        return self.outcome in (self.Outcome.CHANGED, self.Outcome.GONE, self.Outcome.MOVED)
