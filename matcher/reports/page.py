"""What the weekly page shows: the week's report, the last twelve weeks, and the charts."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from matcher.domain.access import Principal
from matcher.domain.reports import WeeklyReport
from matcher.reports import charts
from matcher.reports.labels import words
from matcher.reports.tables import SMALL, charted, people, tables
from matcher.reports.weekly import parse_week, stored_or_weekly
from taxonomy import Taxonomy

TREND_WEEKS = 12
HEADLINE = ("open_vacancies", "new_vacancies", "referrals_approved", "interviews", "hires")
VACANCY_COUNTS = ("open_vacancies", "new_vacancies")


def _label(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


async def page(
    session: AsyncSession, principal: Principal, week: str | None, today: date, taxonomy: Taxonomy, lang: str
) -> dict[str, Any]:
    """The template's context for one week in one language."""
    label, monday = parse_week(week, today)
    w = words(lang)
    trend: list[WeeklyReport] = []
    for back in range(TREND_WEEKS - 1, 0, -1):
        week_back = _label(monday - timedelta(weeks=back))
        trend.append(await stored_or_weekly(session, principal, week_back, today, taxonomy, detail=False))
    trend.append(await stored_or_weekly(session, principal, label, today, taxonomy))
    report, previous = trend[-1], trend[-2]
    weeks = [r.week[-3:] for r in trend]
    sections = {name: (header, rows) for name, header, rows in tables(report, w)}
    figures = {
        "trend": charts.lines(
            w["trend"],
            weeks,
            {
                w["interviews"]: [charted(r.interviews) for r in trend],
                w["hires"]: [charted(r.hires) for r in trend],
                w["approved"]: [charted(r.referrals_approved) for r in trend],
            },
        ),
    }
    reasons = [(code, n) for code, n in report.non_hire_reasons.items() if charted(n)]
    if reasons:
        figures["reasons"] = charts.bars(
            w["reasons"], [w.get(f"reason_{c}", c) for c, _ in reasons], {w["count"]: [n for _, n in reasons]}
        )
    if report.skills_gap:
        gaps = report.skills_gap
        series = {w["demand"]: [float(g.vacancies) for g in gaps]}
        if all(g.candidates is not None for g in gaps):
            series[w["supply"]] = [float(charted(g.candidates)) for g in gaps]
        figures["skills"] = charts.bars(w["skills"], [g.label for g in gaps], series)
    if report.funnel:
        totals = [
            sum(getattr(r, stage) for r in report.funnel) for stage in ("proposed", "approved", "interviewed", "hired")
        ]
        figures["funnel"] = charts.bars(
            w["funnel"],
            [w["proposed"], w["approved"], w["interviewed"], w["hired"]],
            {w["count"]: [charted(n) for n in totals]},
        )
    change = {
        key: getattr(report, key) - getattr(previous, key)
        for key in HEADLINE
        if key in VACANCY_COUNTS or min(getattr(report, key), getattr(previous, key)) >= SMALL
    }
    tiles = [
        (key, w[word], getattr(report, key) if key in VACANCY_COUNTS else people(getattr(report, key)))
        for key, word in zip(
            HEADLINE, ("open_vacancies", "new_vacancies", "approved", "interviews", "hires"), strict=True
        )
    ]
    return {
        "tiles": tiles,
        "unanswered": people(report.feedback_unanswered),
        "lang": lang,
        "w": w,
        "report": report,
        "previous": previous,
        "change": change,
        "sections": sections,
        "figures": figures,
        "trend": [
            [r.week, r.open_vacancies, people(r.referrals_approved), people(r.interviews), people(r.hires)]
            for r in trend
        ],
        "prev_week": _label(monday - timedelta(weeks=1)),
        "next_week": _label(monday + timedelta(weeks=1)),
        "label": label,
    }
