"""The ``foreigndesk`` console script introduces itself, names its version, speaks as typed."""

from __future__ import annotations

import subprocess
import sys


def _run(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "foreigndesk", *arguments],
        capture_output=True,
        text=True,
        check=False,
    )


def test_help_introduces_the_program_and_lists_the_desks_commands_first():
    out = _run("--help").stdout
    assert out.startswith("foreigndesk: software for translated-press desks.")
    desk, others = out.split("Django's and its apps' commands:")
    for command in ("import-url", "import-page", "export", "load", "worker", "demo", "reindex"):
        assert f"\n  {command} " in desk
    assert desk.index("import-url") < desk.index("worker")
    assert "collectstatic" in others
    assert "db_worker" not in out  # the worker runs that queue, with the schedule beside it
    assert _run().stdout == out


def test_version_names_foreigndesk_and_django():
    out = _run("--version").stdout
    assert out.startswith("foreigndesk ")
    assert "(Django 5.2." in out


def test_usage_lines_say_the_name_as_it_was_typed():
    assert _run("import-url", "--help").stdout.startswith("usage: foreigndesk import-url ")
    assert _run("import_url", "--help").stdout.startswith("usage: foreigndesk import_url ")
    refused = _run("no-such-command")
    assert refused.returncode != 0
    assert "Unknown command" in refused.stderr


def test_the_desks_commands_are_described_as_their_own_help_begins():
    from django.core.management import get_commands, load_command_class

    from foreigndesk.__main__ import DESK_COMMANDS, _first_sentence

    commands = get_commands()
    for name, description in DESK_COMMANDS.items():
        assert description == _first_sentence(load_command_class(commands[name], name).help)
