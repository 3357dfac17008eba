"""Announcing a change to the layers above, once the transaction that made it has committed.

A lower app (intake, newsroom) knows nothing of the apps that show or index its records; it sends
a signal of its own after commit, and each higher app (reader, search) listens and queues its own
work. Nothing is announced for a transaction that rolls back.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.dispatch import Signal


def send_after_commit(signal: Signal, *, sender: Any, **kwargs: Any) -> None:
    """Send ``signal`` once the current transaction commits (at once outside a transaction)."""
    transaction.on_commit(lambda: signal.send(sender=sender, **kwargs))
