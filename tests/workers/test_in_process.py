"""Without Redis the same job functions run inside the API process, on their schedule."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from sqlalchemy import update

from matcher.app import create_app
from matcher.domain.enums import Role
from matcher.sealing import new_key
from matcher.settings import Settings
from matcher.store import jobs
from matcher.store.tables import JobRow, utcnow
from taxonomy import Taxonomy
from tests.harness import candidate_body, created, past, serving, vacancy_body
from workers.context import recorded


async def test_request_then_reminders_then_escalation_then_silence(database_url: str, taxonomy: Taxonomy) -> None:
    settings = Settings(
        database_url=database_url,
        job_poll_seconds=3600,
        feedback_after_days=2,
        reminder_after_days=0,
        reminders=2,
        data_key=new_key(),
    )
    async with serving(create_app(settings, taxonomy=taxonomy)) as api:
        coach, recruiter = await api.coach(), await api.recruiter()
        team = await api.user("tampere", Role.TEAM)
        await created(await coach.post("/v1/candidates", candidate_body()))
        vacancy = await created(await recruiter.post("/v1/vacancies", vacancy_body()))
        referral = (await created(await coach.post(f"/v1/vacancies/{vacancy['id']}/shortlists")))["items"][0][
            "referral_id"
        ]
        await coach.post(f"/v1/referrals/{referral}/transitions", {"to": "approved"})
        # An interview yesterday: with two days' grace nothing is due yet.
        await recruiter.post(
            f"/v1/referrals/{referral}/transitions", {"to": "interview_scheduled", "interview_at": past(1)}
        )
        await api.run_jobs()
        assert (await recruiter.get("/v1/notifications")).json()["items"] == []
        # Moved to five days ago: the request is due, and (with no wait between rounds) both reminders
        # and then the escalation to the weekly report.
        await recruiter.post(
            f"/v1/referrals/{referral}/transitions", {"to": "interview_scheduled", "interview_at": past(5)}
        )
        for _ in range(4):
            await api.run_jobs()
        partner_kinds = sorted(n["kind"] for n in (await recruiter.get("/v1/notifications")).json()["items"])
        assert partner_kinds == ["feedback_reminder", "feedback_reminder", "feedback_requested"]
        assert [n["kind"] for n in (await coach.get("/v1/notifications")).json()["items"]] == ["feedback_escalated"]
        assert (await coach.get(f"/v1/referrals/{referral}")).json()["feedback_escalated_at"] is not None
        assert (await team.get("/v1/reports/weekly")).json()["feedback_escalated"] == [referral]
        # Running everything again changes nothing: each round is done once.
        assert await api.run_jobs() == 0
        assert len((await recruiter.get("/v1/notifications")).json()["items"]) == 3


async def test_a_failing_job_is_retried_then_dead_lettered_and_an_admin_can_retry_it(
    database_url: str, taxonomy: Taxonomy
) -> None:
    calls = {"n": 0, "fixed": False}

    @recorded
    async def flaky(ctx: dict[str, Any], referral_id: str) -> dict[str, Any]:
        calls["n"] += 1
        if not calls["fixed"]:
            raise RuntimeError("partner system unreachable")
        return {"referral_id": referral_id}

    settings = Settings(database_url=database_url, job_poll_seconds=3600, data_key=new_key())
    async with serving(create_app(settings, taxonomy=taxonomy)) as api:
        dispatcher = api.app.state.dispatcher
        dispatcher.functions = {**dispatcher.functions, "flaky": flaky}
        async with api.app.state.sessions() as session:
            job = await jobs.schedule(session, "flaky", "r1", {"referral_id": "r1"}, utcnow())
            await session.commit()

        async def row() -> JobRow:
            async with api.app.state.sessions() as session:
                found: JobRow | None = await session.get(JobRow, job)
                assert found is not None
                return found

        for attempt in range(1, jobs.MAX_ATTEMPTS + 1):
            await api.run_jobs()
            current = await row()
            assert current.attempts == attempt
            assert current.last_error == "RuntimeError: partner system unreachable"
            if attempt < jobs.MAX_ATTEMPTS:
                assert current.state == "pending"
                assert current.run_at > utcnow()  # backed off: not run again at once
                assert await api.run_jobs() == 0
                async with api.app.state.sessions() as session:  # time passes
                    await session.execute(update(JobRow).where(JobRow.id == job).values(run_at=utcnow()))
                    await session.commit()
        assert (await row()).state == "failed"
        assert calls["n"] == jobs.MAX_ATTEMPTS

        admin, coach = await api.user("tampere", Role.ADMIN), await api.coach()
        assert (await coach.get("/v1/admin/jobs")).status_code == 403
        dead = (await admin.get("/v1/admin/jobs", params={"state": "failed"})).json()["items"]
        assert [(d["id"], d["attempts"], d["last_error"]) for d in dead] == [
            (job, jobs.MAX_ATTEMPTS, "RuntimeError: partner system unreachable")
        ]
        calls["fixed"] = True
        retried = await admin.post(f"/v1/admin/jobs/{quote(job, safe='')}/retry")
        assert retried.status_code == 200, retried.text
        await api.run_jobs()
        assert (await row()).state == "done"
        assert (await admin.post(f"/v1/admin/jobs/{quote(job, safe='')}/retry")).status_code == 409
        assert (await admin.post("/v1/admin/jobs/nope/retry")).status_code == 404
