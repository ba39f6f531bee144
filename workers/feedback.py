"""Chasing the employer's feedback: a request some days after the interview, then a reminder."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from matcher.domain.notifications import NotificationKind
from matcher.domain.referrals import ReferralState
from matcher.store import jobs
from matcher.store.notifications import notify
from matcher.store.referrals import REQUEST_FEEDBACK
from matcher.store.tables import ReferralRow, utcnow
from workers.context import recorded, sessions, settings

REMIND_FEEDBACK = "remind_feedback"


def _still_waiting(row: ReferralRow, interview_at: str) -> bool:
    """True while the interview stands as scheduled and no outcome has been recorded."""
    return (
        row.state == ReferralState.INTERVIEW_SCHEDULED.value
        and row.interview_at is not None
        and row.interview_at == datetime.fromisoformat(interview_at)
    )


async def _chase(
    ctx: dict[str, Any],
    job: str,
    kind: NotificationKind,
    referral_id: str,
    interview_at: str,
    remind_after: timedelta | None,
) -> dict[str, Any]:
    """Notify the partner while the outcome is missing (once per job and interview), and plan the
    next chase when ``remind_after`` is given."""
    async with sessions(ctx)() as session:
        row = await session.get(ReferralRow, referral_id)
        if row is None or not _still_waiting(row, interview_at):
            return {"referral_id": referral_id, "sent": False, "why": "outcome recorded or interview moved"}
        sent = await notify(
            session,
            key=f"{job}:{referral_id}:{interview_at}",
            organisation=row.partner_org_id,
            kind=kind,
            referral_id=row.id,
            vacancy_id=row.vacancy_id,
        )
        if remind_after is not None:
            await jobs.schedule(
                session,
                REMIND_FEEDBACK,
                f"{referral_id}:{interview_at}",
                {"referral_id": referral_id, "interview_at": interview_at},
                utcnow() + remind_after,
            )
        await session.commit()
    return {"referral_id": referral_id, "sent": sent}


@recorded
async def request_feedback(ctx: dict[str, Any], referral_id: str, interview_at: str) -> dict[str, Any]:
    """Ask the partner for the outcome of an interview that has none yet, and plan a reminder."""
    remind_after = timedelta(days=settings(ctx).reminder_after_days)
    return await _chase(
        ctx, REQUEST_FEEDBACK, NotificationKind.FEEDBACK_REQUESTED, referral_id, interview_at, remind_after
    )


@recorded
async def remind_feedback(ctx: dict[str, Any], referral_id: str, interview_at: str) -> dict[str, Any]:
    """Remind the partner once if the outcome is still missing."""
    return await _chase(ctx, REMIND_FEEDBACK, NotificationKind.FEEDBACK_REMINDER, referral_id, interview_at, None)


FUNCTIONS = {REQUEST_FEEDBACK: request_feedback, REMIND_FEEDBACK: remind_feedback}
