"""Record keeping for every ranking (AI Act Art. 12): what went in, and a replay that checks the
same order comes out again."""

from __future__ import annotations

from datetime import date

import msgspec
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.domain.candidates import Candidate
from matcher.domain.vacancies import Vacancy
from matcher.errors import NotFound
from matcher.matching.scoring import IscoCode
from matcher.matching.shortlist import REFERRAL_CAP, Considered, Context, decide, model_hash
from matcher.ranking.space import recorded, space_for
from matcher.store import models
from matcher.store.tables import RankingInputRow, RankingRecordRow, ShortlistItemRow, ShortlistRow
from taxonomy import Taxonomy


class Replay(msgspec.Struct, kw_only=True):
    shortlist_id: str
    model_version: str
    same_model: bool  # the recorded model hash is the one this service runs
    identical: bool  # the same people in the same order with the same scores
    ranked: int
    erased: int  # people ranked then who have since been erased (their inputs went with them)
    differences: list[str]


def _occupations(vacancy: Vacancy, pool: list[Considered]) -> set[str]:
    uris = {vacancy.occupation.uri} if vacancy.occupation and vacancy.occupation.uri else set()
    for entry in pool:
        uris |= {t.uri for t in entry.candidate.occupations if t.uri}
    return uris


async def keep(
    session: AsyncSession,
    shortlist: ShortlistRow,
    vacancy: Vacancy,
    pool: list[Considered],
    isco: IscoCode,
    today: date,
    limit: int,
    context: Context,
) -> None:
    session.add(
        RankingRecordRow(
            shortlist_id=shortlist.id,
            model_version=shortlist.model_version,
            model_hash=model_hash(context),
            ranked_on=today,
            size_limit=limit,
            vacancy=msgspec.to_builtins(vacancy),
            codes={uri: isco(uri) for uri in sorted(_occupations(vacancy, pool))},
            context={
                "model": context.model.content_hash if context.model else None,
                "concerns": context.concerns,
                "cap": context.cap,
            },
        )
    )
    rows = [
        {
            "shortlist_id": shortlist.id,
            "candidate_id": entry.candidate.id,
            "consented": entry.consented,
            "already_referred": entry.already_referred,
            "candidate": msgspec.to_builtins(msgspec.structs.replace(entry.candidate, work_capacity_note=None)),
            "signals": {
                "active_referrals": entry.active_referrals,
                "recent_proposals": entry.recent_proposals,
                "hired": entry.hired,
                "not_hired": entry.not_hired,
                "ratings": entry.ratings,
            },
        }
        for entry in pool
    ]
    if rows:
        await session.execute(insert(RankingInputRow), rows)


async def considered(session: AsyncSession, shortlist_id: str) -> list[tuple[str, Considered]]:
    """Everyone a ranking considered, as it saw them, in the order it saw them (by person id)."""
    inputs = (
        await session.scalars(
            select(RankingInputRow).where(RankingInputRow.shortlist_id == shortlist_id).order_by(RankingInputRow.id)
        )
    ).all()
    return [
        (
            row.candidate_id,
            Considered(
                candidate=msgspec.convert(row.candidate, Candidate),
                consented=row.consented,
                already_referred=row.already_referred,
                **row.signals,
            ),
        )
        for row in inputs
    ]


async def replay(session: AsyncSession, shortlist_id: str, taxonomy: Taxonomy) -> Replay:
    """Rank the recorded inputs again with the recorded model and compare with what was stored."""
    record = await session.get(RankingRecordRow, shortlist_id)
    if record is None:
        raise NotFound("no ranking record for that shortlist")
    depended = record.context or {}
    context = Context(
        model=await models.get(session, depended["model"]) if depended.get("model") else None,
        concerns=list(depended.get("concerns", [])),
        cap=int(depended.get("cap", REFERRAL_CAP)),
    )
    pool = [entry for _, entry in await considered(session, shortlist_id)]
    vacancy = msgspec.convert(record.vacancy, Vacancy)
    decision = decide(
        vacancy, pool, recorded(record.codes), record.ranked_on, record.size_limit, context, space_for(taxonomy)
    )
    stored = (
        await session.execute(
            select(ShortlistItemRow.candidate_id, ShortlistItemRow.score)
            .where(ShortlistItemRow.shortlist_id == shortlist_id)
            .order_by(ShortlistItemRow.rank)
        )
    ).all()
    kept = [(candidate, round(score, 6)) for candidate, score in stored if candidate is not None]
    erased = len(stored) - len(kept)
    present = {candidate for candidate, _ in kept}
    again = [(p.candidate_id, round(p.score, 6)) for p in decision.proposals if p.candidate_id in present]
    differences = [
        f"rank {rank}: recorded {was[0]} ({was[1]}), replayed {now[0]} ({now[1]})"
        for rank, (was, now) in enumerate(zip(kept, again, strict=False), start=1)
        if was != now
    ]
    if len(again) != len(kept):
        differences.append(f"recorded {len(kept)} people, replayed {len(again)}")
    return Replay(
        shortlist_id=shortlist_id,
        model_version=record.model_version,
        same_model=record.model_hash == model_hash(context),
        identical=not differences,
        ranked=len(stored),
        erased=erased,
        differences=differences,
    )
