"""What every job receives in ``ctx``, and the wrapper that records each run in SQL."""

from __future__ import annotations

import functools
import logging
import random
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import httpx
from arq import Retry

from matcher.jobs import Dispatcher
from matcher.settings import Settings
from matcher.store import jobs
from matcher.store.db import Sessions
from matcher.store.tables import utcnow
from matcher.store.warm import Warm
from taxonomy import Taxonomy
from taxonomy.lookup import configured

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


def taxonomy(ctx: dict[str, Any]) -> Taxonomy:
    """The service's taxonomy (loaded on first use in a worker: few jobs need it)."""
    found = ctx.get("taxonomy")
    if found is None:
        found = ctx["taxonomy"] = configured(settings(ctx).taxonomy_path)
    assert isinstance(found, Taxonomy)
    return found


def warm(ctx: dict[str, Any]) -> Warm:
    """The process's candidate indexes (the service's own when jobs run inside it), kept between
    jobs so that each week's plan loads only the profiles changed since the last."""
    found = ctx.get("warm")
    if found is None:
        found = ctx["warm"] = Warm(taxonomy(ctx))
    assert isinstance(found, Warm)
    return found


def http(ctx: dict[str, Any]) -> httpx.AsyncClient:
    """One HTTP client per process for calls to partner systems (made on first use, closed by ``close``)."""
    client = ctx.get("http")
    if client is None:
        client = ctx["http"] = httpx.AsyncClient(timeout=httpx.Timeout(10.0, connect=5.0), follow_redirects=False)
    assert isinstance(client, httpx.AsyncClient)
    return client


async def close(ctx: dict[str, Any]) -> None:
    client = ctx.pop("http", None)
    if client is not None:
        await client.aclose()


def backoff(attempt: int) -> timedelta:
    """Jittered exponential backoff: about 30 s, 1 min, 2 min, 4 min ... capped at an hour."""
    base = min(30 * 2 ** (attempt - 1), 3600)
    return timedelta(seconds=base * random.uniform(0.8, 1.2))  # noqa: S311 - jitter, not security


def recorded(job: Job) -> Job:
    """Mark the job's outbox row running, then done with its result, or the error.

    A failed attempt is tried again later with backoff (arq's ``Retry`` under a worker, the outbox
    schedule in-process); after ``MAX_ATTEMPTS`` the row stays ``failed`` with its last error, the
    dead letter an admin can look at and retry.
    """

    @functools.wraps(job)
    async def run(ctx: dict[str, Any], **payload: Any) -> dict[str, Any]:
        identifier = str(ctx.get("job_id", ""))
        async with sessions(ctx)() as session:
            attempt = await jobs.start_attempt(session, identifier)
            await session.commit()
        if attempt is None:
            return {"skipped": "done, cancelled or unknown"}
        try:
            result = await job(ctx, **payload)
        except Exception as error:
            log.exception("job %s failed (attempt %d of %d)", identifier, attempt, jobs.MAX_ATTEMPTS)
            message = f"{type(error).__name__}: {error}"
            under_arq = "redis" in ctx
            async with sessions(ctx)() as session:
                if attempt >= jobs.MAX_ATTEMPTS:
                    await jobs.mark(session, identifier, jobs.JobState.FAILED, error=message)
                else:
                    delay = backoff(attempt)
                    state = jobs.JobState.QUEUED if under_arq else jobs.JobState.PENDING
                    await jobs.mark(session, identifier, state, error=message, run_at=utcnow() + delay)
                await session.commit()
            if attempt < jobs.MAX_ATTEMPTS and under_arq:
                raise Retry(defer=delay) from error
            raise
        async with sessions(ctx)() as session:
            await jobs.mark(session, identifier, jobs.JobState.DONE, result=result)
            await session.commit()
        await dispatcher(ctx).kick()
        return result

    return run
