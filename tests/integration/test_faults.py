"""Faults with real processes: workers killed, Redis restarted or emptied, Redis away while the API works.

Each test prints its figures at the end of the run (lost jobs, repeated side effects, failed requests).
"""

from __future__ import annotations

import asyncio
import functools
import random
import subprocess
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import httpx
import pytest
from redis.asyncio import Redis

from matcher.bench.servers import PostgresServer, RedisServer, free_port
from matcher.bench.workers import seed_interviews, tally
from taxonomy import Taxonomy
from tests.harness import candidate_body, past, vacancy_body
from tests.integration.faults import partner_system, stuck
from tests.integration.processes import MATCHER, environment, service, token, wait_for

JOBS = 1000
WORKER_ENV = {"job_timeout_seconds": "5", "reminders": "0", "reminder_after_days": "30"}


@pytest.fixture
def pg_url(postgres: PostgresServer, postgres_template: str) -> str:
    name = f"f_{uuid.uuid4().hex[:16]}"
    postgres.create_database(name, template=postgres_template)
    return postgres.database_url(name)


class Workers:
    """``matcher worker`` processes that can be killed and started again."""

    def __init__(self, env: dict[str, str], logs: Path) -> None:
        self.env, self.logs, self.started = env, logs, 0
        self.processes: list[subprocess.Popen[bytes]] = []
        self.log_of: dict[int, Path] = {}

    def start(self) -> subprocess.Popen[bytes]:
        self.started += 1
        path = self.logs / f"worker-{self.started}.log"
        with path.open("wb") as log:
            process = subprocess.Popen([MATCHER, "worker"], env=self.env, stdout=log, stderr=subprocess.STDOUT)
        self.processes.append(process)
        self.log_of[process.pid] = path
        return process

    def working(self) -> list[subprocess.Popen[bytes]]:
        """The workers that are up and taking jobs (not still starting)."""
        return [p for p in self.processes if p.poll() is None and "Starting worker" in self.log_of[p.pid].read_text()]

    def kill_one(self, rng: random.Random) -> None:
        victim = rng.choice(self.working())
        victim.kill()  # SIGKILL: no chance to hand anything back
        victim.wait()
        self.processes.remove(victim)
        self.start()

    def terminate_one(self, rng: random.Random) -> int:
        """SIGTERM a worker (as an orchestrator stops one), start another; return its exit code."""
        victim = rng.choice(self.working())
        victim.terminate()
        code = victim.wait(timeout=90)
        self.processes.remove(victim)
        self.start()
        return code

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def workers_for(tmp_path: Path) -> Iterator[Callable[[dict[str, str]], Workers]]:
    made: list[Workers] = []

    def make(env: dict[str, str]) -> Workers:
        made.append(Workers(env, tmp_path))
        return made[-1]

    yield make
    for workers in made:
        workers.stop()


async def until(check: Callable[[], Awaitable[bool]], seconds: float, what: str, url: str | None = None) -> float:
    """Wait for ``check``; return how long it took (on failure, say where the jobs stand)."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if await check():
            return time.monotonic() - start
        await asyncio.sleep(0.5)
    where = await stuck(url) if url else ""
    raise AssertionError(f"{what} not reached in {seconds:.0f} s {where}")


async def _any_working(workers: Workers) -> bool:
    return bool(workers.working())


async def _moved(progress: Callable[[], Awaitable[int]], target: int) -> bool:
    return await progress() >= target


def _done(states: dict[str, int], function: str) -> int:
    return states.get(f"{function}/done", 0)


async def test_workers_killed_at_random_lose_nothing_and_ask_nobody_twice(
    pg_url: str,
    taxonomy: Taxonomy,
    tmp_path: Path,
    workers_for: Callable[[dict[str, str]], Workers],
    figures: list[str],
) -> None:
    redis = RedisServer(tmp_path / "redis")
    redis.start()
    try:
        with partner_system() as (hook, posts):
            await seed_interviews(pg_url, JOBS, taxonomy, webhook=hook)
            workers = workers_for(environment(database_url=pg_url, redis_url=redis.url, **WORKER_ENV))
            for _ in range(2):
                workers.start()
            rng, kills = random.Random(20261123), 0

            async def progress() -> int:
                states = (await tally(pg_url))["states"]
                return _done(states, "chase_feedback") + _done(states, "deliver_webhook")

            async def finished() -> bool:
                return await progress() == 2 * JOBS

            # Kill a worker at a random moment while jobs are being done, then start another; wait for
            # the work to move on before the next kill (a worker takes a few seconds to start).
            # Two of them are stopped politely instead (SIGTERM): they finish what they run and exit 0.
            exit_codes: list[int] = []
            while kills + len(exit_codes) < 10:
                before = await progress()
                if before >= 2 * JOBS - 100:
                    break
                await until(functools.partial(_moved, progress, before + 40), 120, "progress")
                await until(functools.partial(_any_working, workers), 60, "a worker up")
                await asyncio.sleep(rng.uniform(0.0, 0.5))
                if kills + len(exit_codes) in (3, 7):
                    exit_codes.append(workers.terminate_one(rng))
                else:
                    workers.kill_one(rng)
                    kills += 1
            await until(finished, 240, "all feedback requests and their deliveries", pg_url)
            result = await tally(pg_url)
    finally:
        redis.stop()
    lost = JOBS - result["referrals_asked"]
    repeated_posts = sum(posts.values()) - len(posts)
    figures += [
        f"kill9_workers_killed: {kills} processes",
        f"kill9_workers_stopped_by_sigterm: {len(exit_codes)} processes, exit codes {exit_codes}",
        f"kill9_feedback_jobs: {JOBS} jobs",
        f"kill9_lost: {lost} jobs",
        f"kill9_requests_sent_twice: {result['asked_twice']} recruiters",
        f"kill9_webhook_events_delivered: {len(posts)} events",
        f"kill9_webhook_posts_repeated: {repeated_posts} posts (same delivery id, dropped by the receiver)",
    ]
    assert kills >= 5
    assert exit_codes == [0, 0]
    assert lost == 0
    assert result["requests"] == JOBS
    assert result["asked_twice"] == 0
    assert len(posts) == JOBS
    assert result["states"].get("chase_feedback/failed", 0) == 0


@pytest.mark.parametrize("fault", ["restart_with_aof", "data_loss"])
async def test_redis_restarted_or_emptied_mid_run_loses_no_job(
    fault: str,
    pg_url: str,
    taxonomy: Taxonomy,
    tmp_path: Path,
    workers_for: Callable[[dict[str, str]], Workers],
    figures: list[str],
) -> None:
    redis = RedisServer(tmp_path / "redis", appendonly=True)
    redis.start()
    try:
        await seed_interviews(pg_url, JOBS, taxonomy)
        workers = workers_for(environment(database_url=pg_url, redis_url=redis.url, **WORKER_ENV))
        workers.start()

        async def started() -> bool:
            return _done((await tally(pg_url))["states"], "chase_feedback") > 0

        await until(started, 60, "the first job")
        if fault == "restart_with_aof":
            redis.kill()
            await asyncio.sleep(2)
            redis.start()
        else:
            client = Redis.from_url(redis.url)
            await client.flushall()
            await client.aclose()
        done_when_hit = _done((await tally(pg_url))["states"], "chase_feedback")

        async def finished() -> bool:
            return _done((await tally(pg_url))["states"], "chase_feedback") == JOBS

        await until(finished, 180, "every feedback request", pg_url)
        result = await tally(pg_url)
    finally:
        redis.stop()
    lost = JOBS - result["referrals_asked"]
    figures += [
        f"redis_{fault}_jobs_done_before_the_fault: {done_when_hit} jobs",
        f"redis_{fault}_lost_after_reconciliation: {lost} jobs",
        f"redis_{fault}_requests_sent_twice: {result['asked_twice']} recruiters",
    ]
    assert done_when_hit < JOBS  # the fault hit mid-run
    assert lost == 0
    assert result["asked_twice"] == 0


async def test_the_api_takes_500_requests_while_redis_is_down_for_a_minute(
    pg_url: str, tmp_path: Path, workers_for: Callable[[dict[str, str]], Workers], figures: list[str]
) -> None:
    redis = RedisServer(tmp_path / "redis")
    redis.start()
    env = environment(database_url=pg_url, redis_url=redis.url, job_poll_seconds="1", **WORKER_ENV)
    coach_token, recruiter_token = token("tampere", "coach", env), token("staffpoint", "recruiter", env)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    outcomes: list[int] = []
    with service("serve", "--port", str(port), env=env, log=tmp_path / "serve.log") as server:
        wait_for(f"{base}/health", server, tmp_path / "serve.log")
        workers = workers_for(env)
        workers.start()
        redis.kill()
        down_at = time.monotonic()
        coach = {"Authorization": f"Bearer {coach_token}"}
        recruiter = {"Authorization": f"Bearer {recruiter_token}"}
        async with httpx.AsyncClient(base_url=base, timeout=30) as client:

            async def call(method: str, url: str, headers: dict[str, str], body: object = None) -> httpx.Response:
                response = await client.request(method, url, json=body, headers=headers)
                outcomes.append(response.status_code)
                return response

            for _ in range(100):  # five requests each: 500 in all
                await call("POST", "/v1/candidates", coach, candidate_body())
                vacancy = (await call("POST", "/v1/vacancies", recruiter, vacancy_body())).json()
                shortlist = (await call("POST", f"/v1/vacancies/{vacancy['id']}/shortlists", coach)).json()
                referral = shortlist["items"][0]["referral_id"]
                await call("POST", f"/v1/referrals/{referral}/transitions", coach, {"to": "approved"})
                await call(
                    "POST",
                    f"/v1/referrals/{referral}/transitions",
                    recruiter,
                    {"to": "interview_scheduled", "interview_at": past(5)},
                )
            busy = time.monotonic() - down_at
            await asyncio.sleep(max(0.0, 60 - busy))
            redis.start()
            down_for = time.monotonic() - down_at
            pending_when_back = (await tally(pg_url))["states"].get("chase_feedback/pending", 0)

            async def caught_up() -> bool:
                return _done((await tally(pg_url))["states"], "chase_feedback") == 100

            catch_up = await until(caught_up, 120, "the jobs recorded while Redis was down")
    redis.stop()
    failed = sum(1 for status in outcomes if status >= 400)
    figures += [
        f"redis_down_seconds: {down_for:.0f} s",
        f"redis_down_requests: {len(outcomes)} requests in {busy:.1f} s",
        f"redis_down_failed_requests: {failed} requests",
        f"redis_down_jobs_held_in_the_outbox: {pending_when_back} jobs",
        f"redis_down_catch_up: {catch_up:.1f} s until all 100 jobs ran",
    ]
    assert len(outcomes) == 500
    assert failed == 0
    assert down_for >= 60
    assert pending_when_back == 100
