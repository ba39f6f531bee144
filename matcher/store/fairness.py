"""What the fairness audit reads: the recorded rankings of a period, and the audit-only groups."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.domain.fairness import ATTRIBUTES, AuditGroups, FairnessAudit
from matcher.reports.fairness import ALPHA, Groups, Ranking, audit
from matcher.store.tables import AuditGroupRow, RankingInputRow, ShortlistItemRow, ShortlistRow, utcnow


async def record_groups(session: AsyncSession, candidate_id: str, data: AuditGroups) -> AuditGroupRow:
    row = await session.get(AuditGroupRow, candidate_id)
    if row is None:
        row = AuditGroupRow(candidate_id=candidate_id)
        session.add(row)
    for attribute in ATTRIBUTES:
        setattr(row, attribute, getattr(data, attribute))
    row.recorded_at = utcnow()
    await session.flush()
    return row


async def audit_period(session: AsyncSession, organisation: str, since: date, until: date) -> FairnessAudit:
    """The audit of the organisation's rankings made from ``since`` to ``until`` (both included)."""
    start = datetime.combine(since, time.min, tzinfo=UTC)
    end = datetime.combine(until + timedelta(days=1), time.min, tzinfo=UTC)
    shortlists = select(ShortlistRow.id).where(
        ShortlistRow.organisation_id == organisation, ShortlistRow.created_at >= start, ShortlistRow.created_at < end
    )
    groups = (AuditGroupRow.gender, AuditGroupRow.age_band, AuditGroupRow.language_background)
    with_groups = AuditGroupRow.candidate_id == RankingInputRow.candidate_id
    pools: dict[str, dict[Groups, int]] = defaultdict(dict)
    for shortlist_id, gender, age_band, language, count in await session.execute(
        select(RankingInputRow.shortlist_id, *groups, func.count())
        .outerjoin(AuditGroupRow, with_groups)
        .where(
            RankingInputRow.shortlist_id.in_(shortlists),
            RankingInputRow.consented.is_(True),
            RankingInputRow.already_referred.is_(False),
        )
        .group_by(RankingInputRow.shortlist_id, *groups)
    ):
        pools[shortlist_id][(gender, age_band, language)] = count
    ranked: dict[str, list[Groups]] = defaultdict(list)
    for shortlist_id, gender, age_band, language in await session.execute(
        select(ShortlistItemRow.shortlist_id, *groups)
        .outerjoin(AuditGroupRow, AuditGroupRow.candidate_id == ShortlistItemRow.candidate_id)
        .where(ShortlistItemRow.shortlist_id.in_(shortlists), ShortlistItemRow.candidate_id.is_not(None))
        .order_by(ShortlistItemRow.shortlist_id, ShortlistItemRow.rank)
    ):
        ranked[shortlist_id].append((gender, age_band, language))
    rankings = [Ranking(pool=pool, ranked=ranked[shortlist_id]) for shortlist_id, pool in pools.items()]
    return FairnessAudit(since=since, until=until, rankings=len(rankings), alpha=ALPHA, attributes=audit(rankings))
