"""Driving HTTP load from a second process: wrk when installed, a bounded Python fallback otherwise.

No Django here: the load generator must not share a process (or an interpreter lock) with the
server it measures.
"""

from __future__ import annotations

import http.client
import multiprocessing
import os
import re
import shutil
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

# The Python fallback stops after this many requests per process, whatever the duration.
FALLBACK_MAX_REQUESTS = 50_000
FALLBACK_MAX_PROCESSES = 8
#: Every request says what a browser's says about compression: a tier that stores pages
#: compressed (the shipped VCL) sends them so, the site itself sends them as they are.
ACCEPT_ENCODING = "gzip, deflate, br"


class LoadError(RuntimeError):
    """The load generator failed to run or printed something unexpected."""


@dataclass
class LoadResult:
    """Throughput and latency of one measured run."""

    requests: int
    seconds: float
    requests_per_second: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    non_2xx: int = 0
    socket_errors: int = 0
    tool: str = "wrk"


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
_DURATION = re.compile(r"^([\d.]+)(us|ms|s|m|h)$")


def _milliseconds(text: str) -> float:
    match = _DURATION.match(text.strip())
    if not match:
        raise LoadError(f"wrk printed a duration this parser does not know: {text!r}")
    return float(match.group(1)) * _UNITS_MS[match.group(2)]


def parse_wrk(output: str) -> LoadResult:
    """Read requests per second, the latency distribution and the errors from wrk's output.

    wrk prints the distribution with ``--latency`` only; responses other than 2xx and 3xx
    are counted on a "Non-2xx or 3xx responses" line that is absent when there were none.
    """
    percentiles: dict[str, float] = {}
    for percent, value in re.findall(r"^\s+(50|75|90|99)%\s+(\S+)\s*$", output, re.MULTILINE):
        percentiles[percent] = _milliseconds(value)
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    total = re.search(r"^\s+(\d+) requests in ([\d.]+)(us|ms|s|m|h)", output, re.MULTILINE)
    if not rate or not total or not {"50", "90", "99"} <= percentiles.keys():
        raise LoadError("wrk's output lacks the rate or the latency distribution:\n" + output)
    non_2xx = re.search(r"^\s+Non-2xx or 3xx responses:\s+(\d+)", output, re.MULTILINE)
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return LoadResult(
        requests=int(total.group(1)),
        seconds=_milliseconds(total.group(2) + total.group(3)) / 1000,
        requests_per_second=float(rate.group(1)),
        p50_ms=percentiles["50"],
        p90_ms=percentiles["90"],
        p99_ms=percentiles["99"],
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors=sum(int(n) for n in socket.groups()) if socket else 0,
    )


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def wrk_version() -> str:
    if not wrk_available():
        return "not installed"
    completed = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)
    first_line = (completed.stdout + completed.stderr).splitlines()[0]
    return first_line.split(" [")[0].strip()  # "wrk 4.2.0", without the build and copyright


def write_paths_script(paths: Sequence[str], folder: Path) -> Path:
    """A wrk Lua script that cycles through ``paths``, each thread from its own offset."""
    listed = ",\n".join(f'  "{path}"' for path in paths if '"' not in path and "\\" not in path)
    script = folder / f"paths-{len(paths)}.lua"
    script.write_text(
        "-- Written by the foreigndesk benchmark: spread requests over many article pages.\n"
        f"local paths = {{\n{listed}\n}}\n"
        "local threads = 0\n"
        "function setup(thread)\n"
        "  thread:set('offset', threads * 37)\n"
        "  threads = threads + 1\n"
        "end\n"
        "local counter = nil\n"
        "function request()\n"
        "  counter = (counter or offset or 0) + 1\n"
        "  return wrk.format('GET', paths[(counter % #paths) + 1])\n"
        "end\n",
        encoding="utf-8",
    )
    return script


def run_wrk(
    base_url: str,
    paths: Sequence[str],
    *,
    duration: float,
    connections: int,
    threads: int,
    folder: Path,
) -> LoadResult:
    """Load ``paths`` (one, or many through a Lua script) for ``duration`` seconds."""
    command = [
        "wrk",
        f"--threads={max(1, min(threads, connections))}",
        f"--connections={connections}",
        f"--duration={max(1, round(duration))}s",
        "--timeout=10s",
        "--latency",
        f"--header=Accept-Encoding: {ACCEPT_ENCODING}",
    ]
    if len(paths) > 1:
        command.append(f"--script={write_paths_script(paths, folder)}")
    command.append(base_url + paths[0])
    completed = subprocess.run(
        command, capture_output=True, text=True, timeout=duration + 60, check=False
    )
    if completed.returncode != 0:
        raise LoadError(f"wrk exited with {completed.returncode}: {completed.stderr.strip()}")
    return parse_wrk(completed.stdout)


@dataclass
class _Share:
    host: str
    port: int
    paths: Sequence[str]
    offset: int
    duration: float
    max_requests: int


def _client(share: _Share) -> tuple[list[float], int, int, float]:
    """One fallback client: GET the paths in turn until the deadline or the request bound."""
    began = time.monotonic()
    deadline = began + share.duration  # from this client's own start: spawning takes a while
    latencies: list[float] = []
    non_2xx = errors = 0
    connection = http.client.HTTPConnection(share.host, share.port, timeout=10)
    number = share.offset
    while time.monotonic() < deadline and len(latencies) < share.max_requests:
        path = share.paths[number % len(share.paths)]
        number += 1
        started = time.perf_counter()
        try:
            connection.request("GET", path, headers={"Accept-Encoding": ACCEPT_ENCODING})
            response = connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            errors += 1
            connection.close()
            continue
        latencies.append((time.perf_counter() - started) * 1000)
        if not 200 <= response.status < 400:
            non_2xx += 1
    connection.close()
    return latencies, non_2xx, errors, time.monotonic() - began


def run_python(
    host: str, port: int, paths: Sequence[str], *, duration: float, connections: int
) -> LoadResult:
    """The fallback when wrk is missing: a few processes of blocking clients, bounded in time
    and in count. It saturates the server less well than wrk, so its numbers read lower."""
    processes = max(1, min(connections, FALLBACK_MAX_PROCESSES, 2 * (os.cpu_count() or 1)))
    shares = [
        _Share(host, port, paths, index * 37, duration, FALLBACK_MAX_REQUESTS)
        for index in range(processes)
    ]
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        results = pool.map(_client, shares)
    latencies = sorted(value for result in results for value in result[0])
    if not latencies:
        raise LoadError("the Python load generator got no response at all")

    def percentile(fraction: float) -> float:
        return latencies[min(len(latencies) - 1, int(fraction * len(latencies)))]

    return LoadResult(
        requests=len(latencies),
        seconds=round(max(result[3] for result in results), 2),
        # Clients start at slightly different times: add up each one's own rate.
        requests_per_second=sum(len(result[0]) / max(result[3], 1e-3) for result in results),
        p50_ms=percentile(0.50),
        p90_ms=percentile(0.90),
        p99_ms=percentile(0.99),
        non_2xx=sum(result[1] for result in results),
        socket_errors=sum(result[2] for result in results),
        tool="python",
    )
