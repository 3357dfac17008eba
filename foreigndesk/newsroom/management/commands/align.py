"""``foreigndesk align ORIGINAL TRANSLATION``: align two files and print the beads."""

from argparse import ArgumentParser, Namespace
from typing import Any

from django.core.management.base import BaseCommand

from foreigndesk.alignment.cli import configure_align_parser, run_align


class Command(BaseCommand):
    help = "Align an original and its translation (lines, paragraphs or sentences) and print beads."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        configure_align_parser(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        status = run_align(Namespace(**options), self.stdout)
        if status:
            raise SystemExit(status)  # the error is already printed, naming the problem
