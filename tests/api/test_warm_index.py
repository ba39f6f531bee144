"""Shortlists from a warm candidate index once an organisation has thousands of job seekers: the
same best people as ranking everyone, changes picked up without a rebuild, the erased gone, and
another process reaching the same state by its own version check."""

from __future__ import annotations

from datetime import date
from typing import Any

from matcher.bench.http import copy_people
from matcher.store import records
from matcher.store.tables import VacancyRow
from matcher.store.vacancies import to_vacancy
from matcher.store.warm import WARM_FROM, Warm
from tests.harness import Api, candidate_body, created, vacancy_body

TEMPLATES = [
    {"skills": ["trukkikortti", "keräily"], "municipality": "Tampere"},
    {"skills": ["trukkikortti"], "municipality": "Nokia"},
    {"skills": ["keräily", "siivous"], "municipality": "Helsinki"},
    {"skills": ["asiakaspalvelu"], "occupations": ["myyjä"], "municipality": "Tampere"},
    {"skills": ["siivous"], "occupations": ["siivooja"], "municipality": "Kangasala", "hours": ["part_time"]},
]


async def _many(api: Api, coach: Any, count: int) -> None:
    """``count`` job seekers: profiles made through the API, copied in bulk with new ids."""
    for template in TEMPLATES:
        await created(await coach.post("/v1/candidates", candidate_body(**template)))
    await copy_people(api.app.state.settings, "tampere", count)


async def test_shortlists_come_from_the_warm_index_and_follow_every_change(api: Api, figures: list[str]) -> None:
    coach, recruiter = await api.coach(), await api.recruiter()
    total = WARM_FROM + 100
    await _many(api, coach, total)
    body = vacancy_body(required_skills=["trukkikortti"], nice_to_have_skills=["keräily"], interview_slots=5)
    vacancy = await created(await recruiter.post("/v1/vacancies", body))
    warm: Warm = api.app.state.warm
    # As at a start of the service: the organisations large enough are indexed before anyone asks.
    assert await warm.prepare(api.app.state.sessions, date.today()) == ["tampere"]
    assert warm.reloads == total

    shortlist = await created(await coach.post(f"/v1/vacancies/{vacancy['id']}/shortlists"))
    assert shortlist["considered"] == total
    assert sum(shortlist["excluded"].values()) + len(shortlist["items"]) == total
    assert warm.reloads == total  # the first shortlist loaded nothing more

    # The same best scores as ranking everyone in full.
    async with api.app.state.sessions() as session:
        row = await session.get(VacancyRow, vacancy["id"])
        assert row is not None
        replay = await records.replay(session, shortlist["id"], api.app.state.taxonomy)
    assert replay.identical
    assert [item["score"] for item in shortlist["items"]] == [shortlist["items"][0]["score"]] * 5

    # A new, better job seeker: picked up by loading only the profiles changed since the last look
    # (it, and the last one seen then, since changes at that very instant are read again).
    best = candidate_body(skills=["trukkikortti", "keräily", "hygieniapassi"])
    newcomer = await created(await coach.post("/v1/candidates", best))
    body = {**body, "required_skills": ["trukkikortti", "hygieniapassi"]}
    again = await created(await recruiter.post("/v1/vacancies", body))
    second = await created(await coach.post(f"/v1/vacancies/{again['id']}/shortlists"))
    assert second["items"][0]["candidate_id"] == newcomer["id"]
    loaded = warm.reloads - total
    assert loaded <= 2

    # Another process: its own index, built by its own version check, finds the same people.
    other = Warm(api.app.state.taxonomy)
    async with api.app.state.sessions() as session:
        row = await session.get(VacancyRow, again["id"])
        assert row is not None
        theirs, _ = await other.retrieve(session, "tampere", to_vacancy(row), date.today(), 3, set())
        ours, _ = await warm.retrieve(session, "tampere", to_vacancy(row), date.today(), 3, set())
    assert newcomer["id"] in theirs
    assert newcomer["id"] in ours

    # Erased: gone from the next list at once.
    assert (await coach.delete(f"/v1/candidates/{newcomer['id']}")).status_code == 204
    third_vacancy = await created(await recruiter.post("/v1/vacancies", body))
    third = await created(await coach.post(f"/v1/vacancies/{third_vacancy['id']}/shortlists"))
    assert newcomer["id"] not in [item["candidate_id"] for item in third["items"]]
    assert third["considered"] == total

    # The weekly plan, run inside the service, plans from the service's own index: it loads only
    # the profile added since (a job with an index of its own would leave this one untouched).
    before = warm.reloads
    await created(await coach.post("/v1/candidates", candidate_body(skills=["siivous"])))
    job = await api.weekly_plan()
    assert job.result is not None
    assert job.result["planned"]["tampere"]["vacancies"] == 3
    assert 1 <= warm.reloads - before <= 2
    figures.append(
        f"warm index: {total} job seekers; a newcomer ranked first after loading {loaded} profiles, "
        f"an erased one gone from the next list, another process's index agreeing, the weekly plan "
        f"made from the service's index (loading {warm.reloads - before} changed profiles)"
    )
