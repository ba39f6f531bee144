"""Notifications left for an organisation; the key makes each one happen at most once."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.domain.notifications import Notification, NotificationKind
from matcher.links import answer_link
from matcher.store import webhooks
from matcher.store.ids import new_id
from matcher.store.tables import NotificationRow, ReferralRow, utcnow


async def notify(
    session: AsyncSession,
    *,
    key: str,
    organisation: str,
    kind: NotificationKind,
    referral_id: str | None = None,
    vacancy_id: str | None = None,
) -> bool:
    """Add the notification unless one with ``key`` exists; return whether it was added.

    An organisation with a webhook also gets it pushed (signed, retried, logged).
    """
    exists = (await session.execute(select(NotificationRow.id).where(NotificationRow.key == key))).scalar()
    if exists is not None:
        return False
    row = NotificationRow(
        id=new_id(),
        key=key,
        organisation_id=organisation,
        kind=kind.value,
        referral_id=referral_id,
        vacancy_id=vacancy_id,
        created_at=utcnow(),
    )
    session.add(row)
    await webhooks.enqueue(
        session,
        key=key,
        organisation=organisation,
        event=kind.value,
        referral_id=referral_id,
        payload={
            "event": kind.value,
            "notification_id": row.id,
            "referral_id": referral_id,
            "vacancy_id": vacancy_id,
            "created_at": row.created_at.isoformat(),
        },
    )
    await session.flush()
    return True


async def for_organisation(
    session: AsyncSession, organisation: str, limit: int, key: bytes, base_url: str
) -> list[Notification]:
    """The organisation's notifications, newest first; requests carry the link to answer them."""
    rows = await session.execute(
        select(NotificationRow, ReferralRow.interview_at)
        .outerjoin(ReferralRow, ReferralRow.id == NotificationRow.referral_id)
        .where(NotificationRow.organisation_id == organisation)
        .order_by(NotificationRow.created_at.desc(), NotificationRow.id)
        .limit(limit)
    )
    return [
        Notification(
            id=r.id,
            kind=NotificationKind(r.kind),
            referral_id=r.referral_id,
            vacancy_id=r.vacancy_id,
            created_at=r.created_at,
            link=answer_link(key, base_url, NotificationKind(r.kind), r.referral_id, interview_at, r.created_at)
            if r.referral_id
            else None,
        )
        for r, interview_at in rows
    ]
