"""Consent decides who a partner may see: nothing without one, nothing after withdrawal or expiry."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import update

from matcher.store.tables import ConsentRow
from tests.harness import Api, Caller, candidate_body, created, past, vacancy_body


def consent(org: str, days: int = 180) -> dict[str, str]:
    return {"organisation": org, "purpose": "referral", "expires": (date.today() + timedelta(days=days)).isoformat()}


async def test_shortlist_excludes_candidates_without_consent_for_that_partner(api: Api) -> None:
    coach, recruiter = await api.coach(), await api.recruiter("staffpoint")
    ok = await created(await coach.post("/v1/candidates", candidate_body(consents=[consent("staffpoint")])))
    await created(await coach.post("/v1/candidates", candidate_body(consents=[consent("barona")])))
    await created(await coach.post("/v1/candidates", candidate_body(consents=[])))
    vacancy = await created(await recruiter.post("/v1/vacancies", vacancy_body()))
    shortlist = await created(await coach.post(f"/v1/vacancies/{vacancy['id']}/shortlists"))
    assert [item["candidate_id"] for item in shortlist["items"]] == [ok["id"]]
    assert shortlist["considered"] == 3
    assert shortlist["excluded"]["no_consent"] == 2


async def test_expired_consent_counts_as_none(api: Api) -> None:
    coach, recruiter = await api.coach(), await api.recruiter()
    await created(await coach.post("/v1/candidates", candidate_body(consents=[consent("staffpoint", days=-1)])))
    vacancy = await created(await recruiter.post("/v1/vacancies", vacancy_body()))
    shortlist = await created(await coach.post(f"/v1/vacancies/{vacancy['id']}/shortlists"))
    assert shortlist["items"] == []
    assert shortlist["excluded"]["no_consent"] == 1


async def test_unavailable_candidates_are_excluded_and_counted(api: Api) -> None:
    coach, recruiter = await api.coach(), await api.recruiter()
    later = (date.today() + timedelta(days=120)).isoformat()
    await created(await coach.post("/v1/candidates", candidate_body(available_from=later)))
    vacancy = await created(await recruiter.post("/v1/vacancies", vacancy_body()))
    shortlist = await created(await coach.post(f"/v1/vacancies/{vacancy['id']}/shortlists"))
    assert shortlist["items"] == []
    assert shortlist["excluded"]["not_available"] == 1


async def test_withdrawn_consent_hides_the_profile_from_the_partner_at_once(api: Api) -> None:
    coach, recruiter = await api.coach(), await api.recruiter()
    candidate = await created(await coach.post("/v1/candidates", candidate_body()))
    vacancy = await created(await recruiter.post("/v1/vacancies", vacancy_body()))
    shortlist = await created(await coach.post(f"/v1/vacancies/{vacancy['id']}/shortlists"))
    referral = shortlist["items"][0]["referral_id"]
    await coach.post(f"/v1/referrals/{referral}/transitions", {"to": "approved"})
    assert (await recruiter.get(f"/v1/referrals/{referral}")).json()["candidate"]["id"] == candidate["id"]

    consent_id = candidate["consents"][0]["id"]
    withdrawn = await coach.post(f"/v1/candidates/{candidate['id']}/consents/{consent_id}/withdraw")
    assert withdrawn.status_code == 200
    assert withdrawn.json()["active"] is False
    assert (await recruiter.get(f"/v1/referrals/{referral}")).json()["candidate"] is None
    listed = (await recruiter.get("/v1/referrals")).json()["items"]
    assert [item["candidate"] for item in listed] == [None]
    again = await coach.post(f"/v1/candidates/{candidate['id']}/consents/{consent_id}/withdraw")
    assert again.status_code == 409


async def test_approval_needs_a_valid_consent(api: Api) -> None:
    coach, recruiter = await api.coach(), await api.recruiter()
    candidate = await created(await coach.post("/v1/candidates", candidate_body()))
    vacancy = await created(await recruiter.post("/v1/vacancies", vacancy_body()))
    shortlist = await created(await coach.post(f"/v1/vacancies/{vacancy['id']}/shortlists"))
    referral = shortlist["items"][0]["referral_id"]
    consent_id = candidate["consents"][0]["id"]
    await coach.post(f"/v1/candidates/{candidate['id']}/consents/{consent_id}/withdraw")
    refused = await coach.post(f"/v1/referrals/{referral}/transitions", {"to": "approved"})
    assert refused.status_code == 409
    assert (await recruiter.get(f"/v1/referrals/{referral}")).status_code == 404

    added = await coach.post(f"/v1/candidates/{candidate['id']}/consents", consent("staffpoint"))
    assert added.status_code == 201
    assert (await coach.post(f"/v1/referrals/{referral}/transitions", {"to": "approved"})).status_code == 200
    assert (await recruiter.get(f"/v1/referrals/{referral}")).json()["candidate"]["id"] == candidate["id"]


async def test_recruiter_view_never_carries_city_side_fields(api: Api) -> None:
    coach, recruiter = await api.coach(), await api.recruiter()
    await created(
        await coach.post(
            "/v1/candidates",
            candidate_body(work_capacity_note="Selkävaiva, ei raskaita nostoja", unemployed_since="2025-01-01"),
        )
    )
    vacancy = await created(await recruiter.post("/v1/vacancies", vacancy_body()))
    shortlist = await created(await coach.post(f"/v1/vacancies/{vacancy['id']}/shortlists"))
    referral = shortlist["items"][0]["referral_id"]
    await coach.post(f"/v1/referrals/{referral}/transitions", {"to": "approved"})
    response = await recruiter.get(f"/v1/referrals/{referral}")
    text = response.text
    for forbidden in (
        "Selkävaiva",
        "work_capacity_note",
        "unemployed_since",
        "case_ref",
        "TRE-2026-0412",
        "consents",
        "max_commute_km",
    ):
        assert forbidden not in text


CONSENT_STATES = ("valid", "for_another_partner", "withdrawn", "expired", "expiring_today")
REFERRAL_STATES = ("approved", "interview_scheduled", "hired")


async def _referral_in(api: Api, coach: Caller, recruiter: Caller, state: str) -> tuple[str, str, str]:
    """A referral in ``state`` whose person has a valid consent for Staffpoint (for now). A new job
    seeker joins each time, so that the shortlist of one always has someone to propose."""
    await created(await coach.post("/v1/candidates", candidate_body(consents=[consent("staffpoint")])))
    vacancy = await created(await recruiter.post("/v1/vacancies", vacancy_body(interview_slots=1)))
    [item] = (await created(await coach.post(f"/v1/vacancies/{vacancy['id']}/shortlists")))["items"]
    referral = item["referral_id"]
    person = (await coach.get(f"/v1/candidates/{item['candidate_id']}")).json()
    [valid] = [c for c in person["consents"] if c["organisation"] == "staffpoint" and c["active"]]
    assert (await coach.post(f"/v1/referrals/{referral}/transitions", {"to": "approved"})).status_code == 200
    if state != "approved":
        body = {"to": "interview_scheduled", "interview_at": past(1)}
        assert (await recruiter.post(f"/v1/referrals/{referral}/transitions", body)).status_code == 200
    if state == "hired":
        assert (await recruiter.post(f"/v1/referrals/{referral}/outcome", {"outcome": "hired"})).status_code == 200
    return person["id"], valid["id"], referral


async def _set_consent(api: Api, coach: Caller, person: str, consent_id: str, state: str) -> None:
    if state == "for_another_partner":
        await coach.post(f"/v1/candidates/{person}/consents", consent("barona"))
    if state in ("withdrawn", "for_another_partner"):
        await coach.post(f"/v1/candidates/{person}/consents/{consent_id}/withdraw")
    if state in ("expired", "expiring_today"):
        expires = date.today() - timedelta(days=1) if state == "expired" else date.today()
        async with api.app.state.sessions() as session:
            await session.execute(update(ConsentRow).where(ConsentRow.id == consent_id).values(expires=expires))
            await session.commit()


async def test_every_consent_state_on_every_recruiter_route(api: Api, figures: list[str]) -> None:
    coach, recruiter = await api.coach(), await api.recruiter("staffpoint")
    tried = leaks = 0
    for referral_state in REFERRAL_STATES:
        for consent_state in CONSENT_STATES:
            person, consent_id, referral = await _referral_in(api, coach, recruiter, referral_state)
            await _set_consent(api, coach, person, consent_id, consent_state)
            may_see = consent_state in ("valid", "expiring_today")  # a consent holds through its last day
            responses = [
                await recruiter.get(f"/v1/referrals/{referral}"),
                await recruiter.get("/v1/referrals", params={"limit": 200}),
                await recruiter.get("/v1/notifications"),
                await recruiter.get("/v1/webhook/deliveries"),
                await recruiter.get("/v1/vacancies"),
            ]
            if referral_state == "interview_scheduled":  # moving the interview returns the referral too
                body = {"to": "interview_scheduled", "interview_at": past(0)}
                responses.append(await recruiter.post(f"/v1/referrals/{referral}/transitions", body))
            for response in responses:
                assert response.status_code == 200, response.text
                tried += 1
                shown = person in response.text
                leaks += shown and not may_see
                leaks += any(word in response.text for word in ("work_capacity_note", "case_ref", "TRE-2026"))
                if response.url.path.endswith(referral):
                    assert shown == may_see, (referral_state, consent_state)
    figures.append(
        f"consent: {len(REFERRAL_STATES)} referral states x {len(CONSENT_STATES)} consent states x recruiter "
        f"routes = {tried} responses; a person or a city-side field shown without a valid consent: {leaks}"
    )
    assert leaks == 0
