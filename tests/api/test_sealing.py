"""The work-capacity note: sealed at rest, shown to the coach only, found nowhere else."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select, text

from matcher.app import create_app
from matcher.domain.enums import Role
from matcher.sealing import SealingError, new_key
from matcher.settings import Settings
from matcher.store.tables import Base, CandidateRow
from taxonomy import Taxonomy
from tests.harness import Api, candidate_body, created, past, serving, vacancy_body

NOTE = "Selkävaiva-7Q: ei raskaita nostoja, ei yötöitä"
FORBIDDEN = ("Selkävaiva-7Q", "raskaita nostoja", "work_capacity_note", "unemployed_since", "case_ref", "TRE-2026-0412")


async def _stored_note(api: Api, candidate_id: str) -> str | None:
    async with api.app.state.sessions() as session:
        note: str | None = await session.scalar(
            select(CandidateRow.work_capacity_note).where(CandidateRow.id == candidate_id)
        )
        return note


async def test_the_note_is_sealed_in_the_database_and_open_to_the_coach(api: Api) -> None:
    coach = await api.coach()
    person = await created(await coach.post("/v1/candidates", candidate_body(work_capacity_note=NOTE)))
    assert person["work_capacity_note"] == NOTE
    stored = await _stored_note(api, person["id"])
    assert stored is not None
    assert stored.startswith("k1:")
    assert "Selkävaiva" not in stored
    assert (await coach.get(f"/v1/candidates/{person['id']}")).json()["work_capacity_note"] == NOTE
    changed = await coach.patch(f"/v1/candidates/{person['id']}", {"work_capacity_note": "Ei rajoitteita"})
    assert changed.json()["work_capacity_note"] == "Ei rajoitteita"
    assert await _stored_note(api, person["id"]) != stored
    listed = (await coach.get("/v1/candidates")).json()["items"]
    assert [p["work_capacity_note"] for p in listed] == ["Ei rajoitteita"]
    cleared = await coach.patch(f"/v1/candidates/{person['id']}", {"work_capacity_note": None})
    assert cleared.json()["work_capacity_note"] is None
    assert await _stored_note(api, person["id"]) is None

    # A sealed note copied onto another person's row does not open there.
    other = await created(await coach.post("/v1/candidates", candidate_body()))
    first = await created(await coach.post("/v1/candidates", candidate_body(work_capacity_note=NOTE)))
    async with api.app.state.sessions() as session:
        sealed = await _stored_note(api, first["id"])
        await session.execute(
            text("UPDATE candidates SET work_capacity_note = :note WHERE id = :id"), {"note": sealed, "id": other["id"]}
        )
        await session.commit()
    with pytest.raises(SealingError, match="does not belong to this record"):
        api.app.state.sealer.open(sealed, other["id"])


async def test_the_note_reaches_no_recruiter_log_job_or_other_table(
    api: Api, caplog: pytest.LogCaptureFixture, figures: list[str]
) -> None:
    caplog.set_level(logging.DEBUG)
    coach, recruiter, team = await api.coach(), await api.recruiter(), await api.user("tampere", Role.TEAM)
    seen: list[str] = []

    async def as_recruiter(method: str, url: str, body: object = None) -> None:
        response = await recruiter.client.request(method, url, json=body, headers=recruiter.headers)
        assert response.status_code < 300, response.text
        seen.append(response.text)

    person = await created(
        await coach.post("/v1/candidates", candidate_body(work_capacity_note=NOTE, unemployed_since="2025-01-01"))
    )
    await as_recruiter("PUT", "/v1/webhook", {"url": "http://127.0.0.1:9/hook"})
    vacancy = await created(await recruiter.post("/v1/vacancies", vacancy_body()))
    shortlist = await created(await coach.post(f"/v1/vacancies/{vacancy['id']}/shortlists"))
    referral = shortlist["items"][0]["referral_id"]
    assert NOTE not in str(shortlist)  # the matcher's output carries no note either
    await coach.post(f"/v1/referrals/{referral}/transitions", {"to": "approved"})
    await as_recruiter(
        "POST", f"/v1/referrals/{referral}/transitions", {"to": "interview_scheduled", "interview_at": past(5)}
    )
    await api.run_jobs()  # feedback request: notification, webhook delivery (which fails and is retried)
    for url in ("/v1/referrals", f"/v1/referrals/{referral}", "/v1/notifications", "/v1/webhook/deliveries"):
        await as_recruiter("GET", url)
    await as_recruiter("POST", f"/v1/referrals/{referral}/outcome", {"outcome": "not_hired", "reasons": ["language"]})
    await api.run_jobs()
    await as_recruiter("GET", f"/v1/vacancies/{vacancy['id']}")
    await team.get("/reports/weekly")
    assert (await coach.get(f"/v1/candidates/{person['id']}")).json()["work_capacity_note"] == NOTE

    in_responses = sum(word in page for page in seen for word in FORBIDDEN)
    in_logs = sum(word in record.getMessage() for record in caplog.records for word in FORBIDDEN[:2])
    rows = 0
    in_tables = 0
    async with api.app.state.sessions() as session:
        for table in Base.metadata.sorted_tables:
            for row in (await session.execute(select(table))).all():
                rows += 1
                in_tables += sum(word in str(tuple(row)) for word in FORBIDDEN[:2])
    figures.append(
        f"work-capacity note found in {len(seen)} recruiter responses: {in_responses}, "
        f"in {len(caplog.records)} log records: {in_logs}, in {rows} stored rows (jobs, deliveries, "
        f"notifications, audit, profiles...): {in_tables}"
    )
    assert (in_responses, in_logs, in_tables) == (0, 0, 0)
    assert len(seen) >= 7


async def test_keys_rotate_and_a_wrong_key_stops_the_service(database_url: str, taxonomy: Taxonomy) -> None:
    first, second = new_key(), new_key()
    settings = Settings(database_url=database_url, job_poll_seconds=3600, data_key=first)
    async with serving(create_app(settings, taxonomy=taxonomy)) as api:
        coach = await api.coach()
        person = await created(await coach.post("/v1/candidates", candidate_body(work_capacity_note=NOTE)))
        plain = await created(await coach.post("/v1/candidates", candidate_body()))
        async with api.app.state.sessions() as session:  # a note from before sealing, in plain text
            await session.execute(
                text("UPDATE candidates SET work_capacity_note = 'Ei nostoja' WHERE id = :id"), {"id": plain["id"]}
            )
            await session.commit()
        before = await _stored_note(api, person["id"])

    rotated = Settings(database_url=database_url, job_poll_seconds=3600, data_key=second, data_keys_retired=(first,))
    async with serving(create_app(rotated, taxonomy=taxonomy)) as api:
        coach = await api.coach()
        assert (await coach.get(f"/v1/candidates/{person['id']}")).json()["work_capacity_note"] == NOTE
        assert (await coach.get(f"/v1/candidates/{plain['id']}")).json()["work_capacity_note"] == "Ei nostoja"
        after = await _stored_note(api, person["id"])
        assert after is not None
        assert before is not None
        assert after.split(":")[1] != before.split(":")[1]  # sealed again, with the new key
        assert (await _stored_note(api, plain["id"]) or "").startswith("k1:")

    # The first key alone no longer opens anything: the service refuses to start rather than fail later.
    refused = pytest.RaisesGroup(
        pytest.RaisesExc(SealingError, match="which the service does not have"), flatten_subgroups=True
    )
    with refused:
        async with serving(create_app(settings, taxonomy=taxonomy)):
            pass
