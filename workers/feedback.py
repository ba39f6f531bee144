"""Chasing the partner's answers: feedback after an interview, the follow-up three months after a hire.

Each round is its own job with a business-key id: round 0 asks, the next rounds remind with a
doubling wait, and an interview whose feedback never comes is escalated to the weekly report.
Every round notifies at most once (the notification key), so a job run twice sends nothing twice.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from matcher.domain.notifications import NotificationKind
from matcher.settings import Settings
from matcher.store.referrals import (
    CHASE_FEEDBACK,
    CHASE_FOLLOW_UP,
    awaits_feedback,
    awaits_follow_up,
    escalate,
    notify_about,
    schedule_chase,
)
from matcher.store.tables import ReferralRow, utcnow
from workers.context import recorded, sessions, settings

Waiting = Callable[[AsyncSession, ReferralRow, str], Awaitable[bool]]


def reminder_wait(config: Settings, round_: int) -> timedelta:
    """The wait before round ``round_ + 1``: the reminder delay, doubling each round."""
    return timedelta(days=config.reminder_after_days * 2**round_)


async def _chase(
    ctx: dict[str, Any],
    function: str,
    kinds: tuple[NotificationKind, NotificationKind],
    waiting: Waiting,
    escalates: bool,
    referral_id: str,
    request: str,
    round_: int,
) -> dict[str, Any]:
    config = settings(ctx)
    async with sessions(ctx)() as session:
        row = await session.get(ReferralRow, referral_id)
        if row is None or not await waiting(session, row, request):
            return {"referral_id": referral_id, "round": round_, "sent": False, "why": "answered or moved"}
        if round_ > config.reminders:
            escalated = escalates and await escalate(session, row)
            await session.commit()
            return {"referral_id": referral_id, "round": round_, "escalated": escalated}
        sent = await notify_about(
            session,
            row,
            kinds[0] if round_ == 0 else kinds[1],
            row.partner_org_id,
            f"{function}:{referral_id}:{request}:{round_}",
        )
        if round_ < config.reminders or escalates:
            run_at = utcnow() + reminder_wait(config, round_)
            await schedule_chase(session, function, referral_id, request, round_ + 1, run_at)
        await session.commit()
    return {"referral_id": referral_id, "round": round_, "sent": sent}


@recorded
async def chase_feedback(ctx: dict[str, Any], referral_id: str, request: str, round: int) -> dict[str, Any]:
    """Ask for (round 0), remind of (later rounds) or escalate a missing interview outcome."""
    kinds = (NotificationKind.FEEDBACK_REQUESTED, NotificationKind.FEEDBACK_REMINDER)
    return await _chase(ctx, CHASE_FEEDBACK, kinds, awaits_feedback, True, referral_id, request, round)


@recorded
async def chase_follow_up(ctx: dict[str, Any], referral_id: str, request: str, round: int) -> dict[str, Any]:
    """Ask for (round 0) or remind of the three-month follow-up of a hire."""
    kinds = (NotificationKind.FOLLOW_UP_REQUESTED, NotificationKind.FOLLOW_UP_REMINDER)
    return await _chase(ctx, CHASE_FOLLOW_UP, kinds, awaits_follow_up, False, referral_id, request, round)
