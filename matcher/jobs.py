"""Handing recorded jobs to something that runs them: arq on Redis, or this process.

Both read the outbox (``store.jobs``) after the request's transaction commits. With Redis, a
pending row is enqueued under its own id (arq ignores a second enqueue of the same id); without
Redis, due rows are run here by the same job functions the workers use.
"""

from __future__ import annotations

import abc
import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from datetime import timedelta
from typing import Any

from arq.connections import ArqRedis
from arq.constants import (
    default_queue_name,
    in_progress_key_prefix,
    job_key_prefix,
    result_key_prefix,
    retry_key_prefix,
)
from redis.exceptions import LockError, RedisError
from sqlalchemy.exc import IntegrityError

from matcher.store import jobs
from matcher.store.db import Sessions
from matcher.store.tables import JobRow, utcnow

log = logging.getLogger(__name__)

JobFunction = Callable[..., Awaitable[dict[str, Any]]]
SWEEP_LOCK = "kohtaanto:sweep"
BATCH = 500


async def plan(sessions: Sessions) -> None:
    """Put the periodic jobs that are due in the outbox (at most once each, whoever plans them)."""
    async with sessions() as session:
        try:
            await jobs.plan_periodic(session, utcnow())
            await session.commit()
        except IntegrityError:  # another process planned them at the same moment
            await session.rollback()


class Dispatcher(abc.ABC):
    """Hands recorded jobs on; the API and the workers hold one each."""

    def __init__(self, sessions: Sessions) -> None:
        self.sessions = sessions
        self.wake = asyncio.Event()
        self.planned_at: float | None = None

    async def plan(self) -> None:
        """Put the periodic jobs that are due in the outbox (at most once a minute per process)."""
        if self.planned_at is not None and time.monotonic() - self.planned_at < 60:
            return
        self.planned_at = time.monotonic()
        await plan(self.sessions)

    @abc.abstractmethod
    async def kick(self) -> None:
        """Called after a commit that may have recorded jobs."""

    @abc.abstractmethod
    async def sweep(self) -> int:
        """Hand over (or run) what is pending; return how many jobs were handled."""

    async def forget(self, *identifiers: str) -> None:  # noqa: B027 - nothing to forget without a queue
        """Drop what the queue holds of these jobs (so an id can run again, or an erasure reaches Redis)."""

    async def reconcile(self) -> int:
        """Take back jobs the queue lost; return how many (none without a queue)."""
        return 0


class RedisDispatcher(Dispatcher):
    """Enqueue pending outbox rows into arq, deferred to their ``run_at``.

    Only jobs due within ``horizon`` are handed over, so a job planned for next month waits in SQL,
    not in Redis. ``reconcile`` takes back what Redis lost (a restart without AOF, a flush, an
    expired job), so the next sweep enqueues it again. After a failed attempt to reach Redis, kicks
    are skipped for ``pause`` seconds so that requests do not wait on a server that is down.
    """

    def __init__(
        self,
        sessions: Sessions,
        redis: ArqRedis,
        horizon: timedelta = timedelta(hours=1),
        pause: float = 2.0,
        grace: float = 30.0,
    ) -> None:
        super().__init__(sessions)
        self.redis = redis
        self.horizon = horizon
        self.pause = pause
        self.grace = grace
        self.unreachable_until = 0.0
        self.kicking = False
        self.kicked_again = False

    async def kick(self) -> None:
        """Sweep now; kicks that come while a sweep runs are served by one more sweep after it."""
        if time.monotonic() < self.unreachable_until:
            return
        if self.kicking:
            self.kicked_again = True
            return
        self.kicking = True
        try:
            self.kicked_again = True
            while self.kicked_again:
                self.kicked_again = False
                await self.sweep()
        except Exception as error:  # Redis down: the rows stay pending and the next sweep retries.
            self.unreachable_until = time.monotonic() + self.pause
            log.warning("jobs stay in the outbox until Redis answers: %s", error)
        finally:
            self.kicking = False

    async def sweep(self) -> int:
        """Enqueue what is due, in batches; one process at a time (a lock in Redis), others skip."""
        await self.plan()
        lock = self.redis.lock(SWEEP_LOCK, timeout=120, blocking=False)
        if not await lock.acquire():
            return 0
        try:
            handed = 0
            while True:
                async with self.sessions() as session:
                    rows = await jobs.pending(session, due_by=utcnow() + self.horizon, limit=BATCH)
                    for start in range(0, len(rows), 50):
                        await asyncio.gather(*(self._enqueue(row) for row in rows[start : start + 50]))
                    await jobs.mark_queued(session, [row.id for row in rows])
                    await session.commit()
                handed += len(rows)
                if len(rows) < BATCH:
                    return handed
        finally:
            with contextlib.suppress(LockError):
                await lock.release()

    async def _enqueue(self, row: JobRow) -> None:
        # arq keeps a job for a day past its run time: a past run time is "now", not a defer.
        defer = row.run_at if row.run_at > utcnow() else None
        await self.redis.enqueue_job(row.function, _job_id=row.id, _defer_until=defer, **row.payload)

    async def reconcile(self) -> int:
        """Make pending again every handed-over job that Redis no longer holds; return how many.

        Only rows unchanged for ``grace`` seconds are looked at, so a job being handed over right
        now is not taken for lost.
        """
        async with self.sessions() as session:
            handed_over = await jobs.handed_over(session, before=utcnow() - timedelta(seconds=self.grace))
        if not handed_over:
            return 0
        # One command a job, not a pipeline: a pipeline cancelled at shutdown while handing its
        # connection back keeps it, and is collected unclosed.
        held = [
            await self.redis.exists(job_key_prefix + identifier, in_progress_key_prefix + identifier)
            for identifier, _, _ in handed_over
        ]
        lost = [row for row, count in zip(handed_over, held, strict=True) if not count]
        taken_back: list[str] = []
        async with self.sessions() as session:
            for identifier, state, updated_at in lost:
                if await jobs.take_back(session, identifier, state, updated_at):
                    taken_back.append(identifier)
            await session.commit()
        if taken_back:
            await self.forget(*taken_back)
            log.warning("%d jobs were missing from Redis and go through the outbox again", len(taken_back))
        return len(taken_back)

    async def forget(self, *identifiers: str) -> None:
        keys = [prefix + i for i in identifiers for prefix in (result_key_prefix, job_key_prefix, retry_key_prefix)]
        if keys:
            await self.redis.delete(*keys)
            await self.redis.zrem(default_queue_name, *identifiers)


class InProcessDispatcher(Dispatcher):
    """Run due jobs in this process (the embedded mode: no Redis configured)."""

    def __init__(self, sessions: Sessions, functions: Mapping[str, JobFunction], context: dict[str, Any]) -> None:
        super().__init__(sessions)
        self.functions = functions
        self.context = context
        self.lock = asyncio.Lock()

    async def kick(self) -> None:
        self.wake.set()

    async def sweep(self) -> int:
        await self.plan()
        async with self.lock:
            handled = 0
            while True:
                async with self.sessions() as session:
                    rows = await jobs.pending(session, due_by=utcnow(), limit=50)
                if not rows:
                    return handled
                for row in rows:
                    async with self.sessions() as session:
                        claimed = await jobs.claim(session, row.id)
                        await session.commit()
                    if claimed:
                        await self._run(row.id, row.function, row.payload)
                        handled += 1

    async def _run(self, identifier: str, name: str, payload: dict[str, Any]) -> None:
        function = self.functions.get(name)
        if function is None:
            async with self.sessions() as session:
                await jobs.mark(session, identifier, jobs.JobState.FAILED, error=f"unknown job {name}")
                await session.commit()
            return
        try:
            await function({**self.context, "job_id": identifier, "job_try": 1}, **payload)
        except Exception:  # recorded as failed by the job wrapper; the sweep goes on with the others
            log.warning("in-process job %s failed", identifier)


async def keep_sweeping(dispatcher: Dispatcher, interval: float, stop: asyncio.Event) -> None:
    """The lifespan task: sweep every ``interval`` seconds, or at once when kicked, until ``stop``.

    Stopping waits for a sweep in progress instead of cancelling it halfway through a transaction.
    """
    wake = dispatcher.wake
    while not stop.is_set():
        try:
            await dispatcher.sweep()
        except RedisError as error:
            log.warning("jobs stay in the outbox until Redis answers: %s", error)
        except Exception:
            log.exception("job sweep failed")
        waiters = {asyncio.ensure_future(wake.wait()), asyncio.ensure_future(stop.wait())}
        _, pending = await asyncio.wait(waiters, timeout=interval, return_when=asyncio.FIRST_COMPLETED)
        for waiter in pending:
            waiter.cancel()
        wake.clear()
