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

#: The desk's own commands, in the order of a desk's work, each with the first sentence of its
#: help (a test keeps the two the same): ``--help`` lists them without loading the project, so
#: that it answers at once. Django's and its apps' commands follow, by name.
DESK_COMMANDS = {
    "import_url": "Fetch a web page safely, extract its article and create a suggested original",
    "import_file": "Read an HTML page or a text file, extract its article and create a suggested original",
    "import_page": "Import published translated-article pages (HTML, or the text a browser copies from …",
    "import_wordpress": "Import the published posts of a WordPress export file (Tools → Export, WXR) as …",
    "export": "Write the archive (originals, translations, people, alignment...) as JSON Lines",
    "load": "Restore an export made by `foreigndesk export`, skipping what is already there",
    "backup": "Back up the whole database (accounts, articles, history, read counts...) into a new …",
    "restore": "Restore a folder written by `foreigndesk backup` into an empty database, checking its …",
    "worker": "Run the desk's background tasks (imports, related articles, the search index, the …",
    "run_due": "Publish the scheduled translations whose time has come and expire idle claims, once",
    "reindex": "Rebuild the search index of translations and originals (after an upgrade or a restore)",
    "align": "Align an original and its translation (lines, paragraphs or sentences) and print beads",
    "align_eval": "Score the aligner on a folder of NAME.L1, NAME.L2 and gold NAME.L1L2 files",
    "demo": "Load the demo desk (outlets, staff, published translations, work in progress); safe to …",
    "migrate": "Updates database schema",
    "createsuperuser": "Used to create a superuser",
    "runserver": "Starts a lightweight web server for development and also serves static files",
}
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


def _package_folder(entry: str) -> str | None:
    """The folder of the package an INSTALLED_APPS entry names (an entry may name an AppConfig
    class: its package is the longest prefix that is a folder), found on disk without importing
    anything: importing ``django_otp.plugins`` alone would load django.contrib.auth, a tenth of a
    second that ``--help`` need not spend."""
    import importlib.util

    top, *rest = entry.split(".")
    try:
        spec = importlib.util.find_spec(top)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = next(iter(spec.submodule_search_locations))
    for part in rest:
        if not os.path.isdir(os.path.join(folder, part)):
            break
        folder = os.path.join(folder, part)
    return folder


def _command_names() -> set[str]:
    """Every command of Django and the installed apps, found by file name without loading the
    apps (which would import half the project)."""
    from django.conf import settings
    from django.core import management

    names = set(management.find_commands(management.__path__[0]))
    for entry in settings.INSTALLED_APPS:
        folder = _package_folder(entry)
        if folder is not None:
            names |= set(management.find_commands(os.path.join(folder, "management")))
    return names


def _help() -> str:
    """The introduction, the desk's commands with a line each, then every other command."""
    commands = _command_names()
    lines = [INTRODUCTION, "", "The desk's commands (foreigndesk help COMMAND for more):"]
    for name, description in DESK_COMMANDS.items():
        if name in commands:
            lines.append(f"  {name.replace('_', '-'):<17} {description}")
    others = sorted(commands - set(DESK_COMMANDS) - HIDDEN_COMMANDS)
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
