from django.urls import path

from .views import alignment, imports

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
]
