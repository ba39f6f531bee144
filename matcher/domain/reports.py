"""The weekly report's figures: counts only, never a person."""

from __future__ import annotations

from datetime import date, datetime

from matcher.domain.base import Output


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
    snapshot_taken_at: datetime | None = None  # set when this is the week's report as stored at the time
