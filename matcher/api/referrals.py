"""Referrals: coaches approve, recruiters schedule interviews and record outcomes."""

from __future__ import annotations

from typing import Annotated, cast

from litestar import Controller, get, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK

from matcher.api.deps import DispatcherDep, Limit, Offset, PrincipalDep, SessionDep, SettingsDep, commit, require
from matcher.domain.access import Principal
from matcher.domain.audit import Action, Purpose
from matcher.domain.candidates import CandidateForRecruiter
from matcher.domain.enums import Role
from matcher.domain.referrals import (
    FollowUpCreate,
    OutcomeCreate,
    RecruiterReferral,
    RecruiterReferralPage,
    Referral,
    ReferralPage,
    ReferralState,
    TransitionCreate,
)
from matcher.store import audit, referrals
from matcher.store.tables import ReferralRow

StateFilter = Annotated[ReferralState | None, QueryParameter(name="state", description="Only this state")]
ROLES = (Role.COACH, Role.COORDINATOR, Role.RECRUITER)


CITY_VIEW = audit.fields_of(Referral)
REFERRAL_ONLY = ["state", "interview_at", "outcome", "follow_up"]  # a partner's view without the person
PARTNER_VIEW = [f"candidate.{name}" for name in audit.fields_of(CandidateForRecruiter)] + REFERRAL_ONLY


async def _views(
    session: SessionDep, rows: list[ReferralRow], principal: Principal
) -> list[Referral] | list[RecruiterReferral]:
    """The caller's side's views, with the disclosure recorded: the city side sees its own job
    seekers' referrals; a partner sees a person only while a consent lets it."""
    shown: dict[tuple[str, ...], list[ReferralRow]] = {}
    if principal.is_city:
        city = [await referrals.to_referral(session, r, principal) for r in rows]
        shown[tuple(CITY_VIEW)] = rows
    else:
        partner = [await referrals.to_recruiter_referral(session, r, principal) for r in rows]
        for row, view in zip(rows, partner, strict=True):
            shown.setdefault(tuple(PARTNER_VIEW if view.candidate else REFERRAL_ONLY), []).append(row)
    for fields, group in shown.items():
        people = [(r.candidate_id or "", r.city_org_id) for r in group]
        await audit.record(session, principal, Action.READ, Purpose.REFERRAL, people, fields)
    await session.commit()
    return city if principal.is_city else partner


async def _view(session: SessionDep, row: ReferralRow, principal: PrincipalDep) -> Referral | RecruiterReferral:
    [view] = await _views(session, [row], principal)
    return view


async def _wrote(
    session: SessionDep, principal: Principal, row: ReferralRow, purpose: Purpose, fields: list[str]
) -> None:
    await audit.record(session, principal, Action.UPDATE, purpose, [(row.candidate_id or "", row.city_org_id)], fields)


class ReferralController(Controller):
    path = "/v1/referrals"
    tags = ["referrals"]

    @get("")
    async def list_referrals(
        self,
        principal: PrincipalDep,
        session: SessionDep,
        vacancy_id: FromQuery[str | None] = None,
        referral_state: Annotated[
            ReferralState | None, QueryParameter(name="state", description="Only referrals in this state")
        ] = None,
        offset: Offset = 0,
        limit: Limit = 50,
    ) -> ReferralPage | RecruiterReferralPage:
        """Referrals the caller may see: the city side its candidates' (with feedback), a partner the
        approved referrals to its vacancies (with the minimised profile while consent holds)."""
        require(principal, *ROLES)
        rows, total = await referrals.page(session, principal, vacancy_id, referral_state, offset, limit)
        views = await _views(session, rows, principal)
        if principal.is_city:
            return ReferralPage(items=cast(list[Referral], views), total=total)
        return RecruiterReferralPage(items=cast(list[RecruiterReferral], views), total=total)

    @get("/{referral_id:str}")
    async def read(
        self, referral_id: FromPath[str], principal: PrincipalDep, session: SessionDep
    ) -> Referral | RecruiterReferral:
        """One referral, in the caller's side's view."""
        return await _view(session, await referrals.get(session, principal, referral_id), principal)

    @post("/{referral_id:str}/transitions", status_code=HTTP_200_OK)
    async def move(
        self,
        referral_id: FromPath[str],
        data: JSONBody[TransitionCreate],
        principal: PrincipalDep,
        session: SessionDep,
        settings: SettingsDep,
        dispatcher: DispatcherDep,
    ) -> Referral | RecruiterReferral:
        """Move a referral: a coach approves (needs a valid consent), a recruiter schedules the
        interview, either side withdraws. An illegal move is 409."""
        row = await referrals.get(session, principal, referral_id)
        await referrals.transition(session, principal, row, data, settings)
        await _wrote(session, principal, row, Purpose.REFERRAL, ["state", "history"])
        await commit(session, dispatcher)
        return await _view(session, row, principal)

    @post("/{referral_id:str}/outcome", status_code=HTTP_200_OK)
    async def outcome(
        self,
        referral_id: FromPath[str],
        data: JSONBody[OutcomeCreate],
        principal: PrincipalDep,
        session: SessionDep,
        settings: SettingsDep,
        dispatcher: DispatcherDep,
    ) -> Referral | RecruiterReferral:
        """Record the interview outcome (recruiter). A non-hire names its reasons; the coach is notified.
        A hire is followed up after three months."""
        row = await referrals.get(session, principal, referral_id)
        require(principal, Role.RECRUITER)
        await referrals.record_outcome(session, principal, row, data, settings)
        await _wrote(session, principal, row, Purpose.FEEDBACK, ["outcome"])
        await commit(session, dispatcher)
        return await _view(session, row, principal)

    @post("/{referral_id:str}/follow-up", status_code=HTTP_200_OK)
    async def follow_up(
        self,
        referral_id: FromPath[str],
        data: JSONBody[FollowUpCreate],
        principal: PrincipalDep,
        session: SessionDep,
        dispatcher: DispatcherDep,
    ) -> Referral | RecruiterReferral:
        """Record where a hired person is three months on: still employed (working time ≥ 80 % is full
        time), a study place, own business or light entrepreneurship, a work trial, or not employed.
        The recruiter answers; a coach may record it too. Once per hire (409 after)."""
        row = await referrals.get(session, principal, referral_id)
        await referrals.record_follow_up(session, principal, row, data)
        await _wrote(session, principal, row, Purpose.FEEDBACK, ["follow_up"])
        await commit(session, dispatcher)
        return await _view(session, row, principal)
