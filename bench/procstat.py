"""What a process has cost so far, read from Linux's /proc: CPU time and resident memory.

The web section reads the gunicorn workers (and PostgreSQL's backends when the database is
PostgreSQL) before and after each load run: the difference, divided by the requests served, is
the CPU each request took on the server's side, whatever the load generator itself cost.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

PROC = Path("/proc")
#: Clock ticks per second, the unit of utime and stime in /proc/PID/stat.
TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def available() -> bool:
    return (PROC / "self" / "stat").exists()


def cpu_seconds(pid: int, proc: Path = PROC) -> float:
    """User plus system CPU seconds the process has used; 0 when it is gone."""
    try:
        text = (proc / str(pid) / "stat").read_text()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return 0.0
    # The command name (field 2) is in parentheses and may hold spaces: split after it.
    fields = text[text.rindex(")") + 2 :].split()
    # After the name, fields start at 3 (state): utime is field 14 and stime field 15.
    utime, stime = int(fields[14 - 3]), int(fields[15 - 3])
    return (utime + stime) / TICKS


def rss_bytes(pid: int, proc: Path = PROC) -> int:
    """Resident memory of the process (VmRSS), in bytes; 0 when it is gone."""
    try:
        lines = (proc / str(pid) / "status").read_text().splitlines()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return 0
    for line in lines:
        if line.startswith("VmRSS:"):
            value, unit = line.split()[1:3]
            if unit != "kB":
                raise ValueError(f"/proc/{pid}/status gives VmRSS in {unit!r}, not kB")
            return int(value) * 1024
    return 0


def children(pid: int, proc: Path = PROC) -> list[int]:
    """The direct children of a process (every thread's), in PID order."""
    found: set[int] = set()
    for task in (proc / str(pid) / "task").glob("*"):
        try:
            found.update(int(child) for child in (task / "children").read_text().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return sorted(found)


def processes_named(prefix: str, *, containing: str = "", proc: Path = PROC) -> list[int]:
    """Processes whose command line starts with ``prefix`` and holds ``containing``, in PID
    order: ``("postgres: ", containing=" bench ")`` finds PostgreSQL's backends serving the
    database ``bench`` (backends rename themselves "postgres: USER DATABASE HOST STATE")."""
    found = []
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
        if command.startswith(prefix) and containing in command:
            found.append(int(entry.name))
    return sorted(found)


def total_cpu(pids: Iterable[int], proc: Path = PROC) -> dict[int, float]:
    """CPU seconds of each process, by PID (a snapshot to subtract from a later one)."""
    return {pid: cpu_seconds(pid, proc) for pid in pids}


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds used between two snapshots. A process seen only after (a backend started
    during the run) counts from zero; one gone by the end is lost with what it used."""
    return sum(max(0.0, seconds - before.get(pid, 0.0)) for pid, seconds in after.items())
