"""The weekly report's figures: counts only, never a person."""

from __future__ import annotations

from datetime import date

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
    non_hire_reasons: dict[str, int]
    feedback_unanswered: int
    unknown_terms: dict[str, int]
