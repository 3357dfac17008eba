"""``foreigndesk load FILE``: restore an export; a file that does not validate loads nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from foreigndesk.newsroom.load import LoadError, load


class Command(BaseCommand):
    help = "Restore an export made by `foreigndesk export`, skipping what is already there."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a JSON Lines file written by `foreigndesk export`")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        bar = tqdm(unit="record", disable=not self.stdout.isatty(), file=self.stdout)

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        try:
            with bar, path.open(encoding="utf-8") as stream:
                result = load(stream, progress=progress)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{path} is not UTF-8 text; nothing was loaded.") from error
        except LoadError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Loaded {result.created} translations and {result.originals_created} originals; "
            f"{result.existing} translations were already there."
        )
