"""The market plan: shortlists for every open vacancy at once, chosen together."""

from __future__ import annotations

from datetime import date

import msgspec
import numpy as np
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.domain.access import Principal
from matcher.domain.enums import VacancyStatus
from matcher.domain.shortlists import Allocation
from matcher.matching.shortlist import Considered, Context, Decision, Proposal, decide
from matcher.ranking import allocation
from matcher.ranking.space import codes, space_for
from matcher.store import models, records, shortlists, signals, vacancies
from matcher.store.tables import VacancyRow
from matcher.store.warm import Warm
from taxonomy import Taxonomy

EDGES = 40  # the best eligible people per vacancy the plan chooses among


async def plan(
    session: AsyncSession,
    principal: Principal,
    taxonomy: Taxonomy,
    today: date,
    cap: int,
    store: bool = True,
    warm: Warm | None = None,
) -> Allocation:
    """Rank everyone for every open vacancy, choose the interviews that maximise expected hires with
    each vacancy's slots and each person's cap (minus the referrals they already have), and store
    the chosen ones as shortlists of proposals for coaches to approve (or, with ``store`` false,
    only say what the plan would be)."""
    isco = codes(taxonomy)
    concepts = space_for(taxonomy)
    model = await models.current(session)
    rows = list(
        await session.scalars(
            select(VacancyRow).where(VacancyRow.status == VacancyStatus.OPEN.value).order_by(VacancyRow.created_at)
        )
    )
    ranked: list[tuple[VacancyRow, list[Considered], Context, Decision]] = []
    people: dict[str, int] = {}
    room: list[int] = []
    pairs_v, pairs_c, values = [], [], []
    for number, row in enumerate(rows):
        considered, left_out = await shortlists.candidates_for(session, principal, row, today, isco, cap, warm)
        context = Context(model=model, concerns=await signals.concerns(session, row.organisation_id), cap=cap)
        decision = decide(vacancies.to_vacancy(row), considered, isco, today, EDGES, context, concepts)
        decision = shortlists.with_left_out(decision, left_out)
        active = {e.candidate.id: e.active_referrals for e in considered}
        for proposal in decision.proposals:
            if proposal.candidate_id not in people:
                people[proposal.candidate_id] = len(people)
                room.append(max(0, cap - active[proposal.candidate_id]))
            pairs_v.append(number)
            pairs_c.append(people[proposal.candidate_id])
            chance = proposal.explanation.hire_probability
            values.append(proposal.score if chance is None else chance)
        ranked.append((row, considered, context, decision))
    slots = np.array([row.interview_slots for row in rows], np.int64)
    chosen = allocation.allocate(
        np.array(pairs_v, np.int64),
        np.array(pairs_c, np.int64),
        np.array(values),
        slots,
        np.array(room),
        np.array([row.openings for row in rows], np.int64),
    )
    picked = set(zip(chosen.vacancy.tolist(), chosen.candidate.tolist(), strict=True))
    made = []
    for number, (row, considered, context, decision) in enumerate(ranked if store else []):
        keep: list[Proposal] = [p for p in decision.proposals if (number, people[p.candidate_id]) in picked]
        excluded = dict(decision.excluded)
        excluded["planned_elsewhere"] = len(decision.proposals) - len(keep)
        final = msgspec.structs.replace(decision, proposals=keep, excluded=excluded)
        shortlist = await shortlists.record(session, principal, row, final, shortlists.version(context))
        await records.keep(session, shortlist, vacancies.to_vacancy(row), considered, isco, today, EDGES, context)
        made.append(shortlist)
    return Allocation(
        vacancies=len(rows),
        slots=int(slots.sum()),
        planned=len(chosen.vacancy),
        slot_fill=round(chosen.filled, 4),
        value=round(chosen.expected_hires, 3),
        cap=cap,
        model_version=shortlists.version(Context(model=model)),
        shortlists=[await shortlists.to_shortlist(session, s) for s in made],
    )
