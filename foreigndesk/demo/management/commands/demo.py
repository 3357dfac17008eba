from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from foreigndesk.demo.actions import DEMO_LOGINS, DEMO_PASSWORD, load_demo
from foreigndesk.demo.content import ContentError


class Command(BaseCommand):
    help = (
        "Load the demo desk (outlets, staff, published translations, work in progress); "
        "safe to run again."
    )

    def handle(self, *args: object, **options: Any) -> None:
        # A progress bar on a terminal only: in a log it would be a line of control characters.
        quiet = not (int(options.get("verbosity", 1)) and self.stdout.isatty())
        bar = tqdm(unit="article", disable=quiet, file=self.stdout)

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        try:
            with bar:
                result = load_demo(progress=progress)
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
