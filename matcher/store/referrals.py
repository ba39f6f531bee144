"""Referrals through their states; each move is logged with who and when."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import msgspec
from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from matcher.domain.access import REFERRAL_READERS, Principal
from matcher.domain.enums import ConsentPurpose, NonHireReason, OrgKind, Role
from matcher.domain.notifications import NotificationKind
from matcher.domain.referrals import (
    FULL_TIME_PERCENT,
    STALLABLE,
    TRANSITIONS,
    FollowUp,
    FollowUpCreate,
    FollowUpStatus,
    Outcome,
    OutcomeCreate,
    RecruiterReferral,
    Referral,
    ReferralState,
    Transition,
    TransitionCreate,
    allowed,
    reachable,
)
from matcher.errors import Conflict, Forbidden, InvalidField, NotFound
from matcher.settings import Settings
from matcher.store import candidates, jobs
from matcher.store.ids import valid_id
from matcher.store.notifications import notify
from matcher.store.tables import CandidateRow, FollowUpRow, OutcomeRow, ReferralEventRow, ReferralRow, utcnow

CHASE_FEEDBACK = "chase_feedback"
CHASE_FOLLOW_UP = "chase_follow_up"


async def notify_about(
    session: AsyncSession, row: ReferralRow, kind: NotificationKind, organisation: str, key: str
) -> bool:
    """Tell ``organisation`` something about this referral, at most once per ``key``."""
    return await notify(
        session, key=key, organisation=organisation, kind=kind, referral_id=row.id, vacancy_id=row.vacancy_id
    )


def visible(principal: Principal) -> ColumnElement[bool]:
    """The city side sees its own candidates' referrals; a partner sees the ones to its vacancies that a
    coach approved, whatever happened after (a proposal removed or expired unapproved stays unseen)."""
    if principal.is_city:
        return ReferralRow.city_org_id == principal.organisation
    return and_(ReferralRow.partner_org_id == principal.organisation, approved_once())


def approved_once() -> ColumnElement[bool]:
    approval = aliased(ReferralEventRow)
    return (
        select(approval.id)
        .where(approval.referral_id == ReferralRow.id, approval.state == ReferralState.APPROVED.value)
        .exists()
    )


async def get(session: AsyncSession, principal: Principal, referral_id: str) -> ReferralRow:
    if principal.role not in REFERRAL_READERS or not valid_id(referral_id):
        raise NotFound("no such referral")
    row = (await session.execute(select(ReferralRow).where(ReferralRow.id == referral_id, visible(principal)))).scalar()
    if row is None:
        raise NotFound("no such referral")
    return row


async def page(
    session: AsyncSession,
    principal: Principal,
    vacancy_id: str | None,
    state: ReferralState | None,
    offset: int,
    limit: int,
) -> tuple[list[ReferralRow], int]:
    conditions = [visible(principal)]
    if vacancy_id:
        conditions.append(ReferralRow.vacancy_id == (vacancy_id if valid_id(vacancy_id) else ""))
    if state:
        conditions.append(ReferralRow.state == state.value)
    total = (await session.execute(select(func.count()).select_from(ReferralRow).where(*conditions))).scalar_one()
    rows = (
        await session.execute(
            select(ReferralRow)
            .where(*conditions)
            .order_by(ReferralRow.created_at, ReferralRow.id)
            .offset(offset)
            .limit(limit)
        )
    ).scalars()
    return list(rows), total


def _check(row: ReferralRow, target: ReferralState, principal: Principal) -> None:
    current = ReferralState(row.state)
    if (current, target) not in TRANSITIONS:
        raise Conflict(f"a referral cannot go from {current.value} to {target.value}")
    if not allowed(current, target, principal.role):
        raise Forbidden(f"a {principal.role.value} cannot move a referral to {target.value}")


def _move(
    session: AsyncSession, row: ReferralRow, target: ReferralState, principal: Principal, note: str | None
) -> None:
    row.state = target.value
    row.updated_at = utcnow()
    session.add(
        ReferralEventRow(
            referral_id=row.id,
            state=target.value,
            user_id=principal.user_id,
            organisation_id=principal.organisation,
            note=note,
        )
    )


async def transition(
    session: AsyncSession, principal: Principal, row: ReferralRow, data: TransitionCreate, settings: Settings
) -> None:
    """Apply a move; approving needs a valid consent, scheduling an interview plans the feedback request."""
    target = ReferralState(data.to)
    _check(row, target, principal)
    if row.state == ReferralState.PROPOSED.value and target is ReferralState.WITHDRAWN and not data.note:
        # A coach overriding the matcher says why: the reasons are read when the model is reviewed.
        raise InvalidField("$.note", "say why the proposal is removed")
    if target is ReferralState.APPROVED:
        consent_rows = (await candidates.consents(session, [row.candidate_id or ""])).get(row.candidate_id or "", [])
        if row.candidate_id is None or not candidates.has_consent(
            consent_rows, row.partner_org_id, ConsentPurpose.REFERRAL, date.today()
        ):
            raise Conflict("the candidate has no valid consent for this partner")
    if target is ReferralState.INTERVIEW_SCHEDULED:
        if data.interview_at is None:
            raise InvalidField("$.interview_at", "required when scheduling an interview")
        if data.interview_at.tzinfo is None:
            raise InvalidField("$.interview_at", "needs a timezone offset, e.g. 2026-12-01T09:00:00+02:00")
        row.interview_at = data.interview_at
        await schedule_feedback_request(session, row, data.interview_at, settings)
    _move(session, row, target, principal, data.note)


async def schedule_feedback_request(
    session: AsyncSession, row: ReferralRow, interview_at: datetime, settings: Settings
) -> None:
    await schedule_chase(
        session,
        CHASE_FEEDBACK,
        row.id,
        interview_at.isoformat(),
        0,
        interview_at + timedelta(days=settings.feedback_after_days),
    )


async def schedule_chase(
    session: AsyncSession, function: str, referral_id: str, request: str, round_: int, run_at: datetime
) -> None:
    """Plan one round of chasing an answer: 0 is the request, then reminders, then escalation."""
    await jobs.schedule(
        session,
        function,
        f"{referral_id}:{request}:{round_}",
        {"referral_id": referral_id, "request": request, "round": round_},
        run_at,
    )


async def record_outcome(
    session: AsyncSession, principal: Principal, row: ReferralRow, data: OutcomeCreate, settings: Settings
) -> None:
    """Record the interview outcome; a non-hire needs reasons, and the coach is told."""
    target = ReferralState(data.outcome)
    _check(row, target, principal)
    reasons = list(dict.fromkeys(data.reasons))
    if target is ReferralState.NOT_HIRED and not reasons:
        raise InvalidField("$.reasons", "a non-hire needs at least one reason")
    if target is ReferralState.NO_SHOW and NonHireReason.NO_SHOW not in reasons:
        reasons.append(NonHireReason.NO_SHOW)
    if target is ReferralState.HIRED and reasons:
        raise InvalidField("$.reasons", "reasons are for non-hires")
    session.add(
        OutcomeRow(
            referral_id=row.id,
            outcome=target.value,
            reasons=[r.value for r in reasons],
            feedback=data.feedback or None,
            employability=data.employability,
            recorded_by=principal.user_id,
        )
    )
    _move(session, row, target, principal, None)
    await notify_about(session, row, NotificationKind.FEEDBACK_RECEIVED, row.city_org_id, f"feedback_received:{row.id}")
    if target is ReferralState.HIRED:
        await schedule_chase(
            session, CHASE_FOLLOW_UP, row.id, "", 0, utcnow() + timedelta(days=settings.follow_up_after_days)
        )


async def record_follow_up(session: AsyncSession, principal: Principal, row: ReferralRow, data: FollowUpCreate) -> None:
    """Record where a hired person is three months on (the partner, or the coach when they hear it first)."""
    if principal.role not in (Role.RECRUITER, Role.COACH):
        raise Forbidden(f"a {principal.role.value} cannot record a follow-up")
    if row.state != ReferralState.HIRED.value:
        raise Conflict("a follow-up is recorded for a hire")
    if await session.get(FollowUpRow, row.id) is not None:
        raise Conflict("the follow-up for this hire is recorded already")
    employed = data.status is FollowUpStatus.EMPLOYED
    if employed and data.working_time_percent is None:
        raise InvalidField("$.working_time_percent", "required when the person is employed")
    if not employed and data.working_time_percent is not None:
        raise InvalidField("$.working_time_percent", "only for a person still employed")
    session.add(
        FollowUpRow(
            referral_id=row.id,
            status=data.status.value,
            working_time_percent=data.working_time_percent,
            note=data.note or None,
            recorded_by=principal.user_id,
        )
    )
    await notify_about(
        session, row, NotificationKind.FOLLOW_UP_RECEIVED, row.city_org_id, f"follow_up_received:{row.id}"
    )


async def awaits_feedback(session: AsyncSession, row: ReferralRow, request: str) -> bool:
    """Whether the interview ``request`` names still stands as scheduled with no outcome recorded."""
    return (
        row.state == ReferralState.INTERVIEW_SCHEDULED.value
        and row.interview_at is not None
        and row.interview_at == datetime.fromisoformat(request)
    )


async def awaits_follow_up(session: AsyncSession, row: ReferralRow, request: str) -> bool:
    """Whether a hire's three-month follow-up is still to be recorded."""
    return row.state == ReferralState.HIRED.value and await session.get(FollowUpRow, row.id) is None


def link_principal(row: ReferralRow) -> Principal:
    """Who answers through a signed link: the partner organisation the request went to."""
    return Principal(
        user_id="answer-link",
        name="answer link",
        role=Role.RECRUITER,
        organisation=row.partner_org_id,
        org_kind=OrgKind.PARTNER,
    )


async def escalate(session: AsyncSession, row: ReferralRow) -> bool:
    """Put an interview whose feedback never came on the weekly report's unanswered list."""
    if row.feedback_escalated_at is not None:
        return False
    row.feedback_escalated_at = utcnow()
    await notify_about(
        session,
        row,
        NotificationKind.FEEDBACK_ESCALATED,
        row.city_org_id,
        f"feedback_escalated:{row.id}:{row.interview_at.isoformat() if row.interview_at else ''}",
    )
    return True


async def close_stale(session: AsyncSession, now: datetime, settings: Settings) -> int:
    """Close referrals nobody moved for ``stale_after_days`` (proposed or approved, never an interview
    waiting for its outcome), telling both sides (the partner only if it ever saw the referral)."""
    cutoff = now - timedelta(days=settings.stale_after_days)
    rows = (
        await session.execute(
            select(ReferralRow).where(
                ReferralRow.state.in_([s.value for s in STALLABLE]), ReferralRow.updated_at < cutoff
            )
        )
    ).scalars()
    closed = 0
    for row in rows:
        was = ReferralState(row.state)
        row.state, row.updated_at = ReferralState.EXPIRED.value, now
        note = f"closed by the service: no move in {settings.stale_after_days} days"
        session.add(ReferralEventRow(referral_id=row.id, state=row.state, note=note))
        organisations = [row.city_org_id] + ([row.partner_org_id] if was is ReferralState.APPROVED else [])
        for organisation in organisations:
            await notify_about(
                session,
                row,
                NotificationKind.REFERRAL_EXPIRED,
                organisation,
                f"referral_expired:{row.id}:{organisation}",
            )
        closed += 1
    return closed


async def _history(session: AsyncSession, row: ReferralRow, with_notes: bool) -> list[Transition]:
    events = (
        await session.execute(
            select(ReferralEventRow)
            .where(ReferralEventRow.referral_id == row.id)
            .order_by(ReferralEventRow.at, ReferralEventRow.id)
        )
    ).scalars()
    return [
        Transition(
            state=ReferralState(e.state),
            at=e.at,
            by_user=e.user_id,
            by_organisation=e.organisation_id,
            note=e.note if with_notes else None,
        )
        for e in events
    ]


async def _follow_up(session: AsyncSession, row: ReferralRow) -> FollowUp | None:
    found = await session.get(FollowUpRow, row.id)
    if found is None:
        return None
    percent = found.working_time_percent
    return FollowUp(
        status=FollowUpStatus(found.status),
        working_time_percent=percent,
        full_time=None if percent is None else percent >= FULL_TIME_PERCENT,
        recorded_at=found.recorded_at,
    )


async def _outcome(session: AsyncSession, row: ReferralRow) -> Outcome | None:
    found = await session.get(OutcomeRow, row.id)
    if found is None:
        return None
    return msgspec.convert(
        {
            "outcome": found.outcome,
            "reasons": found.reasons,
            "feedback": found.feedback or "",
            "employability": found.employability,
            "recorded_at": found.recorded_at,
        },
        Outcome,
    )


def _next(row: ReferralRow, role: Role) -> list[ReferralState]:
    current = ReferralState(row.state)
    return [t for t in reachable(current) if allowed(current, t, role) and t is not current]


async def to_referral(session: AsyncSession, row: ReferralRow, principal: Principal) -> Referral:
    return Referral(
        id=row.id,
        vacancy_id=row.vacancy_id,
        candidate_id=row.candidate_id,
        shortlist_id=row.shortlist_id,
        state=ReferralState(row.state),
        interview_at=row.interview_at,
        history=await _history(session, row, with_notes=True),
        outcome=await _outcome(session, row),
        follow_up=await _follow_up(session, row),
        feedback_escalated_at=row.feedback_escalated_at,
        next_states=_next(row, principal.role),
    )


async def to_recruiter_referral(session: AsyncSession, row: ReferralRow, principal: Principal) -> RecruiterReferral:
    """The partner's view; the candidate is shown only while a consent for this partner holds."""
    candidate = None
    if row.candidate_id is not None:
        found = await session.get(CandidateRow, row.candidate_id)
        consent_rows = (await candidates.consents(session, [row.candidate_id]))[row.candidate_id]
        if found is not None and candidates.has_consent(
            consent_rows, principal.organisation, ConsentPurpose.REFERRAL, date.today()
        ):
            candidate = candidates.to_recruiter_view(found)
    return RecruiterReferral(
        id=row.id,
        vacancy_id=row.vacancy_id,
        state=ReferralState(row.state),
        interview_at=row.interview_at,
        candidate=candidate,
        outcome=await _outcome(session, row),
        follow_up=await _follow_up(session, row),
        next_states=_next(row, principal.role),
    )
