"""``foreigndesk import-wordpress EXPORT.xml``: bring a desk's archive from WordPress."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from foreigndesk.newsroom.wordpress import ExportError, import_posts, read_export

#: An export of a large archive runs to hundreds of megabytes; beyond this it is refused.
MAX_EXPORT_BYTES = 1024 * 1024 * 1024


class Command(BaseCommand):
    help = (
        "Import the published posts of a WordPress export file (Tools → Export, WXR) as "
        "translations with their originals, credits, categories and tags as topics, and "
        "publication times; each post's old address redirects to its new page. Posts already "
        "imported are left alone, so the command can run again on a newer export."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("export", metavar="EXPORT.xml")
        parser.add_argument(
            "--approve-only",
            action="store_true",
            help="leave the translations approved for an editor to publish (default: published)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["export"])
        try:
            if path.stat().st_size > MAX_EXPORT_BYTES:
                raise CommandError(f"{path} is larger than {MAX_EXPORT_BYTES:,} bytes.")
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
        try:
            posts = read_export(data)
        except ExportError as error:
            raise CommandError(f"{path}: {error} Nothing was imported.") from error
        imported = skipped = failed = 0
        bar = tqdm(
            total=len(posts), unit="item", disable=not self.stdout.isatty(), file=self.stdout
        )
        with bar:
            outcomes = import_posts(
                posts, publish=not options["approve_only"], progress=lambda _: bar.update()
            )
            for outcome in outcomes:
                label = outcome.post.label
                if outcome.translation_id is not None:
                    imported += 1
                    for warning in outcome.warnings:
                        with bar.external_write_mode():
                            self.stderr.write(f"Warning ({label}): {warning}")
                elif outcome.skipped:
                    skipped += 1
                    with bar.external_write_mode():
                        self.stdout.write(f"Passed over {label}: {outcome.skipped}.")
                else:
                    failed += 1
                    with bar.external_write_mode():
                        self.stderr.write(f"Not imported: {label}: {outcome.error}")
        self.stdout.write(
            f"{imported} posts imported, {skipped} passed over, {failed} could not be read."
        )
        if failed and not imported and not skipped:
            raise CommandError("No post of the export could be imported.")
