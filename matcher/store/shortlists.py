"""Shortlists: the pool they are drawn from, and the record of each one with its proposals."""

from __future__ import annotations

from datetime import date

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.domain.access import SHORTLIST_READERS, Principal
from matcher.domain.enums import ConsentPurpose
from matcher.domain.referrals import OPEN, ReferralState
from matcher.domain.shortlists import Explanation, Reordering, Shortlist, ShortlistItem, ShortlistOrder, Standing
from matcher.errors import InvalidField, NotFound
from matcher.matching.scoring import IscoCode
from matcher.matching.shortlist import REFERRAL_CAP, Considered, Context, Decision, code_hash, decide
from matcher.matching.shortlist import standing as ranking_standing
from matcher.ranking.space import codes, space_for
from matcher.store import candidates, models, records, signals, vacancies
from matcher.store.ids import new_id, valid_id
from matcher.store.tables import (
    CandidateRow,
    ReferralEventRow,
    ReferralRow,
    ShortlistItemRow,
    ShortlistRow,
    VacancyRow,
    utcnow,
)
from matcher.store.warm import Warm
from taxonomy import Taxonomy


async def propose(
    session: AsyncSession,
    principal: Principal,
    vacancy_row: VacancyRow,
    taxonomy: Taxonomy,
    today: date,
    limit: int,
    cap: int = REFERRAL_CAP,
    warm: Warm | None = None,
) -> ShortlistRow:
    """Rank the organisation's job seekers for the vacancy with the promoted model (the prior while
    there is none), store the shortlist and its proposed referrals, and keep the record of what the
    ranking was made from. From ``WARM_FROM`` job seekers on, the warm index first picks those worth
    ranking in full (and counts the rest by reason); the record keeps those it ranked."""
    isco = codes(taxonomy)
    vacancy = vacancies.to_vacancy(vacancy_row)
    considered, left_out = await candidates_for(session, principal, vacancy_row, today, isco, cap, warm)
    context = Context(
        model=await models.current(session),
        concerns=await signals.concerns(session, vacancy_row.organisation_id),
        cap=cap,
    )
    decision = with_left_out(decide(vacancy, considered, isco, today, limit, context, space_for(taxonomy)), left_out)
    row = await record(session, principal, vacancy_row, decision, version(context))
    await records.keep(session, row, vacancy, considered, isco, today, limit, context)
    return row


async def candidates_for(
    session: AsyncSession,
    principal: Principal,
    vacancy_row: VacancyRow,
    today: date,
    isco: IscoCode,
    cap: int,
    warm: Warm | None,
) -> tuple[list[Considered], dict[str, int]]:
    """Who to rank in full for the vacancy: everyone of the organisation, or from ``WARM_FROM`` job
    seekers on those the warm index retrieves, with the others counted by reason."""
    if warm is None or not await warm.serves(session, principal.organisation):
        return await pool(session, principal, vacancy_row, today, isco), {}
    referred = await _referred(session, vacancy_row)
    vacancy = vacancies.to_vacancy(vacancy_row)
    only, left_out = await warm.retrieve(session, principal.organisation, vacancy, today, cap, referred)
    return await pool(session, principal, vacancy_row, today, isco, only), left_out


def with_left_out(decision: Decision, left_out: dict[str, int]) -> Decision:
    """A decision over the retrieved people, with those the index left out counted in."""
    if not left_out:
        return decision
    return Decision(
        proposals=decision.proposals,
        excluded={key: count + left_out.get(key, 0) for key, count in decision.excluded.items()},
        considered=decision.considered + sum(left_out.values()),
    )


async def _referred(session: AsyncSession, vacancy: VacancyRow) -> set[str]:
    """Who is already referred to the vacancy (past the proposal)."""
    busy_states = [s.value for s in OPEN if s is not ReferralState.PROPOSED]
    found = await session.scalars(
        select(ReferralRow.candidate_id).where(ReferralRow.vacancy_id == vacancy.id, ReferralRow.state.in_(busy_states))
    )
    return {person for person in found if person}


async def standing(
    session: AsyncSession,
    principal: Principal,
    vacancy_row: VacancyRow,
    candidate_id: str,
    taxonomy: Taxonomy,
    today: date,
    cap: int = REFERRAL_CAP,
) -> Standing:
    """Where one of the organisation's job seekers stands for the vacancy now, and why."""
    isco = codes(taxonomy)
    considered = await pool(session, principal, vacancy_row, today, isco)
    context = Context(
        model=await models.current(session),
        concerns=await signals.concerns(session, vacancy_row.organisation_id),
        cap=cap,
    )
    try:
        return ranking_standing(
            vacancies.to_vacancy(vacancy_row),
            considered,
            candidate_id,
            isco,
            today,
            vacancy_row.interview_slots,
            context,
            space_for(taxonomy),
        )
    except KeyError:
        raise NotFound("no such candidate") from None


def version(context: Context) -> str:
    """The name a shortlist shows for what ranked it."""
    if context.model is None:
        return f"prior-{code_hash()[:12]}"
    return f"learned-{context.model.content_hash[:12]}"


async def pool(
    session: AsyncSession,
    principal: Principal,
    vacancy: VacancyRow,
    today: date,
    isco: IscoCode,
    only: list[str] | None = None,
) -> list[Considered]:
    """The candidates of the principal's organisation (or those of them in ``only``), with consent,
    referrals and past outcomes."""
    mine = CandidateRow.organisation_id == principal.organisation
    # Those in ``only`` are found by key, not among all of the organisation's (a database without
    # statistics would scan the organisation's every profile); the organisation is checked on each.
    chosen = select(CandidateRow).where(mine if only is None else CandidateRow.id.in_(only))
    found_rows = (await session.execute(chosen.order_by(CandidateRow.id))).scalars()
    rows = [row for row in found_rows if row.organisation_id == principal.organisation]
    consents = await candidates.consents(session, [r.id for r in rows])
    referred = await _referred(session, vacancy)
    ids = None if only is None else [r.id for r in rows]
    found = await signals.for_candidates(session, principal.organisation, vacancy.id, isco, ids)
    return [
        Considered(
            candidate=candidates.to_candidate(row, consents[row.id], today, note=None),  # not the matcher's business
            consented=candidates.has_consent(consents[row.id], vacancy.organisation_id, ConsentPurpose.REFERRAL, today),
            already_referred=row.id in referred,
            active_referrals=found.active[row.id],
            recent_proposals=found.recent[row.id],
            hired=found.hired.get(row.id, []),
            not_hired=found.not_hired.get(row.id, []),
            ratings=found.ratings.get(row.id, []),
        )
        for row in rows
    ]


async def record(
    session: AsyncSession, principal: Principal, vacancy: VacancyRow, decision: Decision, model_version: str
) -> ShortlistRow:
    """Store the shortlist and propose a referral for each item (reusing an open proposal)."""
    shortlist = ShortlistRow(
        id=new_id(),
        vacancy_id=vacancy.id,
        organisation_id=principal.organisation,
        created_by=principal.user_id,
        model_version=model_version,
        considered=decision.considered,
        excluded=decision.excluded,
    )
    session.add(shortlist)
    await session.flush()
    ids = [p.candidate_id for p in decision.proposals]
    proposed = {
        r.candidate_id: r
        for r in (
            await session.execute(
                select(ReferralRow).where(
                    ReferralRow.vacancy_id == vacancy.id,
                    ReferralRow.candidate_id.in_(ids),
                    ReferralRow.state == ReferralState.PROPOSED.value,
                )
            )
        ).scalars()
    }
    for rank, proposal in enumerate(decision.proposals, start=1):
        referral = proposed.get(proposal.candidate_id)
        if referral is None:
            referral = ReferralRow(
                id=new_id(),
                vacancy_id=vacancy.id,
                candidate_id=proposal.candidate_id,
                city_org_id=principal.organisation,
                partner_org_id=vacancy.organisation_id,
                shortlist_id=shortlist.id,
                state=ReferralState.PROPOSED.value,
            )
            session.add(referral)
            await session.flush()
            session.add(
                ReferralEventRow(
                    referral_id=referral.id,
                    state=ReferralState.PROPOSED.value,
                    user_id=principal.user_id,
                    organisation_id=principal.organisation,
                )
            )
        else:
            referral.shortlist_id = shortlist.id
        session.add(
            ShortlistItemRow(
                shortlist_id=shortlist.id,
                candidate_id=proposal.candidate_id,
                referral_id=referral.id,
                rank=rank,
                score=proposal.score,
                explanation=msgspec.to_builtins(proposal.explanation),
            )
        )
    await session.flush()
    return shortlist


async def get(session: AsyncSession, principal: Principal, shortlist_id: str) -> ShortlistRow:
    if principal.role not in SHORTLIST_READERS:
        raise NotFound("no such shortlist")
    row = await session.get(ShortlistRow, shortlist_id) if valid_id(shortlist_id) else None
    if row is None or row.organisation_id != principal.organisation:
        raise NotFound("no such shortlist")
    return row


async def to_shortlist(session: AsyncSession, row: ShortlistRow) -> Shortlist:
    items = (
        await session.execute(
            select(ShortlistItemRow).where(ShortlistItemRow.shortlist_id == row.id).order_by(ShortlistItemRow.rank)
        )
    ).scalars()
    return Shortlist(
        id=row.id,
        vacancy_id=row.vacancy_id,
        model_version=row.model_version,
        created_at=row.created_at,
        created_by=row.created_by,
        considered=row.considered,
        excluded=dict(row.excluded),
        items=[
            ShortlistItem(
                candidate_id=i.candidate_id,
                rank=i.rank,
                score=i.score,
                referral_id=i.referral_id,
                explanation=msgspec.convert(i.explanation, Explanation),
                coach_rank=i.coach_rank,
            )
            for i in items
        ],
        reordered=(
            Reordering(at=row.reordered_at, by=row.reordered_by, reason=row.reorder_reason or "")
            if row.reordered_at
            else None
        ),
    )


async def people(session: AsyncSession, row: ShortlistRow) -> list[str]:
    """The job seekers on the list (those not erased since)."""
    return [
        candidate
        for candidate in await session.scalars(
            select(ShortlistItemRow.candidate_id).where(ShortlistItemRow.shortlist_id == row.id)
        )
        if candidate
    ]


async def reorder(session: AsyncSession, principal: Principal, row: ShortlistRow, data: ShortlistOrder) -> None:
    """Put the list in the coach's order; the matcher's ranks stay as they were recorded."""
    items = list(await session.scalars(select(ShortlistItemRow).where(ShortlistItemRow.shortlist_id == row.id)))
    by_referral = {item.referral_id: item for item in items}
    if sorted(data.order) != sorted(r for r in by_referral if r):
        raise InvalidField("$.order", "list the referral id of every item of the shortlist, each once")
    for position, referral in enumerate(data.order, start=1):
        by_referral[referral].coach_rank = position
    row.reordered_at = utcnow()
    row.reordered_by = principal.user_id
    row.reorder_reason = data.reason
    await session.flush()
