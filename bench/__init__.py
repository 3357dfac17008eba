"""The benchmark: a generated desk of many articles, pages under load, and other sections.

Run with ``make bench`` or ``python -m bench``; see the README's "Benchmarks".
"""

from pathlib import Path

#: The repository's root: the benchmark's own processes run from here, so ``-m bench.…`` resolves.
ROOT = Path(__file__).resolve().parents[1]
