"""``foreigndesk refresh_archive_tables``: learn the aligner's word tables from the archive now."""

from typing import Any

from django.core.management.base import BaseCommand

from foreigndesk.newsroom.archive import refresh_archive_tables


class Command(BaseCommand):
    help = (
        "Learn the aligner's word table of every language pair again from the stored "
        "alignments of published translations."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        done = refresh_archive_tables()
        if not done:
            self.stdout.write("No published translation with an alignment: nothing learned.")
        for table in done:
            pair = f"{table.source_language}-{table.target_language}"
            if table.kept_old:
                self.stdout.write(f"{pair}: nothing to learn from; the stored table was kept.")
            else:
                self.stdout.write(
                    f"{pair}: {table.size} stem pairs from {table.beads} beads of "
                    f"{table.pairs} translation(s)."
                )
            if table.skipped:
                self.stdout.write(
                    f"{pair}: {table.skipped} translation(s) skipped for a malformed alignment."
                )
