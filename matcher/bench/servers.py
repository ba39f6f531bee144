"""Throwaway PostgreSQL and Redis servers started from the installed binaries (for tests and benchmarks).

The test run owns these processes, so tests can also stop, kill and restart them. Nothing here
uses a server that happens to be running on the machine already.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

INSTALL_HINT = (
    "{what} is needed by the tests and was not found. Install it with "
    "`apt-get install postgresql redis-server` (the README's test command does this when it can)."
)


class MissingServer(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait(check: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise RuntimeError(f"{what} did not start within {timeout:.0f} s")


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def postgres_bindir() -> Path:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"), key=lambda p: int(p.split("/")[4]))
    if candidates:
        return Path(candidates[-1]).parent
    found = shutil.which("postgres")
    if found:
        return Path(found).parent
    raise MissingServer(INSTALL_HINT.format(what="PostgreSQL (postgres, initdb)"))


class PostgresServer:
    """A PostgreSQL cluster in a temporary folder, on its own port, with trust authentication."""

    def __init__(self) -> None:
        self.bindir = postgres_bindir()
        # Its own folder under the system temp dir: when run as root the server runs as `postgres`,
        # which must be able to reach it (pytest's own temp folders are private to root).
        root = Path(tempfile.mkdtemp(prefix="kohtaanto-pg-"))
        self.root = root
        self.data = root / "data"
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.as_user: dict[str, str] = {}
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            self.as_user = {"user": "postgres", "group": "postgres"}
            shutil.chown(root, "postgres")
        subprocess.run(
            [
                str(self.bindir / "initdb"),
                "-D",
                str(self.data),
                "-U",
                "postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
            ],
            check=True,
            capture_output=True,
            **self.as_user,  # type: ignore[call-overload]
        )

    @property
    def url(self) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/postgres"

    def database_url(self, name: str) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/{name}"

    def create_database(self, name: str, template: str | None = None) -> None:
        subprocess.run(
            [
                str(self.bindir / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                *(["-T", template] if template else []),
                name,
            ],
            check=True,
            capture_output=True,
        )

    def start(self) -> None:
        self.log = open(self.root / "postgres.log", "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                str(self.bindir / "postgres"),
                "-D",
                str(self.data),
                "-p",
                str(self.port),
                "-k",
                str(self.root),
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                "fsync=off",
                "-c",
                "synchronous_commit=off",
                "-c",
                "full_page_writes=off",
                "-c",
                "max_connections=200",
            ],
            stdout=self.log,
            stderr=self.log,
            **self.as_user,  # type: ignore[call-overload]
        )
        _wait(lambda: self._ready(), "PostgreSQL")

    def _ready(self) -> bool:
        if self.process is not None and self.process.poll() is not None:
            raise RuntimeError(f"PostgreSQL exited; see {self.root / 'postgres.log'}")
        result = subprocess.run(
            [str(self.bindir / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port)], capture_output=True
        )
        return result.returncode == 0

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # fast shutdown
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        self.log.close()

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


class RedisServer:
    """A Redis server on its own port; AOF optional, so tests can show what survives a restart."""

    def __init__(self, root: Path, appendonly: bool = False) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise MissingServer(INSTALL_HINT.format(what="Redis (redis-server)"))
        self.binary = binary
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.appendonly = appendonly
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.log = open(self.root / "redis.log", "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.root),
                "--save",
                "",
                "--appendonly",
                "yes" if self.appendonly else "no",
                "--maxmemory-policy",
                "noeviction",
            ],
            stdout=self.log,
            stderr=self.log,
        )
        _wait(lambda: _port_open(self.port), "Redis")

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.log.close()
        self.process = None

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        if self.process is not None:
            self.log.close()
        self.process = None
