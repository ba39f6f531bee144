"""The weekly report's counts, health and readiness, and the API documentation."""

from __future__ import annotations

import re
from datetime import date

from matcher.domain.enums import Role
from tests.harness import Api, candidate_body, created, past, vacancy_body


async def test_weekly_report_counts_the_week_without_personal_data(api: Api) -> None:
    coach, recruiter, team = await api.coach(), await api.recruiter(), await api.user("tampere", Role.TEAM)
    candidates = [
        await created(
            await coach.post(
                "/v1/candidates", candidate_body(case_ref=f"TRE-{i}", skills=["trukkikortti", "Zorblax-lupa"])
            )
        )
        for i in range(3)
    ]
    vacancy = await created(await recruiter.post("/v1/vacancies", vacancy_body()))
    shortlist = await created(await coach.post(f"/v1/vacancies/{vacancy['id']}/shortlists"))
    referrals = [item["referral_id"] for item in shortlist["items"]]
    for referral in referrals:
        await coach.post(f"/v1/referrals/{referral}/transitions", {"to": "approved"})
        await recruiter.post(
            f"/v1/referrals/{referral}/transitions", {"to": "interview_scheduled", "interview_at": past(4)}
        )
    await recruiter.post(f"/v1/referrals/{referrals[0]}/outcome", {"outcome": "hired"})
    await recruiter.post(
        f"/v1/referrals/{referrals[1]}/outcome", {"outcome": "not_hired", "reasons": ["language", "hours"]}
    )
    await api.run_jobs()

    year, week, _ = date.today().isocalendar()
    response = await team.get("/v1/reports/weekly", params={"week": f"{year}-W{week:02d}"})
    assert response.status_code == 200
    report = response.json()
    assert report["open_vacancies"] == 1
    assert report["new_vacancies"] == 1
    assert report["openings"] == 3
    assert report["shortlists"] == 1
    assert report["proposed"] == 3
    assert report["referrals_approved"] == 3
    assert report["interviews"] == 3
    assert report["hires"] == 1
    assert report["not_hired"] == 1
    assert report["non_hire_reasons"] == {"hours": 1, "language": 1}
    assert report["feedback_unanswered"] == 1
    assert report["unknown_terms"] == {"zorblax-lupa": 3}
    for candidate in candidates:
        assert candidate["id"] not in response.text
    last_year = (await team.get("/v1/reports/weekly", params={"week": f"{year - 1}-W{week:02d}"})).json()
    assert last_year["hires"] == 0
    assert last_year["open_vacancies"] == 0


async def test_health_ready_and_docs(api: Api) -> None:
    assert (await api.client.get("/health")).json() == {"status": "ok"}
    await api.app.state.indexes  # the candidate indexes the service builds at start (none here)
    ready = await api.client.get("/ready")
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"database": "ok", "indexes": "ok"}
    schema = (await api.client.get("/docs/openapi.json")).json()
    assert "/v1/vacancies/{vacancy_id}/shortlists" in schema["paths"]
    assert schema["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    body = schema["paths"]["/v1/vacancies"]["post"]["requestBody"]["content"]
    assert set(body) == {"application/json", "application/ld+json"}
    page = await api.client.get("/docs")
    assert page.status_code == 200
    assert "swagger" in page.text.lower()
    # The viewer works offline: every script, style and icon it loads comes from the service.
    assert all(url.startswith("/docs/assets/") for url in re.findall(r"""(?:src|href)=['"]([^'"]+)""", page.text))
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "swagger-ui-standalone-preset.js"):
        assert f"/docs/assets/{asset}" in page.text
        served = await api.client.get(f"/docs/assets/{asset}")
        assert served.status_code == 200, asset
        assert len(served.content) > 10_000
