"""The import commands run in the foreground: they print what was created, or exit non-zero."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from foreigndesk.intake.models import Original
from foreigndesk.testing.testserver import Route

from .conftest import DATA

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_import_url_prints_what_was_created(web):
    url = web.add("/rhein", Route((DATA / "de-abendpost.html").read_bytes()))
    output = run("import_url", url)
    original = Original.objects.get()
    assert output.startswith(f"Created suggested original #{original.pk} “Niedrigwasser am Rhein")
    assert "German" in output
    assert "Anna Keller" in output
    assert "new and unconfirmed" in output


def test_import_file_prints_what_was_created():
    output = run("import_file", str(DATA / "ja-shiomi.html"))
    assert "潮見島の小学校" in output
    assert "Japanese" in output


def test_import_file_records_the_user(django_user_model):
    user = django_user_model.objects.create_user("mira")
    run("import_file", str(DATA / "fr-text.txt"), "--user", "mira")
    assert Original.objects.get().suggested_by == user


def test_import_url_refusal_is_an_error_with_the_message(unchanged):
    with pytest.raises(CommandError, match="loopback"):
        run("import_url", "http://127.0.0.1:9/")


def test_import_file_missing_file(unchanged, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run("import_file", str(tmp_path / "nope.html"))


def test_import_file_exits_non_zero_with_the_message(tmp_path):
    path = tmp_path / "photo.html"
    path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(100))
    # The console script in its own process, as a person runs it (the file is refused before
    # any database access, so an empty in-memory database serves).
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "foreigndesk.settings.test",
        "DATABASE_URL": "sqlite://:memory:",
    }
    finished = subprocess.run(
        [sys.executable, "-m", "foreigndesk", "import-file", str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert finished.returncode == 1
    assert "This is a JPEG image, not an HTML page or a text." in finished.stderr


def test_duplicate_is_reported(tmp_path):
    run("import_file", str(DATA / "fr-text.txt"))
    with pytest.raises(CommandError, match="Already in the desk"):
        run("import_file", str(DATA / "fr-text.txt"))
    assert Original.objects.count() == 1
