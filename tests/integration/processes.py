"""Running the ``matcher`` command as a real process, the way an operator does."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from matcher.bench.servers import PostgresServer, free_port
from matcher.sealing import new_key

DATA_KEY = new_key()  # one key for the whole run: the processes of one test share a database
MATCHER = str(Path(sys.executable).parent / "matcher")


def environment(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MATCHER_")}
    env.update({f"MATCHER_{k.upper()}": v for k, v in {"data_key": DATA_KEY, **values}.items()})
    return env


def database(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A fresh database of the backend for one test: an SQLite file, or a PostgreSQL database of the
    throwaway server, upgraded to the current schema."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'k.db'}"
    postgres: PostgresServer = request.getfixturevalue("postgres")
    name = f"cli_{free_port()}_{time.time_ns() % 1_000_000}"
    postgres.create_database(name)
    url = f"postgresql://postgres@127.0.0.1:{postgres.port}/{name}"
    upgraded = run("db", "upgrade", env=environment(database_url=url))
    assert upgraded.returncode == 0, upgraded.stderr
    return url


def run(*args: str, env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([MATCHER, *args], env=dict(env), capture_output=True, text=True, timeout=120)


def token(org: str, role: str, env: Mapping[str, str]) -> str:
    result = run("users", "create", "--org", org, "--role", role, "--name", f"{role}-{org}", env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


@contextmanager
def service(
    *args: str, env: Mapping[str, str], log: Path, ready_url: str | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """Start ``matcher ARGS`` in the background; stop it with SIGTERM (as an orchestrator would)."""
    with log.open("wb") as output:
        process = subprocess.Popen([MATCHER, *args], env=dict(env), stdout=output, stderr=subprocess.STDOUT)
        try:
            if ready_url:
                wait_for(ready_url, process, log)
            yield process
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def wait_for(url: str, process: subprocess.Popen[bytes], log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"process exited early:\n{log.read_text()}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"{url} did not answer in {seconds} s:\n{log.read_text()}")


def eventually(check: object, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return
        time.sleep(0.2)
    raise AssertionError("condition not reached in time")
