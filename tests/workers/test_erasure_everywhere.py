"""Erasing a hundred people leaves nothing of them in SQL or in Redis: no id, no case reference, no
job or job result about their referrals; only content-free tombstones and unlinked statistics."""

from __future__ import annotations

from typing import Any

from redis.asyncio import Redis
from sqlalchemy import func, select, text

from matcher import lifecycle
from matcher.bench.servers import RedisServer
from matcher.settings import Settings
from matcher.store.outcomes import outcomes
from matcher.store.tables import Base, ErasureRow, JobRow
from tests.harness import Api, candidate_body, created, past, vacancy_body
from tests.workers.conftest import work_until

PEOPLE = 100


async def _sql(api: Api) -> str:
    rows = []
    async with api.app.state.sessions() as session:
        for table in Base.metadata.sorted_tables:
            rows += [f"{table.name}: {tuple(row)}" for row in (await session.execute(select(table))).all()]
    return "\n".join(rows)


async def _redis(url: str) -> str:
    client = Redis.from_url(url)
    dump: list[Any] = []
    try:
        async for key in client.scan_iter():
            kind = (await client.type(key)).decode()
            value: Any = None
            if kind == "string":
                value = await client.get(key)
            elif kind == "zset":
                value = await client.zrange(key, 0, -1)
            elif kind == "hash":
                value = await client.hgetall(key)
            elif kind == "list":
                value = await client.lrange(key, 0, -1)
            elif kind == "set":
                value = await client.smembers(key)
            dump.append((key, value))
    finally:
        await client.aclose()
    return repr(dump)


async def test_a_hundred_erased_people_leave_no_identifier_behind(
    queued_api: Api, redis_settings_for_test: Settings, redis_server: RedisServer, figures: list[str]
) -> None:
    api = queued_api
    coach, recruiter = await api.coach(), await api.recruiter()
    people = [
        await created(
            await coach.post(
                "/v1/candidates", candidate_body(case_ref=f"TRE-2026-{n:04d}", work_capacity_note=f"rajoite {n}")
            )
        )
        for n in range(PEOPLE)
    ]
    referrals: list[str] = []
    for _ in range(PEOPLE // 10):
        vacancy = await created(await recruiter.post("/v1/vacancies", vacancy_body(interview_slots=10)))
        shortlist = await created(await coach.post(f"/v1/vacancies/{vacancy['id']}/shortlists"))
        referrals += [item["referral_id"] for item in shortlist["items"]]
    assert len(referrals) == PEOPLE
    for n, referral in enumerate(referrals):
        assert (await coach.post(f"/v1/referrals/{referral}/transitions", {"to": "approved"})).status_code == 200
        # Half had their interview long enough ago for the feedback request to be due now.
        body = {"to": "interview_scheduled", "interview_at": past(5 if n % 2 else 1)}
        assert (await recruiter.post(f"/v1/referrals/{referral}/transitions", body)).status_code == 200

    async def requested() -> bool:
        async with api.app.state.sessions() as session:
            done = await session.scalar(
                select(func.count())
                .select_from(JobRow)
                .where(JobRow.function == "chase_feedback", JobRow.state == "done")
            )
        return bool(done == PEOPLE // 2)

    await work_until(redis_settings_for_test, requested)  # jobs and their results now sit in Redis too
    # Outcomes for forty of them, and a ranking model trained on them.
    for n, referral in enumerate(referrals[:40]):
        outcome: dict[str, Any] = (
            {"outcome": "hired"} if n % 3 == 0 else {"outcome": "not_hired", "reasons": ["skills"]}
        )
        assert (await recruiter.post(f"/v1/referrals/{referral}/outcome", outcome)).status_code == 200
    async with api.app.state.sessions() as session:
        trained = await lifecycle.train(session, api.app.state.taxonomy)
        await session.commit()
    assert trained.outcomes == 40
    before_sql, before_redis = await _sql(api), await _redis(redis_server.url)
    assert all(p["id"] in before_sql for p in people)
    assert sum(r in before_redis for r in referrals) >= PEOPLE // 2

    for person in people:
        assert (await coach.delete(f"/v1/candidates/{person['id']}")).status_code == 204

    after_sql, after_redis = await _sql(api), await _redis(redis_server.url)
    traces = (
        [p["id"] for p in people]
        + [f"TRE-2026-{n:04d}" for n in range(PEOPLE)]
        + [f"rajoite {n}" for n in range(PEOPLE)]
    )
    in_sql = sum(trace in after_sql for trace in traces)
    in_redis = sum(trace in after_redis for trace in [*traces, *referrals])
    async with api.app.state.sessions() as session:
        learnable = len(await outcomes(session, api.app.state.taxonomy))
        tombstones = await session.scalar(select(func.count()).select_from(ErasureRow))
        unlinked = await session.scalar(text("SELECT count(*) FROM referrals WHERE candidate_id IS NULL"))
    figures.append(
        f"erasure: {PEOPLE} people erased; identifiers, case references and notes found after: "
        f"{in_sql} in SQL, {in_redis} in Redis (jobs and results about their referrals included); "
        f"{tombstones} tombstones, {unlinked} referrals kept unlinked for the statistics; training set "
        f"{trained.outcomes} outcomes before, {learnable} after (the stored model is numbers only)"
    )
    assert (in_sql, in_redis, learnable) == (0, 0, 0)
    assert tombstones == PEOPLE
    assert unlinked == PEOPLE
