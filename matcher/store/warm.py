"""Each city organisation's job seekers as a candidate index, kept warm in every process.

Before a shortlist the process compares a small version token of the organisation's data (counts
and latest change times of profiles, consents and referrals) with the one its index was built at;
on a change it loads only the profiles changed since, drops the erased, and re-reads the open
referral counts. Every API process and worker does the same, so all rank from the same state.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
import scipy.sparse as sp
from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from matcher.domain.enums import ConsentPurpose
from matcher.domain.vacancies import Vacancy
from matcher.ranking.index import EXCLUSIONS, CandidateIndex, Consents
from matcher.ranking.pool import Places, Pool, encode, query
from matcher.ranking.space import codes, space_for
from matcher.store import candidates
from matcher.store.signals import OPEN_STATES
from matcher.store.tables import CandidateRow, ConsentRow, ReferralRow
from taxonomy import Taxonomy

WARM_FROM = 2000  # job seekers in an organisation from which shortlists start from the index

Token = tuple[object, ...]


@dataclass
class _Organisation:
    index: CandidateIndex
    places: Places
    token: Token
    seen: datetime | None
    partners: dict[str, int] = field(default_factory=dict)


class Warm:
    def __init__(self, taxonomy: Taxonomy) -> None:
        self.space = space_for(taxonomy)
        self.isco = codes(taxonomy)
        self.organisations: dict[str, _Organisation] = {}
        self.lock = asyncio.Lock()
        self.reloads = 0  # profiles loaded since start (full builds and changes)

    async def serves(self, session: AsyncSession, organisation: str) -> bool:
        """Whether the organisation's shortlists start from its index: once built, it stays."""
        if organisation in self.organisations:
            return True
        found = await session.scalar(
            select(func.count()).select_from(CandidateRow).where(CandidateRow.organisation_id == organisation)
        )
        return int(found or 0) >= WARM_FROM

    async def prepare(self, sessions: async_sessionmaker[AsyncSession], today: date) -> list[str]:
        """Build the index of every organisation large enough to rank from it (the service does this
        at start, so that no coach waits for the first build); return those built."""
        async with sessions() as session:
            large = list(
                await session.scalars(
                    select(CandidateRow.organisation_id)
                    .group_by(CandidateRow.organisation_id)
                    .having(func.count() >= WARM_FROM)
                )
            )
        for organisation in large:
            async with sessions() as session, self.lock:
                await self._fresh(session, organisation, today)
        return large

    async def retrieve(
        self,
        session: AsyncSession,
        organisation: str,
        vacancy: Vacancy,
        today: date,
        cap: int,
        exclude: set[str],
    ) -> tuple[list[str], dict[str, int]]:
        """The organisation's job seekers worth ranking in full for the vacancy, and how many of the
        others were left out, by reason."""
        async with self.lock:
            state = await self._fresh(session, organisation, today)
        q = query(self.space, vacancy, state.places, self.isco, today)
        people, excluded = state.index.retrieve(q, 0, vacancy.organisation, today, cap, exclude)
        return people, {key: excluded.get(key, 0) for key in EXCLUSIONS}

    async def _fresh(self, session: AsyncSession, organisation: str, today: date) -> _Organisation:
        token = await _token(session, organisation)
        state = self.organisations.get(organisation)
        if state is None:
            rows = list(await session.scalars(select(CandidateRow).where(CandidateRow.organisation_id == organisation)))
            places = Places()
            partners: dict[str, int] = {}
            # Thousands of profiles: encoded off the event loop, so that the service answers meanwhile.
            pool, consents = await self._encode(session, rows, places, partners, today, elsewhere=True)
            state = _Organisation(CandidateIndex(pool, np.zeros(len(rows), np.int32), consents), places, token, None)
            state.partners = partners
        elif state.token[:3] == token[:3] and state.token != token:  # only referrals moved
            state.token = token
            await self._active(session, organisation, state.index)
            return state
        elif state.token != token:
            changed = list(
                await session.scalars(
                    select(CandidateRow).where(
                        CandidateRow.organisation_id == organisation,
                        or_(
                            CandidateRow.updated_at >= state.seen,
                            CandidateRow.id.in_(
                                select(ConsentRow.candidate_id).where(
                                    or_(ConsentRow.given_at >= state.seen, ConsentRow.withdrawn_at >= state.seen)
                                )
                            ),
                        ),
                    )
                )
            )
            if changed:
                part, consents = await self._encode(session, changed, state.places, state.partners, today)
                state.index.upsert(part, np.zeros(len(changed), np.int32), consents)
            if state.index.size != token[0]:  # someone was erased: find whom
                ids = set(
                    await session.scalars(select(CandidateRow.id).where(CandidateRow.organisation_id == organisation))
                )
                state.index.remove([person for person in list(state.index.where) if person not in ids])
            state.token = token
        else:
            return state
        state.seen = token[1] if isinstance(token[1], datetime) else None
        await self._active(session, organisation, state.index)
        self.organisations[organisation] = state
        return state

    async def _encode(
        self,
        session: AsyncSession,
        rows: list[CandidateRow],
        places: Places,
        partners: dict[str, int],
        today: date,
        elsewhere: bool = False,
    ) -> tuple[Pool, Consents]:
        given = await candidates.consents(session, [r.id for r in rows])

        def arrays() -> Pool:
            people = [candidates.to_candidate(row, given[row.id], today, note=None) for row in rows]
            return encode(self.space, people, places, self.isco)

        pool = await asyncio.to_thread(arrays) if elsewhere else arrays()
        until: dict[tuple[int, int], int] = {}
        for i, row in enumerate(rows):
            for consent in given[row.id]:
                if consent.purpose == ConsentPurpose.REFERRAL.value and consent.withdrawn_at is None:
                    column = partners.setdefault(consent.organisation, len(partners))
                    until[(i, column)] = max(until.get((i, column), 0), consent.expires.toordinal())
        cells = np.array(list(until), np.int64).reshape(-1, 2)
        matrix = sp.csc_matrix(
            (np.array(list(until.values()), np.int64), (cells[:, 0], cells[:, 1])), shape=(len(rows), len(partners))
        )
        self.reloads += len(rows)
        return pool, Consents(dict(partners), matrix)

    async def _active(self, session: AsyncSession, organisation: str, index: CandidateIndex) -> None:
        """Everyone's open referral count, read again (referrals move all the time)."""
        counts = dict(
            (
                await session.execute(
                    select(ReferralRow.candidate_id, func.count())
                    .where(ReferralRow.city_org_id == organisation, ReferralRow.state.in_(OPEN_STATES))
                    .group_by(ReferralRow.candidate_id)
                )
            ).all()
        )
        for segment in (index.main, index.changes):
            if segment is not None:
                segment.pool.active[:] = 0
        for person, count in counts.items():
            found = index.where.get(person) if person else None
            if found is not None:
                segment = index.main if found[0] == 0 else index.changes
                assert segment is not None
                segment.pool.active[found[1]] = count


async def _token(session: AsyncSession, organisation: str) -> Token:
    mine = CandidateRow.organisation_id == organisation
    people = (await session.execute(select(func.count(), func.max(CandidateRow.updated_at)).where(mine))).one()
    # Consents of every organisation (a change elsewhere only costs a look for changed profiles here):
    # counted and dated over the table, not joined to the profiles.
    consents = (
        await session.execute(select(func.count(), func.max(ConsentRow.given_at), func.max(ConsentRow.withdrawn_at)))
    ).one()
    referrals = (
        await session.execute(
            select(func.count(), func.max(ReferralRow.updated_at)).where(ReferralRow.city_org_id == organisation)
        )
    ).one()
    latest = max((t for t in (people[1], consents[1], consents[2]) if t is not None), default=None)
    return (people[0], latest, consents[0], referrals[0], referrals[1])
