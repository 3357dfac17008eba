"""``foreigndesk run-due``: publish what is scheduled and expire idle claims, once (for cron)."""

from typing import Any

from django.core.management.base import BaseCommand

from foreigndesk.newsroom.transitions import expire_claims, publish_due


class Command(BaseCommand):
    help = "Publish the scheduled translations whose time has come and expire idle claims, once."

    def handle(self, *args: Any, **options: Any) -> None:
        published = publish_due()
        expired = expire_claims()
        self.stdout.write(
            f"{len(published)} scheduled translation(s) published, "
            f"{len(expired)} idle claim(s) returned to the queue."
        )
