"""The job outbox: a job is a row written in the same transaction as the change that causes it.

Its id is derived from the business key (``function:key``), so scheduling the same thing twice is
a no-op, and the id doubles as the arq job id. Redis only ever holds a copy of a pending row.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.errors import Conflict, NotFound
from matcher.store.tables import JobRow, utcnow

MAX_ATTEMPTS = 5


class JobState(StrEnum):
    PENDING = "pending"
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


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


async def pending(session: AsyncSession, due_by: datetime | None = None, limit: int = 100) -> list[JobRow]:
    """Jobs not yet handed to a queue (all of them, or only those due by ``due_by``)."""
    query = select(JobRow).where(JobRow.state == JobState.PENDING.value)
    if due_by is not None:
        query = query.where(JobRow.run_at <= due_by)
    return list((await session.execute(query.order_by(JobRow.run_at, JobRow.id).limit(limit))).scalars())


async def mark(
    session: AsyncSession,
    identifier: str,
    state: JobState,
    *,
    error: str | None = None,
    result: dict[str, Any] | None = None,
    attempt: bool = False,
    run_at: datetime | None = None,
) -> None:
    values: dict[str, Any] = {"state": state.value, "updated_at": utcnow()}
    if run_at is not None:
        values["run_at"] = run_at
    if error is not None:
        values["last_error"] = error[:2000]
    if result is not None:
        values["result"] = result
    if attempt:
        values["attempts"] = JobRow.attempts + 1
    await session.execute(update(JobRow).where(JobRow.id == identifier).values(**values))


async def claim(session: AsyncSession, identifier: str) -> bool:
    """Take a pending job for this process; False if another process took it first."""
    result = await session.execute(
        update(JobRow)
        .where(JobRow.id == identifier, JobRow.state == JobState.PENDING.value)
        .values(state=JobState.RUNNING.value, updated_at=utcnow())
    )
    return bool(getattr(result, "rowcount", 0))


async def start_attempt(session: AsyncSession, identifier: str) -> int:
    """Mark the job running and count the attempt; return which attempt this is."""
    await mark(session, identifier, JobState.RUNNING, attempt=True)
    attempts = (await session.execute(select(JobRow.attempts).where(JobRow.id == identifier))).scalar()
    return int(attempts or 1)


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
