"""Shortlists through HTTP: a load generator against a real ``matcher serve`` with 100,000 job seekers.

The demo data is loaded, then its job seekers are copied (with new ids and their consents) until
the city has the asked-for number; requests ask shortlists for the demo's open vacancies from a
few concurrent clients, with jobs queued in Redis for workers as deployed. Figures: the first
shortlist (the warm index built), then requests per second, p50 and p99 latency.
"""

from __future__ import annotations

import asyncio
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
import numpy as np
from sqlalchemy import insert, select

from matcher.bench import figure
from matcher.bench.servers import RedisServer, free_port
from matcher.demo import CITY, seed
from matcher.sealing import new_key
from matcher.settings import Settings, normalise_database_url
from matcher.store.db import create_engine, sessions
from matcher.store.tables import CandidateRow, ConsentRow, VacancyRow, utcnow

CLIENTS = 4
REQUESTS = 120


async def copy_people(settings: Settings, organisation: str, count: int) -> None:
    """Copy the organisation's job seekers (and their consents) until it has ``count`` of them."""
    engine = create_engine(settings.database_url)
    try:
        async with sessions(engine)() as session:
            sources = list(
                await session.scalars(select(CandidateRow).where(CandidateRow.organisation_id == organisation))
            )
            consents = list(await session.scalars(select(ConsentRow)))
            given: dict[str, list[ConsentRow]] = {}
            for consent in consents:
                given.setdefault(consent.candidate_id, []).append(consent)
            people, rows = [], []
            for n in range(count - len(sources)):
                source = sources[n % len(sources)]
                person = str(uuid.uuid4())
                values = {c.key: getattr(source, c.key) for c in CandidateRow.__table__.columns}
                now = utcnow()
                people.append({**values, "id": person, "case_ref": None, "created_at": now, "updated_at": now})
                for consent in given.get(source.id, []):
                    fields = {c.key: getattr(consent, c.key) for c in ConsentRow.__table__.columns}
                    rows.append({**fields, "id": str(uuid.uuid4()), "candidate_id": person})
                if len(people) == 5000:
                    await session.execute(insert(CandidateRow), people)
                    await session.execute(insert(ConsentRow), rows)
                    people, rows = [], []
            if people:
                await session.execute(insert(CandidateRow), people)
                await session.execute(insert(ConsentRow), rows)
            await session.commit()
    finally:
        await engine.dispose()


async def _open_vacancies(settings: Settings) -> list[str]:
    engine = create_engine(settings.database_url)
    try:
        async with sessions(engine)() as session:
            return list(await session.scalars(select(VacancyRow.id).where(VacancyRow.status == "open")))
    finally:
        await engine.dispose()


async def _load(base: str, token: str, vacancies: list[str]) -> tuple[list[float], float]:
    headers = {"Authorization": f"Bearer {token}"}
    times: list[float] = []
    queue = [vacancies[i % len(vacancies)] for i in range(REQUESTS)]
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=120) as client:

        async def worker() -> None:
            while queue:
                vacancy = queue.pop()
                started = time.perf_counter()
                response = await client.post(f"/v1/vacancies/{vacancy}/shortlists", json={"limit": 10})
                times.append(time.perf_counter() - started)
                assert response.status_code == 201, response.text

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(CLIENTS)))
        return times, time.perf_counter() - started


def main(candidates: int, label: str) -> None:
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request would drown the figures
    with tempfile.TemporaryDirectory() as folder:
        database = f"sqlite:///{Path(folder) / 'bench.db'}"
        key = new_key()
        settings = Settings(database_url=normalise_database_url(database), data_key=key, rate_limit_per_minute=0)
        tokens = asyncio.run(seed(settings))
        asyncio.run(copy_people(settings, CITY, candidates))
        vacancies = asyncio.run(_open_vacancies(settings))
        port = free_port()
        env = {
            **os.environ,
            "MATCHER_DATABASE_URL": database,
            "MATCHER_DATA_KEY": key,
            "MATCHER_RATE_LIMIT_PER_MINUTE": "0",
        }
        # As deployed: jobs go to Redis for the workers (none run here), not into the API process.
        redis = RedisServer(Path(folder) / "redis")
        redis.start()
        env["MATCHER_REDIS_URL"] = redis.url
        base = f"http://127.0.0.1:{port}"
        log = (Path(folder) / "serve.log").open("wb")
        server = subprocess.Popen(
            [sys.executable, "-m", "matcher.cli", "serve", "--port", str(port)], env=env, stdout=log, stderr=log
        )
        try:
            started = time.perf_counter()
            deadline = time.monotonic() + 300
            while time.monotonic() < deadline:
                try:
                    if httpx.get(f"{base}/ready", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                time.sleep(0.2)
            # Ready once the candidate index is built: the service builds it at start.
            figure(f"http_ready_s@{label}", f"{time.perf_counter() - started:.1f}", "s")
            headers = {"Authorization": f"Bearer {tokens['demo-coach']}"}
            started = time.perf_counter()
            first = httpx.post(f"{base}/v1/vacancies/{vacancies[0]}/shortlists", headers=headers, timeout=300)
            assert first.status_code == 201, first.text
            figure(f"http_first_shortlist_s@{label}", f"{time.perf_counter() - started:.1f}", "s")
            times, elapsed = asyncio.run(_load(base, tokens["demo-coach"], vacancies))
            figure(f"http_shortlists_per_s@{label}", f"{len(times) / elapsed:.1f}", "1/s")
            figure(f"http_shortlist_p50_ms@{label}", f"{statistics.median(times) * 1000:.0f}", "ms")
            figure(f"http_shortlist_p99_ms@{label}", f"{float(np.percentile(times, 99)) * 1000:.0f}", "ms")
        finally:
            server.terminate()
            server.wait(timeout=30)
            log.close()
            redis.stop()
