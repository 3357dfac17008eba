"""``foreigndesk import-file FILE``: suggest the article in a saved HTML page or a text file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from foreigndesk.intake.actions import IntakeError, import_from_file

from ._output import describe, user_named


class Command(BaseCommand):
    help = "Read an HTML page or a text file, extract its article and create a suggested original."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="an .html or .txt file; the encoding is detected")
        parser.add_argument("--user", help="the username recorded as having suggested it")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            if path.stat().st_size > settings.FETCH_MAX_BYTES:
                raise CommandError(
                    f"{path} is larger than the limit of {settings.FETCH_MAX_BYTES:,} bytes."
                )
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
        try:
            original = import_from_file(
                data=data, filename=path.name, suggested_by=user_named(options["user"])
            )
        except IntakeError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(describe(original))
