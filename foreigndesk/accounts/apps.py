from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Desk staff and their public contributor profiles."""

    name = "foreigndesk.accounts"
    verbose_name = "People of the desk"
