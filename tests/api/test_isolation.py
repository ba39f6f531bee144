"""Objects of another organisation are 404 on every route that names one, never 403 or the object."""

from __future__ import annotations

from typing import Any

import pytest

from matcher.domain.enums import Role
from tests.harness import Api, Caller, candidate_body, created, past, vacancy_body


async def _world(api: Api) -> dict[str, Any]:
    """Tampere's coach and Staffpoint's recruiter, with one object of every kind between them."""
    coach, recruiter = await api.coach("tampere"), await api.recruiter("staffpoint")
    candidate = await created(await coach.post("/v1/candidates", candidate_body()))
    vacancy = await created(await recruiter.post("/v1/vacancies", vacancy_body()))
    shortlist = await created(await coach.post(f"/v1/vacancies/{vacancy['id']}/shortlists"))
    referral = shortlist["items"][0]["referral_id"]
    assert (await coach.post(f"/v1/referrals/{referral}/transitions", {"to": "approved"})).status_code == 200
    consent = candidate["consents"][0]["id"]
    return {
        "candidate": candidate["id"],
        "vacancy": vacancy["id"],
        "shortlist": shortlist["id"],
        "referral": referral,
        "consent": consent,
    }


def _routes(ids: dict[str, Any]) -> list[tuple[str, str, Any]]:
    c, v, s, r, k = ids["candidate"], ids["vacancy"], ids["shortlist"], ids["referral"], ids["consent"]
    return [
        ("GET", f"/v1/candidates/{c}", None),
        ("PATCH", f"/v1/candidates/{c}", {"municipality": "Espoo"}),
        ("DELETE", f"/v1/candidates/{c}", None),
        ("POST", f"/v1/candidates/{c}/consents", {"organisation": "barona", "expires": "2030-01-01"}),
        ("POST", f"/v1/candidates/{c}/consents/{k}/withdraw", None),
        ("GET", f"/v1/vacancies/{v}", None),
        ("PATCH", f"/v1/vacancies/{v}", {"openings": 5}),
        ("POST", f"/v1/vacancies/{v}/close", None),
        ("POST", f"/v1/vacancies/{v}/shortlists", None),
        ("GET", f"/v1/shortlists/{s}", None),
        ("GET", f"/v1/referrals/{r}", None),
        ("POST", f"/v1/referrals/{r}/transitions", {"to": "interview_scheduled", "interview_at": past(1)}),
        ("POST", f"/v1/referrals/{r}/outcome", {"outcome": "hired"}),
        ("POST", f"/v1/referrals/{r}/follow-up", {"status": "study_place"}),
    ]


async def _call(caller: Caller, method: str, url: str, body: Any) -> int:
    if method == "GET":
        return (await caller.get(url)).status_code
    if method == "DELETE":
        return (await caller.delete(url)).status_code
    if method == "PATCH":
        return (await caller.patch(url, body)).status_code
    return (await caller.post(url, body)).status_code


OUTSIDERS = [
    ("espoo", Role.COACH),
    ("espoo", Role.COORDINATOR),
    ("barona", Role.RECRUITER),
    ("staffpoint", Role.TEAM),
    ("tampere", Role.TEAM),
    ("tampere", Role.ADMIN),
]


def _expected(role: Role, method: str, url: str) -> int:
    """404 everywhere, except that partners' vacancies are shared with the whole city side by design:
    city coaches and coordinators read them (and shortlist their own candidates for them) but may not
    change them."""
    if role in (Role.COACH, Role.COORDINATOR) and url.startswith("/v1/vacancies/"):
        if url.endswith("/shortlists"):
            return 201
        return 200 if method == "GET" else 403
    return 404


@pytest.mark.parametrize(("org", "role"), OUTSIDERS, ids=[f"{o}-{r.value}" for o, r in OUTSIDERS])
async def test_other_organisations_objects_are_not_found_on_every_route(api: Api, org: str, role: Role) -> None:
    ids = await _world(api)
    outsider = await api.user(org, role)
    routes = _routes(ids)
    answers = {f"{method} {url}": await _call(outsider, method, url, body) for method, url, body in routes}
    assert answers == {f"{method} {url}": _expected(role, method, url) for method, url, _ in routes}


async def test_recruiter_sees_only_own_vacancies_and_referrals(api: Api) -> None:
    ids = await _world(api)
    other = await api.recruiter("barona")
    assert (await other.get("/v1/vacancies")).json()["total"] == 0
    assert (await other.get("/v1/referrals")).json()["total"] == 0
    own = await api.recruiter("staffpoint")
    assert [v["id"] for v in (await own.get("/v1/vacancies")).json()["items"]] == [ids["vacancy"]]
    assert [r["id"] for r in (await own.get("/v1/referrals")).json()["items"]] == [ids["referral"]]


async def test_coaches_of_another_city_see_no_candidates_or_referrals(api: Api) -> None:
    await _world(api)
    other = await api.coach("espoo")
    assert (await other.get("/v1/candidates")).json()["total"] == 0
    assert (await other.get("/v1/referrals")).json()["total"] == 0


async def test_roles_without_a_route_are_forbidden(api: Api) -> None:
    recruiter, coach, team = await api.recruiter(), await api.coach(), await api.user("tampere", Role.TEAM)
    assert (await recruiter.post("/v1/candidates", candidate_body())).status_code == 403
    assert (await recruiter.get("/v1/candidates")).status_code == 403
    assert (await coach.post("/v1/vacancies", vacancy_body())).status_code == 403
    assert (await team.get("/v1/vacancies")).status_code == 403
    assert (await recruiter.get("/v1/reports/weekly")).status_code == 403
    problem = await coach.post("/v1/vacancies", vacancy_body())
    assert problem.headers["content-type"].startswith("application/problem+json")
