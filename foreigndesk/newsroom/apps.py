from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    """Translations, their credits, topics, corrections and the desk's workflow."""

    name = "foreigndesk.newsroom"
    verbose_name = "Translations"
