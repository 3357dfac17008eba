"""Test support: factories, the loopback stand-in for the web, synthetic aligned pairs.

Used by the test suites and the benchmarks; the product never imports it, and it is left out of
the installed package.
"""
