from django import forms
from django.contrib import admin
from django.db import models
from django.urls import reverse
from django.utils.html import format_html

from foreigndesk.core.forms import BlocksField

from .models import Author, ImportRequest, Original, OriginalAuthor, Outlet, OutletDomain


class OutletDomainInline(admin.TabularInline):
    model = OutletDomain
    extra = 1


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "confirmed"]
    list_filter = ["confirmed", "country", "languages"]
    search_fields = ["name", "domains__domain"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["languages"]
    inlines = [OutletDomainInline]


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "romanized", "outlet"]
    list_editable = ["romanized"]
    list_filter = ["outlet"]
    search_fields = ["name", "romanized"]
    autocomplete_fields = ["outlet"]


class OriginalForm(forms.ModelForm):
    blocks = BlocksField(label="Text of the original")

    class Meta:
        model = Original
        fields = ["blocks"]  # the admin's fieldsets add the rest


class BylineInline(admin.TabularInline):
    model = OriginalAuthor
    extra = 1
    autocomplete_fields = ["author"]
    verbose_name = "author"
    verbose_name_plural = "authors (in byline order)"


@admin.register(Original)
class OriginalAdmin(admin.ModelAdmin):
    form = OriginalForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["title", "outlet", "language", "published_on", "state"]
    list_filter = ["state", "language", "outlet__country", "outlet"]
    search_fields = ["title", "url"]
    date_hierarchy = "published_on"
    autocomplete_fields = ["outlet"]
    inlines = [BylineInline]
    readonly_fields = [
        "desk_page_link",
        # Accepting or declining a suggestion is a move on the desk, with a reason and a trail.
        "state",
        "checksum",
        "canonical_url",
        "suggested_by",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "desk_page_link",
                    "title",
                    "language",
                    "outlet",
                    "url",
                    "published_on",
                    "state",
                ]
            },
        ),
        ("Text", {"fields": ["blocks"]}),
        (
            "As retrieved",
            {
                "fields": [
                    "retrieved_copy",
                    "checksum",
                    "canonical_url",
                    "suggested_by",
                    "created_at",
                    "updated_at",
                ],
                "classes": ["collapse"],
            },
        ),
    ]

    @admin.display(description="at the desk")
    def desk_page_link(self, obj: Original) -> str:
        if not obj.pk:
            return "Saved originals have a page at the desk, where editors accept or decline them."
        # A URL looked up by name: the desk's pages sit above intake, never imported.
        return format_html(
            '<a href="{}" class="desk-page-link">Open it at the desk</a>',
            reverse("desk:original", args=[obj.pk]),
        )


@admin.register(ImportRequest)
class ImportRequestAdmin(admin.ModelAdmin):
    """Imports asked for on the desk, with their result: read-only, for following up failures."""

    list_display = ["__str__", "kind", "status", "requested_by", "created_at"]
    list_filter = ["status", "kind"]
    readonly_fields = [
        "requested_by", "kind", "url", "text", "status", "message", "original", "created_at",
        "finished_at",
    ]  # fmt: skip

    def has_add_permission(self, request: object) -> bool:
        return False
