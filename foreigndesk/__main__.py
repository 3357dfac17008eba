"""The ``foreigndesk`` console script: Django's management commands for this project.

``foreigndesk import-url`` and ``foreigndesk import_url`` both work: hyphenated names read better on
the command line, and Django's command modules need underscores.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a management command with the project's settings."""
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "foreigndesk.settings.base")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
