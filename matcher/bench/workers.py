"""Worker throughput: feedback jobs per second through Redis with 1, 2 and 4 worker processes.

Every run starts its own Redis server, and its own PostgreSQL cluster when the binaries are
installed (SQLite otherwise), so the figures do not depend on what else the machine runs.
Also used by the fault tests to seed interviews and count what the workers did.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import msgspec
from redis.asyncio import Redis
from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from matcher.bench import figure
from matcher.bench.servers import MissingServer, PostgresServer, RedisServer
from matcher.domain.access import Principal
from matcher.domain.enums import OrgKind, Role
from matcher.domain.vacancies import VacancyCreate
from matcher.jobs import RedisDispatcher
from matcher.settings import Settings
from matcher.store import jobs, vacancies
from matcher.store.db import create_engine, sessions, upgrade
from matcher.store.ids import new_id
from matcher.store.referrals import CHASE_FEEDBACK
from matcher.store.tables import JobRow, NotificationRow, ReferralRow, WebhookRow, utcnow
from matcher.store.users import create_user
from taxonomy import Taxonomy
from workers.settings import queue_client

VACANCY = {
    "title": "Varastotyöntekijä",
    "occupation": "warehouse worker",
    "required_skills": ["trukkikortti"],
    "languages": [{"code": "fi", "level": "A2"}],
    "municipality": "Tampere",
    "hours": "full_time",
    "contract": "permanent",
    "openings": 2,
    "interview_slots": 10,
}
WORKER_ENV = {"JOB_TIMEOUT_SECONDS": "5", "REMINDERS": "0", "REMINDER_AFTER_DAYS": "30"}


async def seed_interviews(url: str, count: int, taxonomy: Taxonomy, webhook: str | None = None) -> None:
    """``count`` referrals whose interview was five days ago, each with its feedback request due now."""
    engine = create_engine(url)
    try:
        async with sessions(engine)() as session:
            await create_user(session, org="tampere", role=Role.COACH, name="coach")
            user, _ = await create_user(session, org="staffpoint", role=Role.RECRUITER, name="recruiter")
            recruiter = Principal(user.id, "recruiter", Role.RECRUITER, "staffpoint", OrgKind.PARTNER)
            vacancy = await vacancies.create(session, recruiter, msgspec.convert(VACANCY, VacancyCreate), taxonomy)
            if webhook:
                session.add(WebhookRow(organisation_id="staffpoint", url=webhook, secret="s" * 64))
            interview = utcnow() - dt.timedelta(days=5)
            ids = [new_id() for _ in range(count)]
            await session.execute(
                insert(ReferralRow),
                [
                    {
                        "id": i,
                        "vacancy_id": vacancy.id,
                        "city_org_id": "tampere",
                        "partner_org_id": "staffpoint",
                        "state": "interview_scheduled",
                        "interview_at": interview,
                    }
                    for i in ids
                ],
            )
            request = interview.isoformat()
            await session.execute(
                insert(JobRow),
                [
                    {
                        "id": jobs.job_id(CHASE_FEEDBACK, f"{i}:{request}:0"),
                        "function": CHASE_FEEDBACK,
                        "payload": {"referral_id": i, "request": request, "round": 0},
                        "state": "pending",
                        "run_at": utcnow(),
                    }
                    for i in ids
                ],
            )
            await session.commit()
    finally:
        await engine.dispose()


async def tally(url: str) -> dict[str, Any]:
    """Job states, feedback requests sent, and how many referrals got more than one."""
    engine = create_engine(url)
    try:
        async with sessions(engine)() as session:
            states = dict(
                (
                    await session.execute(
                        select(JobRow.function + "/" + JobRow.state, func.count()).group_by(
                            JobRow.function, JobRow.state
                        )
                    )
                ).all()
            )
            per_referral = Counter(
                (
                    await session.execute(
                        select(NotificationRow.referral_id).where(NotificationRow.kind == "feedback_requested")
                    )
                ).scalars()
            )
    finally:
        await engine.dispose()
    return {
        "states": states,
        "requests": sum(per_referral.values()),
        "referrals_asked": len(per_referral),
        "asked_twice": sum(1 for n in per_referral.values() if n > 1),
    }


def _matcher() -> list[str]:
    script = Path(sys.executable).parent / "matcher"
    return [str(script)] if script.exists() else [sys.executable, "-m", "matcher.cli"]


async def _done(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        query = select(func.count()).where(JobRow.function == CHASE_FEEDBACK, JobRow.state == "done")
        return int((await connection.execute(query)).scalar_one())


async def _run(database_url: str, redis: RedisServer, processes: int, count: int, taxonomy: Taxonomy) -> float:
    """Seconds for ``processes`` workers to do ``count`` feedback jobs, from hand-over to the last one."""
    engine = create_engine(database_url)
    await upgrade(engine)
    await engine.dispose()
    client = Redis.from_url(redis.url)
    await client.flushall()
    await client.aclose()
    env = {k: v for k, v in os.environ.items() if not k.startswith("MATCHER_")}
    env |= {f"MATCHER_{k}": v for k, v in WORKER_ENV.items()}
    env |= {"MATCHER_DATABASE_URL": database_url, "MATCHER_REDIS_URL": redis.url}
    logs = Path(tempfile.mkdtemp(prefix="kohtaanto-bench-"))
    started = [
        subprocess.Popen(  # noqa: ASYNC220 - started once, before anything is timed
            [*_matcher(), "worker"], env=env, stdout=(logs / f"w{i}.log").open("wb"), stderr=subprocess.STDOUT
        )
        for i in range(processes)
    ]
    try:
        # Start timing once every worker is listening (each logs its start), not while they import.
        deadline = time.monotonic() + 60
        while not all("Starting worker" in (logs / f"w{i}.log").read_text() for i in range(processes)):
            if time.monotonic() > deadline or any(p.poll() is not None for p in started):
                raise RuntimeError(f"workers did not start; see {logs}")
            await asyncio.sleep(0.1)
        await seed_interviews(database_url, count, taxonomy)
        engine = create_engine(database_url)
        redis_client = queue_client(Settings(database_url=database_url, redis_url=redis.url))
        start = time.perf_counter()
        await RedisDispatcher(sessions(engine), redis_client).sweep()
        while await _done(engine) < count:  # noqa: ASYNC110 - the workers are other processes
            await asyncio.sleep(0.1)
        elapsed = time.perf_counter() - start
        await redis_client.aclose(close_connection_pool=True)
        await engine.dispose()
        return elapsed
    finally:
        for process in started:
            process.terminate()
        for process in started:
            process.wait(timeout=60)


async def bench(count: int, counts: list[int], taxonomy: Taxonomy) -> None:
    root = Path(tempfile.mkdtemp(prefix="kohtaanto-bench-"))
    redis = RedisServer(root / "redis")
    redis.start()
    postgres: PostgresServer | None = None
    try:
        try:
            postgres = PostgresServer()
            postgres.start()
            figure("database", "postgresql")
        except MissingServer:
            figure("database", "sqlite (install PostgreSQL for the multi-process figures)")
        figure("jobs", count, "feedback requests per run")
        figure("cores", os.cpu_count() or 1)
        rates: dict[int, float] = {}
        for processes in counts:
            if postgres is not None:
                postgres.create_database(f"bench_{processes}")
                url = postgres.database_url(f"bench_{processes}")
            else:
                url = f"sqlite+aiosqlite:///{root / f'bench_{processes}.db'}"
            seconds = await _run(url, redis, processes, count, taxonomy)
            rates[processes] = count / seconds
            figure(f"workers_{processes}_jobs_per_s", round(rates[processes]), "1/s")
        baseline = counts[0]
        for processes in counts[1:]:
            figure(f"workers_{processes}_vs_{baseline}", round(rates[processes] / rates[baseline], 2), "x")
    finally:
        redis.stop()
        if postgres is not None:
            postgres.remove()


def main(quick: bool, counts: list[int]) -> int:
    from taxonomy.lookup import bundled

    asyncio.run(bench(300 if quick else 2000, counts, bundled()))
    return 0
