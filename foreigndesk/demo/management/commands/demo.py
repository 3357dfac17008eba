from django.core.management.base import BaseCommand, CommandError

from foreigndesk.demo.actions import DEMO_EDITOR, DEMO_PASSWORD, load_demo
from foreigndesk.demo.content import ContentError


class Command(BaseCommand):
    help = "Load the demo desk (outlets, staff, published translations); safe to run again."

    def handle(self, *args: object, **options: object) -> None:
        try:
            result = load_demo()
        except ContentError as error:
            raise CommandError(f"Demo content is broken: {error}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo desk ready: {result.created} articles created, "
                f"{result.existing} already present."
            )
        )
        self.stdout.write(f"Demo editor login: {DEMO_EDITOR} / {DEMO_PASSWORD}")
