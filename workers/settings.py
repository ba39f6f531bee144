"""arq ``WorkerSettings``: functions, retry policy, msgspec payloads, and the shared ``ctx``."""

from __future__ import annotations

import os
from typing import Any, ClassVar, cast

import msgspec
from arq import cron
from arq.connections import RedisSettings
from arq.typing import WorkerCoroutine
from arq.worker import Function, func

from matcher.jobs import RedisDispatcher
from matcher.settings import Settings
from matcher.store.db import create_engine, sessions
from matcher.store.jobs import MAX_ATTEMPTS
from workers.context import dispatcher
from workers.feedback import FUNCTIONS


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


async def startup(ctx: dict[str, Any]) -> None:
    settings: Settings = ctx.get("settings") or Settings.from_env(os.environ)
    engine = create_engine(settings.database_url)
    ctx["settings"] = settings
    ctx["engine"] = engine
    ctx["sessions"] = sessions(engine)
    ctx["dispatcher"] = RedisDispatcher(ctx["sessions"], ctx["redis"])


async def shutdown(ctx: dict[str, Any]) -> None:
    if "engine" in ctx:
        await ctx["engine"].dispose()


async def sweep_outbox(ctx: dict[str, Any]) -> int:
    """Enqueue what the API recorded while Redis was unreachable."""
    return await dispatcher(ctx).sweep()


class WorkerSettings:
    """Run with ``matcher worker`` (which fills in ``redis_settings`` from ``MATCHER_REDIS_URL``)."""

    functions: ClassVar[list[Function | WorkerCoroutine]] = [
        func(cast(WorkerCoroutine, job), name=name, timeout=60, max_tries=MAX_ATTEMPTS)
        for name, job in FUNCTIONS.items()
    ]
    cron_jobs: ClassVar[list[Any]] = [cron(sweep_outbox, second={0, 30}, run_at_startup=True)]
    on_startup = startup
    on_shutdown = shutdown
    job_serializer = serialize
    job_deserializer = deserialize
    max_jobs = 20
    keep_result = 3600
