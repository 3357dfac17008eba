"""The console script's start-up: CPU time of ``foreigndesk --help`` and ``--version``.

Each is run a few times in a child process and its user plus system CPU time read from
``resource.getrusage(RUSAGE_CHILDREN)``; the table gives the least and the median (the least is
the cost itself, the median shows how busy the machine was). Budget: --help under 0.3 s.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

from . import ROOT
from .sections import Context

RUNS = 5
HELP_BUDGET_S = 0.3


def _command() -> list[str]:
    """The installed console script beside this interpreter, else ``python -m foreigndesk``."""
    script = Path(sys.executable).parent / "foreigndesk"
    return [str(script)] if script.exists() else [sys.executable, "-m", "foreigndesk"]


def cpu_seconds(arguments: list[str], runs: int = RUNS) -> list[float]:
    """User plus system CPU seconds of each of ``runs`` runs of the console script."""
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    found = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        completed = subprocess.run(
            [*_command(), *arguments], cwd=ROOT, env=env, capture_output=True, check=False
        )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if completed.returncode != 0:
            raise RuntimeError(
                f"foreigndesk {' '.join(arguments)} exited with {completed.returncode}: "
                + completed.stderr.decode(errors="replace")[-1000:]
            )
        found.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    return found


def run(context: Context) -> bool:
    figures: dict[str, Any] = {}
    for arguments in (["--help"], ["--version"]):
        seconds = cpu_seconds(arguments)
        name = " ".join(arguments)
        figures[name] = {"least_s": min(seconds), "median_s": statistics.median(seconds)}
        context.write(
            f"foreigndesk {name}: {min(seconds):.3f} s CPU at least, "
            f"{statistics.median(seconds):.3f} s median over {len(seconds)} runs"
        )
    help_s = figures["--help"]["least_s"]
    context.write(
        f"target: --help under {HELP_BUDGET_S} s of CPU: "
        + ("ok" if help_s < HELP_BUDGET_S else "MISSED")
    )
    context.results["startup"] = figures
    return True
