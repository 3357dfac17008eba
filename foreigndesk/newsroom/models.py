"""Translations and what the desk attaches to them: credits, topics, corrections, alignment."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from foreigndesk.accounts.models import Contributor
from foreigndesk.core.blocks import Block, validate_blocks
from foreigndesk.core.models import Language
from foreigndesk.intake.models import Original

from .beads import StoredBead, check_beads
from .states import PUBLIC_STATES, State

#: Slugs that would collide with a month's feeds at /<year>/<month>/rss/.
RESERVED_SLUGS = frozenset({"rss", "atom"})


class Topic(models.Model):
    """A subject readers browse by: energy, migration, elections."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TranslationQuerySet(models.QuerySet["Translation"]):
    """Chainable filters for translations."""

    def published(self, *, now: Any = None) -> TranslationQuerySet:
        """Visible to readers: in a public state and with a publication time already past."""
        return self.filter(is_public=True, published_at__lte=now or timezone.now())

    def for_listing(self) -> TranslationQuerySet:
        """With what a "COUNTRY: TITLE*" item needs, in the same query."""
        return self.select_related("original__outlet__country").only(
            "id",
            "title",
            "slug",
            "published_at",
            "editor_note",
            "original__id",
            "original__outlet__id",
            "original__outlet__country__code",
            "original__outlet__country__name",
        )


class Translation(models.Model):
    """A translation of an original: the text readers read, with its credits and state."""

    class AlignmentOrigin(models.TextChoices):
        ASSUMED = "assumed", "Assumed block by block"
        COMPUTED = "computed", "Computed by the aligner"
        IMPORTED = "imported", "Imported with the page"
        MANUAL = "manual", "Corrected by an editor"

    original = models.ForeignKey(
        Original,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="translations",
    )
    language = models.ForeignKey(
        Language, on_delete=models.PROTECT, related_name="translations", default="en"
    )
    title = models.CharField(max_length=500)
    slug = models.SlugField(max_length=200, unique=True)
    standfirst = models.TextField(blank=True, help_text="One or two sentences for listings.")
    blocks = models.JSONField(default=list, validators=[validate_blocks])
    editor_note = models.TextField(
        "editor's note", blank=True, help_text="Context from the desk, shown apart from the text."
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="translations")
    contributors = models.ManyToManyField(
        Contributor, through="Credit", blank=True, related_name="translations"
    )
    state = models.PositiveSmallIntegerField(choices=State.choices, default=State.SUGGESTED)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # Computed by the database from the state. Filtering on it needs no bound parameter, so the
    # partial index below serves "public, newest first" on SQLite as on PostgreSQL.
    is_public = models.GeneratedField(
        expression=models.ExpressionWrapper(
            models.Q(state__in=PUBLIC_STATES), output_field=models.BooleanField()
        ),
        output_field=models.BooleanField(),
        db_persist=True,
    )
    revision = models.PositiveIntegerField(
        default=1, help_text="Raised on every save; a stale edit is refused."
    )
    alignment = models.JSONField(
        default=list, blank=True, help_text="Beads between original and translation blocks."
    )
    alignment_origin = models.CharField(
        max_length=10, choices=AlignmentOrigin.choices, default=AlignmentOrigin.ASSUMED
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TranslationQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            # Only public translations, newest first: listings count and page straight off it.
            models.Index(
                fields=["-published_at", "-id"],
                condition=models.Q(is_public=True),
                name="translation_public_recent",
            ),
            # Listings by country, outlet or author reach translations through their original:
            # this answers "public, and when" without reading the translation's row.
            models.Index(
                fields=["original", "-published_at"],
                condition=models.Q(is_public=True),
                name="translation_public_by_original",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state__in=PUBLIC_STATES) | models.Q(published_at__isnull=False),
                name="published_translation_has_time",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        when = timezone.localtime(self.published_at or timezone.now())
        return reverse(
            "reader:article",
            kwargs={"year": when.year, "month": f"{when.month:02d}", "slug": self.slug},
        )

    def clean(self) -> None:
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {"slug": f"“{self.slug}” is the address of a feed; choose another."}
            )
        if self.state in PUBLIC_STATES and not self.published_at:
            raise ValidationError({"published_at": "A published translation needs a time."})
        n_original = len(self.original.blocks) if self.original else 0
        try:
            check_beads(self.alignment, n_original, len(self.blocks or []))
        except ValidationError as error:
            raise ValidationError({"alignment": error.messages}) from error

    @property
    def in_public_state(self) -> bool:
        """Whether the state shows the translation to readers; unlike ``is_public``, which the
        database computes on save, it is right before saving too."""
        return self.state in PUBLIC_STATES

    @property
    def block_list(self) -> list[Block]:
        return list(self.blocks or [])

    @property
    def bead_list(self) -> list[StoredBead]:
        return list(self.alignment or [])


class Credit(models.Model):
    """A contributor's part in a translation: who translated it, who edited it."""

    class Role(models.TextChoices):
        TRANSLATOR = "translator", "Translator"
        EDITOR = "editor", "Editor"

    translation = models.ForeignKey(Translation, on_delete=models.CASCADE, related_name="credits")
    contributor = models.ForeignKey(Contributor, on_delete=models.PROTECT, related_name="credits")
    role = models.CharField(max_length=10, choices=Role.choices)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["role", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["translation", "contributor", "role"], name="credit_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.contributor} ({self.get_role_display()})"


class Correction(models.Model):
    """A dated, public correction to a published translation."""

    translation = models.ForeignKey(
        Translation, on_delete=models.CASCADE, related_name="corrections"
    )
    text = models.TextField(help_text="What was wrong and what is right, for readers.")
    published_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["published_at", "id"]

    def __str__(self) -> str:
        return f"Correction of {self.published_at:%Y-%m-%d} to {self.translation}"
