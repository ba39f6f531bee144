"""Referrals: coaches approve, recruiters schedule interviews and record outcomes."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, post
from litestar.params import Parameter
from litestar.status_codes import HTTP_200_OK
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.api.deps import Limit, Offset, commit, require
from matcher.domain.access import Principal
from matcher.domain.enums import Role
from matcher.domain.referrals import (
    OutcomeCreate,
    RecruiterReferral,
    RecruiterReferralPage,
    Referral,
    ReferralPage,
    ReferralState,
    TransitionCreate,
)
from matcher.jobs import Dispatcher
from matcher.settings import Settings
from matcher.store import referrals
from matcher.store.tables import ReferralRow

ROLES = (Role.COACH, Role.COORDINATOR, Role.RECRUITER)


async def _view(session: AsyncSession, row: ReferralRow, principal: Principal) -> Referral | RecruiterReferral:
    if principal.is_city:
        return await referrals.to_referral(session, row, principal)
    return await referrals.to_recruiter_referral(session, row, principal)


class ReferralController(Controller):
    path = "/v1/referrals"
    tags = ["referrals"]

    @get("")
    async def list_referrals(
        self,
        principal: Principal,
        session: AsyncSession,
        vacancy_id: str | None = None,
        referral_state: Annotated[ReferralState | None, Parameter(query="state")] = None,
        offset: Offset = 0,
        limit: Limit = 50,
    ) -> ReferralPage | RecruiterReferralPage:
        """Referrals the caller may see: the city side its candidates' (with feedback), a partner the
        approved referrals to its vacancies (with the minimised profile while consent holds)."""
        require(principal, *ROLES)
        rows, total = await referrals.page(session, principal, vacancy_id, referral_state, offset, limit)
        if principal.is_city:
            return ReferralPage(items=[await referrals.to_referral(session, r, principal) for r in rows], total=total)
        return RecruiterReferralPage(
            items=[await referrals.to_recruiter_referral(session, r, principal) for r in rows], total=total
        )

    @get("/{referral_id:str}")
    async def read(self, referral_id: str, principal: Principal, session: AsyncSession) -> Referral | RecruiterReferral:
        """One referral, in the caller's side's view."""
        return await _view(session, await referrals.get(session, principal, referral_id), principal)

    @post("/{referral_id:str}/transitions", status_code=HTTP_200_OK)
    async def move(
        self,
        referral_id: str,
        data: TransitionCreate,
        principal: Principal,
        session: AsyncSession,
        settings: Settings,
        dispatcher: Dispatcher,
    ) -> Referral | RecruiterReferral:
        """Move a referral: a coach approves (needs a valid consent), a recruiter schedules the
        interview, either side withdraws. An illegal move is 409."""
        row = await referrals.get(session, principal, referral_id)
        await referrals.transition(session, principal, row, data, settings)
        await commit(session, dispatcher)
        return await _view(session, row, principal)

    @post("/{referral_id:str}/outcome", status_code=HTTP_200_OK)
    async def outcome(
        self, referral_id: str, data: OutcomeCreate, principal: Principal, session: AsyncSession, dispatcher: Dispatcher
    ) -> Referral | RecruiterReferral:
        """Record the interview outcome (recruiter). A non-hire names its reasons; the coach is notified."""
        row = await referrals.get(session, principal, referral_id)
        require(principal, Role.RECRUITER)
        await referrals.record_outcome(session, principal, row, data)
        await commit(session, dispatcher)
        return await _view(session, row, principal)
