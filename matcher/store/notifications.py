"""Notifications left for an organisation; the key makes each one happen at most once."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.domain.notifications import Notification, NotificationKind
from matcher.store.ids import new_id
from matcher.store.tables import NotificationRow


async def notify(
    session: AsyncSession,
    *,
    key: str,
    organisation: str,
    kind: NotificationKind,
    referral_id: str | None = None,
    vacancy_id: str | None = None,
) -> bool:
    """Add the notification unless one with ``key`` exists; return whether it was added."""
    exists = (await session.execute(select(NotificationRow.id).where(NotificationRow.key == key))).scalar()
    if exists is not None:
        return False
    session.add(
        NotificationRow(
            id=new_id(),
            key=key,
            organisation_id=organisation,
            kind=kind.value,
            referral_id=referral_id,
            vacancy_id=vacancy_id,
        )
    )
    await session.flush()
    return True


async def for_organisation(session: AsyncSession, organisation: str, limit: int) -> list[Notification]:
    rows = (
        await session.execute(
            select(NotificationRow)
            .where(NotificationRow.organisation_id == organisation)
            .order_by(NotificationRow.created_at.desc(), NotificationRow.id)
            .limit(limit)
        )
    ).scalars()
    return [
        Notification(
            id=r.id,
            kind=NotificationKind(r.kind),
            referral_id=r.referral_id,
            vacancy_id=r.vacancy_id,
            created_at=r.created_at,
        )
        for r in rows
    ]
