"""The ``foreigndesk`` console script: Django's management commands for this project.

``foreigndesk import-url`` and ``foreigndesk import_url`` both work: hyphenated names read better on
the command line (and are what usage lines show), while Django's command modules need underscores.
``foreigndesk`` alone or with ``--help`` introduces the program and lists the desk's own commands
first; ``--version`` names foreigndesk's version and Django's.
"""

from __future__ import annotations

import os
import sys
import textwrap
from importlib import metadata

INTRODUCTION = (
    "foreigndesk: software for translated-press desks. It brings articles of the foreign press "
    "in, takes their translations through the desk (claim, translate, review, publish) and "
    "publishes each translation beside its original."
)

#: The desk's own commands, in the order of a desk's work; Django's and its apps' follow.
DESK_COMMANDS = [
    "import_url",
    "import_file",
    "import_page",
    "export",
    "load",
    "backup",
    "restore",
    "worker",
    "run_due",
    "reindex",
    "align",
    "align_eval",
    "demo",
    "migrate",
    "createsuperuser",
    "runserver",
]
#: Commands listed nowhere: ``worker`` runs the same queue with the desk's schedule beside it.
HIDDEN_COMMANDS = {"db_worker"}
#: Commands that need nothing of Django: run without setting it up, so that a script aligning
#: thousands of pairs does not spend most of its time starting the project.
STANDALONE_COMMANDS = {"align": "align", "align_eval": "align-eval"}
#: Django's own options: given one of them, a standalone command runs through Django after all.
DJANGO_OPTIONS = (
    "--settings",
    "--pythonpath",
    "--verbosity",
    "-v",
    "--traceback",
    "--no-color",
    "--force-color",
    "--skip-checks",
)


def _version() -> str:
    try:
        own = metadata.version("foreigndesk")
    except metadata.PackageNotFoundError:
        own = "(not installed)"
    return f"foreigndesk {own} (Django {metadata.version('django')})"


def _first_sentence(text: str) -> str:
    sentence = " ".join(str(text).split()).split(". ")[0].rstrip(".")
    return textwrap.shorten(sentence, width=88, placeholder=" …")


def _help() -> str:
    """The introduction, the desk's commands with a line each, then every other command."""
    from django.core.management import get_commands, load_command_class

    commands = get_commands()
    lines = [INTRODUCTION, "", "The desk's commands (foreigndesk help COMMAND for more):"]
    for name in DESK_COMMANDS:
        if name in commands:
            command = load_command_class(commands[name], name)
            lines.append(f"  {name.replace('_', '-'):<17} {_first_sentence(command.help)}")
    others = sorted(set(commands) - set(DESK_COMMANDS) - HIDDEN_COMMANDS)
    lines += ["", "Django's and its apps' commands:", "  " + ", ".join(others)]
    lines += ["", 'Settings come from the environment: see the README\'s "Configuration".']
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    """Run a management command with the project's settings."""
    argv = list(sys.argv if argv is None else argv)
    if argv and os.path.basename(argv[0]) == "__main__.py":
        argv[0] = "foreigndesk"  # run as python -m foreigndesk: usage lines name the program
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "foreigndesk.settings.base")
    first = argv[1] if len(argv) > 1 else ""
    if first in ("--version", "version"):
        sys.stdout.write(_version() + "\n")
        return
    standalone = STANDALONE_COMMANDS.get(first.replace("-", "_"))
    if standalone and not any(arg.startswith(DJANGO_OPTIONS) for arg in argv[2:]):
        from foreigndesk.alignment.cli import main as alignment_main

        prog = f"{os.path.basename(argv[0])} {first}"
        status = alignment_main([standalone, *argv[2:]], prog=prog)
        if status:
            raise SystemExit(status)
        return
    import django
    from django.core.management import ManagementUtility, execute_from_command_line

    if first in ("", "--help", "-h", "help") and len(argv) <= 2:
        django.setup()
        sys.stdout.write(_help())
        return
    if first.startswith("-") or first == "help":
        execute_from_command_line(argv)
        return
    name = first.replace("-", "_")
    if name == first:
        execute_from_command_line(argv)
        return
    # Typed with hyphens: run the command under its module's name, but let its usage lines say
    # what was typed.
    django.setup()
    utility = ManagementUtility([argv[0], name, *argv[2:]])
    utility.fetch_command(name).run_from_argv([argv[0], first, *argv[2:]])


if __name__ == "__main__":
    main()
