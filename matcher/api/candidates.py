"""Job-seeker profiles: coaches of the city write them; coordinators read them."""

from __future__ import annotations

import contextlib
from datetime import date

from litestar import Controller, delete, get, patch, post, put
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_204_NO_CONTENT

from matcher.api.deps import (
    DispatcherDep,
    Limit,
    Offset,
    PrincipalDep,
    SealerDep,
    SessionDep,
    TaxonomyDep,
    commit,
    require,
)
from matcher.domain.access import Principal
from matcher.domain.audit import Action, Purpose
from matcher.domain.candidates import Candidate, CandidateCreate, CandidatePage, CandidateUpdate, Consent, ConsentCreate
from matcher.domain.enums import Role
from matcher.domain.fairness import AuditGroups
from matcher.sealing import Sealer
from matcher.store import audit, candidates, fairness
from matcher.store.tables import CandidateRow

SHOWN = audit.fields_of(Candidate)


async def _view(session: SessionDep, sealer: Sealer, row: CandidateRow) -> Candidate:
    consents = await candidates.consents(session, [row.id])
    return candidates.to_candidate(row, consents[row.id], date.today(), sealer.open(row.work_capacity_note, row.id))


async def _audit(
    session: SessionDep, principal: Principal, action: Action, rows: list[CandidateRow], fields: list[str]
) -> None:
    await audit.record(
        session, principal, action, Purpose.CASE_MANAGEMENT, [(r.id, r.organisation_id) for r in rows], fields
    )


class CandidateController(Controller):
    path = "/v1/candidates"
    tags = ["candidates"]

    @post("")
    async def create(
        self,
        data: JSONBody[CandidateCreate],
        principal: PrincipalDep,
        session: SessionDep,
        taxonomy: TaxonomyDep,
        dispatcher: DispatcherDep,
        sealer: SealerDep,
    ) -> Candidate:
        """Register a job seeker's profile (coach). Free-text terms are matched to ESCO; unmatched ones
        are kept and listed in ``unmatched_terms``. No national identity number is accepted."""
        require(principal, Role.COACH)
        row = await candidates.create(session, principal, data, taxonomy, sealer)
        await _audit(session, principal, Action.CREATE, [row], audit.given(data))
        await commit(session, dispatcher)
        return await _view(session, sealer, row)

    @get("")
    async def list_candidates(
        self, principal: PrincipalDep, session: SessionDep, sealer: SealerDep, offset: Offset = 0, limit: Limit = 50
    ) -> CandidatePage:
        """The organisation's candidates, oldest first (coach, coordinator)."""
        require(principal, Role.COACH, Role.COORDINATOR)
        rows, total = await candidates.page(session, principal, offset, limit)
        await _audit(session, principal, Action.READ, rows, SHOWN)
        await session.commit()
        consents = await candidates.consents(session, [r.id for r in rows])
        today = date.today()
        return CandidatePage(
            items=[
                candidates.to_candidate(r, consents[r.id], today, sealer.open(r.work_capacity_note, r.id)) for r in rows
            ],
            total=total,
            offset=offset,
            limit=limit,
        )

    @get("/{candidate_id:str}")
    async def read(
        self, candidate_id: FromPath[str], principal: PrincipalDep, session: SessionDep, sealer: SealerDep
    ) -> Candidate:
        """One profile of the caller's organisation (coach, coordinator); 410 once erased."""
        row = await candidates.get(session, principal, candidate_id)
        await _audit(session, principal, Action.READ, [row], SHOWN)
        await session.commit()
        return await _view(session, sealer, row)

    @patch("/{candidate_id:str}")
    async def update(
        self,
        candidate_id: FromPath[str],
        data: JSONBody[CandidateUpdate],
        principal: PrincipalDep,
        session: SessionDep,
        taxonomy: TaxonomyDep,
        dispatcher: DispatcherDep,
        sealer: SealerDep,
    ) -> Candidate:
        """Change some fields of a profile (coach); fields left out stay as they are."""
        row = await candidates.get(session, principal, candidate_id)
        require(principal, Role.COACH)
        candidates.apply_update(row, data, taxonomy, sealer)
        await _audit(session, principal, Action.UPDATE, [row], audit.given(data))
        await commit(session, dispatcher)
        return await _view(session, sealer, row)

    @delete("/{candidate_id:str}", status_code=HTTP_204_NO_CONTENT)
    async def erase(
        self, candidate_id: FromPath[str], principal: PrincipalDep, session: SessionDep, dispatcher: DispatcherDep
    ) -> None:
        """Erase the person from every table (coach). Statistics keep only unlinked, content-free rows."""
        row = await candidates.get(session, principal, candidate_id)
        require(principal, Role.COACH)
        await _audit(session, principal, Action.ERASE, [row], SHOWN)
        job_ids = await candidates.erase(session, row)
        await commit(session, dispatcher)
        with contextlib.suppress(Exception):  # Redis down: the cancelled rows make a worker skip them
            await dispatcher.forget(*job_ids)

    @post("/{candidate_id:str}/consents")
    async def add_consent(
        self,
        candidate_id: FromPath[str],
        data: JSONBody[ConsentCreate],
        principal: PrincipalDep,
        session: SessionDep,
        dispatcher: DispatcherDep,
    ) -> Consent:
        """Record a further consent given by the job seeker (coach)."""
        row = await candidates.get(session, principal, candidate_id)
        require(principal, Role.COACH)
        consent = await candidates.add_consent(session, row, data)
        await _audit(session, principal, Action.UPDATE, [row], ["consents"])
        await commit(session, dispatcher)
        return candidates.to_consent(consent, date.today())

    @post("/{candidate_id:str}/consents/{consent_id:str}/withdraw", status_code=HTTP_200_OK)
    async def withdraw_consent(
        self,
        candidate_id: FromPath[str],
        consent_id: FromPath[str],
        principal: PrincipalDep,
        session: SessionDep,
        dispatcher: DispatcherDep,
    ) -> Consent:
        """Withdraw a consent (coach): the partner loses sight of the profile at once."""
        row = await candidates.get(session, principal, candidate_id)
        require(principal, Role.COACH)
        consent = await candidates.withdraw_consent(session, row, consent_id)
        await _audit(session, principal, Action.UPDATE, [row], ["consents"])
        await commit(session, dispatcher)
        return candidates.to_consent(consent, date.today())

    @put("/{candidate_id:str}/audit-groups", status_code=HTTP_200_OK)
    async def audit_groups(
        self,
        candidate_id: FromPath[str],
        data: JSONBody[AuditGroups],
        principal: PrincipalDep,
        session: SessionDep,
        dispatcher: DispatcherDep,
    ) -> AuditGroups:
        """Record the group attributes the job seeker chose to give for the fairness audit (coach); what
        is left out is not recorded. They are kept apart from the profile and never reach a ranking."""
        row = await candidates.get(session, principal, candidate_id)
        require(principal, Role.COACH)
        await fairness.record_groups(session, row.id, data)
        people = [(row.id, row.organisation_id)]
        await audit.record(session, principal, Action.UPDATE, Purpose.FAIRNESS_AUDIT, people, audit.given(data))
        await commit(session, dispatcher)
        return data
