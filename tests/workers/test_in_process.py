"""Without Redis the same job functions run inside the API process, on their schedule."""

from __future__ import annotations

from matcher.app import create_app
from matcher.settings import Settings
from taxonomy import Taxonomy
from tests.harness import candidate_body, created, past, serving, vacancy_body


async def test_request_then_one_reminder_then_silence_once_answered(database_url: str, taxonomy: Taxonomy) -> None:
    settings = Settings(database_url=database_url, job_poll_seconds=3600, feedback_after_days=2, reminder_after_days=0)
    async with serving(create_app(settings, taxonomy=taxonomy)) as api:
        coach, recruiter = await api.coach(), await api.recruiter()
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
        # Moved to five days ago: the request is due, and the reminder right after it.
        await recruiter.post(
            f"/v1/referrals/{referral}/transitions", {"to": "interview_scheduled", "interview_at": past(5)}
        )
        await api.run_jobs()
        await api.run_jobs()
        kinds = sorted(n["kind"] for n in (await recruiter.get("/v1/notifications")).json()["items"])
        assert kinds == ["feedback_reminder", "feedback_requested"]
        # Running everything again changes nothing: each job is done once.
        assert await api.run_jobs() == 0
        assert len((await recruiter.get("/v1/notifications")).json()["items"]) == 2
