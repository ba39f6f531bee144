"""The weekly report's figures, from the referral event log: counts only, no person in it."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta

import msgspec
from sqlalchemy import ColumnElement, and_, false, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.domain.access import Principal
from matcher.domain.fairness import AttributeAudit
from matcher.domain.referrals import FULL_TIME_PERCENT, FollowUpStatus, ReferralState
from matcher.domain.reports import FunnelRow, Need, SkillGap, WeeklyReport
from matcher.errors import InvalidField
from matcher.reports import sections
from matcher.store.fairness import audit_period
from matcher.store.referrals import approved_once
from matcher.store.tables import (
    CandidateRow,
    FollowUpRow,
    NotificationRow,
    OutcomeRow,
    ReferralEventRow,
    ReferralRow,
    ReportSnapshotRow,
    ShortlistRow,
    VacancyRow,
)
from taxonomy import Taxonomy

UNKNOWN_TERMS = 30
_WEEK = re.compile(r"^(?P<year>\d{4})-W(?P<week>\d{2})$")


def parse_week(text: str | None, today: date) -> tuple[str, date]:
    """``YYYY-Www`` (ISO week) to its label and Monday; the current week when omitted."""
    if not text:
        year, week, _ = today.isocalendar()
        return f"{year}-W{week:02d}", date.fromisocalendar(year, week, 1)
    match = _WEEK.match(text)
    if not match:
        raise InvalidField("query.week", "expected an ISO week such as 2026-W48")
    try:
        monday = date.fromisocalendar(int(match["year"]), int(match["week"]), 1)
    except ValueError:
        raise InvalidField("query.week", f"{text} is not a week of that year") from None
    return text, monday


def _scope(principal: Principal) -> list[ColumnElement[bool]]:
    """City users report on their own referrals; a partner on referrals to its own vacancies."""
    if principal.is_city:
        return [ReferralRow.city_org_id == principal.organisation]
    return [ReferralRow.partner_org_id == principal.organisation]


async def stored_or_weekly(
    session: AsyncSession,
    principal: Principal,
    week: str | None,
    today: date,
    taxonomy: Taxonomy | None = None,
    detail: bool = True,
) -> WeeklyReport:
    """A past week as it was stored when it ended (so it does not change with later data), else computed."""
    label, _ = parse_week(week, today)
    found = await session.get(ReportSnapshotRow, (principal.organisation, label))
    if found is not None:
        report = msgspec.convert(found.report, WeeklyReport)
        return msgspec.structs.replace(report, snapshot_taken_at=found.created_at)
    return await weekly(session, principal, week, today, taxonomy, detail)


async def weekly(
    session: AsyncSession,
    principal: Principal,
    week: str | None,
    today: date,
    taxonomy: Taxonomy | None = None,
    detail: bool = True,
) -> WeeklyReport:
    """The week's figures; without ``detail`` only the headline counts (for a trend over many weeks)."""
    label, monday = parse_week(week, today)
    start = datetime.combine(monday, time.min, tzinfo=UTC)
    end = start + timedelta(days=7)
    scope = _scope(principal)
    vacancy_scope: list[ColumnElement[bool]] = (
        [] if principal.is_city else [VacancyRow.organisation_id == principal.organisation]
    )

    open_at_end = and_(
        VacancyRow.created_at < end, or_(VacancyRow.closed_at.is_(None), VacancyRow.closed_at >= end), *vacancy_scope
    )
    open_count, openings = (
        await session.execute(select(func.count(), func.coalesce(func.sum(VacancyRow.openings), 0)).where(open_at_end))
    ).one()
    new_vacancies = (
        await session.execute(
            select(func.count())
            .select_from(VacancyRow)
            .where(VacancyRow.created_at >= start, VacancyRow.created_at < end, *vacancy_scope)
        )
    ).scalar_one()
    shortlist_scope = (
        [ShortlistRow.organisation_id == principal.organisation]
        if principal.is_city
        else [ShortlistRow.vacancy_id.in_(select(VacancyRow.id).where(*vacancy_scope))]
    )
    made = and_(ShortlistRow.created_at >= start, ShortlistRow.created_at < end)
    changed = and_(ShortlistRow.reordered_at >= start, ShortlistRow.reordered_at < end)
    shortlists, reordered = (
        await session.execute(
            select(func.count().filter(made), func.count().filter(changed))
            .select_from(ShortlistRow)
            .where(or_(made, changed), *shortlist_scope)
        )
    ).one()
    events = Counter(
        dict(
            (
                await session.execute(
                    select(ReferralEventRow.state, func.count())
                    .join(ReferralRow, ReferralRow.id == ReferralEventRow.referral_id)
                    .where(ReferralEventRow.at >= start, ReferralEventRow.at < end, *scope)
                    .group_by(ReferralEventRow.state)
                )
            ).all()
        )
    )
    removed = (
        await session.execute(
            select(func.count())
            .select_from(ReferralEventRow)
            .join(ReferralRow, ReferralRow.id == ReferralEventRow.referral_id)
            .where(
                ReferralEventRow.state == ReferralState.WITHDRAWN.value,
                ReferralEventRow.at >= start,
                ReferralEventRow.at < end,
                ~approved_once(),
                *scope,
            )
        )
    ).scalar_one()
    reasons: Counter[str] = Counter()
    for (codes,) in await session.execute(
        select(OutcomeRow.reasons)
        .join(ReferralRow, ReferralRow.id == OutcomeRow.referral_id)
        .where(
            OutcomeRow.recorded_at >= start,
            OutcomeRow.recorded_at < end,
            OutcomeRow.outcome != ReferralState.HIRED.value,
            *scope,
        )
    ):
        reasons.update(codes)
    unanswered = (
        await session.execute(
            select(func.count(func.distinct(NotificationRow.referral_id)))
            .join(ReferralRow, ReferralRow.id == NotificationRow.referral_id)
            .where(
                NotificationRow.kind == "feedback_requested",
                NotificationRow.created_at < end,
                ReferralRow.state == ReferralState.INTERVIEW_SCHEDULED.value,
                *scope,
            )
        )
    ).scalar_one()
    escalated = list(
        (
            await session.execute(
                select(ReferralRow.id)
                .where(
                    ReferralRow.feedback_escalated_at.is_not(None),
                    ReferralRow.feedback_escalated_at < end,
                    ReferralRow.state == ReferralState.INTERVIEW_SCHEDULED.value,
                    *scope,
                )
                .order_by(ReferralRow.feedback_escalated_at, ReferralRow.id)
            )
        ).scalars()
    )
    unknown: dict[str, int] = {}
    to_interview = to_hire = None
    needs: list[Need] = []
    funnel: list[FunnelRow] = []
    gaps: list[SkillGap] = []
    fairness: list[AttributeAudit] = []
    if detail:
        unknown = await _unknown_terms(session, principal, start, end)
        to_interview, to_hire = await sections.lead_times(session, scope, start, end)
        needs = await sections.needs(session, open_at_end, start, taxonomy)
        funnel = await sections.funnel(session, scope, start, end, taxonomy)
        if principal.is_city:
            week_end = monday + timedelta(days=6)
            fairness = (await audit_period(session, principal.organisation, monday, week_end)).attributes
        in_service_on = min(today, monday + timedelta(days=6))
        gaps = await sections.skills_gap(session, principal, open_at_end, in_service_on, taxonomy)
    return WeeklyReport(
        week=label,
        starts=monday,
        ends=monday + timedelta(days=6),
        open_vacancies=open_count,
        new_vacancies=new_vacancies,
        openings=int(openings),
        shortlists=shortlists,
        proposed=events[ReferralState.PROPOSED.value],
        referrals_approved=events[ReferralState.APPROVED.value],
        interviews=events[ReferralState.INTERVIEW_SCHEDULED.value],
        hires=events[ReferralState.HIRED.value],
        not_hired=events[ReferralState.NOT_HIRED.value],
        no_shows=events[ReferralState.NO_SHOW.value],
        withdrawn=events[ReferralState.WITHDRAWN.value],
        expired=events[ReferralState.EXPIRED.value],
        non_hire_reasons=dict(sorted(reasons.items())),
        feedback_unanswered=unanswered,
        feedback_escalated=escalated,
        confirmed_outcomes=await _confirmed_outcomes(session, scope, start, end),
        unknown_terms=unknown,
        needs=needs,
        funnel=funnel,
        skills_gap=gaps,
        median_days_to_first_interview=to_interview,
        median_days_to_hire=to_hire,
        proposals_removed=removed,
        shortlists_reordered=reordered,
        fairness=fairness,
    )


async def _confirmed_outcomes(
    session: AsyncSession, scope: list[ColumnElement[bool]], start: datetime, end: datetime
) -> dict[str, int]:
    """Follow-ups recorded in the week; employment split into full time (≥ 80 %) and part time."""
    counts: Counter[str] = Counter()
    rows = await session.execute(
        select(FollowUpRow.status, FollowUpRow.working_time_percent)
        .join(ReferralRow, ReferralRow.id == FollowUpRow.referral_id)
        .where(FollowUpRow.recorded_at >= start, FollowUpRow.recorded_at < end, *scope)
    )
    for status, percent in rows:
        if status == FollowUpStatus.EMPLOYED.value:
            status = "employed_full_time" if (percent or 0) >= FULL_TIME_PERCENT else "employed_part_time"
        counts[status] += 1
    return dict(sorted(counts.items()))


async def _unknown_terms(session: AsyncSession, principal: Principal, start: datetime, end: datetime) -> dict[str, int]:
    """The terms users typed this week that the taxonomy did not recognise, most frequent first."""
    counts: Counter[str] = Counter()
    candidate_scope = [CandidateRow.organisation_id == principal.organisation] if principal.is_city else [false()]
    rows = await session.execute(
        select(CandidateRow.skills, CandidateRow.occupations, CandidateRow.certificates).where(
            CandidateRow.updated_at >= start, CandidateRow.updated_at < end, *candidate_scope
        )
    )
    vacancy_scope = [] if principal.is_city else [VacancyRow.organisation_id == principal.organisation]
    vacancy_rows = await session.execute(
        select(VacancyRow.required_skills, VacancyRow.nice_to_have_skills, VacancyRow.certificates).where(
            VacancyRow.updated_at >= start, VacancyRow.updated_at < end, *vacancy_scope
        )
    )
    for groups in [*rows, *vacancy_rows]:
        for terms in groups:
            counts.update(" ".join(t["text"].casefold().split()) for t in terms if not t.get("uri"))
    return dict(counts.most_common(UNKNOWN_TERMS))
