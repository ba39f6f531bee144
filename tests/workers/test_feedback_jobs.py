"""Feedback requests travel through a real Redis to a real arq worker, and survive Redis being away."""

from __future__ import annotations

import msgspec
from redis.asyncio import Redis
from sqlalchemy import select

from matcher.bench.servers import RedisServer
from matcher.settings import Settings
from matcher.store.tables import JobRow
from tests.harness import Api, interviewed
from tests.workers.conftest import work_until


async def _jobs(api: Api) -> dict[str, str]:
    """Each chasing job's state by its round (``chase_feedback/0``...), housekeeping left out."""
    async with api.app.state.sessions() as session:
        rows = (await session.execute(select(JobRow).where(JobRow.function.like("chase_%")))).scalars()
        return {f"{row.function}/{row.payload['round']}": row.state for row in rows}


async def test_worker_requests_feedback_and_plans_a_reminder(
    queued_api: Api, redis_settings_for_test: Settings, redis_server: RedisServer
) -> None:
    _, recruiter, referral = await interviewed(queued_api, days_ago=5)
    assert await _jobs(queued_api) == {"chase_feedback/0": "queued"}
    assert (await recruiter.get("/v1/notifications")).json()["items"] == []

    # What Redis holds is MessagePack with plain ids, not a pickle.
    redis = Redis.from_url(redis_server.url)
    [key] = await redis.keys("arq:job:chase_feedback:*")
    payload = msgspec.msgpack.decode(await redis.get(key))
    await redis.aclose()
    assert payload["k"] == {"referral_id": referral, "request": payload["k"]["request"], "round": 0}

    async def reminder_planned() -> bool:
        return (await _jobs(queued_api)).get("chase_feedback/1") == "pending"

    worker = await work_until(redis_settings_for_test, reminder_planned)
    assert worker.jobs_failed == 0
    items = (await recruiter.get("/v1/notifications")).json()["items"]
    assert [(n["kind"], n["referral_id"]) for n in items] == [("feedback_requested", referral)]
    # The reminder is days away: it waits in SQL, not in Redis.
    assert await _jobs(queued_api) == {"chase_feedback/0": "done", "chase_feedback/1": "pending"}


async def test_no_request_when_the_outcome_came_first(queued_api: Api, redis_settings_for_test: Settings) -> None:
    _, recruiter, referral = await interviewed(queued_api, days_ago=5)
    await recruiter.post(f"/v1/referrals/{referral}/outcome", {"outcome": "hired"})

    async def ran() -> bool:
        return (await _jobs(queued_api)).get("chase_feedback/0") == "done"

    await work_until(redis_settings_for_test, ran)
    kinds = [n["kind"] for n in (await recruiter.get("/v1/notifications")).json()["items"]]
    assert kinds == []
    # Nothing more about the interview; the hire's three-month follow-up waits in SQL.
    assert await _jobs(queued_api) == {"chase_feedback/0": "done", "chase_follow_up/0": "pending"}


async def test_jobs_recorded_while_redis_is_down_are_enqueued_when_it_returns(
    queued_api: Api, redis_settings_for_test: Settings, redis_server: RedisServer
) -> None:
    redis_server.kill()
    try:
        _, recruiter, referral = await interviewed(queued_api, days_ago=5)
        assert await _jobs(queued_api) == {"chase_feedback/0": "pending"}
    finally:
        redis_server.start()
    assert await queued_api.app.state.dispatcher.sweep() >= 1

    async def ran() -> bool:
        return (await _jobs(queued_api)).get("chase_feedback/0") == "done"

    await work_until(redis_settings_for_test, ran)
    items = (await recruiter.get("/v1/notifications")).json()["items"]
    assert [(n["kind"], n["referral_id"]) for n in items] == [("feedback_requested", referral)]
