"""Translations and what the desk attaches to them: credits, topics, corrections, alignment,
and the desk's records of work on them: revisions, comments and the audit trail."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from foreigndesk.accounts.models import Contributor
from foreigndesk.core.blocks import Block, validate_blocks
from foreigndesk.core.links import path_for
from foreigndesk.core.models import Country, Language
from foreigndesk.intake.models import Original, Outlet

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
            "kind",
            "published_at",
            "editor_note",
            "original__id",
            "original__outlet__id",
            "original__outlet__country__code",
            "original__outlet__country__name",
        )


class Translation(models.Model):
    """A translation of an original: the text readers read, with its credits and state."""

    class Kind(models.TextChoices):
        """What kind of post readers see: a full translation, or a link to the original alone."""

        TRANSLATION = "translation", "Translation"
        LINK = "link", "Link to the original"

    class AlignmentOrigin(models.TextChoices):
        ASSUMED = "assumed", "Assumed block by block"
        COMPUTED = "computed", "Computed by the aligner"
        IMPORTED = "imported", "Imported with the page"
        MANUAL = "manual", "Corrected by an editor"
        SEGMENTS = "segments", "Translated segment by segment"

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
    # Changed only by the desk's moves (post a link, translate it in full), never in a form.
    kind = models.CharField(
        max_length=12,
        choices=Kind.choices,
        default=Kind.TRANSLATION,
        editable=False,
        help_text="A link post puts the original on the front page without a translation.",
    )
    standfirst = models.TextField(blank=True, help_text="One or two sentences for listings.")
    blocks = models.JSONField(default=list, validators=[validate_blocks])
    editor_note = models.TextField(
        "editor's note", blank=True, help_text="Context from the desk, shown apart from the text."
    )
    topics = models.ManyToManyField(
        Topic, through="Tagging", blank=True, related_name="translations"
    )
    contributors = models.ManyToManyField(
        Contributor, through="Credit", blank=True, related_name="translations"
    )
    # Changed only by the desk's workflow (newsroom.transitions), never as a form field.
    state = models.PositiveSmallIntegerField(choices=State.choices, default=State.ACCEPTED)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    scheduled_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="An approved translation is published at this time by the schedule.",
    )
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="claimed_translations",
        help_text="The translator working on it.",
    )
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_activity_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="Last claim, save or comment: a claim without activity expires.",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="approved_translations",
    )
    withdrawal_reason = models.TextField(
        blank=True, editable=False, help_text="Why it was withdrawn, for readers."
    )
    withdrawn_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When it was withdrawn, for readers."
    )
    no_url_reason = models.CharField(
        "why the original has no address",
        max_length=200,
        blank=True,
        help_text="For an original with no web address (e.g. “printed edition”): "
        "lets the translation be published without one.",
    )
    # Computed by the database from the state. Filtering on it needs no bound parameter, so the
    # partial index below serves "public, newest first" on SQLite as on PostgreSQL.
    is_public = models.GeneratedField(
        expression=models.ExpressionWrapper(
            models.Q(state__in=PUBLIC_STATES), output_field=models.BooleanField()
        ),
        output_field=models.BooleanField(),
        db_persist=True,
    )
    # Copies of the original's outlet and of that outlet's country, so that an outlet's or a
    # country's newest published translations are a range of one index (below), as a topic's
    # are of the taggings'. Kept by ``newsroom.provenance`` on every save of a translation, an
    # original or an outlet; never edited. No delete rule of their own: the original's outlet
    # and the outlet's country are protected already, and a rule here would cost every delete
    # of an outlet a query over all translations.
    outlet = models.ForeignKey(
        Outlet,
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        editable=False,
        db_index=False,
        related_name="+",
        help_text="The original's outlet (a copy).",
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        editable=False,
        db_index=False,
        related_name="+",
        help_text="The country of the original's outlet (a copy).",
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
            # Reads that reach translations through their original (an author's articles, the
            # published counts of outlets and countries): "public, and when" without reading
            # the translation's row.
            models.Index(
                fields=["original", "-published_at"],
                condition=models.Q(is_public=True),
                name="translation_public_by_original",
            ),
            # One outlet's, or one country's, public translations, newest first: their
            # listings page and count off these, however large the archive or the outlet.
            models.Index(
                fields=["outlet", "-published_at", "-id"],
                condition=models.Q(is_public=True),
                name="translation_public_by_outlet",
            ),
            models.Index(
                fields=["country", "-published_at", "-id"],
                condition=models.Q(is_public=True),
                name="translation_public_by_country",
            ),
            # The schedule looks for approved translations whose time has come.
            models.Index(
                fields=["scheduled_at"],
                condition=models.Q(scheduled_at__isnull=False),
                name="translation_scheduled",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state__in=PUBLIC_STATES) | models.Q(published_at__isnull=False),
                name="published_translation_has_time",
            ),
            models.CheckConstraint(
                condition=models.Q(scheduled_at__isnull=True) | models.Q(state=State.APPROVED),
                name="only_approved_translation_is_scheduled",
            ),
        ]
        # The moves of the desk's workflow (newsroom.workflow) and what else the model
        # permissions do not say; the roles (accounts.roles) are groups of these.
        permissions = [
            ("triage_original", "Can accept or decline suggested originals"),
            ("claim_translation", "Can claim, translate and submit translations"),
            ("assign_translation", "Can assign translations to translators"),
            ("review_translation", "Can review translations (request changes, approve)"),
            ("publish_translation", "Can publish or schedule approved translations"),
            ("write_editor_note", "Can write editor's notes"),
            ("correct_translation", "Can correct published translations"),
            ("withdraw_translation", "Can withdraw and restore published translations"),
            ("comment_translation", "Can comment on translations"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """Where to look at it on the site: its article page once readers can see it (or see
        that it was withdrawn), the desk's preview before; never an address that answers 404.

        A row loaded without its state (listings, feeds and the sitemap read published rows
        and only what an address needs) is one readers see: asking would cost a query each.
        """
        if "state" in self.get_deferred_fields():
            return self.public_url
        if self.is_visible_to_readers() or (
            self.state == State.WITHDRAWN and self.published_at is not None
        ):
            return self.public_url
        return self.preview_url

    @property
    def is_link(self) -> bool:
        """A link post: title, summary and dateline in English, the text only at the original."""
        return self.kind == self.Kind.LINK

    @property
    def public_url(self) -> str:
        """The article page's address: by its publication time, or the one it is scheduled for."""
        when = timezone.localtime(self.published_at or self.scheduled_at or timezone.now())
        return path_for("reader:article", year=when.year, month=f"{when.month:02d}", slug=self.slug)

    @property
    def preview_url(self) -> str:
        """The desk's preview of the page, as readers will see it (staff with the view right)."""
        return reverse("reader:preview", args=[self.pk])

    def is_visible_to_readers(self, *, now: Any = None) -> bool:
        """Whether readers see it now: a public state and a publication time already past."""
        return (
            self.in_public_state
            and self.published_at is not None
            and self.published_at <= (now or timezone.now())
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


class Tagging(models.Model):
    """A translation filed under a topic, with a copy of the translation's publication time and
    public state, so that a topic's newest published translations are a range of one index.

    The copy follows the translation (``newsroom.tagging``): a tagging added from either side,
    and every save of the translation, bring it up to date. It holds no time-dependent flag: a
    scheduled or future publication is ``is_public`` with a later ``published_at``, and readers'
    queries compare that time with now, as ``Translation.objects.published()`` does.
    """

    translation = models.ForeignKey(Translation, on_delete=models.CASCADE, related_name="taggings")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="taggings")
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    is_public = models.BooleanField(default=False, editable=False)

    class Meta:
        # The table the many-to-many field made before taggings had a model of their own.
        db_table = "newsroom_translation_topics"
        unique_together = [("translation", "topic")]
        indexes = [
            # One topic's public translations, newest first: the topic box and listing.
            models.Index(
                fields=["topic", "-published_at", "-translation"],
                condition=models.Q(is_public=True),
                name="tagging_public_by_topic",
            ),
            # Every topic's public translations, newest first: the most active topics.
            models.Index(
                fields=["-published_at", "-translation"],
                condition=models.Q(is_public=True),
                name="tagging_public_recent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.translation_id} in {self.topic_id}"


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
    block_index = models.PositiveIntegerField(
        "paragraph",
        null=True,
        blank=True,
        help_text="The paragraph of the translation it corrects (from 0); none for the whole.",
    )
    published_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["published_at", "id"]

    def __str__(self) -> str:
        return f"Correction of {self.published_at:%Y-%m-%d} to {self.translation}"

    def clean(self) -> None:
        problem = block_index_problem(self.translation, self.block_index)
        if problem:
            raise ValidationError({"block_index": problem})


def block_index_problem(translation: Translation, block_index: int | None) -> str:
    """Why ``block_index`` names no paragraph of the translation, in words; empty when it does
    (or when it is None: a correction of the whole)."""
    if block_index is None:
        return ""
    count = len(translation.block_list)
    if isinstance(block_index, bool) or not isinstance(block_index, int):
        return f"A paragraph is named by its number, not {block_index!r}."
    if not 0 <= block_index < count:
        if count == 0:
            return f"“{translation.title}” has no paragraphs to correct."
        return (
            f"“{translation.title}” has no paragraph {block_index + 1}: it has {count}, "
            f"numbered from 1."
        )
    return ""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    """Audit events are appended, never rewritten: bulk updates and deletions are refused."""

    def update(self, **kwargs: Any) -> int:
        raise TypeError("Audit events cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("Audit events cannot be deleted.")


class AuditEvent(models.Model):
    """One thing done at the desk (a move of the workflow, an edit, a comment): who, when, from
    which state to which, and why. Append-only: the trail is evidence."""

    translation = models.ForeignKey(
        Translation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    original = models.ForeignKey(
        Original, on_delete=models.SET_NULL, null=True, blank=True, related_name="audit_events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    #: The actor's name when it happened, so that the trail stays readable after the account
    #: goes; empty when the desk's schedule did it.
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=40)
    from_state = models.PositiveSmallIntegerField(null=True, blank=True)
    to_state = models.PositiveSmallIntegerField(null=True, blank=True)
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["translation", "created_at"], name="audit_by_translation")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.who}: {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("Audit events cannot be deleted.")

    @property
    def who(self) -> str:
        """The name to show for the actor."""
        if self.actor_name:
            return self.actor_name
        return "the schedule" if self.actor_id is None else str(self.actor)


class Revision(models.Model):
    """The text of a translation as one save left it: for history, comparison and restoring."""

    translation = models.ForeignKey(Translation, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(help_text="The translation's revision after this save.")
    title = models.CharField(max_length=500)
    standfirst = models.TextField(blank=True)
    editor_note = models.TextField("editor's note", blank=True)
    blocks = models.JSONField(default=list)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    author_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["translation", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["translation", "number"], name="revision_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.translation} (revision {self.number})"


class Comment(models.Model):
    """A remark on a translation, or on one of its paragraphs, between translator and editors."""

    translation = models.ForeignKey(Translation, on_delete=models.CASCADE, related_name="comments")
    block_index = models.PositiveIntegerField(
        null=True, blank=True, help_text="The paragraph it is about (from 0); none for the whole."
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    author_name = models.CharField(max_length=150, blank=True)
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Comment by {self.author_name or 'someone'} on {self.translation}"

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None


class FormerAddress(models.Model):
    """An address a translation had on the site the desk used before (a WordPress permalink,
    say): readers and search engines that follow it are sent to the translation's page."""

    path = models.CharField(max_length=500, unique=True, help_text="The path, from its first /.")
    translation = models.ForeignKey(
        Translation, on_delete=models.CASCADE, related_name="former_addresses"
    )
    source = models.CharField(max_length=100, blank=True, help_text="Where it came from.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "former addresses"

    def __str__(self) -> str:
        return f"{self.path} → {self.translation}"


class ArchiveWordTable(models.Model):
    """The aligner's word table for one language pair, learned from the stored alignments of
    the desk's published translations (``newsroom.archive``); short pairs lean on it."""

    source_language = models.ForeignKey(Language, on_delete=models.CASCADE, related_name="+")
    target_language = models.ForeignKey(Language, on_delete=models.CASCADE, related_name="+")
    data = models.BinaryField(help_text="The stem co-occurrence counts, compressed.")
    size = models.PositiveIntegerField(default=0, help_text="Stem pairs counted.")
    pairs = models.PositiveIntegerField(default=0, help_text="Translations it was learned from.")
    beads = models.PositiveIntegerField(default=0, help_text="Paired beads it was learned from.")
    refreshed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source_language", "target_language"], name="one_archive_table_per_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source_language_id}-{self.target_language_id}: {self.pairs} translations"
