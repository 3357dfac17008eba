"""A server from Debian's packages (varnishd, nginx) run on a free loopback port for a test or the
benchmark, in a working folder of its own, and stopped by its PID (its process group if it
lingers). Pure standard library (no Django)."""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import Self

START_TIMEOUT = 20.0
STOP_TIMEOUT = 10.0
DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


class DaemonError(RuntimeError):
    """The server is missing, or did not start; the message says which."""


def installed(name: str) -> str | None:
    """Where the program ``name`` is installed (on the PATH or in /usr/sbin), or None."""
    found = shutil.which(name)
    if found:
        return found
    return f"/usr/sbin/{name}" if os.path.exists(f"/usr/sbin/{name}") else None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    """An answer's status, headers and bytes as sent (not decompressed)."""
    host, port = url.removeprefix("http://").split("/", 1)[0].split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    connection.request("GET", "/" + url.split("/", 3)[3], headers=headers)
    response = connection.getresponse()
    answer = response.status, dict(response.getheaders()), response.read()
    connection.close()
    return answer


class Daemon:
    """``with Server(...) as server:`` serves ``server.url`` until the end of the block. A
    subclass names its program and Debian package and writes its configuration in
    ``command``."""

    program = ""
    package = ""
    error: type[DaemonError] = DaemonError
    host = "127.0.0.1"

    def __init__(self) -> None:
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self.workdir: Path | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def command(self, binary: str, workdir: Path) -> list[str]:
        """The command line that serves on ``self.port``, its files written in ``workdir``."""
        raise NotImplementedError

    def start(self) -> None:
        binary = installed(self.program)
        if binary is None:
            raise self.error(f"{self.program} is not installed (apt-get install {self.package})")
        self.workdir = Path(tempfile.mkdtemp(prefix=f"foreigndesk-{self.program}-"))
        # Both servers' workers run as an unprivileged user, which must read the folder.
        os.chmod(self.workdir, 0o755)
        self.port = free_port()
        self.process = subprocess.Popen(
            self.command(binary, self.workdir),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                with socket.create_connection((self.host, self.port), timeout=0.5):
                    return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    output = self._output()
                    self.stop()
                    raise self.error(f"{self.program} did not start: {output[-2000:]}") from None
                time.sleep(0.1)

    def _output(self) -> str:
        process = self.process
        if process is None or process.stdout is None:
            return ""
        if process.poll() is None:
            process.kill()
            process.wait(STOP_TIMEOUT)
        return process.stdout.read().decode(errors="replace")

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            # Its own session: the group is the server's master and its workers, nothing else.
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(STOP_TIMEOUT)
        if process is not None and process.stdout is not None:
            process.stdout.close()
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None
