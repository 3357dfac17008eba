"""``foreigndesk backup`` and ``restore``: a whole desk comes back row for row, a backup taken
while others write is consistent, and every refusal changes nothing.

Each step runs the real command in its own process against a scratch database of the suite's
vendor (a file in a temporary folder on SQLite; ``createdb`` next to the suite's database on
PostgreSQL), so the suite runs these tests on whichever database it runs on.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, connections

from foreigndesk.core.backup import PostgreSQLBackup

from .backup_desk import PAIR_TABLES

POSTGRESQL = connection.vendor == "postgresql"
ON_POSTGRESQL = pytest.mark.skipif(not POSTGRESQL, reason="needs the suite to run on PostgreSQL")


def run(database: str, *arguments: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """A ``foreigndesk`` command (or the desk helper's, for ``-m``) against ``database``."""
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "DJANGO_SETTINGS_MODULE": "foreigndesk.settings.test",
    }
    command = [sys.executable, *arguments] if arguments[0] == "-m" else [
        sys.executable, "-m", "foreigndesk", *arguments
    ]  # fmt: skip
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if check and result.returncode != 0:
        pytest.fail(f"{' '.join(arguments)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def helper(database: str, *arguments: str) -> str:
    return run(database, "-m", "foreigndesk.core.tests.backup_desk", *arguments).stdout


def dump(database: str) -> dict[str, Any]:
    return json.loads(helper(database, "dump"))


def _postgresql(name: str) -> tuple[str, list[str]]:
    settings = connection.settings_dict
    options = ["-h", settings["HOST"] or "127.0.0.1", "-U", settings["USER"] or "postgres"]
    if settings["PORT"]:
        options += ["-p", str(settings["PORT"])]
    env = {**os.environ, "PGPASSWORD": settings["PASSWORD"] or ""}
    subprocess.run(["dropdb", "--if-exists", *options, name], env=env, check=True)
    subprocess.run(["createdb", *options, name], env=env, check=True)
    auth = settings["USER"] or "postgres"
    if settings["PASSWORD"]:
        auth += f":{settings['PASSWORD']}"
    host = f"{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
    return f"postgres://{auth}@{host}/{name}", ["dropdb", "--if-exists", *options, name]


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], str]]:
    """New empty databases by name, of the suite's vendor, dropped at the end."""
    folder = tmp_path_factory.mktemp("databases")
    cleanups: list[list[str]] = []
    # Named after the suite's own database, so parallel checkouts do not meet.
    prefix = Path(str(connection.settings_dict["NAME"])).name.removeprefix("test_")

    def new(name: str) -> str:
        if not POSTGRESQL:
            return f"sqlite:///{folder / name}.sqlite3"
        url, cleanup = _postgresql(f"{prefix}_{name}")
        cleanups.append(cleanup)
        return url

    yield new
    for cleanup in cleanups:
        subprocess.run(cleanup, check=False, capture_output=True)


@pytest.fixture(scope="module")
def source(scratch: Callable[[str], str]) -> str:
    """A migrated database holding a desk with every kind of record."""
    database = scratch("source")
    run(database, "migrate", "--no-input")
    helper(database, "build")
    return database


@pytest.fixture(scope="module")
def backup(source: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("backups") / "desk"
    run(source, "backup", str(target))
    return target


def manifest_of(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "manifest.json").read_text())


def test_a_restored_desk_has_every_row_of_every_table(source, backup, scratch):
    restored = scratch("restore")
    result = run(restored, "restore", str(backup))
    assert "Restored the backup" in result.stdout

    before, after = dump(source), dump(restored)
    for table in ("auth_user", "auth_user_groups", "accounts_contributor", "reader_dailyviews",
                  "intake_importrequest", "intake_outlet_languages", "newsroom_auditevent",
                  "newsroom_revision", "newsroom_comment", "newsroom_correction",
                  "newsroom_translation_topics", "django_session"):  # fmt: skip
        assert before["rows"][table], f"the desk has no {table} rows to compare"
    assert after["rows"].keys() == before["rows"].keys()
    for table, rows in before["rows"].items():
        assert after["rows"][table] == rows, table
    # Tables no model describes (the migrations, the search index) by their counts.
    assert after["counts"] == before["counts"] == manifest_of(backup)["rows"]
    # Passwords came back: the hash is in the compared rows; a login checks it.
    assert run(restored, "shell", "-c", LOGIN_CHECK).stdout.splitlines()[-1] == "True"
    # The restored database numbers new rows after the old ones.
    topics = before["rows"]["newsroom_topic"]
    assert int(helper(restored, "add-topic")) > max(row[0] for row in topics)


LOGIN_CHECK = (
    "from django.contrib.auth import authenticate; "
    "from foreigndesk.core.tests.backup_desk import PASSWORD; "
    "print(authenticate(username='tina', password=PASSWORD) is not None)"
)


def test_the_manifest_describes_the_snapshot(source, backup):
    manifest = manifest_of(backup)
    dump_file = backup / ("database.dump" if POSTGRESQL else "database.sqlite3")
    assert sorted(path.name for path in backup.iterdir()) == sorted(
        ["manifest.json", dump_file.name]
    )
    assert manifest["vendor"] == connection.vendor
    assert manifest["file"] == dump_file.name
    assert manifest["foreigndesk"] == "0.1.0"
    assert manifest["created_at"]
    import hashlib

    assert manifest["sha256"] == hashlib.sha256(dump_file.read_bytes()).hexdigest()
    assert "0002_roles" in manifest["migrations"]["accounts"]
    assert manifest["rows"]["newsroom_auditevent"] == len(
        dump(source)["rows"]["newsroom_auditevent"]
    )
    assert manifest["rows"]["django_migrations"] > 0


def test_a_backup_refuses_a_folder_that_is_not_empty(source, tmp_path):
    target = tmp_path / "taken"
    target.mkdir()
    (target / "notes.txt").write_text("keep me")
    result = run(source, "backup", str(target), check=False)
    assert result.returncode != 0
    assert "already exists and is not an empty folder" in result.stderr
    assert [path.name for path in target.iterdir()] == ["notes.txt"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["taken"]


def test_a_failed_backup_leaves_nothing(empty, tmp_path):
    target = tmp_path / "desk"
    # A database never migrated (a mistyped address): refused once its snapshot is written.
    result = run(empty, "backup", str(target), check=False)
    assert result.returncode != 0
    assert "No backup was made: The database has no desk in it" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_backup_taken_while_another_thread_writes_is_consistent(scratch, tmp_path):
    database = scratch("busy")
    run(database, "migrate", "--no-input")
    target = tmp_path / "busy"
    written = json.loads(helper(database, "write-and-back-up", str(target)))
    # The writer ran before, during and after the backup.
    assert 0 < written["before"] <= written["after"] < written["total"]
    counts = manifest_of(target)["rows"]
    topics, authors = (counts[table] for table in PAIR_TABLES)
    # Every transaction is in the snapshot whole, or not at all.
    assert topics == authors
    assert written["before"] <= topics <= written["after"]

    restored = scratch("busy_restore")
    run(restored, "restore", str(target))
    assert dump(restored)["counts"] == counts


# --- Refusals: each leaves the empty database empty (the last restore then succeeds) ---------


def _other_vendor(folder: Path) -> None:
    manifest = manifest_of(folder)
    manifest["vendor"] = "sqlite" if POSTGRESQL else "postgresql"
    (folder / "manifest.json").write_text(json.dumps(manifest))


def _newer_migrations(folder: Path) -> None:
    manifest = manifest_of(folder)
    manifest["migrations"]["newsroom"].append("9999_from_the_future")
    (folder / "manifest.json").write_text(json.dumps(manifest))


def _corrupt(folder: Path) -> None:
    dump_file = folder / manifest_of(folder)["file"]
    data = bytearray(dump_file.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump_file.write_bytes(bytes(data))


def _missing_file(folder: Path) -> None:
    (folder / manifest_of(folder)["file"]).unlink()


def _missing_manifest(folder: Path) -> None:
    (folder / "manifest.json").unlink()


def _wrong_counts(folder: Path) -> None:
    manifest = manifest_of(folder)
    manifest["rows"]["newsroom_comment"] += 1
    (folder / "manifest.json").write_text(json.dumps(manifest))


REFUSALS = [
    (_other_vendor, "Use `foreigndesk export` and `load` to move between them"),
    (_newer_migrations, "newer version: migration newsroom.9999_from_the_future is unknown"),
    (_corrupt, "does not match the manifest's sha256"),
    (_missing_file, "the backup is incomplete"),
    (_missing_manifest, "holds no manifest.json"),
]


@pytest.fixture(scope="module")
def empty(scratch: Callable[[str], str]) -> str:
    return scratch("empty")


@pytest.mark.parametrize(("damage", "message"), REFUSALS)
def test_restore_refuses_a_damaged_or_foreign_backup(backup, empty, tmp_path, damage, message):
    copy = tmp_path / "copy"
    shutil.copytree(backup, copy)
    damage(copy)
    result = run(empty, "restore", str(copy), check=False)
    assert result.returncode != 0
    assert "Nothing was restored" in result.stderr
    assert message in result.stderr


@pytest.mark.skipif(POSTGRESQL, reason="PostgreSQL's counts can only be checked once restored")
def test_restore_refuses_a_file_that_does_not_match_the_counts(backup, empty, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(backup, copy)
    _wrong_counts(copy)
    result = run(empty, "restore", str(copy), check=False)
    assert result.returncode != 0
    assert "newsroom_comment: 1 (manifest: 2)" in result.stderr


def test_restore_refuses_a_database_with_rows_naming_a_table(source, backup):
    before = dump(source)
    result = run(source, "restore", str(backup), check=False)
    assert result.returncode != 0
    assert "The database is not empty: table " in result.stderr
    assert "row(s)" in result.stderr
    assert dump(source) == before


def test_after_every_refusal_the_empty_database_takes_the_backup(backup, empty):
    # Runs after the refusals above (pytest keeps the file's order): nothing was written.
    run(empty, "restore", str(backup))
    assert dump(empty)["counts"] == manifest_of(backup)["rows"]


# --- PostgreSQL's client tools -------------------------------------------------------------------


@ON_POSTGRESQL
@pytest.mark.django_db(transaction=True)
def test_the_password_goes_to_pg_dump_in_its_environment_not_its_arguments(monkeypatch, tmp_path):
    calls = []
    monkeypatch.setattr(
        "foreigndesk.core.backup._run", lambda command, env: calls.append((command, env))
    )
    settings = {**connection.settings_dict, "PASSWORD": "s3cret-word"}
    with_password = type(connections["default"])(settings, alias="with_password")
    connections["with_password"] = with_password
    try:
        PostgreSQLBackup(with_password).snapshot(tmp_path / "database.dump")
    finally:
        with_password.close()
        del connections["with_password"]
    [(command, env)] = calls
    assert command[:2] == ["pg_dump", "--format=custom"]
    assert any(argument.startswith("--snapshot=") for argument in command)
    assert not any("s3cret-word" in argument for argument in command)
    assert env["PGPASSWORD"] == "s3cret-word"
    assert env["PGDATABASE"] == settings["NAME"]
