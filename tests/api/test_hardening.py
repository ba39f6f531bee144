"""Input hardening: privileged fields cannot be assigned, injection strings are only text, and tokens
can be given an end and revoked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, update

from matcher.domain.enums import Role
from matcher.store.tables import CandidateRow, ReferralRow, UserRow, VacancyRow
from tests.harness import Api, candidate_body, created, vacancy_body

PRIVILEGED = {
    "organisation": "espoo",
    "organisation_id": "espoo",
    "id": "00000000-0000-0000-0000-000000000000",
    "created_by": "someone",
    "status": "closed",
    "state": "hired",
    "approved_by": "nobody",
    "role": "admin",
}
INJECTIONS = [
    "' OR '1'='1",
    "'; DROP TABLE candidates; --",
    '" OR ""="',
    "1; SELECT pg_sleep(5)",
    "<script>alert(1)</script>",
    "{{7*7}}",
    "${jndi:ldap://x}",
    "../../etc/passwd",
    "%00",
    "robert'); DELETE FROM referrals WHERE ('1'='1",
]


async def _counts(api: Api) -> tuple[int, int, int]:
    async with api.app.state.sessions() as session:
        return (
            int(await session.scalar(select(func.count()).select_from(CandidateRow)) or 0),
            int(await session.scalar(select(func.count()).select_from(VacancyRow)) or 0),
            int(await session.scalar(select(func.count()).select_from(ReferralRow)) or 0),
        )


async def test_privileged_fields_and_injections_change_nothing(api: Api, figures: list[str]) -> None:
    coach, recruiter = await api.coach(), await api.recruiter()
    person = await created(await coach.post("/v1/candidates", candidate_body()))
    vacancy = await created(await recruiter.post("/v1/vacancies", vacancy_body()))
    referral = (await created(await coach.post(f"/v1/vacancies/{vacancy['id']}/shortlists")))["items"][0]["referral_id"]
    before = await _counts(api)
    attempts = changed = 0

    writes = [
        (coach, "POST", "/v1/candidates", candidate_body()),
        (coach, "PATCH", f"/v1/candidates/{person['id']}", {"municipality": "Tampere"}),
        (recruiter, "POST", "/v1/vacancies", vacancy_body()),
        (recruiter, "PATCH", f"/v1/vacancies/{vacancy['id']}", {"openings": 2}),
        (coach, "POST", f"/v1/referrals/{referral}/transitions", {"to": "approved"}),
    ]
    for caller, method, url, body in writes:
        for field, value in PRIVILEGED.items():
            attempts += 1
            response = await caller.client.request(method, url, json={**body, field: value}, headers=caller.headers)
            assert response.status_code == 400, (url, field, response.text)
            assert response.json()["errors"][0]["field"] == f"$.{field}"
    async with api.app.state.sessions() as session:
        stored = await session.get(CandidateRow, person["id"])
        assert stored is not None
        changed += stored.organisation_id != "tampere"
        listed = await session.get(VacancyRow, vacancy["id"])
        assert listed is not None
        changed += listed.status != "open" or listed.organisation_id != "staffpoint"
        moved = await session.get(ReferralRow, referral)
        assert moved is not None
        changed += moved.state != "proposed"

    for text in INJECTIONS:
        attempts += 4
        found = await coach.get("/v1/taxonomy/search", params={"q": text})
        assert found.status_code == 200
        assert (await coach.get(f"/v1/candidates/{text}")).status_code in (404, 400)
        kept = await coach.post("/v1/candidates", candidate_body(skills=[text], municipality="Tampere"))
        assert kept.status_code in (201, 400), kept.text
        if kept.status_code == 201:
            assert text in [t["text"] for t in kept.json()["skills"]]  # stored as the words typed, nothing else
            before = (before[0] + 1, *before[1:])
        listed = await coach.get("/v1/referrals", params={"vacancy_id": text})
        assert listed.status_code == 200
        assert listed.json()["items"] == []
    assert await _counts(api) == before  # nothing dropped, nothing deleted, nothing else added
    figures.append(
        f"input hardening: {attempts} privileged-field and injection attempts; privileged fields changed: {changed}"
    )
    assert changed == 0


async def test_tokens_expire_and_can_be_revoked(api: Api) -> None:
    coach = await api.coach()
    assert (await coach.get("/v1/candidates")).status_code == 200
    async with api.app.state.sessions() as session:
        await session.execute(update(UserRow).values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
        await session.commit()
    assert (await coach.get("/v1/candidates")).status_code == 401
    other = await api.user("tampere", Role.COORDINATOR)
    assert (await other.get("/v1/candidates")).status_code == 200
    async with api.app.state.sessions() as session:
        await session.execute(update(UserRow).values(revoked_at=datetime.now(UTC)))
        await session.commit()
    assert (await other.get("/v1/candidates")).status_code == 401
    async with api.app.state.sessions() as session:
        hashes = (await session.scalars(select(UserRow.token_hash))).all()
    assert other.token not in hashes  # only a hash of the token is stored
    assert all(len(h) == 64 for h in hashes)
