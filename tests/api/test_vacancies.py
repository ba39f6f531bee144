"""Vacancies: our JSON and schema.org JobPosting JSON-LD; updates; closing."""

from __future__ import annotations

import json

from tests.harness import Api, candidate_body, created, vacancy_body

JOB_POSTING = {
    "@context": "https://schema.org/",
    "@type": "JobPosting",
    "title": "Keräilijä, Tampere",
    "description": "Keräilyä ja pakkaamista kylmävarastossa. Edellytämme trukkikorttia.",
    "datePosted": "2026-11-20",
    "jobStartDate": "2026-12-07",
    "employmentType": ["FULL_TIME", "TEMPORARY"],
    "occupationalCategory": "warehouse order picker",
    "skills": [{"@type": "DefinedTerm", "name": "trukkikortti"}, "keräily"],
    "qualifications": "työturvallisuuskortti",
    "totalJobOpenings": 4,
    "hiringOrganization": {"@type": "Organization", "name": "Staffpoint Oy"},
    "jobLocation": {
        "@type": "Place",
        "address": {"@type": "PostalAddress", "addressLocality": "Tampere", "addressCountry": "FI"},
    },
}


async def test_job_posting_json_ld_becomes_a_vacancy(api: Api) -> None:
    recruiter = await api.recruiter()
    response = await recruiter.client.post(
        "/v1/vacancies",
        content=json.dumps(JOB_POSTING),
        headers={**recruiter.headers, "content-type": "application/ld+json"},
    )
    vacancy = await created(response)
    assert vacancy["title"] == "Keräilijä, Tampere"
    assert vacancy["municipality"] == "Tampere"
    assert vacancy["hours"] == "full_time"
    assert vacancy["contract"] == "temporary"
    assert vacancy["start"] == "2026-12-07"
    assert vacancy["openings"] == 4
    assert vacancy["interview_slots"] == 12
    assert [s["text"] for s in vacancy["required_skills"]] == ["trukkikortti", "keräily"]
    assert vacancy["required_skills"][0]["label"] == "forklift licence (trukkikortti)"
    assert vacancy["required_skills"][0]["kind"] == "skill"
    assert vacancy["required_skills"][0]["uri"] == "urn:kohtaanto:card:forklift"
    assert vacancy["occupation"]["label"] == "warehouse order picker"
    assert [c["text"] for c in vacancy["certificates"]] == ["työturvallisuuskortti"]
    terms = {t["label"]: t["strength"] for t in vacancy["description_terms"]}
    assert terms["forklift licence (trukkikortti)"] == "required"


async def test_job_posting_errors_name_the_property(api: Api) -> None:
    recruiter = await api.recruiter()
    no_place = {k: v for k, v in JOB_POSTING.items() if k != "jobLocation"}
    typo = {**JOB_POSTING, "employmentTyp": "FULL_TIME"}
    for body, field in (
        (no_place, "$.jobLocation.address.addressLocality"),
        (typo, "$.employmentTyp"),
        ({**JOB_POSTING, "@type": "Event"}, "$.@type"),
    ):
        response = await recruiter.client.post(
            "/v1/vacancies",
            content=json.dumps(body),
            headers={**recruiter.headers, "content-type": "application/ld+json"},
        )
        assert response.status_code == 400
        assert response.json()["errors"][0]["field"] == field
    assert (await recruiter.get("/v1/vacancies")).json()["total"] == 0


async def test_update_and_close_a_vacancy(api: Api) -> None:
    recruiter, coach = await api.recruiter(), await api.coach()
    vacancy = await created(await recruiter.post("/v1/vacancies", vacancy_body()))
    updated = await recruiter.patch(f"/v1/vacancies/{vacancy['id']}", {"openings": 5, "required_skills": ["siivous"]})
    assert updated.status_code == 200
    assert updated.json()["openings"] == 5
    assert updated.json()["required_skills"][0]["label"] == "perform cleaning duties"
    assert updated.json()["title"] == vacancy["title"]

    closed = await recruiter.post(f"/v1/vacancies/{vacancy['id']}/close")
    assert closed.json()["status"] == "closed"
    assert closed.json()["closed_at"]
    assert (await recruiter.patch(f"/v1/vacancies/{vacancy['id']}", {"openings": 1})).status_code == 409
    assert (await recruiter.post(f"/v1/vacancies/{vacancy['id']}/close")).status_code == 409
    await created(await coach.post("/v1/candidates", candidate_body()))
    assert (await coach.post(f"/v1/vacancies/{vacancy['id']}/shortlists")).status_code == 409
    assert (await coach.get("/v1/vacancies", params={"status": "open"})).json()["total"] == 0
    assert (await coach.get("/v1/vacancies", params={"status": "closed"})).json()["total"] == 1


async def test_unknown_terms_are_kept_and_listed(api: Api) -> None:
    recruiter = await api.recruiter()
    vacancy = await created(
        await recruiter.post("/v1/vacancies", vacancy_body(required_skills=["trukkikortti", "zorblax-lisenssi"]))
    )
    assert "zorblax-lisenssi" in vacancy["unmatched_terms"]
    assert [s["text"] for s in vacancy["required_skills"]] == ["trukkikortti", "zorblax-lisenssi"]
