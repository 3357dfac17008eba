"""The planner's statistics, gathered after bulk writes."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from foreigndesk.core.db import analyze, project_models
from foreigndesk.newsroom.models import Translation
from foreigndesk.testing import factories

pytestmark = pytest.mark.django_db


def statistics_of(table: str) -> float | None:
    """What the planner knows of a table's size: None when it was never analysed."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            (tuples,) = cursor.fetchone()
            return None if tuples < 0 else float(tuples)
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return None
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [table])
        row = cursor.fetchone()
        return float(row[0].split()[0]) if row else None


def test_analyze_gives_the_planner_the_tables_sizes():
    for _ in range(3):
        factories.full_article()
    table = Translation._meta.db_table
    assert analyze([Translation]) == 1
    assert statistics_of(table) == 3


def test_the_project_models_are_the_projects_own():
    labels = {model._meta.label for model in project_models()}
    assert "newsroom.Translation" in labels
    assert "intake.Original" in labels
    assert not any(label.startswith(("auth.", "admin.", "sessions.")) for label in labels)


def test_a_load_analyses_what_it_filled(tmp_path):
    for _ in range(2):
        factories.full_article()
    out = io.StringIO()
    call_command("export", "-o", str(tmp_path / "archive.jsonl"), stdout=out)
    Translation.objects.all().delete()
    call_command("load", str(tmp_path / "archive.jsonl"), stdout=out)
    assert statistics_of(Translation._meta.db_table) == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the visibility map is PostgreSQL's")
def test_outside_a_transaction_postgresql_marks_the_filled_pages_all_visible():
    for _ in range(3):
        factories.full_article()
    table = Translation._meta.db_table

    def all_visible() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT relallvisible FROM pg_class WHERE relname = %s", [table])
            return int(cursor.fetchone()[0])

    analyze([Translation])
    assert all_visible() > 0
    assert statistics_of(table) == 3
