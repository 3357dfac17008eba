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


def test_help_sets_up_no_app_and_imports_none_of_the_project():
    """``--help`` answers at once: it reads the commands' file names, not the apps. (Its CPU time
    is in the benchmark; here, what it must not do.)"""
    probe = (
        "import sys\n"
        "from foreigndesk.__main__ import main\n"
        "main(['foreigndesk', '--help'])\n"
        "from django.apps import apps\n"
        "loaded = [m for m in ('django.contrib.auth', 'django.db.models', 'django_otp', 'numpy')\n"
        "          if m in sys.modules]\n"
        "loaded += [m for m in sys.modules if m.startswith('foreigndesk.') and\n"
        "           not m.startswith(('foreigndesk.__main__', 'foreigndesk.settings'))]\n"
        "print('apps ready' if apps.ready else 'apps not set up', sorted(loaded))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("foreigndesk: software for translated-press desks.")
    assert done.stdout.endswith("\napps not set up []\n")


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


def _write(path, lines: list[str]) -> str:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_align_runs_without_setting_django_up(tmp_path):
    original = _write(
        tmp_path / "o.de", ["Die Bahn wurde 1958 gebaut.", "Sie kostet 14 Millionen."]
    )
    translation = _write(
        tmp_path / "t.fr", ["Le téléphérique date de 1958.", "Il coûte 14 millions."]
    )
    # Whether Django's apps were loaded, asked of the same interpreter after the command ran.
    probe = (
        "import sys\n"
        "from foreigndesk.__main__ import main\n"
        f"main(['foreigndesk', 'align', {original!r}, {translation!r}])\n"
        "print('django loaded' if 'django.apps' in sys.modules else 'django not loaded')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "[0]:[0]\n[1]:[1]\ndjango not loaded\n"


def test_align_usage_and_errors_name_the_command_as_typed(tmp_path):
    assert _run("align", "--help").stdout.startswith("usage: foreigndesk align ")
    assert _run("align-eval", "--help").stdout.startswith("usage: foreigndesk align-eval ")
    refused = _run("align", str(tmp_path / "missing"), str(tmp_path / "missing too"))
    assert refused.returncode == 2
    assert "missing: cannot read" in refused.stderr


def test_align_with_a_django_option_still_runs_as_a_management_command(tmp_path):
    original = _write(tmp_path / "o.txt", ["Eins 1.", "Zwei 2."])
    translation = _write(tmp_path / "t.txt", ["One 1.", "Two 2."])
    done = _run("align", original, translation, "--verbosity", "2")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "[0]:[0]\n[1]:[1]\n"
