"""The weekly report's tables beyond the headline counts: needs, funnel, skills gap, lead times."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.domain.access import Principal
from matcher.domain.referrals import ReferralState
from matcher.domain.reports import FunnelRow, Need, SkillGap
from matcher.store.tables import CandidateRow, OrganisationRow, ReferralEventRow, ReferralRow, VacancyRow
from taxonomy import Taxonomy

TOP_SKILLS = 12
STAGES = {
    ReferralState.PROPOSED.value: "proposed",
    ReferralState.APPROVED.value: "approved",
    ReferralState.INTERVIEW_SCHEDULED.value: "interviewed",
    ReferralState.HIRED.value: "hired",
}


def _occupation(row: Any) -> tuple[str, str | None]:
    term = row or {}
    return (term.get("label") or term.get("text") or "", term.get("uri"))


async def _partner_names(session: AsyncSession) -> dict[str, str]:
    return dict((await session.execute(select(OrganisationRow.id, OrganisationRow.name))).all())


async def needs(
    session: AsyncSession, open_at_end: ColumnElement[bool], start: datetime, taxonomy: Taxonomy | None
) -> list[Need]:
    names = await _partner_names(session)
    rows = await session.execute(
        select(VacancyRow.organisation_id, VacancyRow.occupation, VacancyRow.openings, VacancyRow.created_at).where(
            open_at_end
        )
    )
    table: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for organisation, occupation, openings, created_at in rows:
        label, uri = _occupation(occupation)
        sector = taxonomy.sector(uri) if taxonomy else ""
        cell = table[(names.get(organisation, organisation), sector, label)]
        cell[0] += 1
        cell[1] += openings
        cell[2] += created_at >= start
    return [
        Need(partner=p, sector=s, occupation=o, vacancies=v, openings=n, new=w)
        for (p, s, o), (v, n, w) in sorted(table.items(), key=lambda item: (-item[1][0], item[0]))
    ]


async def funnel(
    session: AsyncSession,
    scope: list[ColumnElement[bool]],
    start: datetime,
    end: datetime,
    taxonomy: Taxonomy | None,
) -> list[FunnelRow]:
    names = await _partner_names(session)
    rows = await session.execute(
        select(ReferralRow.partner_org_id, VacancyRow.occupation, ReferralEventRow.state, ReferralRow.id)
        .join(ReferralRow, ReferralRow.id == ReferralEventRow.referral_id)
        .join(VacancyRow, VacancyRow.id == ReferralRow.vacancy_id)
        .where(ReferralEventRow.at >= start, ReferralEventRow.at < end, *scope)
    )
    seen: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for partner, occupation, state, referral in rows:
        if state in STAGES:
            sector = taxonomy.sector(_occupation(occupation)[1]) if taxonomy else ""
            seen[(names.get(partner, partner), sector)][STAGES[state]].add(referral)
    return [
        FunnelRow(partner=p, sector=s, **{stage: len(stages[stage]) for stage in STAGES.values()})
        for (p, s), stages in sorted(seen.items())
    ]


async def skills_gap(
    session: AsyncSession,
    principal: Principal,
    open_at_end: ColumnElement[bool],
    in_service_on: date,
    taxonomy: Taxonomy | None,
) -> list[SkillGap]:
    """The skills and cards most often required by open vacancies, and how many job seekers still in
    the service on the given day have them."""
    demand: Counter[str] = Counter()
    labels: dict[str, str] = {}
    for required, certificates in await session.execute(
        select(VacancyRow.required_skills, VacancyRow.certificates).where(open_at_end)
    ):
        uris = {t["uri"] for t in [*required, *certificates] if t.get("uri")}
        for term in [*required, *certificates]:
            if term.get("uri"):
                labels.setdefault(term["uri"], term.get("label") or term["text"])
        demand.update(uris)
    top = [uri for uri, _ in demand.most_common(TOP_SKILLS)]
    supply: Counter[str] | None = None
    if principal.is_city and top:
        supply = Counter()
        wanted = set(top)
        for skills, certificates in await session.execute(
            select(CandidateRow.skills, CandidateRow.certificates).where(
                CandidateRow.organisation_id == principal.organisation,
                or_(CandidateRow.service_ended_on.is_(None), CandidateRow.service_ended_on >= in_service_on),
            )
        ):
            supply.update({t["uri"] for t in [*skills, *certificates] if t.get("uri") in wanted})
    concepts = {uri: taxonomy.concept(uri) if taxonomy else None for uri in top}
    return [
        SkillGap(
            uri=uri,
            label=concept.preferred if (concept := concepts[uri]) else labels[uri],
            vacancies=demand[uri],
            candidates=None if supply is None else supply[uri],
        )
        for uri in top
    ]


async def lead_times(
    session: AsyncSession, scope: list[ColumnElement[bool]], start: datetime, end: datetime
) -> tuple[float | None, float | None]:
    """Median days from a vacancy's publication to its first interview, and to its first hire, for the
    vacancies whose first interview (hire) fell in the week."""
    medians: list[float | None] = []
    for state in (ReferralState.INTERVIEW_SCHEDULED.value, ReferralState.HIRED.value):
        first = func.min(ReferralEventRow.at)
        # Only vacancies with such an event in the week can have their first one in it.
        in_week = (
            select(ReferralRow.vacancy_id)
            .join(ReferralEventRow, ReferralEventRow.referral_id == ReferralRow.id)
            .where(ReferralEventRow.state == state, ReferralEventRow.at >= start, ReferralEventRow.at < end, *scope)
        )
        rows = await session.execute(
            select(VacancyRow.created_at, first)
            .join(ReferralRow, ReferralRow.vacancy_id == VacancyRow.id)
            .join(ReferralEventRow, ReferralEventRow.referral_id == ReferralRow.id)
            .where(ReferralEventRow.state == state, VacancyRow.id.in_(in_week), *scope)
            .group_by(VacancyRow.id, VacancyRow.created_at)
            .having(first >= start)
        )
        days = [(at - created).total_seconds() / 86400 for created, at in rows if at and created]
        medians.append(round(statistics.median(days), 1) if days else None)
    return medians[0], medians[1]
