"""Database housekeeping the project does itself: the planner's statistics (and on PostgreSQL
the visibility map) after bulk writes.

PostgreSQL plans queries from statistics that autovacuum gathers in its own time (or never, when
it is off); SQLite has none until ``ANALYZE`` runs. A table filled in one go by a load, a reindex
or the benchmark's generator is analysed at once, so the first readers do not pay for plans made
for an empty table.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model


def project_models() -> list[type[Model]]:
    """Every concrete model of the project's own apps."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model.__module__.startswith("foreigndesk.") and not model._meta.proxy
    ]


def analyze(models: Iterable[type[Model]] | None = None, *, using: str = DEFAULT_DB_ALIAS) -> int:
    """Gather the planner's statistics for the tables of ``models`` (all the project's when
    None); the number of tables analysed.

    On PostgreSQL, outside a transaction, the tables are vacuumed too: a table filled in one go
    has no page marked all-visible until autovacuum comes by (never, when it is off), so each
    index-only scan also reads the table's rows (a listing's page of ids at 100,000 articles),
    and the first readers write the rows' hint bits."""
    connection = connections[using]
    tables = list(dict.fromkeys(model._meta.db_table for model in (models or project_models())))
    # VACUUM cannot run inside a transaction (a caller's, or a test's).
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    command = "VACUUM (ANALYZE)" if vacuum else "ANALYZE"
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"{command} {connection.ops.quote_name(table)}")
    return len(tables)
