"""The service configured with a real Redis, and real arq workers to drain it."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, cast

import pytest
from arq.worker import Worker, create_worker
from redis.asyncio import Redis

from matcher.app import create_app
from matcher.bench.servers import RedisServer
from matcher.sealing import new_key
from matcher.settings import Settings
from taxonomy import Taxonomy
from tests.harness import Api, serving
from workers.settings import worker_settings


@pytest.fixture
async def redis_settings_for_test(redis_server: RedisServer, database_url: str) -> Settings:
    client = Redis.from_url(redis_server.url)
    await client.flushall()
    await client.aclose()
    return Settings(database_url=database_url, redis_url=redis_server.url, job_poll_seconds=3600, data_key=new_key())


@pytest.fixture
async def queued_api(redis_settings_for_test: Settings, taxonomy: Taxonomy) -> AsyncIterator[Api]:
    """The API enqueueing to Redis: jobs run only when a worker takes them."""
    app = create_app(redis_settings_for_test, taxonomy=taxonomy)
    async with serving(app) as api:
        yield api


async def work_until(settings: Settings, done: Callable[[], Awaitable[bool]], seconds: float = 30) -> Worker:
    """Run a real arq worker until ``done()`` holds, then stop it (deferred jobs stay queued)."""
    worker = create_worker(cast(Any, worker_settings(settings)), poll_delay=0.05, handle_signals=False)
    task = asyncio.create_task(worker.async_run())
    try:
        async with asyncio.timeout(seconds):
            while not await done():
                if task.done():
                    task.result()
                await asyncio.sleep(0.05)
            await asyncio.gather(*worker.tasks.values(), return_exceptions=True)  # let running jobs finish
    finally:
        with contextlib.suppress(asyncio.CancelledError):  # arq re-raises the cancellation of jobs it stops
            await worker.close()
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    return worker
