"""The start-up section times the console script in child processes, and says when it fails."""

from __future__ import annotations

import pytest

from bench.startup import cpu_seconds


def test_each_run_of_the_console_script_is_timed():
    seconds = cpu_seconds(["--version"], runs=2)
    assert len(seconds) == 2
    assert all(0 < value < 30 for value in seconds)


def test_a_failing_command_is_an_error_naming_it():
    with pytest.raises(RuntimeError, match="no-such-command exited with 1"):
        cpu_seconds(["no-such-command"], runs=1)
