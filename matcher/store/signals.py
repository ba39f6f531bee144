"""What the ranking learns from past recruitments: open referrals, recent proposals, interview
outcomes per occupational field (a non-hire only where it says something about the person), the
employability ratings employers gave with their feedback, and the reasons an employer has given for
not hiring."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.domain.referrals import OPEN, ReferralState
from matcher.matching.scoring import IscoCode
from matcher.ranking.model import reason_weight
from matcher.ranking.pool import GROUPS, NO_FIELD, REASONS
from matcher.ranking.space import isco_number
from matcher.store.tables import OutcomeRow, ReferralRow, VacancyRow

RECENT = timedelta(days=28)
OPEN_STATES = [s.value for s in OPEN]


class Signals:
    def __init__(self) -> None:
        self.active: Counter[str] = Counter()
        self.recent: Counter[str] = Counter()
        self.hired: dict[str, list[int]] = defaultdict(lambda: [0] * GROUPS)
        self.not_hired: dict[str, list[int]] = defaultdict(lambda: [0] * GROUPS)
        self.ratings: dict[str, list[int]] = defaultdict(list)


def _group(occupation: dict[str, Any] | None, isco: IscoCode) -> int:
    uri = (occupation or {}).get("uri")
    code = isco_number(isco(uri)) if uri else 0
    return code // 1000 if code else NO_FIELD


async def for_candidates(
    session: AsyncSession,
    organisation: str,
    vacancy_id: str,
    isco: IscoCode,
    only: list[str] | None = None,
    now: datetime | None = None,
) -> Signals:
    """The signals of the job seekers of ``organisation``, or of ``only`` (some of them, found by
    key: a person's referrals are all their organisation's); referrals to ``vacancy_id`` itself
    are left out."""
    now = now or datetime.now(UTC)
    found = Signals()
    mine = ReferralRow.city_org_id == organisation if only is None else ReferralRow.candidate_id.in_(only)
    active = await session.execute(
        select(ReferralRow.candidate_id, func.count())
        .where(mine, ReferralRow.state.in_(OPEN_STATES), ReferralRow.vacancy_id != vacancy_id)
        .group_by(ReferralRow.candidate_id)
    )
    found.active.update({c: n for c, n in active.all() if c})
    recent = await session.execute(
        select(ReferralRow.candidate_id, func.count())
        .where(mine, ReferralRow.created_at >= now - RECENT)
        .group_by(ReferralRow.candidate_id)
    )
    found.recent.update({c: n for c, n in recent.all() if c})
    outcomes = await session.execute(
        select(
            ReferralRow.candidate_id,
            OutcomeRow.outcome,
            OutcomeRow.reasons,
            OutcomeRow.employability,
            VacancyRow.occupation,
        )
        .join(OutcomeRow, OutcomeRow.referral_id == ReferralRow.id)
        .join(VacancyRow, VacancyRow.id == ReferralRow.vacancy_id)
        .where(mine, OutcomeRow.outcome.in_([ReferralState.HIRED.value, ReferralState.NOT_HIRED.value]))
    )
    for candidate, outcome, reasons, rating, occupation in outcomes.all():
        if not candidate:
            continue
        if rating is not None:
            found.ratings[candidate].append(rating)
        if outcome == ReferralState.HIRED.value:
            found.hired[candidate][_group(occupation, isco)] += 1
        elif reason_weight(reasons or []) > 0:  # a filled position or a declined offer says nothing against them
            found.not_hired[candidate][_group(occupation, isco)] += 1
    return found


async def concerns(session: AsyncSession, partner: str) -> list[float]:
    """The share of each non-hire reason in the partner's feedback so far (all zero without any)."""
    rows = await session.scalars(
        select(OutcomeRow.reasons)
        .join(ReferralRow, ReferralRow.id == OutcomeRow.referral_id)
        .where(ReferralRow.partner_org_id == partner, OutcomeRow.outcome == ReferralState.NOT_HIRED.value)
    )
    counts = Counter(reason for reasons in rows for reason in reasons or [])
    total = sum(counts.values())
    return [counts[r.value] / total if total else 0.0 for r in REASONS]
