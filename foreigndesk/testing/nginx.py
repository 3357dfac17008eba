"""Debian's nginx on loopback with the shipped site configuration, in front of a site on another
loopback port (Varnish or the application server), as ``deploy/stack`` runs it: for the
configuration's tests. Pure standard library (no Django)."""

from __future__ import annotations

from pathlib import Path

from foreigndesk.testing.daemon import DEPLOY, Daemon, DaemonError, installed

SITE_CONF = DEPLOY / "nginx" / "foreigndesk.conf"


class NginxError(DaemonError):
    """nginx is missing, or did not start; the message says which."""


def nginx_path() -> str | None:
    """Where nginx is installed, or None."""
    return installed("nginx")


class Nginx(Daemon):
    """``with Nginx(upstream_port=8001, static_root=path) as nginx:`` serves ``nginx.url``
    until the end of the block."""

    program = "nginx"
    package = "nginx-light"
    error = NginxError

    def __init__(self, *, upstream_port: int, static_root: Path) -> None:
        super().__init__()
        self.upstream_port = upstream_port
        self.static_root = static_root

    def command(self, binary: str, workdir: Path) -> list[str]:
        site = (
            SITE_CONF.read_text()
            .replace("@UPSTREAM@", f"127.0.0.1:{self.upstream_port}")
            .replace("@LISTEN@", f"{self.host}:{self.port}")
            .replace("@SERVER_NAME@", "127.0.0.1 localhost")
            .replace("@STATIC_ROOT@", str(self.static_root))
        )
        conf = workdir / "nginx.conf"
        conf.write_text(
            f"worker_processes 1; pid {workdir}/nginx.pid; error_log {workdir}/error.log;\n"
            "daemon off;\n"
            "events { worker_connections 64; }\n"
            f"http {{ include /etc/nginx/mime.types; access_log {workdir}/access.log;\n"
            f"client_body_temp_path {workdir}/body; proxy_temp_path {workdir}/proxy;\n"
            f"{site}\n}}\n"
        )
        return [binary, "-c", str(conf), "-p", str(workdir), "-e", str(workdir / "error.log")]
