"""The audit trail for administrators: who touched whose data and why, and whether the chain holds."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from litestar import Controller, get
from litestar.params import QueryParameter

from matcher.api.deps import Limit, PrincipalDep, SessionDep, require
from matcher.domain.audit import AuditPage, ChainCheck
from matcher.domain.enums import Role
from matcher.domain.fairness import FairnessAudit
from matcher.errors import InvalidField
from matcher.store import audit, fairness

CandidateFilter = Annotated[
    str | None, QueryParameter(name="candidate_id", max_length=64, description="Entries about this job seeker")
]
ActorFilter = Annotated[str | None, QueryParameter(name="actor", max_length=64, description="Entries by this user")]
FirstDay = Annotated[date | None, QueryParameter(name="since", description="First day included")]
LastDay = Annotated[date | None, QueryParameter(name="until", description="Last day included (default today)")]
LAST_SEQ = 2**31 - 1  # sequence numbers are 32-bit integers in the database
After = Annotated[int, QueryParameter(ge=0, le=LAST_SEQ, description="Entries after this sequence number")]


class AuditController(Controller):
    path = "/v1/audit"
    tags = ["audit"]

    @get("")
    async def entries(
        self,
        principal: PrincipalDep,
        session: SessionDep,
        candidate_id: CandidateFilter = None,
        actor: ActorFilter = None,
        since: FirstDay = None,
        after: After = 0,
        limit: Limit = 50,
    ) -> AuditPage:
        """Accesses to personal data, oldest first (admin): the organisation's own users' accesses and,
        for the city, every access to its job seekers, partners' included."""
        require(principal, Role.ADMIN)
        items = await audit.query(session, principal, candidate_id, actor, since, after, limit)
        return AuditPage(items=items, next_after=items[-1].seq if len(items) == limit else None)

    @get("/fairness")
    async def fairness(
        self, principal: PrincipalDep, session: SessionDep, since: FirstDay = None, until: LastDay = None
    ) -> FairnessAudit:
        """The fairness audit of the city's rankings (admin; the last twelve weeks unless told): per
        group of each attribute the job seekers gave for the audit, selection rates and impact ratios
        (four-fifths rule) with Fisher's exact test, the FA*IR ranked group fairness prefix test, and
        position-discounted exposure. The attributes never reach a ranking."""
        require(principal, Role.ADMIN)
        last = until or date.today()
        first = since or last - timedelta(weeks=12)
        if first > last:
            raise InvalidField("query.since", "must not be after `until`")
        return await fairness.audit_period(session, principal.organisation, first, last)

    @get("/verify")
    async def verify(self, principal: PrincipalDep, session: SessionDep) -> ChainCheck:
        """Recompute the whole hash chain (admin): a changed, inserted or removed entry is reported."""
        require(principal, Role.ADMIN)
        return await audit.verify(session)
