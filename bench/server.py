"""A gunicorn server on loopback for the duration of a measurement, stopped by its PID."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType

from foreigndesk.testing.daemon import free_port

from . import procstat

START_TIMEOUT = 60.0
STOP_TIMEOUT = 15.0


class ServerError(RuntimeError):
    """gunicorn did not start, or did not answer in time."""


def get(host: str, port: int, path: str, timeout: float = 30.0) -> tuple[int, str]:
    """One GET: the status and the Location header (for redirects)."""
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("Location") or ""
    finally:
        connection.close()


class Gunicorn:
    """``with Gunicorn(env=..., workers=2, log=...) as server:`` serves foreigndesk until the end
    of the block, then stops the master by its PID (and its process group if it lingers)."""

    host = "127.0.0.1"

    def __init__(
        self,
        *,
        env: dict[str, str],
        workers: int,
        log: Path,
        app: str = "foreigndesk.wsgi:application",
    ) -> None:
        self.env = env
        self.app = app
        self.workers = workers
        self.log = log
        self.port = 0
        self.idle_answer = 0.0  # seconds the trivial view takes on the fresh server
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def __enter__(self) -> Gunicorn:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> None:
        self.port = free_port()
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            self.app,
            f"--bind={self.host}:{self.port}",
            f"--workers={self.workers}",
            "--worker-class=sync",
            "--timeout=60",
            "--graceful-timeout=5",
            "--log-level=warning",
        ]
        with self.log.open("ab") as log:
            # A session of its own: Ctrl-C in the terminal reaches the harness, which then stops
            # the server itself, in order.
            self.process = subprocess.Popen(
                command, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        self._wait_until_answering()

    def _wait_until_answering(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise ServerError(
                    f"gunicorn exited with {self.process.returncode} at start:\n{self._log_tail()}"
                )
            try:
                get(self.host, self.port, "/healthz", timeout=5)  # any answer will do, 404 too
            except OSError:
                time.sleep(0.2)
                continue
            self.idle_answer = min(self._time_healthz() for _ in range(5))
            return
        self.stop()
        raise ServerError(f"gunicorn did not answer within {START_TIMEOUT:.0f} s")

    def _time_healthz(self) -> float:
        asked = time.perf_counter()
        get(self.host, self.port, "/healthz", timeout=STOP_TIMEOUT * 4)
        return time.perf_counter() - asked

    def wait_until_idle(self, *, timeout: float = 120.0) -> float:
        """Wait until the trivial view answers about as fast as when the server was fresh, twice
        in a row; return the seconds waited.

        Sync workers finish every request already queued, even those of a load generator that
        has hung up: a slow page would otherwise eat into the next page's measurement.
        """
        quick = max(0.1, 3 * self.idle_answer)
        started = time.monotonic()
        quick_in_a_row = 0
        while quick_in_a_row < 2 and time.monotonic() - started < timeout:
            try:
                answer = self._time_healthz()
            except OSError:
                time.sleep(0.2)
                continue
            quick_in_a_row = quick_in_a_row + 1 if answer < quick else 0
        return time.monotonic() - started

    def worker_pids(self) -> list[int]:
        """The workers' PIDs (the master's children), in PID order; none once stopped."""
        if self.process is None or self.process.poll() is not None:
            return []
        return procstat.children(self.process.pid)

    def _log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        os.kill(process.pid, signal.SIGTERM)  # the master stops its workers
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(STOP_TIMEOUT)
        # The master's process group id is its PID: this reaches a worker left behind (or a
        # master that would not stop) and nothing else.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(STOP_TIMEOUT)
