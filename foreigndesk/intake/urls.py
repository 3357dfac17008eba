from django.urls import path

from . import views

app_name = "desk"

urlpatterns = [
    path("", views.desk, name="home"),
    path("import/url/", views.import_url, name="import_url"),
    path("import/paste/", views.import_paste, name="import_paste"),
    path("imports/<int:pk>/", views.import_request, name="import_request"),
]
