"""The weekly report as the tables people read: on the page, and in the CSV, XLSX and JSON exports.

Counts of people below five are shown as "< 5" (as official statistics do), so that no cell can
point at a person; counts of vacancies are not about people and stay exact.
"""

from __future__ import annotations

from typing import Any

from matcher.domain.reports import WeeklyReport

SMALL = 5
SUPPRESSED = "< 5"
Cell = int | float | str | None


def people(count: int | None) -> Cell:
    """A count of people as it may be shown."""
    if count is None:
        return None
    return SUPPRESSED if 0 < count < SMALL else count


def charted(count: int | None) -> int:
    """A count of people as a chart may draw it: a suppressed one is drawn as nothing."""
    return count if count is not None and count >= SMALL else 0


def rate(part: int, whole: int) -> Cell:
    if whole < SMALL or 0 < part < SMALL:
        return None
    return round(100 * part / whole)


def tables(report: WeeklyReport, words: dict[str, str]) -> list[tuple[str, list[str], list[list[Cell]]]]:
    """``(name, header, rows)`` for every section of the report."""
    w = words
    headline: list[list[Cell]] = [
        [w["open_vacancies"], report.open_vacancies],
        [w["new_vacancies"], report.new_vacancies],
        [w["openings"], report.openings],
        [w["proposed"], people(report.proposed)],
        [w["approved"], people(report.referrals_approved)],
        [w["interviews"], people(report.interviews)],
        [w["hires"], people(report.hires)],
        [w["lead_interview"], report.median_days_to_first_interview],
        [w["lead_hire"], report.median_days_to_hire],
        [w["unanswered"], people(report.feedback_unanswered)],
        [w["removed"], people(report.proposals_removed)],
        [w["reordered"], report.shortlists_reordered],
        [w["override_rate"], rate(report.proposals_removed, report.proposals_removed + report.referrals_approved)],
    ]
    funnel = [
        [
            row.partner,
            row.sector,
            people(row.proposed),
            people(row.approved),
            people(row.interviewed),
            people(row.hired),
            rate(row.hired, row.interviewed),
        ]
        for row in report.funnel
    ]
    return [
        ("headline", [w["headline"], w["count"]], headline),
        (
            "needs",
            [w["partner"], w["sector"], w["occupation"], w["vacancies"], w["openings"], w["new"]],
            [[n.partner, n.sector, n.occupation, n.vacancies, n.openings, n.new] for n in report.needs],
        ),
        (
            "funnel",
            [
                w["partner"],
                w["sector"],
                w["proposed"],
                w["approved"],
                w["interviewed"],
                w["hired"],
                w["hire_rate"] + " %",
            ],
            funnel,
        ),
        (
            "reasons",
            [w["reason"], w["count"]],
            [[w.get(f"reason_{code}", code), people(n)] for code, n in report.non_hire_reasons.items()],
        ),
        (
            "skills",
            [w["skill"], w["demand"], w["supply"], w["training"]],
            [
                [g.label, g.vacancies, people(g.candidates), w["train"] if (g.candidates or 0) < g.vacancies else ""]
                for g in report.skills_gap
            ],
        ),
        (
            "outcomes",
            [w["outcome"], w["count"]],
            [[w.get(code, code), people(n)] for code, n in report.confirmed_outcomes.items()],
        ),
        (
            "fairness",
            [
                w["attribute"],
                w["group"],
                w["considered"],
                w["shortlisted"],
                w["selection_rate"],
                w["impact_ratio"],
                w["four_fifths"],
                w["fair_prefix"],
            ],
            _fairness(report, w),
        ),
        ("unanswered", ["referral_id"], [[r] for r in report.feedback_escalated]),
        ("unknown_terms", [w["term"], w["count"]], [[t, n] for t, n in report.unknown_terms.items()]),
    ]


def _fairness(report: WeeklyReport, w: dict[str, str]) -> list[list[Cell]]:
    """Per group: counts of people suppressed below five, and the ratios only for groups of five or more."""
    rows: list[list[Cell]] = []
    for audit in report.fairness:
        for group in audit.groups:
            shown = group.considered >= SMALL
            ratio = round(group.impact_ratio, 2) if shown and group.impact_ratio is not None else None
            met = w["yes" if group.four_fifths_met else "no"] if shown and group.four_fifths_met is not None else None
            rows.append(
                [
                    w[audit.attribute],
                    group.group,
                    people(group.considered),
                    people(group.selected),
                    rate(group.selected, group.considered),
                    ratio,
                    met,
                    f"{group.fair_prefix_passed} / {group.rankings}",
                ]
            )
    return rows


def as_json(report: WeeklyReport, words: dict[str, str]) -> dict[str, Any]:
    return {
        "week": report.week,
        "sections": {
            name: [dict(zip(header, row, strict=True)) for row in rows] for name, header, rows in tables(report, words)
        },
    }
