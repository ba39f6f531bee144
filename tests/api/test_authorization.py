"""The authorisation matrix: every route × every role × an object of the caller's own organisation or
of another one. One table says what each cell must answer; the test asks every cell."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from matcher.domain.enums import Role
from tests.harness import Api, Caller, candidate_body, created, past, vacancy_body

ROLES = (Role.COACH, Role.COORDINATOR, Role.RECRUITER, Role.TEAM, Role.ADMIN)
OWN = {Role.COACH: "tampere", Role.COORDINATOR: "tampere", Role.RECRUITER: "staffpoint"}
OWN |= {Role.TEAM: "tampere", Role.ADMIN: "tampere"}  # the city's team and admin

# What (own, other) must answer, per role in ROLES order. A collection route has one organisation
# only (the caller's own), so both columns are the same. 404 hides another organisation's object
# (and an object kind the role never sees); 403 refuses a route the role may not use.
N = (404, 404)
F = (403, 403)
MATRIX: dict[tuple[str, str], tuple[tuple[int, int], ...]] = {
    # job seekers: the city's coaches write, coordinators read
    ("POST", "/v1/candidates"): ((201, 201), F, F, F, F),
    ("GET", "/v1/candidates"): ((200, 200), (200, 200), F, F, F),
    ("GET", "/v1/candidates/{c}"): ((200, 404), (200, 404), N, N, N),
    ("PATCH", "/v1/candidates/{c}"): ((200, 404), (403, 404), N, N, N),
    ("DELETE", "/v1/candidates/{c}"): ((204, 404), (403, 404), N, N, N),
    ("POST", "/v1/candidates/{c}/consents"): ((201, 404), (403, 404), N, N, N),
    ("POST", "/v1/candidates/{c}/consents/{k}/withdraw"): ((200, 404), (403, 404), N, N, N),
    ("PUT", "/v1/candidates/{c}/audit-groups"): ((200, 404), (403, 404), N, N, N),
    # vacancies: partners write their own; the whole city side reads them and shortlists for them
    ("POST", "/v1/vacancies"): (F, F, (201, 201), F, F),
    ("GET", "/v1/vacancies"): ((200, 200), (200, 200), (200, 200), F, F),
    ("GET", "/v1/vacancies/{v}"): ((200, 200), (200, 200), (200, 404), N, N),
    ("PATCH", "/v1/vacancies/{v}"): (F, F, (200, 404), N, N),
    ("POST", "/v1/vacancies/{v}/close"): (F, F, (200, 404), N, N),
    ("POST", "/v1/vacancies/{v}/shortlists"): ((201, 201), (201, 201), (403, 404), N, N),
    ("GET", "/v1/shortlists/{s}"): ((200, 404), (200, 404), N, N, N),
    ("POST", "/v1/shortlists/{s}/order"): ((200, 404), (403, 404), N, N, N),
    ("GET", "/v1/vacancies/{v}/candidates/{c}/explanation"): ((200, 404), (200, 404), (403, 404), N, N),
    ("POST", "/v1/allocations"): (F, (201, 201), F, F, F),
    # referrals: coaches approve, recruiters schedule and record outcomes
    ("GET", "/v1/referrals"): ((200, 200), (200, 200), (200, 200), F, F),
    ("GET", "/v1/referrals/{r}"): ((200, 404), (200, 404), (200, 404), N, N),
    ("POST", "/v1/referrals/{r}/transitions"): ((403, 404), (403, 404), (200, 404), N, N),
    ("POST", "/v1/referrals/{i}/outcome"): ((403, 404), (403, 404), (200, 404), N, N),
    ("POST", "/v1/referrals/{h}/follow-up"): ((200, 404), (403, 404), (200, 404), N, N),
    # everyone's own organisation only
    ("GET", "/v1/notifications"): ((200, 200),) * 5,
    ("GET", "/v1/taxonomy/search?q=trukki"): ((200, 200),) * 5,
    ("POST", "/v1/taxonomy/normalize"): ((200, 200),) * 5,
    ("POST", "/v1/taxonomy/extract"): ((200, 200),) * 5,
    ("GET", "/v1/reports/weekly"): (F, (200, 200), F, (200, 200), (200, 200)),
    ("GET", "/reports/weekly"): (F, (200, 200), F, (200, 200), (200, 200)),
    ("PUT", "/v1/webhook"): (F, (200, 200), (200, 200), F, (200, 200)),
    ("GET", "/v1/webhook"): (F, (200, 200), (200, 200), F, (200, 200)),
    ("GET", "/v1/webhook/deliveries"): (F, (200, 200), (200, 200), F, (200, 200)),
    ("DELETE", "/v1/webhook"): (F, (204, 204), (204, 204), F, (204, 204)),
    ("GET", "/v1/admin/jobs"): (F, F, F, F, (200, 200)),
    ("POST", "/v1/admin/jobs/{j}/retry"): (F, F, F, F, (409, 409)),  # the job is not dead-lettered
    ("GET", "/v1/audit"): (F, F, F, F, (200, 200)),
    ("GET", "/v1/audit/verify"): (F, F, F, F, (200, 200)),
    ("GET", "/v1/audit/fairness"): (F, F, F, F, (200, 200)),
}
# Routes outside the matrix, and why.
UNGUARDED = {
    "/health",  # liveness, for the orchestrator
    "/ready",  # readiness, for the orchestrator
    "/login",  # the sign-in form and its post
    "/answers/{token:str}",  # the partner's answer form: the signed link is the authorisation (see test_feedback_loop)
    "/docs",  # the OpenAPI schema and its viewer
}
BODIES: dict[str, Callable[[dict[str, Any]], Any]] = {
    "POST /v1/candidates": lambda _: candidate_body(),
    "PATCH /v1/candidates/{c}": lambda _: {"municipality": "Espoo"},
    "POST /v1/candidates/{c}/consents": lambda _: {"organisation": "barona", "expires": "2030-01-01"},
    "PUT /v1/candidates/{c}/audit-groups": lambda _: {"gender": "female", "age_band": "50+"},
    "POST /v1/vacancies": lambda _: vacancy_body(),
    "PATCH /v1/vacancies/{v}": lambda _: {"openings": 5},
    "POST /v1/referrals/{r}/transitions": lambda _: {"to": "interview_scheduled", "interview_at": past(1)},
    "POST /v1/referrals/{i}/outcome": lambda _: {"outcome": "hired"},
    "POST /v1/referrals/{h}/follow-up": lambda _: {"status": "study_place"},
    "POST /v1/taxonomy/normalize": lambda _: {"terms": ["trukkikortti"]},
    "POST /v1/taxonomy/extract": lambda _: {"text": "Edellytämme trukkikorttia."},
    "POST /v1/shortlists/{s}/order": lambda world: {"order": world["items"], "reason": "vuorotyö sopii paremmin"},
    "PUT /v1/webhook": lambda _: {"url": "http://127.0.0.1:9/hook"},
    "POST /v1/allocations": lambda _: {"cap": 2},
}
TALLY = {"cases": 0, "unexpected_2xx": 0, "mismatches": 0}


@pytest.fixture(scope="module", autouse=True)
def _report(figures: list[str]) -> Iterator[None]:
    yield
    if TALLY["cases"]:
        figures.append(
            f"authorisation matrix: {TALLY['cases']} cases (routes x roles x own/other organisation, both "
            f"databases), unexpected 2xx {TALLY['unexpected_2xx']}, other mismatches {TALLY['mismatches']}"
        )


async def _world(api: Api, city: str, partner: str) -> dict[str, Any]:
    """One object of every kind: a job seeker with a consent, a vacancy, a shortlist, and referrals
    approved (r), interviewed (i) and hired (h)."""
    coach, recruiter = await api.coach(city), await api.recruiter(partner)
    consents = [{"organisation": partner, "purpose": "referral", "expires": "2030-01-01"}]
    people = [await created(await coach.post("/v1/candidates", candidate_body(consents=consents))) for _ in range(3)]
    vacancy = await created(await recruiter.post("/v1/vacancies", vacancy_body()))
    shortlist = await created(await coach.post(f"/v1/vacancies/{vacancy['id']}/shortlists"))
    r, i, h = (item["referral_id"] for item in shortlist["items"][:3])
    for referral in (r, i, h):
        assert (await coach.post(f"/v1/referrals/{referral}/transitions", {"to": "approved"})).status_code == 200
    for referral in (i, h):
        body = {"to": "interview_scheduled", "interview_at": past(2)}
        assert (await recruiter.post(f"/v1/referrals/{referral}/transitions", body)).status_code == 200
    assert (await recruiter.post(f"/v1/referrals/{h}/outcome", {"outcome": "hired"})).status_code == 200
    job = (await (await api.user(city, Role.ADMIN)).get("/v1/admin/jobs")).json()["items"][0]["id"]
    return {
        "c": people[0]["id"],
        "k": people[0]["consents"][0]["id"],
        "v": vacancy["id"],
        "s": shortlist["id"],
        "items": [item["referral_id"] for item in shortlist["items"]],
        "r": r,
        "i": i,
        "h": h,
        "j": job,
    }


async def _ask(caller: Caller, method: str, url: str, body: Any) -> int:
    response = await caller.client.request(method, url, json=body, headers=caller.headers)
    return response.status_code


def test_the_matrix_names_every_route(api: Api) -> None:
    named = {(method, _generic(path.split("?")[0])) for method, path in MATRIX}
    served = set()
    for route in api.app.routes:
        if route.path in UNGUARDED or route.path.startswith("/docs"):
            continue
        generic = re.sub(r"\{[a-z_]+:str\}", "{}", route.path)
        served |= {(method, generic) for method in route.methods - {"OPTIONS", "HEAD"}}
    assert served - named == set(), "routes missing from the authorisation matrix"
    assert named - served == set(), "matrix entries for routes that do not exist"


def _generic(path: str) -> str:
    for marker in ("c", "k", "v", "s", "r", "i", "h", "j"):
        path = path.replace(f"{{{marker}}}", "{}")
    return path


@pytest.mark.parametrize("role", ROLES, ids=[r.value for r in ROLES])
async def test_every_cell_of_the_matrix(api: Api, role: Role) -> None:
    column = ROLES.index(role)
    ids = {"own": await _world(api, "tampere", "staffpoint"), "other": await _world(api, "espoo", "barona")}
    answers: dict[str, int] = {}
    expected: dict[str, int] = {}
    for side_index, side in enumerate(("own", "other")):
        for (method, path), cells in MATRIX.items():
            want = cells[column][side_index]
            # The caller is always of its own organisation; "other" asks for another organisation's object.
            # A write may change what the next case finds: each write on an object gets a world of its own.
            writes_object = method != "GET" and "{" in path
            world = await _world(api, *_orgs(side)) if writes_object else ids[side]
            caller = await api.user(OWN[role], role)
            url = path.format(**world)
            make = BODIES.get(f"{method} {path}")
            body = make(world) if make else None
            got = await _ask(caller, method, url, body)
            key = f"{method} {path} [{side}]"
            answers[key], expected[key] = got, want
            TALLY["cases"] += 1
            TALLY["unexpected_2xx"] += got < 300 <= want
            TALLY["mismatches"] += got != want and not (got < 300 <= want)
    assert answers == expected


def _orgs(side: str) -> tuple[str, str]:
    return ("tampere", "staffpoint") if side == "own" else ("espoo", "barona")
