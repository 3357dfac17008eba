from django.urls import path

from . import views

app_name = "newsroom"

urlpatterns = [
    path("<int:pk>/alignment/", views.alignment_editor, name="alignment"),
    path("<int:pk>/alignment/edit/", views.alignment_edit, name="alignment_edit"),
    path("<int:pk>/alignment/recompute/", views.alignment_recompute, name="alignment_recompute"),
]
