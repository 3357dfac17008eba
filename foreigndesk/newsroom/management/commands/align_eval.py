"""``foreigndesk align-eval FOLDER L1 L2``: score the aligner against gold alignments."""

from argparse import ArgumentParser, Namespace
from typing import Any

from django.core.management.base import BaseCommand

from foreigndesk.alignment.cli import configure_eval_parser, run_eval


class Command(BaseCommand):
    help = "Score the aligner on a folder of NAME.L1, NAME.L2 and gold NAME.L1L2 files."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        configure_eval_parser(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        status = run_eval(Namespace(**options), self.stdout)
        if status:
            raise SystemExit(status)  # the error is already printed, naming the problem
