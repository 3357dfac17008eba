"""``foreigndesk reindex``: rebuild the search index from the newsroom."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from foreigndesk.search.actions import rebuild_index, update_stale_originals
from foreigndesk.search.backends import get_backend


class Command(BaseCommand):
    help = "Rebuild the search index of translations and originals (after an upgrade or a restore)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--stale",
            action="store_true",
            help="only index originals added or edited since they were last indexed",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["stale"]:
            count = update_stale_originals(limit=None)
            self.stdout.write(f"Indexed {count} originals that had changed since last indexed.")
            return
        backend = get_backend()
        verbosity = int(options["verbosity"])
        started = time.perf_counter()
        last = [0.0]
        # On a terminal a progress bar; in a log, a line every five seconds.
        bar = tqdm(unit="item", disable=not (verbosity and self.stdout.isatty()), file=self.stdout)

        def progress(done: int, total: int) -> None:
            if not bar.disable:
                bar.total = total
                bar.update(done - bar.n)
            elif verbosity >= 2 or (verbosity >= 1 and time.perf_counter() - last[0] > 5):
                last[0] = time.perf_counter()
                self.stdout.write(f"  {done} of {total} originals and translations")

        with bar:
            written = rebuild_index(progress=progress)
        if verbosity:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Indexed {written} entries with {backend.name} "
                    f"in {time.perf_counter() - started:.1f} s."
                )
            )
