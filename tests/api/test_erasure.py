"""Erasure removes the person from every table and leaves a content-free tombstone."""

from __future__ import annotations

from sqlalchemy import text

from matcher.domain.enums import Role
from matcher.store.tables import Base
from tests.harness import Api, candidate_body, created, past, vacancy_body

NOTE = "Selkävaiva, ei raskaita nostoja"
FEEDBACK = "Asiakaspalvelutaidot erinomaiset, mutta vuorotyö ei sopinut."


async def _dump(api: Api) -> str:
    """Every row of every table, as text."""
    rows: list[str] = []
    async with api.app.state.sessions() as session:
        for table in Base.metadata.sorted_tables:
            result = await session.execute(text(f"SELECT * FROM {table.name}"))  # noqa: S608 - our own table names
            rows.extend(f"{table.name}: {row}" for row in result)
    return "\n".join(rows)


async def test_erasure_leaves_nothing_of_the_person_behind(api: Api) -> None:
    coach, recruiter = await api.coach(), await api.recruiter()
    candidate = await created(await coach.post("/v1/candidates", candidate_body(work_capacity_note=NOTE)))
    groups = {"gender": "female", "age_band": "50+"}
    assert (
        await coach.client.put(f"/v1/candidates/{candidate['id']}/audit-groups", json=groups, headers=coach.headers)
    ).status_code == 200
    vacancy = await created(await recruiter.post("/v1/vacancies", vacancy_body()))
    shortlist = await created(await coach.post(f"/v1/vacancies/{vacancy['id']}/shortlists"))
    referral = shortlist["items"][0]["referral_id"]
    await coach.post(f"/v1/referrals/{referral}/transitions", {"to": "approved", "note": "Sovittu puhelimessa"})
    await recruiter.post(
        f"/v1/referrals/{referral}/transitions", {"to": "interview_scheduled", "interview_at": past(5)}
    )
    await api.run_jobs()
    await recruiter.post(
        f"/v1/referrals/{referral}/outcome", {"outcome": "not_hired", "reasons": ["hours"], "feedback": FEEDBACK}
    )
    before = await _dump(api)
    assert candidate["id"] in before
    assert NOTE not in before  # sealed at rest
    assert "'k1:" in before  # the sealed note
    assert FEEDBACK in before

    erased = await coach.delete(f"/v1/candidates/{candidate['id']}")
    assert erased.status_code == 204

    after = await _dump(api)
    for trace in (candidate["id"], "TRE-2026-0412", "'k1:", FEEDBACK, "Sovittu puhelimessa"):
        assert trace not in after
    assert (await coach.get(f"/v1/candidates/{candidate['id']}")).status_code == 410
    assert (await coach.delete(f"/v1/candidates/{candidate['id']}")).status_code == 410
    # The referral stays for the statistics, unlinked and without free text.
    kept = (await coach.get(f"/v1/referrals/{referral}")).json()
    assert kept["candidate_id"] is None
    assert kept["outcome"]["reasons"] == ["hours"]
    assert kept["outcome"]["feedback"] == ""
    team = await api.user("tampere", Role.TEAM)
    report = (await team.get("/v1/reports/weekly")).json()
    assert report["not_hired"] == 1


async def test_erasure_is_scoped_to_the_coachs_organisation(api: Api) -> None:
    coach, other = await api.coach("tampere"), await api.coach("espoo")
    candidate = await created(await coach.post("/v1/candidates", candidate_body()))
    assert (await other.delete(f"/v1/candidates/{candidate['id']}")).status_code == 404
    assert (await coach.get(f"/v1/candidates/{candidate['id']}")).status_code == 200
