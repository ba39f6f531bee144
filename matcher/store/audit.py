"""Recording and checking the audit trail (see ``AuditRow``)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import UTC, date, datetime, time

import msgspec
from sqlalchemy import ColumnElement, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.domain.access import Principal
from matcher.domain.audit import Action, AuditEntry, ChainCheck, Purpose
from matcher.store.candidates import subject_hash
from matcher.store.tables import AuditHeadRow, AuditRow, utcnow

GENESIS = "0" * 64
SYSTEM = "system"  # the actor when the service itself acts (retention)
BATCH = 2000

Person = tuple[str, str]  # pseudonymous candidate id, and the city organisation responsible for it


def entry_hash(prev_hash: str, row: dict[str, object]) -> str:
    """SHA-256 over the previous hash and the entry's content, in a fixed order."""
    at = row["at"]
    assert isinstance(at, datetime)
    content = [
        row["seq"],
        at.isoformat(),
        row["actor"],
        row["organisation"],
        row["role"],
        row["action"],
        row["subject"],
        row["subject_organisation"],
        row["fields"],
        row["purpose"],
        prev_hash,
    ]
    return hashlib.sha256(msgspec.json.encode(content)).hexdigest()


async def record(
    session: AsyncSession,
    who: Principal | None,
    action: Action,
    purpose: Purpose,
    people: Iterable[Person],
    fields: Iterable[str],
) -> None:
    """Append one entry per person, in the caller's transaction (so a write and its entry commit
    together). ``who`` is None when the service acts on its own."""
    subjects = list(dict.fromkeys((candidate, owner) for candidate, owner in people if candidate))
    if not subjects:
        return
    # Appenders take turns on the head row until they commit, so the chain has no forks.
    last_seq, prev = (
        await session.execute(
            update(AuditHeadRow)
            .where(AuditHeadRow.id == 1)
            .values(seq=AuditHeadRow.seq + len(subjects))
            .returning(AuditHeadRow.seq, AuditHeadRow.hash)
        )
    ).one()
    at = utcnow()
    names = sorted(set(fields))
    rows = []
    for offset, (candidate, owner) in enumerate(subjects):
        row: dict[str, object] = {
            "seq": last_seq - len(subjects) + 1 + offset,
            "at": at,
            "actor": who.user_id if who else SYSTEM,
            "organisation": who.organisation if who else owner,
            "role": who.role.value if who else SYSTEM,
            "action": action.value,
            "subject": subject_hash(candidate),
            "subject_organisation": owner,
            "fields": names,
            "purpose": purpose.value,
            "prev_hash": prev,
        }
        row["hash"] = prev = entry_hash(prev, row)
        rows.append(row)
    await session.execute(insert(AuditRow), rows)
    await session.execute(update(AuditHeadRow).where(AuditHeadRow.id == 1).values(hash=prev))


def _visible(principal: Principal) -> ColumnElement[bool]:
    """An admin sees what its own organisation's users did, and on the city side every access to the
    job seekers it is responsible for (including partners' reads)."""
    return or_(AuditRow.organisation == principal.organisation, AuditRow.subject_organisation == principal.organisation)


async def query(
    session: AsyncSession,
    principal: Principal,
    candidate_id: str | None,
    actor: str | None,
    since: date | None,
    after: int,
    limit: int,
) -> list[AuditEntry]:
    conditions = [_visible(principal), AuditRow.seq > after]
    if candidate_id:
        conditions.append(AuditRow.subject == subject_hash(candidate_id))
    if actor:
        conditions.append(AuditRow.actor == actor)
    if since:
        conditions.append(AuditRow.at >= datetime.combine(since, time.min, tzinfo=UTC))
    rows = await session.scalars(select(AuditRow).where(*conditions).order_by(AuditRow.seq).limit(limit))
    return [msgspec.convert(row, AuditEntry, from_attributes=True) for row in rows]


async def verify(session: AsyncSession) -> ChainCheck:
    """Recompute the chain: every entry in sequence, each hash from its content and the one before,
    and the head at the last entry (so entries removed from the end are noticed too)."""
    prev, expected, count = GENESIS, 1, 0
    while True:
        rows = (
            await session.scalars(select(AuditRow).where(AuditRow.seq >= expected).order_by(AuditRow.seq).limit(BATCH))
        ).all()
        for row in rows:
            content = {column.name: getattr(row, column.name) for column in AuditRow.__table__.columns}
            if row.seq != expected:
                return ChainCheck(entries=count, intact=False, first_broken=expected, problem="entry missing")
            if row.prev_hash != prev or entry_hash(prev, content) != row.hash:
                return ChainCheck(entries=count, intact=False, first_broken=row.seq, problem="entry altered")
            prev, expected, count = row.hash, expected + 1, count + 1
        if len(rows) < BATCH:
            break
    head = await session.get(AuditHeadRow, 1, populate_existing=True)
    if head is None or head.seq != count or head.hash != prev:
        return ChainCheck(entries=count, intact=False, first_broken=count + 1, problem="entries removed at the end")
    return ChainCheck(entries=count, intact=True, first_broken=None, problem=None)


def given(data: msgspec.Struct) -> list[str]:
    """The fields a request body actually set (the ones a write touched)."""
    return [name for name in data.__struct_fields__ if getattr(data, name) not in (None, msgspec.UNSET)]


def fields_of(view: type[msgspec.Struct]) -> list[str]:
    """The fields a response type carries (the ones a read disclosed)."""
    return [name for name in view.__struct_fields__ if name != "id"]
