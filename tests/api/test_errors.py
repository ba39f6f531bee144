"""Bad input gets RFC 9457 problem details naming the field, and changes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from matcher.domain.enums import Role
from tests.harness import Api, candidate_body, created, past, vacancy_body

BAD_CANDIDATES = [
    ({"municipality": 5}, "$.municipality"),
    ({"languages": [{"code": "fi", "level": "Z9"}]}, "$.languages[0].level"),
    ({"languages": [{"code": "finnish", "level": "B1"}]}, "$.languages[0].code"),
    ({"max_commute_km": -3}, "$.max_commute_km"),
    ({"available_from": "next week"}, "$.available_from"),
    ({"hours": ["always"]}, "$.hours[0]"),
    ({"driving_licences": ["X"]}, "$.driving_licences[0]"),
    ({"skills": ["ok", ""]}, "$.skills[1]"),
    ({"consents": [{"organisation": "staffpoint", "purpose": "referral"}]}, "$.consents[0].expires"),
    ({"consents": [{"organisation": "Staff Point!", "expires": "2027-01-01"}]}, "$.consents[0].organisation"),
    ({"hetu": "010190-123A"}, "$.hetu"),
    ({"organisation": "espoo"}, "$.organisation"),
]


def problem(response: Any) -> dict[str, Any]:
    assert response.headers["content-type"].startswith("application/problem+json"), response.text
    body: dict[str, Any] = response.json()
    assert body["status"] == response.status_code
    assert body["title"]
    assert body["type"]
    return body


@pytest.mark.parametrize(("change", "field"), BAD_CANDIDATES, ids=[f for _, f in BAD_CANDIDATES])
async def test_bad_candidate_fields_are_named_and_nothing_is_stored(
    api: Api, change: dict[str, Any], field: str
) -> None:
    coach = await api.coach()
    response = await coach.post("/v1/candidates", candidate_body(**change))
    assert response.status_code == 400
    body = problem(response)
    assert body["errors"][0]["field"] == field
    assert (await coach.get("/v1/candidates")).json()["total"] == 0


async def test_missing_required_field_is_named(api: Api) -> None:
    recruiter = await api.recruiter()
    body = vacancy_body()
    del body["title"]
    response = await recruiter.post("/v1/vacancies", body)
    assert response.status_code == 400
    assert problem(response)["errors"][0]["message"] == "Object missing required field `title`"
    assert problem(response)["errors"][0]["field"] == "$.title"


async def test_malformed_json_is_a_problem_not_a_crash(api: Api) -> None:
    coach = await api.coach()
    response = await coach.client.post(
        "/v1/candidates", content=b"{bad json", headers={**coach.headers, "content-type": "application/json"}
    )
    assert response.status_code == 400
    assert problem(response)["errors"][0]["field"] == "$"


async def test_query_parameters_out_of_range_are_named(api: Api) -> None:
    coach = await api.coach()
    response = await coach.get("/v1/candidates", params={"limit": 1000})
    assert response.status_code == 400
    assert problem(response)["errors"][0]["field"] == "query.limit"


async def test_unknown_week_is_a_problem(api: Api) -> None:
    team = await api.user("tampere", Role.TEAM)
    for week in ("2026-48", "2026-W54", "yesterday"):
        response = await team.get("/v1/reports/weekly", params={"week": week})
        assert response.status_code == 400
        assert problem(response)["errors"][0]["field"] == "query.week"


async def test_requests_without_a_valid_token_are_unauthorised(api: Api) -> None:
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic abc"}):
        response = await api.client.get("/v1/candidates", headers=headers)
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
        problem(response)


async def test_wrong_media_type_for_a_vacancy_is_415(api: Api) -> None:
    recruiter = await api.recruiter()
    response = await recruiter.client.post(
        "/v1/vacancies",
        content=b"title=x",
        headers={**recruiter.headers, "content-type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 415
    problem(response)


async def test_oversized_body_is_413(api: Api) -> None:
    coach = await api.coach()
    response = await coach.post("/v1/candidates", candidate_body(work_capacity_note="x" * 2_000_000))
    assert response.status_code == 413
    problem(response)


async def test_illegal_transitions_are_409_and_change_nothing(api: Api) -> None:
    coach, recruiter = await api.coach(), await api.recruiter()
    await created(await coach.post("/v1/candidates", candidate_body()))
    vacancy = await created(await recruiter.post("/v1/vacancies", vacancy_body()))
    referral = (await created(await coach.post(f"/v1/vacancies/{vacancy['id']}/shortlists")))["items"][0]["referral_id"]
    await coach.post(f"/v1/referrals/{referral}/transitions", {"to": "approved"})
    again = await coach.post(f"/v1/referrals/{referral}/transitions", {"to": "approved"})
    assert again.status_code == 409
    problem(again)
    hired_too_early = await recruiter.post(f"/v1/referrals/{referral}/outcome", {"outcome": "hired"})
    assert hired_too_early.status_code == 409
    no_time = await recruiter.post(f"/v1/referrals/{referral}/transitions", {"to": "interview_scheduled"})
    assert no_time.status_code == 400
    assert problem(no_time)["errors"][0]["field"] == "$.interview_at"
    coach_schedules = await coach.post(
        f"/v1/referrals/{referral}/transitions", {"to": "interview_scheduled", "interview_at": past(1)}
    )
    assert coach_schedules.status_code == 403
    view = (await coach.get(f"/v1/referrals/{referral}")).json()
    assert view["state"] == "approved"
    assert [h["state"] for h in view["history"]] == ["proposed", "approved"]


async def test_non_hire_without_reasons_is_refused(api: Api) -> None:
    coach, recruiter = await api.coach(), await api.recruiter()
    await created(await coach.post("/v1/candidates", candidate_body()))
    vacancy = await created(await recruiter.post("/v1/vacancies", vacancy_body()))
    referral = (await created(await coach.post(f"/v1/vacancies/{vacancy['id']}/shortlists")))["items"][0]["referral_id"]
    await coach.post(f"/v1/referrals/{referral}/transitions", {"to": "approved"})
    await recruiter.post(
        f"/v1/referrals/{referral}/transitions", {"to": "interview_scheduled", "interview_at": past(1)}
    )
    for body, field in (
        ({"outcome": "not_hired"}, "$.reasons"),
        ({"outcome": "not_hired", "reasons": ["lazy"]}, "$.reasons[0]"),
        ({"outcome": "hired", "reasons": ["skills"]}, "$.reasons"),
        ({"outcome": "not_hired", "reasons": ["skills"], "employability": 9}, "$.employability"),
    ):
        response = await recruiter.post(f"/v1/referrals/{referral}/outcome", body)
        assert response.status_code == 400, body
        assert problem(response)["errors"][0]["field"] == field
    assert (await coach.get(f"/v1/referrals/{referral}")).json()["outcome"] is None


async def test_unknown_routes_and_methods_are_problems(api: Api) -> None:
    coach = await api.coach()
    assert problem(await coach.get("/v1/nothing-here"))["status"] == 404
    assert problem(await coach.client.put("/v1/candidates", headers=coach.headers))["status"] == 405


async def test_control_characters_and_odd_ids_never_reach_the_database(api: Api) -> None:
    coach, recruiter = await api.coach(), await api.recruiter()
    for body in (
        candidate_body(municipality="Tam\u0000pere"),
        candidate_body(skills=["a\u0000b"]),
        candidate_body(case_ref="x\u0007"),
    ):
        response = await coach.post("/v1/candidates", body)
        assert response.status_code == 400, response.text
    for url in (
        "/v1/candidates/%00",
        "/v1/candidates/" + "x" * 500,
        "/v1/shortlists/not-an-id",
        "/v1/referrals/1%27%20OR%201=1",
    ):
        assert (await coach.get(url)).status_code == 404
    assert (await recruiter.get("/v1/vacancies/%00")).status_code == 404
    assert (await coach.get("/v1/referrals", params={"vacancy_id": "\u0000"})).json()["total"] == 0
    note = candidate_body(work_capacity_note="Rivi 1\nRivi 2\tsarkain")
    assert (await coach.post("/v1/candidates", note)).status_code == 201
