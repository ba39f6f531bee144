"""Consent decides who a partner may see: nothing without one, nothing after withdrawal or expiry."""

from __future__ import annotations

from datetime import date, timedelta

from tests.harness import Api, candidate_body, created, vacancy_body


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
