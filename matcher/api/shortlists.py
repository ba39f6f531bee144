"""Shortlists: the matcher's proposal for a vacancy, for a coach to approve from."""

from __future__ import annotations

from datetime import date

from litestar import Controller, get, post
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from matcher.api.deps import (
    DispatcherDep,
    PrincipalDep,
    SessionDep,
    SettingsDep,
    TaxonomyDep,
    WarmDep,
    commit,
    require,
)
from matcher.domain.access import Principal
from matcher.domain.audit import Action, Purpose
from matcher.domain.enums import Role, VacancyStatus
from matcher.domain.shortlists import (
    Allocation,
    AllocationCreate,
    Shortlist,
    ShortlistCreate,
    ShortlistItem,
    ShortlistOrder,
    Standing,
)
from matcher.errors import Conflict
from matcher.store import allocations, audit, shortlists, vacancies
from matcher.store.tables import ShortlistRow

SHOWN = [name for name in ShortlistItem.__struct_fields__ if name != "referral_id"]


async def _shown(session: SessionDep, principal: Principal, row: ShortlistRow) -> Shortlist:
    """The shortlist, with the disclosure of each ranked job seeker recorded."""
    shortlist = await shortlists.to_shortlist(session, row)
    people = [(item.candidate_id or "", row.organisation_id) for item in shortlist.items]
    await audit.record(session, principal, Action.READ, Purpose.MATCHING, people, SHOWN)
    await session.commit()
    return shortlist


class ShortlistController(Controller):
    tags = ["shortlists"]

    @post("/v1/vacancies/{vacancy_id:str}/shortlists")
    async def create(
        self,
        vacancy_id: FromPath[str],
        principal: PrincipalDep,
        session: SessionDep,
        taxonomy: TaxonomyDep,
        dispatcher: DispatcherDep,
        settings: SettingsDep,
        warm: WarmDep,
        data: JSONBody[ShortlistCreate | None] = None,
    ) -> Shortlist:
        """Propose a ranked, low-threshold shortlist of the caller's organisation's candidates (coach,
        coordinator). Each item explains its score; ``excluded`` counts who was left out and why. Each
        item becomes a *proposed* referral, which a coach approves before the partner sees anyone."""
        vacancy_row = await vacancies.get(session, principal, vacancy_id)
        require(principal, Role.COACH, Role.COORDINATOR)
        if vacancy_row.status != VacancyStatus.OPEN.value:
            raise Conflict("the vacancy is closed")
        limit = data.limit if data and data.limit else vacancy_row.interview_slots
        row = await shortlists.propose(
            session, principal, vacancy_row, taxonomy, date.today(), limit, settings.referral_cap, warm
        )
        await commit(session, dispatcher)
        return await _shown(session, principal, row)

    @get("/v1/vacancies/{vacancy_id:str}/candidates/{candidate_id:str}/explanation")
    async def explanation(
        self,
        vacancy_id: FromPath[str],
        candidate_id: FromPath[str],
        principal: PrincipalDep,
        session: SessionDep,
        taxonomy: TaxonomyDep,
        settings: SettingsDep,
    ) -> Standing:
        """Why a job seeker of the caller's organisation is, or is not, on the vacancy's shortlist
        as it would be made now (coach, coordinator): the rank among everyone eligible, or the
        reason for being left out, with the features that weighed most in plain words."""
        vacancy_row = await vacancies.get(session, principal, vacancy_id)
        require(principal, Role.COACH, Role.COORDINATOR)
        found = await shortlists.standing(
            session, principal, vacancy_row, candidate_id, taxonomy, date.today(), settings.referral_cap
        )
        person = [(candidate_id, principal.organisation)]
        await audit.record(session, principal, Action.READ, Purpose.MATCHING, person, ["standing", "explanation"])
        await session.commit()
        return found

    @post("/v1/allocations", status_code=HTTP_201_CREATED)
    async def allocate(
        self,
        principal: PrincipalDep,
        session: SessionDep,
        taxonomy: TaxonomyDep,
        dispatcher: DispatcherDep,
        settings: SettingsDep,
        warm: WarmDep,
        data: JSONBody[AllocationCreate | None] = None,
    ) -> Allocation:
        """Propose shortlists for every open vacancy at once (coordinator): the interviews that
        maximise expected hires, with each vacancy's interview slots and at most ``cap`` open
        referrals per job seeker. Every item is a proposed referral for a coach to approve."""
        require(principal, Role.COORDINATOR)
        cap = data.cap if data and data.cap else settings.referral_cap
        made = await allocations.plan(session, principal, taxonomy, date.today(), cap, warm=warm)
        await commit(session, dispatcher)
        people = [(i.candidate_id or "", principal.organisation) for s in made.shortlists for i in s.items]
        await audit.record(session, principal, Action.READ, Purpose.MATCHING, people, SHOWN)
        await session.commit()
        return made

    @get("/v1/shortlists/{shortlist_id:str}")
    async def read(self, shortlist_id: FromPath[str], principal: PrincipalDep, session: SessionDep) -> Shortlist:
        """A stored shortlist as it was proposed (coach, coordinator)."""
        return await _shown(session, principal, await shortlists.get(session, principal, shortlist_id))

    @post("/v1/shortlists/{shortlist_id:str}/order", status_code=HTTP_200_OK)
    async def reorder(
        self,
        shortlist_id: FromPath[str],
        data: JSONBody[ShortlistOrder],
        principal: PrincipalDep,
        session: SessionDep,
        dispatcher: DispatcherDep,
    ) -> Shortlist:
        """Put the shortlist in the coach's order, saying why (coach). The matcher's ranks stay as
        recorded; the week's report counts reordered lists as overrides of the matcher."""
        row = await shortlists.get(session, principal, shortlist_id)
        require(principal, Role.COACH)
        await shortlists.reorder(session, principal, row, data)
        people = [(candidate, row.organisation_id) for candidate in await shortlists.people(session, row)]
        await audit.record(session, principal, Action.UPDATE, Purpose.MATCHING, people, ["coach_rank"])
        await commit(session, dispatcher)
        return await _shown(session, principal, row)
