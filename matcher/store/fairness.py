"""What the fairness audit reads: the recorded rankings of a period, and the audit-only groups."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.domain.fairness import ATTRIBUTES, AuditGroups, FairnessAudit
from matcher.reports.fairness import ALPHA, Ranking, audit
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
    eligible: dict[str, list[str]] = defaultdict(list)
    for shortlist_id, candidate_id in await session.execute(
        select(RankingInputRow.shortlist_id, RankingInputRow.candidate_id)
        .where(
            RankingInputRow.shortlist_id.in_(shortlists),
            RankingInputRow.consented.is_(True),
            RankingInputRow.already_referred.is_(False),
        )
        .order_by(RankingInputRow.id)
    ):
        eligible[shortlist_id].append(candidate_id)
    ranks: dict[str, dict[str, int]] = defaultdict(dict)
    for listed_in, listed, rank in await session.execute(
        select(ShortlistItemRow.shortlist_id, ShortlistItemRow.candidate_id, ShortlistItemRow.rank).where(
            ShortlistItemRow.shortlist_id.in_(shortlists), ShortlistItemRow.candidate_id.is_not(None)
        )
    ):
        if listed is not None:
            ranks[listed_in][listed] = rank
    people = {person for persons in eligible.values() for person in persons}
    groups = {
        row.candidate_id: {attribute: getattr(row, attribute) for attribute in ATTRIBUTES}
        for row in (
            await session.scalars(
                select(AuditGroupRow).where(
                    AuditGroupRow.candidate_id.in_(
                        select(RankingInputRow.candidate_id).where(RankingInputRow.shortlist_id.in_(shortlists))
                    )
                )
            )
        )
        if row.candidate_id in people
    }
    rankings = [Ranking(eligible=tuple(persons), ranks=ranks[sid]) for sid, persons in eligible.items()]
    return FairnessAudit(
        since=since, until=until, rankings=len(rankings), alpha=ALPHA, attributes=audit(rankings, groups)
    )
