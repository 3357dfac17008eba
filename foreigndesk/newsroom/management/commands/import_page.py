"""``foreigndesk import-page FILE... [--publish]``: import published bilingual pages of an archive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from foreigndesk.intake.actions import IntakeError
from foreigndesk.newsroom.page_import import PageImport, import_bilingual_page


class Command(BaseCommand):
    help = (
        "Import published translated-article pages (HTML, or the text a browser copies from "
        "one): the original, the translation, credits, outlet, country, note and alignment. "
        "Each file is imported whole or not at all."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE", help=".html pages or .txt copies")
        parser.add_argument(
            "--publish", action="store_true", help="publish the translations now (else: approved)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        failures = []
        for name in options["files"]:
            try:
                result = self._import(Path(name), publish=options["publish"])
            except CommandError as error:
                if len(options["files"]) == 1:
                    raise
                failures.append(name)
                self.stderr.write(f"{name}: {error}")
                continue
            self.stdout.write(self._describe(result))
            for warning in result.warnings:
                self.stderr.write(f"Warning ({name}): {warning}")
        if failures:
            raise CommandError(
                f"{len(failures)} of {len(options['files'])} pages were not imported: "
                + ", ".join(failures)
            )

    def _import(self, path: Path, *, publish: bool) -> PageImport:
        try:
            if path.stat().st_size > settings.FETCH_MAX_BYTES:
                raise CommandError(
                    f"{path} is larger than the limit of {settings.FETCH_MAX_BYTES:,} bytes."
                )
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
        try:
            return import_bilingual_page(data=data, publish=publish)
        except IntakeError as error:
            raise CommandError(str(error)) from error

    @staticmethod
    def _describe(result: PageImport) -> str:
        translation, original = result.translation, result.original
        outlet = f", {original.outlet.name}" if original.outlet else ""
        return (
            f"Created translation #{translation.pk} “{translation.title}” "
            f"({translation.get_state_display().lower()}, {len(translation.block_list)} blocks) "
            f"of original #{original.pk} “{original.title}” ({original.language.name}{outlet}, "
            f"{len(original.block_list)} blocks)."
        )
