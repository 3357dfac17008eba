"""Top-level URLs: the reader site at the root, the admin under /admin/."""

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "foreigndesk"
admin.site.site_title = "foreigndesk desk"
admin.site.index_title = "The desk"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("foreigndesk.reader.urls")),
]

handler404 = "foreigndesk.reader.views.not_found"
