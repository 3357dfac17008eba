"""Newsroom fixtures: published bilingual pages written for this project (``DATA``), and the
desk's people and translations in every workflow state, for the workflow tests."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from foreigndesk.intake.models import Original
from foreigndesk.newsroom.models import (
    AuditEvent,
    Comment,
    Correction,
    Credit,
    Revision,
    Translation,
)
from foreigndesk.newsroom.states import State
from foreigndesk.testing import factories

DATA = Path(__file__).parent / "data"


@dataclass
class Desk:
    """Everyone a workflow test needs: the translator who claims, another translator, an
    editor, an admin, a login with no role, and the chief editor who approved earlier work."""

    claimant: Any
    other_translator: Any
    editor: Any
    admin: Any
    nobody: Any
    chief: Any

    def person(self, role: str) -> Any:
        return getattr(self, role)


#: The people the permission matrix tries every move with.
PEOPLE = ("claimant", "other_translator", "editor", "admin", "nobody")


@pytest.fixture
def desk(db) -> Desk:
    factories.language("en")
    return Desk(
        claimant=factories.translator("tina", full_name="Tina Ross"),
        other_translator=factories.translator("oskar", full_name="Oskar Lind"),
        editor=factories.editor("edna", full_name="Edna Hale"),
        admin=factories.user("ada", role="admin", full_name="Ada Brook"),
        nobody=factories.user("noel", full_name="Noel Plain"),
        chief=factories.editor("chief", full_name="Ruth Calder", contributor_profile=True),
    )


def suggested_original(*, title: str = "Die Fähre fährt wieder", state: int = 10) -> Original:
    """An original as an import leaves it, complete enough to be published once translated."""
    original = factories.original(
        title=title, outlet_obj=factories.outlet("Rheinische Abendpost"), authors=["Anna Keller"]
    )
    Original.objects.filter(pk=original.pk).update(state=state)
    original.refresh_from_db()
    return original


def translation_in(state: int, desk: Desk, *, claimed: bool | None = None) -> Translation:
    """A translation in ``state`` as the workflow would have left it: claimed by the claimant
    from CLAIMED on (``claimed`` forces either way), credited to them, approved by the chief
    from APPROVED on, with a complete original."""
    original = suggested_original(state=Original.State.ACCEPTED)
    public = state in (State.PUBLISHED, State.CORRECTED, State.WITHDRAWN)
    translation = factories.translation(
        original_obj=original,
        title="Ferry service resumes",
        state=state,
        translators=[desk.claimant.contributor],
        published_at=timezone.now() - datetime.timedelta(days=1) if public else None,
    )
    if claimed is None:
        claimed = state not in (State.SUGGESTED, State.ACCEPTED)
    now = timezone.now()
    Translation.objects.filter(pk=translation.pk).update(
        claimed_by=desk.claimant if claimed else None,
        claimed_at=now if claimed else None,
        last_activity_at=now,
        approved_by=desk.chief if state >= State.APPROVED else None,
    )
    translation.refresh_from_db()
    return translation


def snapshot(obj: Any) -> tuple[Any, ...]:
    """Everything a refused move must leave as it was."""
    row = type(obj).objects.filter(pk=obj.pk).values().get()
    return (
        row,
        AuditEvent.objects.count(),
        Translation.objects.count(),
        Original.objects.filter(pk=getattr(obj, "original_id", obj.pk)).values().first(),
        Correction.objects.count(),
        Credit.objects.count(),
        Revision.objects.count(),
        Comment.objects.count(),
    )


def query_plan(sql: str, params: tuple | list = ()) -> str:
    """The plan the database would take for a query: SQLite's ``EXPLAIN QUERY PLAN`` lines, or
    PostgreSQL's ``EXPLAIN`` as it would plan at scale."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            return "\n".join(str(row[-1]) for row in cursor.fetchall())
        # The test tables are tiny: make the planner show the plan it would take at scale, where
        # reading a few rows in order off an index beats sorting a whole topic. With sorting
        # discouraged, a Sort still shows when no index gives the order.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())
