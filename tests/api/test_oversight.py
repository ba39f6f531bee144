"""Human oversight: nothing reaches a recruiter without a named coach's approval, whatever anyone does
in whatever order; coaches can take the matcher's proposals off a shortlist, saying why."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from matcher.domain.enums import Role
from matcher.store.tables import ConsentRow, ReferralEventRow, ReferralRow, UserRow
from tests.harness import Api, Caller, candidate_body, created, past, vacancy_body

PARTNERS = ("staffpoint", "barona")
ACTIONS = (
    "candidate",
    "vacancy",
    "shortlist",
    "approve",
    "approve_as_coordinator",
    "approve_as_recruiter",
    "remove",
    "withdraw_consent",
    "schedule",
    "erase",
    "close_vacancy",
)


@dataclass
class World:
    api: Api
    coach: Caller
    coordinator: Caller
    recruiters: dict[str, Caller]
    candidates: list[dict[str, Any]] = field(default_factory=list)
    vacancies: list[dict[str, Any]] = field(default_factory=list)
    referrals: list[str] = field(default_factory=list)
    shown: int = 0


def _pick(items: list[Any], index: int) -> Any:
    return items[index % len(items)] if items else None


async def _act(world: World, action: str, index: int) -> None:
    coach, recruiters = world.coach, world.recruiters
    partner = PARTNERS[index % 2]
    candidate, vacancy, referral = (
        _pick(world.candidates, index),
        _pick(world.vacancies, index),
        _pick(world.referrals, index),
    )
    if action == "candidate":
        expires = (date.today() + timedelta(days=90)).isoformat()
        consents = [{"organisation": partner, "purpose": "referral", "expires": expires}] if index % 3 else []
        world.candidates.append(await created(await coach.post("/v1/candidates", candidate_body(consents=consents))))
    elif action == "vacancy":
        world.vacancies.append(await created(await recruiters[partner].post("/v1/vacancies", vacancy_body())))
    elif action == "shortlist" and vacancy:
        who = coach if index % 2 else world.coordinator
        response = await who.post(f"/v1/vacancies/{vacancy['id']}/shortlists")
        if response.status_code == 201:
            world.referrals += [i["referral_id"] for i in response.json()["items"] if i["referral_id"]]
    elif action == "approve" and referral:
        await coach.post(f"/v1/referrals/{referral}/transitions", {"to": "approved"})
    elif action == "approve_as_coordinator" and referral:
        response = await world.coordinator.post(f"/v1/referrals/{referral}/transitions", {"to": "approved"})
        assert response.status_code in (403, 404, 409), response.text
    elif action == "approve_as_recruiter" and referral:
        response = await recruiters[partner].post(f"/v1/referrals/{referral}/transitions", {"to": "approved"})
        assert response.status_code in (403, 404, 409), response.text
    elif action == "remove" and referral:
        await coach.post(f"/v1/referrals/{referral}/transitions", {"to": "withdrawn", "note": "ei sovi vuorotyöhön"})
    elif action == "withdraw_consent" and candidate:
        for consent in candidate["consents"]:
            await coach.post(f"/v1/candidates/{candidate['id']}/consents/{consent['id']}/withdraw")
    elif action == "schedule" and referral:
        body = {"to": "interview_scheduled", "interview_at": past(1)}
        await recruiters[partner].post(f"/v1/referrals/{referral}/transitions", body)
    elif action == "erase" and candidate:
        await coach.delete(f"/v1/candidates/{candidate['id']}")
        world.candidates.remove(candidate)
    elif action == "close_vacancy" and vacancy:
        await recruiters[vacancy["organisation"]].post(f"/v1/vacancies/{vacancy['id']}/close")


async def _check(world: World) -> None:
    """Every person a recruiter can see came through a coach's approval and has a valid consent."""
    today = date.today()
    for partner, recruiter in world.recruiters.items():
        for item in (await recruiter.get("/v1/referrals", params={"limit": 200})).json()["items"]:
            assert item["state"] != "proposed"
            if item["candidate"] is None:
                continue
            world.shown += 1
            async with world.api.app.state.sessions() as session:
                referral = await session.get(ReferralRow, item["id"])
                assert referral is not None
                assert referral.partner_org_id == partner
                approvers = (
                    await session.execute(
                        select(UserRow.role, UserRow.organisation_id, UserRow.name)
                        .join(ReferralEventRow, ReferralEventRow.user_id == UserRow.id)
                        .where(ReferralEventRow.referral_id == referral.id, ReferralEventRow.state == "approved")
                    )
                ).all()
                assert [(role, org) for role, org, _ in approvers] == [("coach", referral.city_org_id)]
                assert all(name for _, _, name in approvers)  # a named person, not a system account
                consents = (
                    await session.scalars(
                        select(ConsentRow).where(
                            ConsentRow.candidate_id == item["candidate"]["id"], ConsentRow.organisation == partner
                        )
                    )
                ).all()
                assert any(c.withdrawn_at is None and c.expires >= today for c in consents)


TALLY = {"sequences": 0, "steps": 0, "shown": 0}


@pytest.fixture(scope="module", autouse=True)
def _report(figures: list[str]) -> Iterator[None]:
    yield
    if TALLY["sequences"]:
        figures.append(
            f"oversight: {TALLY['sequences']} random action sequences ({TALLY['steps']} steps, both databases); "
            f"people shown to recruiters {TALLY['shown']} times, every time after a named coach's approval "
            "and with a valid consent"
        )


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.sampled_from(ACTIONS), st.integers(0, 7)), min_size=4, max_size=30))
async def test_nothing_reaches_a_recruiter_without_a_coachs_approval(api: Api, steps: list[tuple[str, int]]) -> None:
    world = World(
        api,
        await api.coach(),
        await api.user("tampere", Role.COORDINATOR),
        {partner: await api.recruiter(partner) for partner in PARTNERS},
    )
    # Every sequence starts from one person a partner may see (consent for Barona, a Barona vacancy,
    # shortlisted and approved), so that the random steps after have someone to reveal or hide.
    opening = [("candidate", 1), ("vacancy", 0), ("vacancy", 1), ("shortlist", 1), ("approve", 0)]
    for action, index in [*opening, *steps]:
        await _act(world, action, index)
        await _check(world)
    TALLY["sequences"] += 1
    TALLY["steps"] += len(steps) + len(opening)
    TALLY["shown"] += world.shown


async def test_a_coach_removes_a_proposal_saying_why_and_the_week_counts_it(api: Api) -> None:
    coach, recruiter = await api.coach(), await api.recruiter()
    for _ in range(6):
        await created(await coach.post("/v1/candidates", candidate_body()))
    vacancy = await created(await recruiter.post("/v1/vacancies", vacancy_body()))
    items = (await created(await coach.post(f"/v1/vacancies/{vacancy['id']}/shortlists")))["items"]
    assert len(items) == 6
    silent = await coach.post(f"/v1/referrals/{items[0]['referral_id']}/transitions", {"to": "withdrawn"})
    assert silent.status_code == 400
    assert silent.json()["errors"][0]["field"] == "$.note"
    for item in items[:5]:
        body = {"to": "withdrawn", "note": "työkokeilu kesken"}
        assert (await coach.post(f"/v1/referrals/{item['referral_id']}/transitions", body)).status_code == 200
    approved = await coach.post(f"/v1/referrals/{items[5]['referral_id']}/transitions", {"to": "approved"})
    assert approved.status_code == 200
    # Withdrawing after approval is not an override of the matcher, and needs no reason.
    later = await coach.post(f"/v1/referrals/{items[5]['referral_id']}/transitions", {"to": "withdrawn"})
    assert later.status_code == 200
    # Reordering: every item once, with a reason; the matcher's ranks stay as recorded.
    shortlist_id = (await coach.get(f"/v1/referrals/{items[0]['referral_id']}")).json()["shortlist_id"]
    order = [item["referral_id"] for item in items][::-1]
    url = f"/v1/shortlists/{shortlist_id}/order"
    assert (await coach.post(url, {"order": order})).json()["errors"][0]["field"] == "$.reason"
    partial = await coach.post(url, {"order": order[:3], "reason": "x"})
    assert partial.json()["errors"][0]["field"] == "$.order"
    coordinator = await api.user("tampere", Role.COORDINATOR)
    assert (await coordinator.post(url, {"order": order, "reason": "x"})).status_code == 403
    reordered = await coach.post(url, {"order": order, "reason": "lähimmät ensin"})
    assert reordered.status_code == 200, reordered.text
    body = reordered.json()
    assert [i["coach_rank"] for i in body["items"]] == [6, 5, 4, 3, 2, 1]
    assert [i["rank"] for i in body["items"]] == [1, 2, 3, 4, 5, 6]
    assert body["reordered"]["reason"] == "lähimmät ensin"
    team = await api.user("tampere", Role.TEAM)
    report = (await team.get("/v1/reports/weekly")).json()
    assert report["shortlists_reordered"] == 1
    assert report["proposals_removed"] == 5
    assert report["withdrawn"] == 6
    as_csv = (await team.get("/v1/reports/weekly", params={"format": "csv", "lang": "en"})).text
    assert "Proposals removed by coaches,5" in as_csv
    assert "Removed / decided proposals %,83" in as_csv
