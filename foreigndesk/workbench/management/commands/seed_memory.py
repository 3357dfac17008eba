"""``foreigndesk seed_memory``: fill the translation memory from the published archive."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from foreigndesk.workbench.memory import seed_from_archive


class Command(BaseCommand):
    help = (
        "Seed the translation memory from the published translations and their stored "
        "alignment; running it again adds only what is missing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        seeded = seed_from_archive()
        if int(options["verbosity"]):
            self.stdout.write(
                self.style.SUCCESS(
                    f"Read {seeded.translations} published translations; "
                    f"added {seeded.added} memory entries."
                )
            )
