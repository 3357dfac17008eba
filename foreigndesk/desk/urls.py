from django.urls import path

from .views import alignment, imports, revisions, translate

app_name = "desk"

urlpatterns = [
    path("", imports.desk, name="home"),
    path("import/url/", imports.import_url, name="import_url"),
    path("import/paste/", imports.import_paste, name="import_paste"),
    path("imports/<int:pk>/", imports.import_request, name="import_request"),
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
