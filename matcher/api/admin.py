"""Administration: background jobs, including the dead letters of jobs that kept failing."""

from __future__ import annotations

from typing import Annotated, Literal

from litestar import Controller, get, post
from litestar.params import FromPath, QueryParameter
from litestar.status_codes import HTTP_200_OK

from matcher.api.deps import DispatcherDep, Limit, PrincipalDep, SessionDep, commit, require
from matcher.domain.enums import Role
from matcher.domain.jobs import Job, JobPage
from matcher.store import jobs
from matcher.store.tables import JobRow

StateFilter = Annotated[
    Literal["pending", "queued", "running", "done", "failed"] | None,
    QueryParameter(name="state", description="Only jobs in this state; `failed` are the dead letters"),
]


def _job(row: JobRow) -> Job:
    return Job(
        id=row.id,
        function=row.function,
        state=row.state,
        attempts=row.attempts,
        run_at=row.run_at,
        last_error=row.last_error,
        updated_at=row.updated_at,
    )


class AdminController(Controller):
    path = "/v1/admin"
    tags = ["admin"]

    @get("/jobs")
    async def list_jobs(
        self, principal: PrincipalDep, session: SessionDep, job_state: StateFilter = None, limit: Limit = 50
    ) -> JobPage:
        """Background jobs, most recently changed first (admin)."""
        require(principal, Role.ADMIN)
        rows = await jobs.listing(session, jobs.JobState(job_state) if job_state else None, limit)
        return JobPage(items=[_job(row) for row in rows])

    @post("/jobs/{job_id:str}/retry", status_code=HTTP_200_OK)
    async def retry(
        self, job_id: FromPath[str], principal: PrincipalDep, session: SessionDep, dispatcher: DispatcherDep
    ) -> Job:
        """Run a dead-lettered job again with a fresh set of attempts (admin). Only failed jobs can be
        retried (409 otherwise): every job is safe to run twice, but a running one is left alone."""
        require(principal, Role.ADMIN)
        row = await jobs.retry(session, job_id)
        await dispatcher.forget(job_id)
        await commit(session, dispatcher)
        return _job(row)
