"""The whole flow over HTTP, on SQLite and PostgreSQL: profile, vacancy, shortlist, referral, outcome."""

from __future__ import annotations

from tests.harness import Api, candidate_body, created, past, vacancy_body


async def test_contract_bodies_are_accepted_as_given(api: Api) -> None:
    from tests.harness import CANDIDATE, VACANCY

    coach, recruiter = await api.coach(), await api.recruiter()
    candidate = await created(await coach.post("/v1/candidates", CANDIDATE))
    vacancy = await created(await recruiter.post("/v1/vacancies", VACANCY))
    assert candidate["id"]
    assert vacancy["id"]
    assert vacancy["interview_slots"] == 10


async def test_full_flow_from_profile_to_feedback(api: Api) -> None:
    coach, recruiter = await api.coach(), await api.recruiter()
    candidate = await created(await coach.post("/v1/candidates", candidate_body()))
    vacancy = await created(await recruiter.post("/v1/vacancies", vacancy_body()))

    shortlist = await created(await coach.post(f"/v1/vacancies/{vacancy['id']}/shortlists"))
    assert shortlist["model_version"]
    [item] = shortlist["items"]
    assert item["candidate_id"] == candidate["id"]
    assert item["explanation"]["matched_skills"] == ["forklift licence (trukkikortti)"]
    assert item["explanation"]["missing_required"] == []
    assert item["explanation"]["location_fit"]["ok"] is True
    assert [fit["ok"] for fit in item["explanation"]["language_fit"]] == [True]
    referral_id = item["referral_id"]

    # Nothing reaches the recruiter before a coach approves.
    assert (await recruiter.get(f"/v1/referrals/{referral_id}")).status_code == 404
    approved = await coach.post(f"/v1/referrals/{referral_id}/transitions", {"to": "approved"})
    assert approved.status_code == 200, approved.text
    assert approved.json()["state"] == "approved"

    seen = (await recruiter.get(f"/v1/referrals/{referral_id}")).json()
    assert seen["candidate"]["id"] == candidate["id"]
    assert "work_capacity_note" not in seen["candidate"]
    assert "case_ref" not in seen["candidate"]

    scheduled = await recruiter.post(
        f"/v1/referrals/{referral_id}/transitions", {"to": "interview_scheduled", "interview_at": past(5)}
    )
    assert scheduled.status_code == 200, scheduled.text

    # Days after the interview with no outcome, a job asks the recruiter for feedback.
    await api.run_jobs()
    kinds = [n["kind"] for n in (await recruiter.get("/v1/notifications")).json()["items"]]
    assert kinds == ["feedback_requested"]

    outcome = await recruiter.post(
        f"/v1/referrals/{referral_id}/outcome",
        {
            "outcome": "not_hired",
            "reasons": ["language", "experience"],
            "feedback": "Suomen kieli ei vielä riittänyt asiakastyöhön.",
            "employability": 4,
        },
    )
    assert outcome.status_code == 200, outcome.text

    coach_view = (await coach.get(f"/v1/referrals/{referral_id}")).json()
    assert coach_view["state"] == "not_hired"
    assert coach_view["outcome"]["reasons"] == ["language", "experience"]
    assert coach_view["outcome"]["feedback"].startswith("Suomen kieli")
    assert [h["state"] for h in coach_view["history"]] == ["proposed", "approved", "interview_scheduled", "not_hired"]
    assert all(h["by_user"] and h["at"] for h in coach_view["history"])
    coach_kinds = [n["kind"] for n in (await coach.get("/v1/notifications")).json()["items"]]
    assert coach_kinds == ["feedback_received"]
