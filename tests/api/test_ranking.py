"""The ranking in the service: why someone is or is not on a list, the market plan, and the learned
model taking over from the prior once outcomes are recorded."""

from __future__ import annotations

import random
from typing import Any

from sqlalchemy import select

from matcher import lifecycle
from matcher.domain.enums import Role
from matcher.ranking.pool import GROUPS, NO_FIELD
from matcher.store import models, records
from matcher.store.outcomes import outcomes
from matcher.store.tables import ShortlistRow
from tests.harness import Api, Caller, candidate_body, created, past, vacancy_body, varied_people

SKILLS = ["trukkikortti", "keräily", "asiakaspalvelu", "hygieniapassi", "siivous", "excel", "ensiapu"]
OCCUPATIONS = ["varastotyöntekijä", "siivooja", "myyjä", "kokki"]
PLACES = ["Tampere", "Nokia", "Kangasala", "Ylöjärvi", "Helsinki"]


async def _people(coach: Caller, rng: random.Random, count: int) -> list[dict[str, Any]]:
    return await varied_people(coach, rng, count, SKILLS, OCCUPATIONS, PLACES)


async def test_a_coach_sees_why_someone_is_or_is_not_on_the_list(api: Api) -> None:
    coach, recruiter = await api.coach(), await api.recruiter()
    fit = await created(await coach.post("/v1/candidates", candidate_body(skills=["trukkikortti", "keräily"])))
    weak = await created(
        await coach.post(
            "/v1/candidates",
            candidate_body(skills=["excel"], occupations=[], municipality="Rovaniemi", hours=[], languages=[]),
        )
    )
    unconsented = await created(await coach.post("/v1/candidates", candidate_body(consents=[])))
    body = vacancy_body(required_skills=["keräily"], nice_to_have_skills=[], interview_slots=3)
    vacancy = await created(await recruiter.post("/v1/vacancies", body))
    url = f"/v1/vacancies/{vacancy['id']}/candidates/{{}}/explanation"

    on = (await coach.get(url.format(fit["id"]))).json()
    assert on["status"] == "shortlisted"
    assert on["rank"] == 1
    assert on["explanation"]["reasons"], on
    assert all(reason["fi"] and reason["en"] for reason in on["explanation"]["reasons"])
    left_out = (await coach.get(url.format(unconsented["id"]))).json()
    assert (left_out["status"], left_out["reason"]) == ("excluded", "no_consent")
    below = (await coach.get(url.format(weak["id"]))).json()
    assert below["status"] == "below_threshold"
    assert below["explanation"]["suitability"] < 0.2

    # Another organisation's job seeker, and a recruiter asking: nothing to see.
    other = await created(await (await api.coach("helsinki")).post("/v1/candidates", candidate_body()))
    assert (await coach.get(url.format(other["id"]))).status_code == 404
    assert (await recruiter.get(url.format(fit["id"]))).status_code == 403


async def test_a_missing_forklift_card_is_a_gap_a_course_closes(api: Api) -> None:
    coach, recruiter = await api.coach(), await api.recruiter()
    person = await created(await coach.post("/v1/candidates", candidate_body(skills=["keräily"])))
    vacancy = await created(await recruiter.post("/v1/vacancies", vacancy_body(required_skills=["trukkikortti"])))
    item = (await created(await coach.post(f"/v1/vacancies/{vacancy['id']}/shortlists")))["items"][0]
    assert item["candidate_id"] == person["id"]
    gaps = item["explanation"]["gaps"]
    assert [g["bridge_en"] for g in gaps] == ["forklift card course, one day"]
    assert "trukkikortti" in gaps[0]["bridge_fi"]


async def test_the_market_plan_keeps_slots_and_the_cap(api: Api, figures: list[str]) -> None:
    rng = random.Random(3)
    coach, recruiter = await api.coach(), await api.recruiter()
    coordinator = await api.user("tampere", Role.COORDINATOR)
    await _people(coach, rng, 12)
    for _ in range(6):
        body = vacancy_body(
            occupation=rng.choice(OCCUPATIONS), required_skills=rng.sample(SKILLS, 2), interview_slots=3
        )
        await created(await recruiter.post("/v1/vacancies", body))
    assert (await coach.post("/v1/allocations", {"cap": 2})).status_code == 403
    plan = await created(await coordinator.post("/v1/allocations", {"cap": 2}))
    assert plan["vacancies"] == 6
    assert plan["slots"] == 18
    per_person: dict[str, int] = {}
    for shortlist in plan["shortlists"]:
        assert len(shortlist["items"]) <= 3
        for item in shortlist["items"]:
            per_person[item["candidate_id"]] = per_person.get(item["candidate_id"], 0) + 1
    assert max(per_person.values()) <= 2
    assert plan["planned"] == sum(per_person.values())
    assert plan["slot_fill"] == round(plan["planned"] / plan["slots"], 4)
    figures.append(
        f"market plan: {plan['planned']}/{plan['slots']} slots planned for 12 people, "
        f"at most {max(per_person.values())} per person (cap 2)"
    )
    async with api.app.state.sessions() as session:
        replays = [await records.replay(session, s["id"], api.app.state.taxonomy) for s in plan["shortlists"]]
    assert all(r.identical and r.same_model for r in replays)


async def test_employability_ratings_and_telling_non_hires_reach_the_next_ranking(api: Api) -> None:
    coach, recruiter = await api.coach(), await api.recruiter()
    people = [await created(await coach.post("/v1/candidates", candidate_body())) for _ in range(3)]
    # A vacancy of no known field: its outcomes still count among each person's earlier interviews.
    body = vacancy_body(interview_slots=3, title="Kevätapulainen", occupation=None)
    vacancy = await created(await recruiter.post("/v1/vacancies", body))
    shortlist = await created(await coach.post(f"/v1/vacancies/{vacancy['id']}/shortlists"))
    given = dict(zip([p["id"] for p in people], [5, 1, None], strict=True))
    # The third was not hired because the position was filled: no count against them.
    why = dict(zip([p["id"] for p in people], ["motivation", "skills", "position_filled"], strict=True))
    for item in shortlist["items"]:
        referral = item["referral_id"]
        await coach.post(f"/v1/referrals/{referral}/transitions", {"to": "approved"})
        await recruiter.post(
            f"/v1/referrals/{referral}/transitions", {"to": "interview_scheduled", "interview_at": past(1)}
        )
        person = item["candidate_id"]
        body = {"outcome": "not_hired", "reasons": [why[person]], "employability": given[person]}
        assert (await recruiter.post(f"/v1/referrals/{referral}/outcome", body)).status_code == 200
    later = await created(await recruiter.post("/v1/vacancies", vacancy_body(interview_slots=3)))
    again = await created(await coach.post(f"/v1/vacancies/{later['id']}/shortlists"))
    async with api.app.state.sessions() as session:
        entries = dict(await records.considered(session, again["id"]))
        seen = {person: entry.ratings for person, entry in entries.items()}
        replay = await records.replay(session, again["id"], api.app.state.taxonomy)
    assert seen == {person: [] if rating is None else [rating] for person, rating in given.items()}
    once = [int(group == NO_FIELD) for group in range(GROUPS)]
    assert {person: entry.not_hired for person, entry in entries.items()} == {
        person: [] if reason == "position_filled" else once for person, reason in why.items()
    }
    assert replay.identical


async def _outcomes(api: Api, coach: Caller, recruiter: Caller, rng: random.Random, rounds: int) -> int:
    """Shortlists, approvals, interviews and outcomes: a hire is likelier the more skills match."""
    recorded = 0
    for _ in range(rounds):
        wanted = rng.sample(SKILLS, 2)
        vacancy = await created(
            await recruiter.post("/v1/vacancies", vacancy_body(required_skills=wanted, interview_slots=6, openings=6))
        )
        shortlist = await created(await coach.post(f"/v1/vacancies/{vacancy['id']}/shortlists"))
        for item in shortlist["items"]:
            referral = item["referral_id"]
            await coach.post(f"/v1/referrals/{referral}/transitions", {"to": "approved"})
            await recruiter.post(
                f"/v1/referrals/{referral}/transitions", {"to": "interview_scheduled", "interview_at": past(1)}
            )
            matched = len(item["explanation"]["matched_skills"])
            hired = rng.random() < 0.15 + 0.35 * matched
            body = {"outcome": "hired"} if hired else {"outcome": "not_hired", "reasons": ["skills"]}
            response = await recruiter.post(f"/v1/referrals/{referral}/outcome", body)
            assert response.status_code == 200, response.text
            recorded += 1
    return recorded


async def test_the_learned_model_takes_over_and_every_ranking_names_it(api: Api, figures: list[str]) -> None:
    rng = random.Random(8)
    coach, recruiter = await api.coach(), await api.recruiter()
    await _people(coach, rng, 60)
    first = await created(
        await coach.post(
            f"/v1/vacancies/{(await created(await recruiter.post('/v1/vacancies', vacancy_body())))['id']}/shortlists"
        )
    )
    assert first["model_version"].startswith("prior-")
    recorded = await _outcomes(api, coach, recruiter, rng, 10)
    async with api.app.state.sessions() as session:
        trained = await lifecycle.train(session, api.app.state.taxonomy, promote=True)
        await session.commit()
        listing = await models.listing(session)
        learned_from = await outcomes(session, api.app.state.taxonomy)
    assert trained.outcomes == recorded
    assert learned_from.employer == [recruiter.org] * recorded  # each outcome's employer may weigh its own way
    assert [m.hash for m in listing] == [trained.hash]
    figures.append(
        f"learned model: {trained.outcomes} outcomes, holdout AUC {trained.holdout.get('auc', float('nan')):.2f} "
        f"against the prior's {trained.current.get('auc', float('nan')):.2f}; promoted: {trained.promoted}"
    )
    if not trained.promoted:  # the prior stays when the model does not beat it on the latest outcomes
        async with api.app.state.sessions() as session:
            await models.promote(session, trained.hash)
            await session.commit()
    vacancy = await created(await recruiter.post("/v1/vacancies", vacancy_body()))
    shortlist = await created(await coach.post(f"/v1/vacancies/{vacancy['id']}/shortlists"))
    assert shortlist["model_version"] == f"learned-{trained.hash[:12]}"
    assert all(item["explanation"]["hire_probability"] is not None for item in shortlist["items"])
    async with api.app.state.sessions() as session:
        replay = await records.replay(session, shortlist["id"], api.app.state.taxonomy)
    assert replay.identical
    assert replay.same_model


async def test_the_weekly_job_retrains_and_plans_for_the_meeting(api: Api, figures: list[str]) -> None:
    rng = random.Random(21)
    coach, recruiter = await api.coach(), await api.recruiter()
    await _people(coach, rng, 50)
    recorded = await _outcomes(api, coach, recruiter, rng, 8)
    waiting = [await created(await recruiter.post("/v1/vacancies", vacancy_body(interview_slots=4))) for _ in range(3)]
    job = await api.weekly_plan()
    async with api.app.state.sessions() as session:
        stored = await models.listing(session)
        planned = (
            await session.scalars(select(ShortlistRow).where(ShortlistRow.vacancy_id.in_([v["id"] for v in waiting])))
        ).all()
    assert job.result is not None
    assert job.result.get("outcomes") == recorded, job.result
    assert [m.hash for m in stored] == [job.result["model"]]
    assert planned == []  # worked out for the meeting, nobody proposed
    plan = job.result["planned"]["tampere"]
    assert plan["vacancies"] >= 3
    assert plan["interviews"] >= 12
    figures.append(
        f"weekly plan job: model trained on {recorded} outcomes (promoted: {job.result['promoted']}), "
        f"{plan['interviews']} interviews planned for {plan['vacancies']} open vacancies"
    )
