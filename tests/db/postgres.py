"""A throw-away PostgreSQL server for the tests: initdb in a temporary folder, started on a free
port of 127.0.0.1 (its unix socket in the same folder), stopped and removed at the end.

PostgreSQL refuses to run as root. When the tests run as root (as in the CI container), the
server runs as the ``postgres`` account when it exists, else ``nobody``, through ``runuser``;
its folder is created directly under /tmp and handed to that account.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

SUPERUSER = "nianbao"


def find_bin_dir() -> Path | None:
    """The folder of ``initdb``/``pg_ctl``: on PATH, else the newest /usr/lib/postgresql/*/bin."""
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(found).parent
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"),
                        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0)
    for candidate in reversed(candidates):
        if (candidate / "initdb").is_file() and (candidate / "pg_ctl").is_file():
            return candidate
    return None


def _run_as() -> str | None:
    """The account the server runs as when we are root (``None``: as ourselves)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            pwd.getpwnam(name)
            return name
    raise RuntimeError("running as root and neither 'postgres' nor 'nobody' exists to run PostgreSQL")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class PostgresServer:
    bin_dir: Path
    folder: Path = field(init=False)
    port: int = field(init=False, default=0)
    user: str | None = field(init=False, default=None)

    def _command(self, *args: str) -> list[str]:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if self.user is None:
            return command
        if shutil.which("runuser"):
            return ["runuser", "-u", self.user, "--", *command]
        return ["su", "-s", "/bin/sh", self.user, "-c", " ".join(f"'{a}'" for a in command)]

    def _run(self, *args: str) -> None:
        result = subprocess.run(self._command(*args), capture_output=True, text=True, timeout=120, check=False)
        if result.returncode != 0:
            log = self.folder / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.is_file() else ""
            raise RuntimeError(f"{args[0]} failed ({result.returncode}): {result.stderr}{result.stdout}\n{tail}")

    def start(self) -> None:
        self.user = _run_as()
        self.folder = Path(tempfile.mkdtemp(prefix="nianbao-pg-", dir="/tmp" if self.user else None))
        if self.user is not None:
            entry = pwd.getpwnam(self.user)
            os.chown(self.folder, entry.pw_uid, entry.pw_gid)
        data = self.folder / "data"
        self._run("initdb", "-D", str(data), "-A", "trust", "-U", SUPERUSER, "-E", "UTF8",
                  "--locale=C", "--no-sync")
        for _attempt in range(3):
            self.port = _free_port()
            options = (f"-F -k {self.folder} -p {self.port} -h 127.0.0.1 -c max_connections=60 "
                       "-c synchronous_commit=off -c full_page_writes=off")
            try:
                self._run("pg_ctl", "-D", str(data), "-o", options, "-l", str(self.folder / "server.log"),
                          "-w", "-t", "60", "start")
                return
            except RuntimeError:
                continue
        raise RuntimeError(f"PostgreSQL did not start; see {self.folder / 'server.log'}")

    def stop(self) -> None:
        with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
            self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, template: str | None = None) -> str:
        """A new empty database (or a copy of ``template``); returns its URL."""
        import psycopg

        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            suffix = f' TEMPLATE "{template}"' if template else ""
            conn.execute(f'CREATE DATABASE "{name}"{suffix}'.encode())
        return self.url(name)

    def drop_database(self, url: str) -> None:
        """Drop a database made by :meth:`create_database` (keeps the server's folder small)."""
        import psycopg

        name = url.rsplit("/", 1)[1]
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'.encode())
