"""Shared fixtures: throwaway servers, a fresh database per test (SQLite and PostgreSQL), the app."""

from __future__ import annotations

import asyncio
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from matcher.app import create_app
from matcher.bench.servers import PostgresServer, RedisServer
from matcher.sealing import new_key
from matcher.settings import Settings
from matcher.store.db import create_engine, upgrade
from taxonomy import Taxonomy
from taxonomy.lookup import bundled
from tests.harness import Api, serving


@pytest.fixture(scope="session")
def taxonomy() -> Taxonomy:
    return bundled()


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    server = PostgresServer()
    server.start()
    yield server
    server.remove()


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


def _migrate(url: str) -> None:
    async def run() -> None:
        engine = create_engine(url)
        await upgrade(engine)
        await engine.dispose()

    asyncio.run(run())


@pytest.fixture(scope="session")
def postgres_template(postgres: PostgresServer) -> str:
    """A migrated database that each test's database is copied from."""
    postgres.create_database("kohtaanto_template")
    _migrate(postgres.database_url("kohtaanto_template"))
    return "kohtaanto_template"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite") / "template.db"
    _migrate(f"sqlite+aiosqlite:///{path}")
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, migrated database for one test, on each backend in turn."""
    if request.param == "sqlite":
        path = tmp_path / "kohtaanto.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite+aiosqlite:///{path}"
    postgres: PostgresServer = request.getfixturevalue("postgres")
    name = f"t_{uuid.uuid4().hex[:16]}"
    postgres.create_database(name, template=request.getfixturevalue("postgres_template"))
    return postgres.database_url(name)


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, job_poll_seconds=3600, data_key=new_key())


@pytest.fixture
async def api(settings: Settings, taxonomy: Taxonomy) -> AsyncIterator[Api]:
    """The service in-process over HTTP, with jobs run in-process (no Redis)."""
    app = create_app(settings, taxonomy=taxonomy)
    async with serving(app) as api:
        yield api


FIGURES: list[str] = []


@pytest.fixture(scope="session")
def figures() -> list[str]:
    """Figures a test measured (``name: value unit``), printed at the end of the run."""
    return FIGURES


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if FIGURES:
        terminalreporter.section("figures measured by the tests")
        for line in FIGURES:
            terminalreporter.write_line(line)
