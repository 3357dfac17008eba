"""``foreigndesk backup DIR``: a consistent snapshot of the whole desk, taken while it runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from foreigndesk.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Back up the whole database (accounts, articles, history, read counts...) into a new "
        "folder, with a manifest; the site may keep running."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", help="a folder that does not exist yet (or is empty)")

    def handle(self, *args: Any, **options: Any) -> None:
        target = Path(options["directory"])
        try:
            manifest = create_backup(target)
        except (BackupError, OSError) as error:
            raise CommandError(f"No backup was made: {error}") from error
        rows = sum(manifest["rows"].values())
        self.stdout.write(
            f"Backed up the {manifest['vendor']} database ({len(manifest['rows'])} tables, "
            f"{rows} rows) into {target}."
        )
