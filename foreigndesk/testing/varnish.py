"""Debian's varnishd on loopback with the shipped VCL, in front of a site on another loopback
port: for the VCL's tests and the web benchmark. Pure standard library (no Django)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType

VCL = Path(__file__).resolve().parents[2] / "deploy" / "varnish" / "foreigndesk.vcl"
START_TIMEOUT = 20.0
STOP_TIMEOUT = 10.0


class VarnishError(RuntimeError):
    """varnishd is missing, or did not start; the message says which."""


def varnishd_path() -> str | None:
    """Where varnishd is installed, or None."""
    found = shutil.which("varnishd")
    if found:
        return found
    return "/usr/sbin/varnishd" if os.path.exists("/usr/sbin/varnishd") else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Varnish:
    """``with Varnish(backend_port=8001) as varnish:`` serves ``varnish.url`` until the end of
    the block, then stops varnishd by its PID (its process group if it lingers) and removes
    its working folder."""

    host = "127.0.0.1"

    def __init__(self, *, backend_port: int, memory: str = "32m") -> None:
        self.backend_port = backend_port
        self.memory = memory
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self.workdir: Path | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def __enter__(self) -> Varnish:
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
        binary = varnishd_path()
        if binary is None:
            raise VarnishError("varnishd is not installed (apt-get install varnish)")
        self.workdir = Path(tempfile.mkdtemp(prefix="foreigndesk-varnish-"))
        # varnishd's worker runs as an unprivileged user, which must read the folder and VCL.
        os.chmod(self.workdir, 0o755)
        vcl = self.workdir / "site.vcl"
        vcl.write_text(
            VCL.read_text().replace('.port = "8000";', f'.port = "{self.backend_port}";')
        )
        os.chmod(vcl, 0o644)
        self.port = _free_port()
        command = [
            binary, "-F", "-a", f"{self.host}:{self.port}", "-f", str(vcl), "-n", str(self.workdir),
            "-s", f"malloc,{self.memory}", "-T", "127.0.0.1:0",
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
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
                    raise VarnishError(f"varnishd did not start: {output[-2000:]}") from None
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
            # Its own session: the group is varnishd's manager and its cache child, nothing else.
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
