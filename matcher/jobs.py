"""Handing recorded jobs to something that runs them: arq on Redis, or this process.

Both read the outbox (``store.jobs``) after the request's transaction commits. With Redis, a
pending row is enqueued under its own id (arq ignores a second enqueue of the same id); without
Redis, due rows are run here by the same job functions the workers use.
"""

from __future__ import annotations

import abc
import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from arq.connections import ArqRedis
from arq.constants import job_key_prefix, result_key_prefix, retry_key_prefix

from matcher.store import jobs
from matcher.store.db import Sessions
from matcher.store.tables import utcnow

log = logging.getLogger(__name__)

JobFunction = Callable[..., Awaitable[dict[str, Any]]]


class Dispatcher(abc.ABC):
    """Hands recorded jobs on; the API and the workers hold one each."""

    def __init__(self) -> None:
        self.wake = asyncio.Event()

    @abc.abstractmethod
    async def kick(self) -> None:
        """Called after a commit that may have recorded jobs."""

    @abc.abstractmethod
    async def sweep(self) -> int:
        """Hand over (or run) what is pending; return how many jobs were handled."""

    async def forget(self, identifier: str) -> None:  # noqa: B027 - nothing to forget without a queue
        """Drop what the queue remembers of a finished job, so that the same id can run again."""


class RedisDispatcher(Dispatcher):
    """Enqueue pending outbox rows into arq, deferred to their ``run_at``."""

    def __init__(self, sessions: Sessions, redis: ArqRedis) -> None:
        super().__init__()
        self.sessions = sessions
        self.redis = redis

    async def kick(self) -> None:
        try:
            await self.sweep()
        except Exception as error:  # Redis down: the rows stay pending and the next sweep retries.
            log.warning("jobs stay in the outbox until Redis answers: %s", error)

    async def sweep(self) -> int:
        async with self.sessions() as session:
            rows = await jobs.pending(session)
            for row in rows:
                # arq keeps a job for a day past its run time: a past run time is "now", not a defer.
                defer = row.run_at if row.run_at > utcnow() else None
                await self.redis.enqueue_job(row.function, _job_id=row.id, _defer_until=defer, **row.payload)
                await jobs.mark(session, row.id, jobs.JobState.QUEUED)
                await session.commit()
            return len(rows)

    async def forget(self, identifier: str) -> None:
        await self.redis.delete(
            result_key_prefix + identifier, job_key_prefix + identifier, retry_key_prefix + identifier
        )


class InProcessDispatcher(Dispatcher):
    """Run due jobs in this process (the embedded mode: no Redis configured)."""

    def __init__(self, sessions: Sessions, functions: Mapping[str, JobFunction], context: dict[str, Any]) -> None:
        self.sessions = sessions
        self.functions = functions
        super().__init__()
        self.context = context
        self.lock = asyncio.Lock()

    async def kick(self) -> None:
        self.wake.set()

    async def sweep(self) -> int:
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
        except Exception:
            log.exception("job sweep failed")
        waiters = {asyncio.ensure_future(wake.wait()), asyncio.ensure_future(stop.wait())}
        _, pending = await asyncio.wait(waiters, timeout=interval, return_when=asyncio.FIRST_COMPLETED)
        for waiter in pending:
            waiter.cancel()
        wake.clear()
