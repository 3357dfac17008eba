"""E-mail the desk sends about its work, always after the transaction commits."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

from .models import Translation


def desk_link(translation: Translation) -> str:
    """Where the desk opens a translation: its page at the desk."""
    path = reverse("desk:translation", args=[translation.pk])
    return f"{settings.SITE_URL}{path}"


def mail_after_commit(*, recipients: Iterable[Any], subject: str, body: str) -> None:
    """Send one message to each recipient with an e-mail address, once the change is committed
    (a rolled-back move sends nothing); people without an address are skipped."""
    addresses = sorted({user.email for user in recipients if user is not None and user.email})
    if not addresses:
        return
    subject = f"[{settings.SITE_NAME}] {subject}"

    def send() -> None:
        for address in addresses:
            send_mail(subject, body, None, [address])

    transaction.on_commit(send)
