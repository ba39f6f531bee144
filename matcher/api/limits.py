"""Per-token rate limits (429), counted in Redis when the service has one, so that every API
process shares the count; in the process's memory otherwise."""

from __future__ import annotations

import hashlib
import logging
import time
from datetime import timedelta
from typing import Any

from litestar import Litestar, Request
from litestar.middleware.rate_limit import RateLimitConfig, get_remote_address
from litestar.stores.base import Store
from litestar.stores.memory import MemoryStore
from litestar.stores.redis import RedisStore
from redis.asyncio import Redis
from redis.exceptions import RedisError

from matcher.api.deps import TOKEN_COOKIE
from matcher.settings import Settings

log = logging.getLogger(__name__)
STORE = "rate_limit"


def _identifier(request: Request[Any, Any, Any]) -> str:
    """The caller's token (hashed: no secret in a store key), else the client address."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    token = token.strip() if scheme.lower() == "bearer" else request.cookies.get(TOKEN_COOKIE, "")
    if token:
        return "token:" + hashlib.sha256(token.encode()).hexdigest()[:32]
    return "address:" + get_remote_address(request)


def rate_limit(settings: Settings) -> RateLimitConfig | None:
    if not settings.rate_limit_per_minute:
        return None
    return RateLimitConfig(
        rate_limit=("minute", settings.rate_limit_per_minute),
        identifier_for_request=_identifier,
        exclude=["/health", "/ready"],
        store=STORE,
    )


class SharedCounts(Store):
    """Counts in Redis; while Redis does not answer, in this process's memory (the API keeps
    answering with a per-process limit rather than failing because of its limiter)."""

    def __init__(self, url: str) -> None:
        self.client = Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        self.redis = RedisStore(self.client, namespace="kohtaanto:rate")
        self.local = MemoryStore()
        self.warned_at = 0.0

    def _fallback(self, error: Exception) -> MemoryStore:
        if time.monotonic() - self.warned_at > 60:
            self.warned_at = time.monotonic()
            log.warning("rate limits counted per process until Redis answers: %s", error)
        return self.local

    async def set(self, key: str, value: str | bytes, expires_in: int | timedelta | None = None) -> None:
        try:
            await self.redis.set(key, value, expires_in)
        except RedisError as error:
            await self._fallback(error).set(key, value, expires_in)

    async def get(self, key: str, renew_for: int | timedelta | None = None) -> bytes | None:
        try:
            return await self.redis.get(key, renew_for)
        except RedisError as error:
            return await self._fallback(error).get(key, renew_for)

    async def delete(self, key: str) -> None:
        try:
            await self.redis.delete(key)
        except RedisError as error:
            await self._fallback(error).delete(key)

    async def delete_all(self) -> None:
        try:
            await self.redis.delete_all()
        except RedisError as error:
            await self._fallback(error).delete_all()

    async def exists(self, key: str) -> bool:
        try:
            return await self.redis.exists(key)
        except RedisError as error:
            return await self._fallback(error).exists(key)

    async def expires_in(self, key: str) -> int | None:
        try:
            return await self.redis.expires_in(key)
        except RedisError as error:
            return await self._fallback(error).expires_in(key)


async def close(app: Litestar) -> None:
    """Close the connections of the shared counts (at the app's shutdown)."""
    store = app.stores.get(STORE)
    if isinstance(store, SharedCounts):
        await store.client.aclose(close_connection_pool=True)


def stores(settings: Settings) -> dict[str, Store]:
    return {STORE: SharedCounts(settings.redis_url) if settings.redis_url else MemoryStore()}
