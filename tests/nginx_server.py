"""Debian's nginx serving a built site with the shipped server block,
deploy/nginx.conf, as an operator runs it (shared by the tests that need a
real server: tests/test_nginx.py, tests/test_csp.py).

The server block goes, as on Debian, into an `http` block like the one of
Debian's own /etc/nginx/nginx.conf (mime.types included, gzip on); the
test changes only what an operator changes (root and server_name) and where
it listens (127.0.0.1, a free port). nginx runs as the current user in a
temporary prefix: its pid file, logs and temporary folders there, in the
foreground (`daemon off;`) as a child of the test, which stops it by its own
process id.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEPLOY_CONF = ROOT / "deploy/nginx.conf"
MIME_TYPES = Path("/etc/nginx/mime.types")


def declared_headers(conf: str | None = None) -> dict[str, str]:
    """The headers deploy/nginx.conf adds to every response: its
    `add_header NAME "VALUE" always;` lines, comments left out (Cache-Control,
    set per location through a variable, is not among them)."""
    text = DEPLOY_CONF.read_text(encoding="utf-8") if conf is None else conf
    code = "\n".join(line.split("#", 1)[0] for line in text.splitlines())
    return dict(re.findall(r'(?m)^\s*add_header ([A-Za-z-]+) "([^"]*)" always;', code))


def nginx_binary() -> Path | None:
    """Debian's nginx (in /usr/sbin, which is not on a user's PATH), or NGINX."""
    named = os.environ.get("NGINX") or shutil.which("nginx") or "/usr/sbin/nginx"
    path = Path(named)
    return path if path.is_file() and os.access(path, os.X_OK) else None


def missing_reason() -> str | None:
    if nginx_binary() is None:
        return "nginx not found: install Debian's nginx (apt-get install nginx; .ci/run does)"
    if not MIME_TYPES.is_file():
        return f"{MIME_TYPES} not found (Debian's nginx-common installs it)"
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_block(site: Path, port: int, conf: str | None = None) -> str:
    """deploy/nginx.conf (or `conf`) with what an operator changes filled in
    for this test: the root, the name, and 127.0.0.1:<port> to listen on.
    Each line is replaced exactly once, or the shipped file has changed
    shape and this says so."""
    text = DEPLOY_CONF.read_text(encoding="utf-8") if conf is None else conf
    replacements = (
        (r"(?m)^(\s*)listen 80;$", lambda m: f"{m.group(1)}listen 127.0.0.1:{port};"),
        (r"(?m)^\s*listen \[::\]:80;\n", lambda m: ""),
        (r"(?m)^(\s*)server_name [^;]+;", lambda m: f"{m.group(1)}server_name localhost;"),
        (r"(?m)^(\s*)root [^;]+;", lambda m: f"{m.group(1)}root {site};"),
    )
    for pattern, replacement in replacements:
        text, count = re.subn(pattern, replacement, text)
        if count != 1:
            raise AssertionError(f"deploy/nginx.conf: {pattern!r} matched {count} times, not once")
    return text


MAIN_CONF = """\
# As Debian's /etc/nginx/nginx.conf, less what needs root (/run, /var/log).
{user}daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log info;
events {{
    worker_connections 256;
}}
http {{
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    include mime.types;
    default_type application/octet-stream;
    access_log {prefix}/access.log;
    gzip on;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    include site.conf;
}}
"""


def _user_line() -> str:
    """Started by root (a CI container), nginx's workers would become
    "nobody", who cannot read the test's private temporary folders: they run
    as the current user then. Started by anyone else they are that user
    anyway (and a `user` line would only draw a warning)."""
    if os.geteuid() != 0:
        return ""
    import grp
    import pwd

    return f"user {pwd.getpwuid(os.geteuid()).pw_name} {grp.getgrgid(os.getegid()).gr_name};\n"


class Nginx:
    """nginx serving `site` with deploy/nginx.conf (or `conf`), in `prefix`.
    Can be stopped (the network is gone) and started again on the same port."""

    def __init__(self, site: Path, prefix: Path, conf: str | None = None, port: int | None = None) -> None:
        binary = nginx_binary()
        if binary is None:
            raise RuntimeError(missing_reason())
        self.binary = binary
        self.site = site
        self.prefix = prefix
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None
        prefix.mkdir(parents=True, exist_ok=True)
        shutil.copy2(MIME_TYPES, prefix / "mime.types")
        (prefix / "site.conf").write_text(server_block(site, self.port, conf), encoding="utf-8")
        (prefix / "nginx.conf").write_text(MAIN_CONF.format(prefix=prefix, user=_user_line()), encoding="utf-8")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def _command(self, *extra: str) -> list[str]:
        # -e: the error log from the start (Debian's default, /var/log/nginx, is root's).
        return [str(self.binary), "-p", str(self.prefix), "-c", str(self.prefix / "nginx.conf"),
                "-e", str(self.prefix / "error.log"), *extra]

    def check(self) -> subprocess.CompletedProcess:
        """`nginx -t`: the configuration as nginx reads it."""
        return subprocess.run(self._command("-t"), capture_output=True, text=True, timeout=30)

    def start(self) -> None:
        log = open(self.prefix / "stderr.log", "ab")  # noqa: SIM115 - the child writes to it
        self.process = subprocess.Popen(self._command(), stdout=log, stderr=log)
        log.close()
        end = time.monotonic() + 15
        while time.monotonic() < end:
            if self.process.poll() is not None:
                break
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"nginx did not start:\n{self.log()}")

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)  # fast shutdown: connections closed now, like a dead network
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)

    def log(self) -> str:
        parts = []
        for name in ("stderr.log", "error.log"):
            path = self.prefix / name
            if path.is_file():
                parts.append(path.read_text(encoding="utf-8", errors="replace"))
        return "\n".join(parts)

    def __enter__(self) -> "Nginx":
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
