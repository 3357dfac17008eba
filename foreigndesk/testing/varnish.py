"""Debian's varnishd on loopback with the shipped VCL, in front of a site on another loopback
port: for the VCL's tests and the web benchmark. Pure standard library (no Django)."""

from __future__ import annotations

import os
from pathlib import Path

from foreigndesk.testing.daemon import DEPLOY, Daemon, DaemonError, installed

VCL = DEPLOY / "varnish" / "foreigndesk.vcl"


class VarnishError(DaemonError):
    """varnishd is missing, or did not start; the message says which."""


def varnishd_path() -> str | None:
    """Where varnishd is installed, or None."""
    return installed("varnishd")


class Varnish(Daemon):
    """``with Varnish(backend_port=8001) as varnish:`` serves ``varnish.url`` in front of the
    site on that port until the end of the block."""

    program = "varnishd"
    package = "varnish"
    error = VarnishError

    def __init__(self, *, backend_port: int, memory: str = "32m") -> None:
        super().__init__()
        self.backend_port = backend_port
        self.memory = memory

    def command(self, binary: str, workdir: Path) -> list[str]:
        vcl = workdir / "site.vcl"
        vcl.write_text(
            VCL.read_text().replace('.port = "8000";', f'.port = "{self.backend_port}";')
        )
        os.chmod(vcl, 0o644)  # read by varnishd's unprivileged worker
        return [
            binary, "-F", "-a", f"{self.host}:{self.port}", "-f", str(vcl), "-n", str(workdir),
            "-s", f"malloc,{self.memory}", "-T", "127.0.0.1:0",
        ]  # fmt: skip
