"""Backups of the whole desk: a consistent snapshot of the database, taken while the site runs,
and its restore into an empty database.

A backup is a folder holding the database (``database.sqlite3`` made with SQLite's online backup
API, or ``database.dump`` from ``pg_dump --format=custom``) and ``manifest.json``: the version,
the database vendor, the applied migrations, the rows of every table in the snapshot, the time
and the dump's sha256. The row counts come from the snapshot itself, so they match the dump
even while others write. Each vendor is one ``DatabaseBackup`` class.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, ClassVar

from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader

MANIFEST = "manifest.json"
FORMAT = 1


class BackupError(Exception):
    """A backup or a restore refused or failed; the message says why, for the person running it."""


def desk_version() -> str:
    """The installed foreigndesk's version."""
    try:
        return version("foreigndesk")
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "unknown"


def sha256(path: Path) -> str:
    """The file's sha256, read in chunks (a dump may be large)."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _count_rows(cursor: Any, tables: list[str], quote: Any) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def _applied_migrations(cursor: Any, tables: list[str]) -> dict[str, list[str]]:
    if "django_migrations" not in tables:
        return {}
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    applied: dict[str, list[str]] = {}
    for app, name in cursor.fetchall():
        applied.setdefault(app, []).append(name)
    return applied


class DatabaseBackup:
    """How one database vendor is snapshotted and restored."""

    vendor: ClassVar[str]
    #: The database's file inside a backup folder.
    file_name: ClassVar[str]

    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        self.connection = connection

    def snapshot(self, target: Path) -> tuple[dict[str, int], dict[str, list[str]]]:
        """Write the database to ``target``; return the snapshot's row count per table and
        applied migrations per app."""
        raise NotImplementedError

    def restore(self, source: Path, manifest: dict[str, Any]) -> None:
        """Bring ``source`` into the (empty) database; nothing is changed when it fails."""
        raise NotImplementedError

    def tables(self) -> list[str]:
        """The database's tables (not views)."""
        with self.connection.cursor() as cursor:
            return [
                info.name
                for info in self.connection.introspection.get_table_list(cursor)
                if info.type == "t"
            ]

    def row_counts(self) -> dict[str, int]:
        """Rows per table of the live database."""
        tables = self.tables()
        with self.connection.cursor() as cursor:
            return _count_rows(cursor, tables, self.connection.ops.quote_name)

    def check_empty(self) -> None:
        """Refuse a database that holds any row, naming the first table that does."""
        for table, count in self.row_counts().items():
            if count:
                raise BackupError(
                    f"The database is not empty: table {table} has {count} row(s). "
                    "Restore only into an empty database."
                )


class SQLiteBackup(DatabaseBackup):
    """SQLite through its online backup API: readers and writers go on while it copies."""

    vendor = "sqlite"
    file_name = "database.sqlite3"

    def tables(self) -> list[str]:
        with self.connection.cursor() as cursor:
            return _sqlite_tables(cursor)

    def snapshot(self, target: Path) -> tuple[dict[str, int], dict[str, list[str]]]:
        self.connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            # One step (pages=-1) copies the database as one read transaction sees it.
            self.connection.connection.backup(copy, pages=-1)
            # One self-contained file: no write-ahead log beside it.
            copy.execute("PRAGMA journal_mode=DELETE")
            cursor = copy.cursor()
            tables = _sqlite_tables(cursor)
            return _count_rows(cursor, tables, _sqlite_quote), _applied_migrations(cursor, tables)
        finally:
            copy.close()

    def restore(self, source: Path, manifest: dict[str, Any]) -> None:
        copy = sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)
        try:
            result = copy.execute("PRAGMA integrity_check").fetchone()[0]
            if result != "ok":
                raise BackupError(f"{source.name} is corrupt: {result}")
            cursor = copy.cursor()
            tables = _sqlite_tables(cursor)
            # Checked before anything is written: a file that does not match changes nothing.
            _compare_counts(_count_rows(cursor, tables, _sqlite_quote), manifest, source.name)
            self.connection.ensure_connection()
            copy.backup(self.connection.connection, pages=-1)
        except sqlite3.DatabaseError as error:
            raise BackupError(
                f"{source.name} is not a readable SQLite database: {error}"
            ) from error
        finally:
            copy.close()
        self.connection.close()


def _sqlite_tables(cursor: Any) -> list[str]:
    # Virtual tables (the search index) are counted through their shadow tables, which hold
    # the rows; counting a virtual table would need its module.
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name"
    )
    return [row[0] for row in cursor.fetchall()]


def _sqlite_quote(name: str) -> str:
    return '"{}"'.format(name.replace('"', '""'))


class PostgreSQLBackup(DatabaseBackup):
    """PostgreSQL through ``pg_dump``, from a snapshot the counting transaction exports, so that
    the manifest's counts and the dump see the same moment."""

    vendor = "postgresql"
    file_name = "database.dump"

    def environment(self) -> dict[str, str]:
        """The client tools' connection settings, from ``DATABASES``: the password travels in
        ``PGPASSWORD``, never on a command line others can read."""
        settings = self.connection.settings_dict
        env = dict(os.environ)
        for key, variable in (
            ("HOST", "PGHOST"),
            ("PORT", "PGPORT"),
            ("USER", "PGUSER"),
            ("PASSWORD", "PGPASSWORD"),
            ("NAME", "PGDATABASE"),
        ):
            if settings.get(key):
                env[variable] = str(settings[key])
        options = settings.get("OPTIONS") or {}
        for key, variable in (
            ("sslmode", "PGSSLMODE"),
            ("sslrootcert", "PGSSLROOTCERT"),
            ("sslcert", "PGSSLCERT"),
            ("sslkey", "PGSSLKEY"),
        ):
            if options.get(key):
                env[variable] = str(options[key])
        return env

    def tables(self) -> list[str]:
        with self.connection.cursor() as cursor:
            return _postgresql_tables(cursor)

    def snapshot(self, target: Path) -> tuple[dict[str, int], dict[str, list[str]]]:
        with transaction.atomic(using=self.connection.alias), self.connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot_id = cursor.fetchone()[0]
            tables = _postgresql_tables(cursor)
            counts = _count_rows(cursor, tables, self.connection.ops.quote_name)
            migrations = _applied_migrations(cursor, tables)
            # The snapshot lives as long as this transaction: pg_dump runs inside it.
            _run(
                ["pg_dump", "--format=custom", f"--snapshot={snapshot_id}", f"--file={target}"],
                self.environment(),
            )
        return counts, migrations

    def restore(self, source: Path, manifest: dict[str, Any]) -> None:
        for table in self.tables():
            raise BackupError(
                f"The database already has tables (such as {table}), though no rows. Restore "
                "into a new database (createdb) with no tables."
            )
        self.connection.close()
        # One transaction: a restore that fails half-way leaves the database as it was.
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={self.connection.settings_dict['NAME']}",
                str(source),
            ],
            self.environment(),
        )


def _postgresql_tables(cursor: Any) -> list[str]:
    cursor.execute(
        "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema() "
        "ORDER BY tablename"
    )
    return [row[0] for row in cursor.fetchall()]


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError as error:
        raise BackupError(
            f"{command[0]} is not installed; install PostgreSQL's client tools (the same major "
            "version as the server, or newer)."
        ) from error
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip() or result.returncode}")


BACKUPS: dict[str, type[DatabaseBackup]] = {
    backup.vendor: backup for backup in (SQLiteBackup, PostgreSQLBackup)
}


def backup_for(using: str = "default") -> DatabaseBackup:
    """The backup of the database ``using`` names; a vendor without one is refused."""
    connection = connections[using]
    if connection.vendor not in BACKUPS:
        raise BackupError(f"Backups of {connection.vendor} databases are not supported.")
    return BACKUPS[connection.vendor](connection)


@contextmanager
def _folder_beside(target: Path) -> Iterator[Path]:
    """A temporary folder next to ``target`` (same file system, so renaming it is atomic),
    removed unless it was renamed into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        yield folder
    finally:
        if folder.exists():
            shutil.rmtree(folder)


def create_backup(target: Path, *, using: str = "default") -> dict[str, Any]:
    """Snapshot the database into the new folder ``target``; return the manifest."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BackupError(f"{target} already exists and is not an empty folder; choose a new one.")
    backup = backup_for(using)
    with _folder_beside(target) as folder:
        dump = folder / backup.file_name
        taken_at = datetime.datetime.now(datetime.UTC)
        counts, migrations = backup.snapshot(dump)
        if "django_migrations" not in counts:
            raise BackupError(
                "The database has no desk in it (no migrations table): is DATABASE_URL right?"
            )
        manifest = {
            "format": FORMAT,
            "foreigndesk": desk_version(),
            "vendor": backup.vendor,
            "created_at": taken_at.isoformat(timespec="seconds"),
            "file": backup.file_name,
            "sha256": sha256(dump),
            "migrations": migrations,
            "rows": counts,
        }
        (folder / MANIFEST).write_text(
            json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )
        if target.exists():
            target.rmdir()  # empty, checked above
        folder.rename(target)
    return manifest


def read_manifest(source: Path) -> dict[str, Any]:
    """The backup's manifest, refused when missing or unreadable."""
    path = source / MANIFEST
    if not path.is_file():
        raise BackupError(f"{source} holds no {MANIFEST}: it is not a backup.")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise BackupError(f"{path} is not readable JSON: {error}") from error
    for key in ("vendor", "file", "sha256", "migrations", "rows"):
        if not isinstance(manifest, dict) or key not in manifest:
            raise BackupError(f"{path} has no “{key}”: it is damaged or not a backup's manifest.")
    return manifest


def check_migrations(applied: dict[str, list[str]]) -> None:
    """Refuse a backup whose schema this version of the code does not know (a newer one)."""
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    for app, names in sorted(applied.items()):
        for name in names:
            if (app, name) not in known:
                raise BackupError(
                    f"The backup comes from a newer version: migration {app}.{name} is unknown "
                    "here. Install that version (or a later one) to restore it."
                )


def _compare_counts(counts: dict[str, int], manifest: dict[str, Any], what: str) -> None:
    if counts != manifest["rows"]:
        tables = sorted(set(counts) | set(manifest["rows"]))
        differences = [
            f"{table}: {counts.get(table, 'no table')} (manifest: "
            f"{manifest['rows'].get(table, 'no table')})"
            for table in tables
            if counts.get(table) != manifest["rows"].get(table)
        ]
        raise BackupError(
            f"{what} does not match the manifest's row counts: " + "; ".join(differences[:5])
        )


def restore_backup(source: Path, *, using: str = "default") -> dict[str, Any]:
    """Bring the backup in ``source`` into the empty database ``using``; return the manifest.

    Every check that can be made before writing is made first (vendor, migrations, file,
    sha256, an empty database); the row counts are compared again once restored.
    """
    manifest = read_manifest(source)
    backup = backup_for(using)
    if manifest["vendor"] != backup.vendor:
        raise BackupError(
            f"The backup is of a {manifest['vendor']} database; this desk runs on "
            f"{backup.vendor}. Use `foreigndesk export` and `load` to move between them."
        )
    check_migrations(manifest["migrations"])
    dump = source / manifest["file"]
    if manifest["file"] != backup.file_name or not dump.is_file():
        raise BackupError(f"{source} holds no {backup.file_name}: the backup is incomplete.")
    if sha256(dump) != manifest["sha256"]:
        raise BackupError(
            f"{dump} does not match the manifest's sha256: the file is corrupt or was changed."
        )
    backup.check_empty()
    backup.restore(dump, manifest)
    _compare_counts(backup.row_counts(), manifest, "The restored database")
    return manifest
