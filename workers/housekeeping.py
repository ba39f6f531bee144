"""Periodic housekeeping, planned by the outbox (``store.jobs.plan_periodic``) once per day or week."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import msgspec
from sqlalchemy import select

from matcher import lifecycle
from matcher.domain.access import Principal
from matcher.domain.audit import Action, Purpose
from matcher.domain.candidates import Candidate
from matcher.domain.enums import OrgKind, Role
from matcher.ranking.training import NotEnoughOutcomes
from matcher.reports.weekly import weekly
from matcher.store import allocations, audit, candidates, referrals
from matcher.store.tables import CandidateRow, OrganisationRow, ReportSnapshotRow, utcnow
from workers.context import dispatcher, recorded, sessions, settings, taxonomy, warm


def _service(name: str, role: Role, organisation: OrganisationRow) -> Principal:
    """The service acting for an organisation in a job."""
    return Principal(
        user_id="service", name=name, role=role, organisation=organisation.id, org_kind=OrgKind(organisation.kind)
    )


@recorded
async def close_stale_referrals(ctx: dict[str, Any], day: str) -> dict[str, Any]:
    """Close referrals nobody moved for a long time, with a message to both sides."""
    async with sessions(ctx)() as session:
        closed = await referrals.close_stale(session, utcnow(), settings(ctx))
        await session.commit()
    return {"day": day, "closed": closed}


@recorded
async def apply_retention(ctx: dict[str, Any], day: str) -> dict[str, Any]:
    """Erase the people whose service ended more than ``retention_days`` ago, with their jobs in Redis."""
    cutoff = date.fromisoformat(day) - timedelta(days=settings(ctx).retention_days)
    erased = 0
    while True:
        async with sessions(ctx)() as session:
            rows = list(
                (
                    await session.execute(select(CandidateRow).where(CandidateRow.service_ended_on < cutoff).limit(100))
                ).scalars()
            )
            job_ids: list[str] = []
            people = [(row.id, row.organisation_id) for row in rows]
            await audit.record(session, None, Action.ERASE, Purpose.RETENTION, people, audit.fields_of(Candidate))
            for row in rows:
                job_ids += await candidates.erase(session, row)
            await session.commit()
        await dispatcher(ctx).forget(*job_ids)
        erased += len(rows)
        if len(rows) < 100:
            return {"day": day, "erased": erased}


@recorded
async def snapshot_weekly_reports(ctx: dict[str, Any], week: str) -> dict[str, Any]:
    """Keep each organisation's report of the week just ended as it stands now."""
    today = date.today()
    async with sessions(ctx)() as session:
        organisations = list((await session.execute(select(OrganisationRow))).scalars())
        for organisation in organisations:
            principal = _service("weekly snapshot", Role.TEAM, organisation)
            report = msgspec.to_builtins(await weekly(session, principal, week, today, taxonomy(ctx)))
            found = await session.get(ReportSnapshotRow, (organisation.id, week))
            if found is None:
                session.add(ReportSnapshotRow(organisation_id=organisation.id, week=week, report=report))
        await session.commit()
    return {"week": week, "organisations": len(organisations)}


@recorded
async def prepare_weekly_plan(ctx: dict[str, Any], week: str) -> dict[str, Any]:
    """Before the week's rekrytiimi meeting: retrain the ranker on the outcomes so far (promoting
    it only if it beats the current ranking on the latest outcomes), then work out the plan for
    every open vacancy for each city organisation, for the meeting to look at. Nobody is proposed
    until a coordinator makes the plan (``POST /v1/allocations``)."""
    async with sessions(ctx)() as session:
        try:
            trained = await lifecycle.train(session, taxonomy(ctx), promote=True)
            model: dict[str, Any] = {"model": trained.hash, "promoted": trained.promoted, "outcomes": trained.outcomes}
        except NotEnoughOutcomes as thin:
            model = {"model": None, "promoted": False, "why": str(thin)}
        await session.commit()
    planned = {}
    async with sessions(ctx)() as session:
        cities = list(await session.scalars(select(OrganisationRow).where(OrganisationRow.kind == OrgKind.CITY.value)))
        for city in cities:
            principal = _service("weekly plan", Role.COORDINATOR, city)
            made = await allocations.plan(
                session, principal, taxonomy(ctx), date.today(), settings(ctx).referral_cap, store=False, warm=warm(ctx)
            )
            planned[city.id] = {"vacancies": made.vacancies, "interviews": made.planned, "slot_fill": made.slot_fill}
        await session.commit()
    return {"week": week, **model, "planned": planned}
