from django.urls import path

from .views import (
    alignment,
    dashboard,
    glossary,
    imports,
    memory,
    queue,
    revisions,
    suggestions,
    translate,
    translations,
    two_factor,
    watch,
    workbench,
)

app_name = "desk"

urlpatterns = [
    path("", dashboard.dashboard, name="home"),
    path("queue/", queue.queue, name="queue"),
    # The person's own two-factor login.
    path("two-factor/", two_factor.two_factor, name="two_factor"),
    path("two-factor/remove/", two_factor.two_factor_remove, name="two_factor_remove"),
    # Bringing articles in.
    path("import/", imports.imports, name="imports"),
    path("import/url/", imports.import_url, name="import_url"),
    path("import/paste/", imports.import_paste, name="import_paste"),
    path("import/upload/", imports.import_upload, name="import_upload"),
    path("import/page/", imports.import_page, name="import_page"),
    path("imports/<int:pk>/", imports.import_request, name="import_request"),
    # The translation memory.
    path("memory/", memory.memory, name="memory"),
    path("memory/import/", memory.memory_import, name="memory_import"),
    path("memory/<str:source>/<str:target>.tmx", memory.memory_export, name="memory_export"),
    # Suggested originals: triage.
    path("suggestions/", suggestions.suggestions, name="suggestions"),
    path("originals/<int:pk>/", suggestions.original, name="original"),
    path(
        "originals/<int:pk>/accept/",
        suggestions.original_triage,
        {"move": "accept"},
        name="original_accept",
    ),
    path(
        "originals/<int:pk>/decline/",
        suggestions.original_triage,
        {"move": "decline"},
        name="original_decline",
    ),
    # Originals changed by their outlets after publication.
    path("originals/changed/", watch.original_changes, name="original_changes"),
    path("originals/<int:pk>/watch/", watch.original_watch, name="original_watch"),
    path(
        "originals/<int:pk>/watch/check/", watch.original_watch_check, name="original_watch_check"
    ),
    path(
        "originals/<int:pk>/watch/checked/",
        watch.original_watch_checked,
        name="original_watch_checked",
    ),
    path(
        "originals/<int:pk>/post-link/",
        suggestions.original_post_link,
        name="original_post_link",
    ),
    # A translation: its page, its moves, its comments.
    path("translations/<int:pk>/", translations.translation, name="translation"),
    path(
        "translations/<int:pk>/moves/<str:name>/",
        translations.translation_move,
        name="translation_move",
    ),
    path("translations/<int:pk>/comments/", translations.comment_add, name="comment_add"),
    path(
        "translations/<int:pk>/comments/<int:comment_pk>/resolve/",
        translations.comment_resolve,
        name="comment_resolve",
    ),
    path("translations/<int:pk>/alignment/", alignment.alignment_editor, name="alignment"),
    path("translations/<int:pk>/alignment/edit/", alignment.alignment_edit, name="alignment_edit"),
    path(
        "translations/<int:pk>/alignment/recompute/",
        alignment.alignment_recompute,
        name="alignment_recompute",
    ),
    # Translating and revisions.
    path("translations/<int:pk>/translate/", translate.translate, name="translate"),
    path(
        "translations/<int:pk>/translate/comments/",
        translate.comment,
        name="translate_comment",
    ),
    path(
        "translations/<int:pk>/translate/comments/<int:comment_pk>/resolve/",
        translate.resolve,
        name="translate_resolve",
    ),
    path("translations/<int:pk>/translate/topics/", translate.topics, name="translate_topics"),
    path("translations/<int:pk>/translate/credits/", translate.credits, name="translate_credits"),
    path("translations/<int:pk>/workbench/", workbench.workbench, name="workbench"),
    path(
        "translations/<int:pk>/workbench/segments/<int:position>/",
        workbench.segment_save,
        name="segment_save",
    ),
    path(
        "translations/<int:pk>/workbench/segments/<int:position>/help/",
        workbench.segment_help,
        name="segment_help",
    ),
    path("translations/<int:pk>/workbench/prefill/", workbench.prefill, name="prefill"),
    # The glossary and the quality checks.
    path("glossary/", glossary.glossary_list, name="glossary"),
    path("glossary/add/", glossary.glossary_add, name="glossary_add"),
    path("glossary/import/", glossary.glossary_import, name="glossary_import"),
    path("glossary/export.<str:kind>", glossary.glossary_export, name="glossary_export"),
    path("glossary/<int:term_pk>/", glossary.glossary_edit, name="glossary_edit"),
    path("glossary/<int:term_pk>/delete/", glossary.glossary_delete, name="glossary_delete"),
    path("checks/", glossary.checks, name="checks"),
    path("checks/<str:check_id>/", glossary.check_rule, name="check_rule"),
    path("translations/<int:pk>/revisions/", revisions.revisions, name="revisions"),
    path(
        "translations/<int:pk>/revisions/<int:a>/<int:b>/",
        revisions.compare,
        name="revision_compare",
    ),
    path(
        "translations/<int:pk>/revisions/<int:number>/restore/",
        revisions.restore,
        name="revision_restore",
    ),
]
