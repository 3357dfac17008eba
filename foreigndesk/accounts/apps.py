from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Desk staff and their public contributor profiles."""

    name = "foreigndesk.accounts"
    verbose_name = "People of the desk"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .two_factor import remember_enrolment

        user_logged_in.connect(remember_enrolment, dispatch_uid="foreigndesk-two-factor")
