"""The benchmark: a generated desk of many articles, pages under load, and other sections.

Run with ``make bench`` or ``python -m foreigndesk.bench``; see the README's "Benchmarks".
"""
