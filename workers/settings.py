"""arq worker settings: functions, retry policy, msgspec payloads, and the shared ``ctx``."""

from __future__ import annotations

import os
from typing import Any, cast

import msgspec
from arq import cron
from arq.connections import ArqRedis, RedisSettings
from arq.typing import WorkerCoroutine
from arq.worker import func
from redis.asyncio import ConnectionPool

from matcher.jobs import RedisDispatcher
from matcher.settings import Settings
from matcher.store.db import create_engine, sessions
from matcher.store.jobs import MAX_ATTEMPTS
from workers.context import close, dispatcher
from workers.functions import FUNCTIONS


def serialize(value: dict[str, Any]) -> bytes:
    """Job payloads and results travel as MessagePack, never pickle."""
    return msgspec.msgpack.encode(value)


def deserialize(data: bytes) -> dict[str, Any]:
    decoded: dict[str, Any] = msgspec.msgpack.decode(data)
    return decoded


def redis_settings(settings: Settings) -> RedisSettings:
    if not settings.redis_url:
        raise ValueError("MATCHER_REDIS_URL is not set: without Redis, jobs run inside `matcher serve`")
    return RedisSettings.from_dsn(settings.redis_url)


def queue_client(settings: Settings) -> ArqRedis:
    """A Redis client for enqueueing that connects on first use, so the API starts (and keeps
    recording jobs in the outbox) while Redis is down."""
    if not settings.redis_url:
        raise ValueError("MATCHER_REDIS_URL is not set")
    pool = ConnectionPool.from_url(settings.redis_url, socket_connect_timeout=1, socket_timeout=5)
    return ArqRedis(connection_pool=pool, job_serializer=serialize, job_deserializer=deserialize)


async def startup(ctx: dict[str, Any]) -> None:
    settings: Settings = ctx.get("settings") or Settings.from_env(os.environ)
    engine = create_engine(settings.database_url)
    ctx["settings"] = settings
    ctx["engine"] = engine
    ctx["sessions"] = sessions(engine)
    ctx["dispatcher"] = RedisDispatcher(ctx["sessions"], ctx["redis"])


async def shutdown(ctx: dict[str, Any]) -> None:
    await close(ctx)
    if "engine" in ctx:
        await ctx["engine"].dispose()


async def sweep_outbox(ctx: dict[str, Any]) -> int:
    """Take back what Redis lost, then enqueue what is due (also what the API recorded while Redis
    was unreachable)."""
    await dispatcher(ctx).reconcile()
    return await dispatcher(ctx).sweep()


def worker_settings(settings: Settings) -> dict[str, Any]:
    """arq ``Worker`` arguments for these settings (``matcher worker`` runs a worker with them).

    On SIGTERM a worker stops taking jobs and lets running ones finish for ``job_timeout_seconds``;
    any still running then go back to the queue. A killed worker's jobs wait out arq's in-progress
    lock (the job timeout plus 10 s) and are then run by another worker.
    """
    timeout = settings.job_timeout_seconds
    return {
        "functions": [
            func(cast(WorkerCoroutine, job), name=name, timeout=timeout, max_tries=MAX_ATTEMPTS + 1)
            for name, job in FUNCTIONS.items()
        ],
        "cron_jobs": [
            cron(sweep_outbox, second=set(range(0, 60, 10)), run_at_startup=True, unique=True, timeout=timeout)
        ],
        "job_timeout": timeout,  # also bounds arq's in-progress lock, which a killed worker leaves behind
        "on_startup": startup,
        "on_shutdown": shutdown,
        "job_serializer": serialize,
        "job_deserializer": deserialize,
        "redis_settings": redis_settings(settings),
        "ctx": {"settings": settings},
        "max_jobs": settings.worker_concurrency,
        # arq looks for due jobs every poll_delay seconds; its default (0.5 s) caps a worker at about
        # max_jobs / 0.5 jobs per second, so look more often (a ZRANGEBYSCORE, cheap for Redis).
        "poll_delay": 0.05,
        "queue_read_limit": 2 * settings.worker_concurrency,
        "keep_result": 3600,
        "job_completion_wait": int(timeout),
    }
