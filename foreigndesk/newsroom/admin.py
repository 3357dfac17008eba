from typing import Any

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from foreigndesk.core.forms import AlignmentField, BlocksField

from .actions import align_translation, translation_changed
from .beads import bead_kind
from .models import ArchiveWordTable, AuditEvent, Correction, Credit, Tagging, Topic, Translation
from .selectors import suggested_topics
from .states import State


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class TranslationForm(forms.ModelForm):
    blocks = BlocksField(label="Text of the translation")
    alignment = AlignmentField(label="Paragraph pairs")
    #: The revision the editor opened; a save made from an older one is refused.
    seen_revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    class Meta:
        model = Translation
        fields = ["blocks", "alignment"]  # the admin's fieldsets add the rest

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["seen_revision"].initial = self.instance.revision if self.instance.pk else 1

    def clean_seen_revision(self) -> int:
        seen = self.cleaned_data["seen_revision"]
        if self.instance.pk:
            # The admin saves in one transaction: the lock holds until this save commits.
            current = (
                Translation.objects.select_for_update()
                .filter(pk=self.instance.pk)
                .values_list("revision", flat=True)
                .first()
            )
            if current is not None and current != seen:
                raise forms.ValidationError(
                    f"This translation was changed by someone else since you opened it "
                    f"(revision {seen}, now {current}); nothing was saved. Open it again to see "
                    "the current version, then make your changes there."
                )
        return seen

    def clean(self) -> dict:
        data = super().clean()
        text_changed = {"blocks", "original"} & set(self.changed_data)
        if text_changed and "alignment" not in self.changed_data and "blocks" in data:
            # New text, same pairs: realign (unless an editor corrected the pairs by hand).
            self.instance.blocks = data["blocks"]
            self.instance.original = data.get("original")
            if align_translation(translation=self.instance):
                data["alignment"] = self.instance.alignment
            return data
        # An alignment typed by an editor is kept over any later recomputation.
        if "alignment" in self.changed_data:
            data["alignment_origin"] = (
                Translation.AlignmentOrigin.MANUAL
                if data.get("alignment")
                else Translation.AlignmentOrigin.ASSUMED
            )
            self.instance.alignment_origin = data["alignment_origin"]
        return data


class CreditInline(admin.TabularInline):
    model = Credit
    extra = 1
    autocomplete_fields = ["contributor"]
    verbose_name = "credit"
    verbose_name_plural = "credits (translators and editors)"


class TaggingInline(admin.TabularInline):
    """The translation's topics; each tagging takes its copy of the publication time and state
    when saved (``newsroom.tagging``)."""

    model = Tagging
    fields = ["topic"]
    extra = 1
    verbose_name = "topic"
    verbose_name_plural = "topics"

    # A tagging is part of its translation, as the topics field's own table was: whoever may
    # change (or view) the translation may change (or view) its topics, as Django grants for
    # a relation's automatic table, without a permission of the tagging's own in every role.
    def _may_change(self, request: Any) -> bool:
        return bool(request.user.has_perm("newsroom.change_translation"))

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return self._may_change(request)

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return self._may_change(request)

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return self._may_change(request)

    def has_view_permission(self, request: Any, obj: Any = None) -> bool:
        return self._may_change(request) or bool(request.user.has_perm("newsroom.view_translation"))


class CorrectionInline(admin.StackedInline):
    """Corrections as readers see them. They are added through the desk's correct action
    (which dates them, changes the state and announces them), never typed in here."""

    model = Correction
    extra = 0
    fields = ["published_at", "text", "block_index", "created_by"]
    readonly_fields = fields

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


#: Written only by the desk's workflow (newsroom.transitions): shown, never saved by the admin.
WORKFLOW_FIELDS = [
    "state",
    "scheduled_at",
    "claimed_by",
    "claimed_at",
    "last_activity_at",
    "approved_by",
    "withdrawal_reason",
    "withdrawn_at",
]


@admin.register(Translation)
class TranslationAdmin(admin.ModelAdmin):
    form = TranslationForm
    list_display = ["title", "country", "state", "published_at"]
    list_filter = ["state", "topics", "original__language", "original__outlet__country"]
    search_fields = ["title", "slug", "original__title"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["original"]
    inlines = [TaggingInline, CreditInline, CorrectionInline]
    readonly_fields = [
        *WORKFLOW_FIELDS,
        "revision",
        "alignment_origin",
        "alignment_preview",
        "alignment_editor_link",
        "view_on_site_link",
        "topic_suggestions",
        "desk_page_link",
    ]
    list_select_related = ["original__outlet__country"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "desk_page_link",
                    "title",
                    "slug",
                    "original",
                    "language",
                    "standfirst",
                    "seen_revision",
                ]
            },
        ),
        # The editor link sits by the text: the alignment section below is folded by default.
        ("Text", {"fields": ["editor_note", "blocks", "alignment_editor_link"]}),
        (
            "Alignment with the original",
            {
                "fields": ["alignment", "alignment_origin", "alignment_preview"],
                "classes": ["collapse"],
            },
        ),
        (
            "Publication",
            {
                "fields": [
                    "state",
                    "published_at",
                    "scheduled_at",
                    "no_url_reason",
                    "revision",
                    "view_on_site_link",
                ]
            },
        ),
        (
            "Desk",
            {
                "fields": [
                    "claimed_by",
                    "claimed_at",
                    "last_activity_at",
                    "approved_by",
                    "withdrawal_reason",
                    "withdrawn_at",
                ],
                "classes": ["collapse"],
            },
        ),
    ]

    def get_readonly_fields(self, request: Any, obj: Translation | None = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.in_public_state:
            fields.append("published_at")  # set by publishing; a correction is dated instead
        return fields

    @admin.display(description="country", ordering="original__outlet__country__name")
    def country(self, obj: Translation) -> str:
        outlet = obj.original.outlet if obj.original else None
        return outlet.country.name if outlet and outlet.country else "—"

    @admin.display(description="suggested topics")
    def topic_suggestions(self, obj: Translation) -> str:
        if not obj.pk:
            return "Save the translation to get suggestions from similar articles."
        topics = suggested_topics(obj)
        if not topics:
            return "No suggestion: no similar labelled article yet."
        return ", ".join(topic.name for topic in topics) + " (from the nearest labelled articles)"

    def view_on_site(self, obj: Translation) -> str:
        """The article page once readers see it; the desk's preview before (never a 404)."""
        return obj.get_absolute_url()

    @admin.display(description="on the site")
    def view_on_site_link(self, obj: Translation) -> str:
        if not obj.pk:
            return "Not saved yet"
        if obj.is_visible_to_readers() or obj.state == State.WITHDRAWN:
            return format_html('<a href="{}">{}</a>', obj.public_url, obj.public_url)
        return format_html(
            'Not published: <a href="{}">preview it as readers will see it</a>', obj.preview_url
        )

    @admin.display(description="at the desk")
    def desk_page_link(self, obj: Translation) -> str:
        if not obj.pk:
            return "Saved translations have a page at the desk: state, moves, trail, comments."
        # A URL looked up by name: the desk's pages sit above the newsroom, never imported.
        return format_html(
            '<a href="{}" class="desk-page-link">Open it at the desk (state, moves, trail, '
            "comments)</a>",
            reverse("desk:translation", args=[obj.pk]),
        )

    @admin.display(description="alignment editor")
    def alignment_editor_link(self, obj: Translation) -> str:
        if not obj.pk:
            return "Save the translation to correct its pairs row by row."
        return format_html(
            '<a href="{}" class="alignment-editor-link">Correct the pairs row by row</a>',
            reverse("desk:alignment", args=[obj.pk]),
        )

    @admin.display(description="pairs as readers see them")
    def alignment_preview(self, obj: Translation) -> str:
        original = obj.original.block_list if obj.original else []
        translation = obj.block_list
        if not obj.alignment:
            return "Paragraphs are paired one by one."

        def excerpt(blocks: list, ids: list[int]) -> str:
            text = " ".join(blocks[i]["text"] for i in ids if i < len(blocks))
            return (text[:90] + "…") if len(text) > 90 else (text or "—")

        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    bead_kind(bead),
                    excerpt(original, bead["original"]),
                    excerpt(translation, bead["translation"]),
                )
                for bead in obj.alignment
            ),
        )
        return format_html(
            "<table><thead><tr><th>pair</th><th>original</th><th>translation</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            rows,
        )

    def save_model(self, request, obj: Translation, form, change: bool) -> None:
        if not change:
            super().save_model(request, obj, form, change)
            return
        obj.revision += 1
        # Never write back the workflow's fields as they were read before the lock: a move
        # made meanwhile would be undone.
        kept = set(WORKFLOW_FIELDS) | set(self.get_readonly_fields(request, obj))
        obj.save(
            update_fields=[
                field.name
                for field in obj._meta.concrete_fields
                if not field.primary_key
                and not field.generated
                and field.name not in kept | {"created_at"}
            ]
            + ["revision", "alignment_origin"]
        )

    def save_related(self, request, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        translation_changed(translation=form.instance)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The desk's trail, to read: nobody adds, changes or deletes an event."""

    list_display = ["created_at", "who", "action", "translation", "original", "comment"]
    list_filter = ["action"]
    search_fields = ["actor_name", "comment", "translation__title", "original__title"]
    date_hierarchy = "created_at"
    list_select_related = ["translation", "original", "actor"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(ArchiveWordTable)
class ArchiveWordTableAdmin(admin.ModelAdmin):
    """The aligner's word tables, to read: only `refresh_archive_tables` writes them."""

    list_display = ["source_language", "target_language", "size", "pairs", "beads", "refreshed_at"]
    fields = list_display

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False
