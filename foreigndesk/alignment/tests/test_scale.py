"""Long documents: memory grows linearly and no path is quadratic (generous bounds, measured in a
subprocess)."""

from __future__ import annotations

import json
import subprocess
import sys
import tracemalloc

from foreigndesk.alignment import align
from foreigndesk.testing.synthetic_pairs import make_pair

_CHILD = """
import json, resource, sys, time
from foreigndesk.alignment import align
from foreigndesk.testing.synthetic_pairs import make_pair
pair = make_pair(int(sys.argv[1]), seed=3)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
wall, cpu = time.perf_counter(), time.process_time()
beads = align(pair.original, pair.translation)
print(json.dumps({
    "wall": time.perf_counter() - wall,
    "cpu": time.process_time() - cpu,
    "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "before_mb": before / 1024,
    "units": sum(len(b.original) for b in beads),
}))
"""


def run_child(size: int) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, "-c", _CHILD, str(size)],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    data: dict[str, float] = json.loads(result.stdout)
    return data


def test_twenty_thousand_lines_in_bounded_time_and_memory() -> None:
    data = run_child(20_000)
    assert data["units"] == 20_000
    # A guard against a quadratic path (20,000 units take 8 to 11 s of CPU, depending on the
    # machine), in CPU time so that a busy machine does not fail it; how fast the aligner is,
    # the benchmark says.
    assert data["cpu"] < 30, data
    assert data["rss_mb"] - data["before_mb"] < 600, data


def test_traced_memory_grows_linearly() -> None:
    # tracemalloc slows this pure-Python code down a lot, so it traces small documents only.
    peaks = []
    for size in (150, 600):
        pair = make_pair(size, seed=5)
        tracemalloc.start()
        align(pair.original, pair.translation)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    assert peaks[1] < 6 * peaks[0], peaks  # four times the text, not sixteen times the memory
    assert peaks[1] < 50 * 1024 * 1024
