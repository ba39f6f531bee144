"""Test helpers: callers with a role and a token, and request bodies people would really send."""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast

import httpx
from litestar import Litestar
from sqlalchemy import update

from matcher.domain.enums import OrgKind, Role
from matcher.store import jobs
from matcher.store.tables import JobRow, utcnow
from matcher.store.users import create_user

CANDIDATE = {
    "case_ref": "TRE-2026-0412",
    "municipality": "Tampere",
    "skills": ["asiakaspalvelu", "trukkikortti", "Excel"],
    "occupations": ["varastotyöntekijä"],
    "languages": [{"code": "fi", "level": "B1"}, {"code": "en", "level": "B2"}],
    "driving_licences": ["B"],
    "hours": ["full_time", "shifts"],
    "max_commute_km": 30,
    "available_from": "2026-12-01",
    "consents": [{"organisation": "staffpoint", "purpose": "referral", "expires": "2027-06-30"}],
}
VACANCY = {
    "title": "Varastotyöntekijä",
    "occupation": "warehouse worker",
    "required_skills": ["trukkikortti"],
    "nice_to_have_skills": ["keräily"],
    "languages": [{"code": "fi", "level": "A2"}],
    "municipality": "Tampere",
    "hours": "full_time",
    "contract": "permanent",
    "start": "2026-12-15",
    "openings": 3,
    "interview_slots": 10,
}


BASE = "http://kohtaanto.test"


@contextlib.asynccontextmanager
async def running(app: Litestar) -> AsyncIterator[None]:
    """Run the app's lifespan in a task of its own, so that start and stop happen in one task."""
    started, stop = asyncio.Event(), asyncio.Event()

    async def hold() -> None:
        async with app.lifespan():
            started.set()
            await stop.wait()

    task = asyncio.create_task(hold())
    waiter = asyncio.create_task(started.wait())
    await asyncio.wait([task, waiter], return_when=asyncio.FIRST_COMPLETED)
    if task.done():
        waiter.cancel()
        task.result()  # start-up failed: raise its error
    try:
        yield
    finally:
        stop.set()
        await task


@contextlib.asynccontextmanager
async def serving(app: Litestar) -> AsyncIterator[Api]:
    """The app running, and an HTTP client talking to it in-process."""
    transport = httpx.ASGITransport(app=cast(Any, app))
    async with running(app), httpx.AsyncClient(transport=transport, base_url=BASE) as client:
        yield Api(app, client)


def candidate_body(**changes: Any) -> dict[str, Any]:
    """The contract's example profile, with consent valid from today for half a year."""
    body = {
        **CANDIDATE,
        "available_from": date.today().isoformat(),
        "consents": [
            {
                "organisation": "staffpoint",
                "purpose": "referral",
                "expires": (date.today() + timedelta(days=180)).isoformat(),
            }
        ],
    }
    body.update(changes)
    return body


def vacancy_body(**changes: Any) -> dict[str, Any]:
    body = {**VACANCY, "start": (date.today() + timedelta(days=14)).isoformat()}
    body.update(changes)
    return body


def past(days: int) -> str:
    return (datetime.now(UTC) - timedelta(days=days)).isoformat()


class Caller:
    """One user of the API: every request carries the user's bearer token."""

    def __init__(self, client: httpx.AsyncClient, token: str, role: Role, org: str) -> None:
        self.client = client
        self.token = token
        self.role = role
        self.org = org
        self.headers = {"Authorization": f"Bearer {token}"}

    async def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return await self.client.get(url, headers=self.headers, **kwargs)

    async def post(self, url: str, json: Any = None, **kwargs: Any) -> httpx.Response:
        return await self.client.post(url, json=json, headers={**self.headers, **kwargs.pop("headers", {})}, **kwargs)

    async def patch(self, url: str, json: Any = None) -> httpx.Response:
        return await self.client.patch(url, json=json, headers=self.headers)

    async def delete(self, url: str) -> httpx.Response:
        return await self.client.delete(url, headers=self.headers)


class Api:
    """The app under test and a factory of callers."""

    def __init__(self, app: Litestar, client: httpx.AsyncClient) -> None:
        self.client = client
        self.app = app

    async def user(self, org: str, role: Role, kind: OrgKind | None = None) -> Caller:
        async with self.app.state.sessions() as session:
            _, token = await create_user(session, org=org, role=role, name=f"{role.value}@{org}", kind=kind)
            await session.commit()
        return Caller(self.client, token, role, org)

    async def coach(self, org: str = "tampere") -> Caller:
        return await self.user(org, Role.COACH)

    async def recruiter(self, org: str = "staffpoint") -> Caller:
        return await self.user(org, Role.RECRUITER)

    async def run_jobs(self) -> int:
        """Run the jobs that are due now, as the in-process sweeper would."""
        handled: int = await self.app.state.dispatcher.sweep()
        return handled

    async def weekly_plan(self) -> JobRow:
        """Schedule the weekly plan for the meeting, run it as the in-process sweeper would, and
        return its finished record."""
        async with self.app.state.sessions() as session:
            await jobs.schedule(session, jobs.PREPARE_WEEKLY_PLAN, "meeting", {"week": "2026-W48"}, utcnow())
            await session.commit()
        await self.run_jobs()
        async with self.app.state.sessions() as session:
            job: JobRow | None = await session.get(JobRow, jobs.job_id(jobs.PREPARE_WEEKLY_PLAN, "meeting"))
        assert job is not None
        assert job.state == "done", job.last_error
        assert job.result is not None
        return job


async def created(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def varied_people(
    coach: Caller, rng: random.Random, count: int, skills: list[str], occupations: list[str], places: list[str]
) -> list[dict[str, Any]]:
    """``count`` job seekers registered by the coach, each with a random mix of the given terms."""
    people = []
    for _ in range(count):
        body = candidate_body(
            skills=rng.sample(skills, rng.randint(1, 4)),
            occupations=[rng.choice(occupations)],
            municipality=rng.choice(places),
            hours=rng.sample(["full_time", "part_time", "shifts"], rng.randint(1, 2)),
        )
        people.append(await created(await coach.post("/v1/candidates", body)))
    return people


async def interviewed(api: Api, days_ago: int) -> tuple[Caller, Caller, str]:
    """A coach and a recruiter, and a referral whose interview was ``days_ago`` days ago."""
    coach, recruiter = await api.coach(), await api.recruiter()
    await created(await coach.post("/v1/candidates", candidate_body()))
    vacancy = await created(await recruiter.post("/v1/vacancies", vacancy_body()))
    referral = (await created(await coach.post(f"/v1/vacancies/{vacancy['id']}/shortlists")))["items"][0]["referral_id"]
    await coach.post(f"/v1/referrals/{referral}/transitions", {"to": "approved"})
    response = await recruiter.post(
        f"/v1/referrals/{referral}/transitions", {"to": "interview_scheduled", "interview_at": past(days_ago)}
    )
    assert response.status_code == 200, response.text
    return coach, recruiter, referral


async def time_passes(api: Api, function: str) -> None:
    """Make the pending jobs of ``function`` due now, as if their wait were over."""
    async with api.app.state.sessions() as session:
        await session.execute(
            update(JobRow)
            .where(JobRow.function == function, JobRow.state == "pending")
            .values(run_at=datetime.now(UTC))
        )
        await session.commit()
