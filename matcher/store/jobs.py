"""The job outbox: a job is a row written in the same transaction as the change that causes it.

Its id is derived from the business key (``function:key``), so scheduling the same thing twice is
a no-op, and the id doubles as the arq job id. Redis only ever holds a copy of a pending row.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.errors import Conflict, NotFound
from matcher.store.tables import DeliveryRow, JobRow, utcnow

MAX_ATTEMPTS = 5
CLOSE_STALE_REFERRALS = "close_stale_referrals"
APPLY_RETENTION = "apply_retention"
SNAPSHOT_WEEKLY_REPORTS = "snapshot_weekly_reports"
PREPARE_WEEKLY_PLAN = "prepare_weekly_plan"


class JobState(StrEnum):
    PENDING = "pending"
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


HANDED_OVER = (JobState.QUEUED.value, JobState.RUNNING.value)


def job_id(function: str, key: str) -> str:
    return f"{function}:{key}"


async def schedule(session: AsyncSession, function: str, key: str, payload: dict[str, Any], run_at: datetime) -> str:
    """Record a job to run at ``run_at`` unless one with the same business key exists."""
    identifier = job_id(function, key)
    if await session.get(JobRow, identifier) is None:
        session.add(
            JobRow(id=identifier, function=function, payload=payload, state=JobState.PENDING.value, run_at=run_at)
        )
        await session.flush()
    return identifier


async def plan_periodic(session: AsyncSession, now: datetime) -> None:
    """Make sure today's housekeeping, last week's report snapshot and this week's plan for the
    rekrytiimi meeting are in the outbox (once each: the day or week is the business key), due early
    in the morning UTC."""
    today = now.date()
    early = datetime.combine(today, time(2, 0), tzinfo=UTC)
    for function in (CLOSE_STALE_REFERRALS, APPLY_RETENTION):
        if await session.get(JobRow, job_id(function, today.isoformat())) is None:
            await schedule(session, function, today.isoformat(), {"day": today.isoformat()}, early)
    year, week, _ = (today - timedelta(days=7)).isocalendar()
    label = f"{year}-W{week:02d}"
    if await session.get(JobRow, job_id(SNAPSHOT_WEEKLY_REPORTS, label)) is None:
        monday = today - timedelta(days=today.weekday())
        run_at = datetime.combine(monday, time(3, 0), tzinfo=UTC)
        await schedule(session, SNAPSHOT_WEEKLY_REPORTS, label, {"week": label}, run_at)
    year, week, _ = today.isocalendar()
    label = f"{year}-W{week:02d}"
    if await session.get(JobRow, job_id(PREPARE_WEEKLY_PLAN, label)) is None:
        monday = today - timedelta(days=today.weekday())
        run_at = datetime.combine(monday, time(4, 0), tzinfo=UTC)
        await schedule(session, PREPARE_WEEKLY_PLAN, label, {"week": label}, run_at)


async def pending(session: AsyncSession, due_by: datetime | None = None, limit: int = 100) -> list[JobRow]:
    """Jobs not yet handed to a queue (all of them, or only those due by ``due_by``)."""
    query = select(JobRow).where(JobRow.state == JobState.PENDING.value)
    if due_by is not None:
        query = query.where(JobRow.run_at <= due_by)
    return list((await session.execute(query.order_by(JobRow.run_at, JobRow.id).limit(limit))).scalars())


async def about_referrals(session: AsyncSession, referral_ids: list[str]) -> list[str]:
    """Ids of the jobs about these referrals: chasing their answers, delivering their events."""
    if not referral_ids:
        return []
    keyed = [JobRow.id.like(f"%:{referral_id}:%") for referral_id in referral_ids]
    deliveries = await session.execute(select(DeliveryRow.id).where(DeliveryRow.referral_id.in_(referral_ids)))
    delivering = JobRow.id.in_([job_id("deliver_webhook", d) for d in deliveries.scalars()])
    return list((await session.execute(select(JobRow.id).where(or_(*keyed, delivering)))).scalars())


async def cancel(session: AsyncSession, identifiers: list[str]) -> None:
    """Cancel these jobs and drop their payloads and results (erasure)."""
    if identifiers:
        await session.execute(
            update(JobRow)
            .where(JobRow.id.in_(identifiers))
            .values(state=JobState.CANCELLED.value, payload={}, result=None, last_error=None, updated_at=utcnow())
        )


async def mark_queued(session: AsyncSession, identifiers: list[str]) -> None:
    """Record that these jobs are in the queue, unless a worker has taken them up already."""
    if identifiers:
        await session.execute(
            update(JobRow)
            .where(JobRow.id.in_(identifiers), JobRow.state == JobState.PENDING.value)
            .values(state=JobState.QUEUED.value, updated_at=utcnow())
        )


async def mark(
    session: AsyncSession,
    identifier: str,
    state: JobState,
    *,
    error: str | None = None,
    result: dict[str, Any] | None = None,
    run_at: datetime | None = None,
) -> None:
    values: dict[str, Any] = {"state": state.value, "updated_at": utcnow()}
    if run_at is not None:
        values["run_at"] = run_at
    if error is not None:
        values["last_error"] = error[:2000]
    if result is not None:
        values["result"] = result
    await session.execute(update(JobRow).where(JobRow.id == identifier).values(**values))


async def handed_over(session: AsyncSession, before: datetime, limit: int = 5000) -> list[tuple[str, str, datetime]]:
    """``(id, state, updated_at)`` of jobs a queue holds (or should hold) and that have not changed
    since ``before``, oldest change first."""
    rows = await session.execute(
        select(JobRow.id, JobRow.state, JobRow.updated_at)
        .where(JobRow.state.in_(HANDED_OVER), JobRow.updated_at < before)
        .order_by(JobRow.updated_at, JobRow.id)
        .limit(limit)
    )
    return [(r.id, r.state, r.updated_at) for r in rows]


async def take_back(session: AsyncSession, identifier: str, state: str, updated_at: datetime) -> bool:
    """Make a job the queue lost pending again, unless it changed since it was looked at.

    A job that has used up its attempts is a dead letter instead. Returns whether the row changed.
    """
    unchanged = (JobRow.id == identifier, JobRow.state == state, JobRow.updated_at == updated_at)
    exhausted = await session.execute(
        update(JobRow)
        .where(*unchanged, JobRow.attempts >= MAX_ATTEMPTS)
        .values(state=JobState.FAILED.value, last_error="lost by the queue after its last attempt", updated_at=utcnow())
    )
    if getattr(exhausted, "rowcount", 0):
        return True
    result = await session.execute(
        update(JobRow).where(*unchanged).values(state=JobState.PENDING.value, run_at=utcnow(), updated_at=utcnow())
    )
    return bool(getattr(result, "rowcount", 0))


async def claim(session: AsyncSession, identifier: str) -> bool:
    """Take a pending job for this process; False if another process took it first."""
    result = await session.execute(
        update(JobRow)
        .where(JobRow.id == identifier, JobRow.state == JobState.PENDING.value)
        .values(state=JobState.RUNNING.value, updated_at=utcnow())
    )
    return bool(getattr(result, "rowcount", 0))


async def start_attempt(session: AsyncSession, identifier: str) -> int | None:
    """Mark the job running and count the attempt; return which attempt this is.

    None when there is nothing to run: the job is done already (a queue delivered it twice),
    cancelled by an erasure, or unknown.
    """
    attempts = (
        await session.execute(
            update(JobRow)
            .where(JobRow.id == identifier, JobRow.state.notin_((JobState.DONE.value, JobState.CANCELLED.value)))
            .values(state=JobState.RUNNING.value, attempts=JobRow.attempts + 1, updated_at=utcnow())
            .returning(JobRow.attempts)
        )
    ).scalar()
    return None if attempts is None else int(attempts)


async def listing(session: AsyncSession, state: JobState | None, limit: int) -> list[JobRow]:
    query = select(JobRow).order_by(JobRow.updated_at.desc(), JobRow.id).limit(limit)
    if state is not None:
        query = query.where(JobRow.state == state.value)
    return list((await session.execute(query)).scalars())


async def retry(session: AsyncSession, identifier: str) -> JobRow:
    """Give a dead-lettered job a fresh set of attempts, due now (only a failed job: 409 otherwise)."""
    row = await session.get(JobRow, identifier)
    if row is None:
        raise NotFound("no such job")
    if row.state != JobState.FAILED.value:
        raise Conflict("only a failed job can be retried")
    row.state, row.attempts, row.run_at, row.updated_at = JobState.PENDING.value, 0, utcnow(), utcnow()
    return row
