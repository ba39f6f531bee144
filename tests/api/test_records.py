"""Record keeping for every ranking: the inputs are kept, and a replay gives the same order."""

from __future__ import annotations

import random

from sqlalchemy import select, update

from matcher.store import records
from matcher.store.tables import RankingInputRow, RankingRecordRow
from tests.harness import Api, candidate_body, created, vacancy_body, varied_people

SKILLS = ["trukkikortti", "keräily", "asiakaspalvelu", "hygieniapassi", "siivous", "excel", "vuorotyö", "ensiapu"]
OCCUPATIONS = ["varastotyöntekijä", "siivooja", "myyjä", "kokki", "lähihoitaja"]
PLACES = ["Tampere", "Nokia", "Kangasala", "Ylöjärvi"]


async def test_every_ranking_replays_to_the_same_order(api: Api, figures: list[str]) -> None:
    rng = random.Random(12)
    coach, recruiter = await api.coach(), await api.recruiter()
    people = await varied_people(coach, rng, 40, SKILLS, OCCUPATIONS, PLACES)
    shortlists = []
    for _ in range(8):
        body = vacancy_body(
            occupation=rng.choice(OCCUPATIONS),
            required_skills=rng.sample(SKILLS, 2),
            nice_to_have_skills=rng.sample(SKILLS, 1),
            municipality=rng.choice(PLACES),
            interview_slots=rng.randint(3, 12),
        )
        vacancy = await created(await recruiter.post("/v1/vacancies", body))
        shortlists.append(await created(await coach.post(f"/v1/vacancies/{vacancy['id']}/shortlists")))
        # Profiles change after the ranking: the record keeps what the ranking saw.
        changed = rng.choice(people)["id"]
        await coach.patch(f"/v1/candidates/{changed}", {"skills": ["tulityökortti"], "municipality": "Espoo"})

    async with api.app.state.sessions() as session:
        replays = [await records.replay(session, s["id"], api.app.state.taxonomy) for s in shortlists]
        record = await session.get(RankingRecordRow, shortlists[0]["id"])
    assert record is not None
    assert record.model_version == shortlists[0]["model_version"]
    assert len(record.model_hash) == 64
    ranked = sum(r.ranked for r in replays)
    identical = sum(r.identical and r.same_model for r in replays)
    figures.append(f"ranking records: {identical}/{len(replays)} rankings replayed identically ({ranked} ranked items)")
    assert identical == len(replays)
    assert ranked >= 20

    # An input altered after the fact shows in the replay.
    top = shortlists[0]["items"][0]["candidate_id"]
    async with api.app.state.sessions() as session:
        inputs = (
            await session.scalars(
                select(RankingInputRow).where(
                    RankingInputRow.shortlist_id == shortlists[0]["id"], RankingInputRow.candidate_id == top
                )
            )
        ).one()
        altered = {**inputs.candidate, "skills": [], "occupations": [], "certificates": []}
        await session.execute(update(RankingInputRow).where(RankingInputRow.id == inputs.id).values(candidate=altered))
        await session.commit()
        tampered = await records.replay(session, shortlists[0]["id"], api.app.state.taxonomy)
    assert not tampered.identical
    assert tampered.differences


async def test_an_erased_person_leaves_the_records_and_the_rest_still_replays(api: Api) -> None:
    coach, recruiter = await api.coach(), await api.recruiter()
    for skills in (["trukkikortti", "keräily"], ["trukkikortti"], ["keräily"], ["asiakaspalvelu"]):
        await created(await coach.post("/v1/candidates", candidate_body(skills=skills)))
    vacancy = await created(await recruiter.post("/v1/vacancies", vacancy_body()))
    shortlist = await created(await coach.post(f"/v1/vacancies/{vacancy['id']}/shortlists"))
    erased = shortlist["items"][1]["candidate_id"]
    assert (await coach.delete(f"/v1/candidates/{erased}")).status_code == 204
    async with api.app.state.sessions() as session:
        replay = await records.replay(session, shortlist["id"], api.app.state.taxonomy)
        left = (await session.scalars(select(RankingInputRow.candidate_id))).all()
    assert erased not in left
    assert replay.erased == 1
    assert replay.identical
    assert replay.ranked == len(shortlist["items"])
