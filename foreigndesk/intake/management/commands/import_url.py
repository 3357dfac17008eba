"""``foreigndesk import-url URL``: fetch a page and suggest its article, in the foreground."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from foreigndesk.intake.actions import IntakeError, import_from_url

from ._output import describe, user_named


class Command(BaseCommand):
    help = "Fetch a web page safely, extract its article and create a suggested original."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("url", help="the article's address (http or https)")
        parser.add_argument("--user", help="the username recorded as having suggested it")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            original = import_from_url(url=options["url"], suggested_by=user_named(options["user"]))
        except IntakeError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(describe(original))
