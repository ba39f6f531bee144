"""The weekly report's figures: counts only, never a person."""

from __future__ import annotations

from datetime import date, datetime

from matcher.domain.base import Output
from matcher.domain.fairness import AttributeAudit


class Need(Output):
    """Open vacancies at the week's end for one partner and occupation (not about any person)."""

    partner: str
    sector: str
    occupation: str
    vacancies: int
    openings: int
    new: int


class FunnelRow(Output):
    """Referrals that reached each stage in the week, for one partner and sector."""

    partner: str
    sector: str
    proposed: int
    approved: int
    interviewed: int
    hired: int


class SkillGap(Output):
    """A skill open vacancies require, and how many of the organisation's job seekers have it."""

    uri: str
    label: str
    vacancies: int
    candidates: int | None  # None when the caller cannot see job seekers (a partner)


class WeeklyReport(Output):
    week: str
    starts: date
    ends: date
    open_vacancies: int
    new_vacancies: int
    openings: int
    shortlists: int
    proposed: int
    referrals_approved: int
    interviews: int
    hires: int
    not_hired: int
    no_shows: int
    withdrawn: int
    expired: int
    non_hire_reasons: dict[str, int]
    feedback_unanswered: int
    feedback_escalated: list[str]  # pseudonymous referral ids whose feedback never came despite reminders
    confirmed_outcomes: dict[str, int]  # three-month follow-ups recorded this week, by status
    unknown_terms: dict[str, int]
    needs: list[Need] = []
    funnel: list[FunnelRow] = []
    skills_gap: list[SkillGap] = []
    median_days_to_first_interview: float | None = None
    median_days_to_hire: float | None = None
    fairness: list[AttributeAudit] = []  # the week's rankings, by the groups job seekers gave for the audit
    proposals_removed: int = 0  # proposals a coach took off a shortlist (with a reason): overrides of the matcher
    shortlists_reordered: int = 0  # shortlists a coach put in another order (with a reason)
    snapshot_taken_at: datetime | None = None  # set when this is the week's report as stored at the time
