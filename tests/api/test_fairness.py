"""The fairness audit over real rankings, and a counterfactual test: who someone is (name, gender,
age) changes nothing in how they rank."""

from __future__ import annotations

from sqlalchemy import select

from matcher.domain.enums import Role
from matcher.store.tables import RankingInputRow
from tests.harness import Api, candidate_body, created, vacancy_body

FORKLIFT = ["trukkikortti", "keräily"]
COUNTERFACTUALS = [
    (
        {"gender": "female", "age_band": "50+", "language_background": "finnish_or_swedish"},
        ["Aino Virtanen", "nainen", "58-vuotias"],
    ),
    ({"gender": "male", "age_band": "18-29"}, ["Mohammed Ali", "mies", "23 v"]),
    ({"gender": "other", "age_band": "30-49", "language_background": "other"}, ["Alex Nguyen", "muunsukupuolinen"]),
    ({}, ["Matti Meikäläinen", "67 vuotta"]),
]


async def test_who_someone_is_does_not_change_their_score(api: Api, figures: list[str]) -> None:
    coach, recruiter = await api.coach(), await api.recruiter()
    people = {}
    for groups, tokens in COUNTERFACTUALS:
        # The same profile; only the words about the person and the audit groups differ.
        body = candidate_body(skills=[*FORKLIFT, *tokens], case_ref=f"TRE-{tokens[0].split()[0]}")
        person = await created(await coach.post("/v1/candidates", body))
        assert (
            await coach.client.put(f"/v1/candidates/{person['id']}/audit-groups", json=groups, headers=coach.headers)
        ).status_code == 200
        people[person["id"]] = tokens
    vacancy = await created(await recruiter.post("/v1/vacancies", vacancy_body()))
    shortlist = await created(await coach.post(f"/v1/vacancies/{vacancy['id']}/shortlists"))
    scores = {item["candidate_id"]: item["score"] for item in shortlist["items"]}
    assert set(scores) == set(people)
    figures.append(
        f"counterfactual: {len(people)} profiles differing only in name, gender and age words and in audit "
        f"groups; distinct scores {len(set(scores.values()))}"
    )
    assert len(set(scores.values())) == 1
    async with api.app.state.sessions() as session:
        inputs = " ".join(str(row) for row in (await session.scalars(select(RankingInputRow.candidate))).all())
    for word in ("female", "50+", "18-29", "language_background", "gender"):
        assert word not in inputs  # the groups are not among what the ranking saw


async def test_the_audit_reports_each_group_and_flags_a_gap(api: Api) -> None:
    coach, recruiter = await api.coach(), await api.recruiter()
    admin = await api.user("tampere", Role.ADMIN)
    # Twelve older job seekers lack the card the vacancies ask for; twelve younger ones have it.
    for n in range(24):
        skills = FORKLIFT if n % 2 else ["asiakaspalvelu"]
        person = await created(await coach.post("/v1/candidates", candidate_body(skills=skills)))
        groups = {"age_band": "18-29" if n % 2 else "50+", "gender": "female" if n % 4 < 2 else "male"}
        await coach.client.put(f"/v1/candidates/{person['id']}/audit-groups", json=groups, headers=coach.headers)
    for _ in range(3):
        vacancy = await created(await recruiter.post("/v1/vacancies", vacancy_body(interview_slots=8)))
        await created(await coach.post(f"/v1/vacancies/{vacancy['id']}/shortlists"))
    audit = (await admin.get("/v1/audit/fairness")).json()
    assert audit["rankings"] == 3
    by_attribute = {a["attribute"]: {g["group"]: g for g in a["groups"]} for a in audit["attributes"]}
    young, old = by_attribute["age_band"]["18-29"], by_attribute["age_band"]["50+"]
    assert young["considered"] == old["considered"] == 36
    assert young["selected"] == 24  # eight a ranking, all with the card
    assert old["selected"] == 0
    assert old["four_fifths_met"] is False
    assert old["fisher_p"] < 0.001
    assert young["fair_prefix_passed"] == 3
    assert old["fair_prefix_passed"] == 0
    assert by_attribute["language_background"] == {}
    assert audit["attributes"][2]["unrecorded"] == 72
    # The weekly report shows the same, without a count of people below five.
    team = await api.user("tampere", Role.TEAM)
    rows = (await team.get("/v1/reports/weekly", params={"format": "csv", "lang": "en"})).text.splitlines()
    assert "fairness,Age group,50+,36,0,0,0.0,no,0 / 3" in rows
    assert "fairness,Age group,18-29,36,24,67,1.0,yes,3 / 3" in rows
    assert (await coach.get("/v1/audit/fairness")).status_code == 403
    bad = await admin.get("/v1/audit/fairness", params={"since": "2026-12-31", "until": "2026-01-01"})
    assert bad.status_code == 400
