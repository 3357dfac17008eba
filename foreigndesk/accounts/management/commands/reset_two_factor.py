"""``foreigndesk reset_two_factor USERNAME``: remove an account's authenticator (a lost phone)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from foreigndesk.accounts.actions import reset_two_factor
from foreigndesk.accounts.two_factor import TwoFactorError


class Command(BaseCommand):
    help = (
        "Remove every authenticator app enrolled for an account, so that it logs in with its "
        "password alone (and enrols again, where its role requires it)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="the account's login name")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            removed = reset_two_factor(username=options["username"])
        except TwoFactorError as error:
            raise CommandError(str(error)) from error
        if removed:
            self.stdout.write(
                f"Removed {removed} authenticator(s) of {options['username']}: the next login "
                "asks for the password only."
            )
        else:
            self.stdout.write(f"{options['username']} had no authenticator enrolled.")
