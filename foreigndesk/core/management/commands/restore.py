"""``foreigndesk restore DIR``: bring a backup back into an empty database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from foreigndesk.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a folder written by `foreigndesk backup` into an empty database, checking its "
        "checksum and row counts."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", help="a folder written by `foreigndesk backup`")

    def handle(self, *args: Any, **options: Any) -> None:
        source = Path(options["directory"])
        try:
            manifest = restore_backup(source)
        except (BackupError, OSError) as error:
            raise CommandError(f"Nothing was restored: {error}") from error
        rows = sum(manifest["rows"].values())
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']} ({len(manifest['rows'])} tables, "
            f"{rows} rows, checked against its manifest)."
        )
