from django.core.management.base import BaseCommand, CommandError

from foreigndesk.demo.actions import DEMO_LOGINS, DEMO_PASSWORD, load_demo
from foreigndesk.demo.content import ContentError


class Command(BaseCommand):
    help = (
        "Load the demo desk (outlets, staff, published translations, work in progress); "
        "safe to run again."
    )

    def handle(self, *args: object, **options: object) -> None:
        try:
            result = load_demo()
        except ContentError as error:
            raise CommandError(f"Demo content is broken: {error}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo desk ready: {result.created} articles created, "
                f"{result.existing} already present; {result.work_created} pieces of work in "
                "progress created."
            )
        )
        for username, role in DEMO_LOGINS:
            self.stdout.write(f"Demo {role} login: {username} / {DEMO_PASSWORD}")
