"""What every job receives in ``ctx``, and the wrapper that records each run in SQL."""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from matcher.jobs import Dispatcher
from matcher.settings import Settings
from matcher.store import jobs
from matcher.store.db import Sessions

log = logging.getLogger(__name__)

Job = Callable[..., Awaitable[dict[str, Any]]]


def sessions(ctx: dict[str, Any]) -> Sessions:
    found: Sessions = ctx["sessions"]
    return found


def settings(ctx: dict[str, Any]) -> Settings:
    found: Settings = ctx["settings"]
    return found


def dispatcher(ctx: dict[str, Any]) -> Dispatcher:
    found: Dispatcher = ctx["dispatcher"]
    return found


def recorded(job: Job) -> Job:
    """Mark the job's outbox row running, then done with its result, or failed with the error.

    A failure is re-raised so that arq applies its retry policy; the row keeps the last error.
    """

    @functools.wraps(job)
    async def run(ctx: dict[str, Any], **payload: Any) -> dict[str, Any]:
        identifier = str(ctx.get("job_id", ""))
        async with sessions(ctx)() as session:
            await jobs.mark(session, identifier, jobs.JobState.RUNNING, attempt=True)
            await session.commit()
        try:
            result = await job(ctx, **payload)
        except Exception as error:
            log.exception("job %s failed", identifier)
            async with sessions(ctx)() as session:
                await jobs.mark(session, identifier, jobs.JobState.FAILED, error=f"{type(error).__name__}: {error}")
                await session.commit()
            raise
        async with sessions(ctx)() as session:
            await jobs.mark(session, identifier, jobs.JobState.DONE, result=result)
            await session.commit()
        await dispatcher(ctx).kick()
        return result

    return run
