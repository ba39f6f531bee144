"""The recorded interview outcomes the ranker learns from, rebuilt from each ranking's own record.

Each outcome's features are computed from the inputs the ranking kept (the profile as it was,
the vacancy, the employer's reasons so far), among everyone that ranking considered, exactly as
they were computed when the shortlist was made. Erased people's inputs are gone, and so are they.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

import msgspec
import numpy as np
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.domain.referrals import ReferralState
from matcher.domain.vacancies import Vacancy
from matcher.matching.shortlist import prepared
from matcher.ranking.features import NAMES, compute
from matcher.ranking.model import reason_weight
from matcher.ranking.space import recorded, space_for
from matcher.ranking.training import Outcomes
from matcher.store.records import considered
from matcher.store.tables import OutcomeRow, RankingRecordRow, ReferralRow
from taxonomy import Taxonomy

LEARNED = (ReferralState.HIRED.value, ReferralState.NOT_HIRED.value)


async def outcomes(session: AsyncSession, taxonomy: Taxonomy) -> Outcomes:
    rows = (
        await session.execute(
            select(
                ReferralRow.shortlist_id,
                ReferralRow.candidate_id,
                OutcomeRow.outcome,
                OutcomeRow.reasons,
                OutcomeRow.recorded_at,
            )
            .join(OutcomeRow, OutcomeRow.referral_id == ReferralRow.id)
            .where(
                OutcomeRow.outcome.in_(LEARNED),
                ReferralRow.shortlist_id.is_not(None),
                ReferralRow.candidate_id.is_not(None),
            )
        )
    ).all()
    by_shortlist: dict[str, dict[str, tuple[str, list[str], datetime]]] = defaultdict(dict)
    for shortlist, candidate, outcome, reasons, at in rows:
        by_shortlist[shortlist][candidate] = (outcome, list(reasons or []), at)
    concepts = space_for(taxonomy)
    parts, hired, weight, when, employer = [], [], [], [], []
    for shortlist, labelled in by_shortlist.items():
        record = await session.get(RankingRecordRow, shortlist)
        if record is None:
            continue
        inputs = await considered(session, shortlist)
        entries = [entry for _, entry in inputs]
        wanted = [i for i, (person, _) in enumerate(inputs) if person in labelled]
        if not wanted:
            continue
        vacancy = msgspec.convert(record.vacancy, Vacancy)
        concerns = list((record.context or {}).get("concerns", []))
        arrays, q = prepared(vacancy, entries, recorded(record.codes), record.ranked_on, concerns, concepts)
        everyone = compute(arrays, q, np.arange(len(entries)))
        parts.append(everyone[wanted])
        for i in wanted:
            outcome, reasons, at = labelled[inputs[i][0]]
            hired.append(1 if outcome == ReferralState.HIRED.value else 0)
            weight.append(1.0 if outcome == ReferralState.HIRED.value else reason_weight(reasons))
            when.append(at)
            employer.append(vacancy.organisation)
    features = np.vstack(parts) if parts else np.zeros((0, len(NAMES)))
    return Outcomes(features, np.array(hired, np.int64), np.array(weight), when, employer)
