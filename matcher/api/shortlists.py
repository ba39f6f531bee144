"""Shortlists: the matcher's proposal for a vacancy, for a coach to approve from."""

from __future__ import annotations

from datetime import date

from litestar import Controller, get, post
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK

from matcher.api.deps import DispatcherDep, PrincipalDep, SessionDep, SettingsDep, TaxonomyDep, commit, require
from matcher.domain.access import Principal
from matcher.domain.audit import Action, Purpose
from matcher.domain.enums import Role, VacancyStatus
from matcher.domain.shortlists import Shortlist, ShortlistCreate, ShortlistItem, ShortlistOrder
from matcher.errors import Conflict
from matcher.store import audit, shortlists, vacancies
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
            session, principal, vacancy_row, taxonomy, date.today(), limit, settings.referral_cap
        )
        await commit(session, dispatcher)
        return await _shown(session, principal, row)

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
