"""``foreigndesk export [-o FILE]``: every original and translation as JSON Lines."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from foreigndesk.newsroom.export import export


class Command(BaseCommand):
    help = "Write the archive (originals, translations, people, alignment...) as JSON Lines."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-o", "--output", help="the file to write (default: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["output"]:
            export(self.stdout)
            return
        path = Path(options["output"])
        temporary = path.with_name(path.name + ".part")
        try:
            # Written beside the target and renamed, so a failed export never leaves half a file.
            with temporary.open("w", encoding="utf-8", newline="\n") as stream:
                count = export(stream)
            temporary.replace(path)
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error.strerror}.") from error
        self.stderr.write(f"Exported {count} records to {path}.")
