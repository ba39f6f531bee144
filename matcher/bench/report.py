"""Weekly page load time with a year of data for 5,000 job seekers (SQLite, and PostgreSQL when its
binaries are installed). The baseline is the JSON report of the same week, measured in the same run."""

from __future__ import annotations

import asyncio
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast

import httpx
from sqlalchemy import func, insert, select

from matcher.app import create_app
from matcher.bench import figure
from matcher.bench.servers import MissingServer, PostgresServer
from matcher.domain.enums import Role
from matcher.sealing import new_key
from matcher.settings import Settings
from matcher.store import shortlists
from matcher.store.db import create_engine, sessions, upgrade
from matcher.store.ids import new_id
from matcher.store.tables import (
    AuditGroupRow,
    CandidateRow,
    ConsentRow,
    OutcomeRow,
    RankingInputRow,
    ReferralEventRow,
    ReferralRow,
    VacancyRow,
)
from matcher.store.users import authenticate, create_user
from taxonomy import Taxonomy
from taxonomy.lookup import bundled

CANDIDATES = 5000
WEEKS = 52
VACANCIES_PER_WEEK = 12
REFERRALS_PER_VACANCY = 8
PARTNERS = ("staffpoint", "barona", "eezy")
REASONS = ("skills", "experience", "language", "hours", "availability", "position_filled")


def _term(taxonomy: Taxonomy, uri: str) -> dict[str, Any]:
    concept = taxonomy.concept(uri)
    assert concept is not None
    return {"text": concept.preferred, "uri": uri, "label": concept.preferred, "kind": concept.kind, "score": 100.0}


async def seed(url: str, taxonomy: Taxonomy, rng: random.Random) -> str:
    """A year of the city's work; returns a team member's token."""
    engine = create_engine(url)
    await upgrade(engine)
    occupations = [c.uri for c in taxonomy.concepts if c.kind == "occupation" and c.code[:1] in "59"][:60]
    skills = [c.uri for c in taxonomy.concepts if c.kind == "skill"][:: max(1, len(taxonomy.concepts) // 400)][:80]
    now = datetime.now(UTC)
    async with sessions(engine)() as session:
        _, token = await create_user(session, org="tampere", role=Role.TEAM, name="team")
        for partner in PARTNERS:
            await create_user(session, org=partner, role=Role.RECRUITER, name=f"recruiter {partner}")
        candidates = [
            {
                "id": new_id(),
                "organisation_id": "tampere",
                "municipality": "Tampere",
                "skills": [_term(taxonomy, u) for u in rng.sample(skills, 4)],
                "occupations": [_term(taxonomy, rng.choice(occupations))],
                "languages": [{"code": "fi", "level": rng.choice(["A2", "B1", "B2", "native"])}],
                "certificates": [],
                "driving_licences": ["B"] if rng.random() < 0.5 else [],
                "hours": ["full_time"],
                "created_at": now - timedelta(days=rng.randrange(365)),
                "updated_at": now - timedelta(days=rng.randrange(365)),
            }
            for _ in range(CANDIDATES)
        ]
        await session.execute(insert(CandidateRow), candidates)
        vacancies, referrals, events, outcomes = [], [], [], []
        for week in range(WEEKS):
            for _ in range(VACANCIES_PER_WEEK):
                created = now - timedelta(weeks=week, days=rng.random() * 7)
                vacancy = new_id()
                vacancies.append(
                    {
                        "id": vacancy,
                        "organisation_id": rng.choice(PARTNERS),
                        "status": "open" if week < 3 else "closed",
                        "title": "Työntekijä",
                        "occupation": _term(taxonomy, rng.choice(occupations)),
                        "description": "",
                        "description_terms": [],
                        "required_skills": [_term(taxonomy, u) for u in rng.sample(skills, 3)],
                        "nice_to_have_skills": [],
                        "languages": [],
                        "certificates": [],
                        "driving_licences": [],
                        "municipality": "Tampere",
                        "hours": "full_time",
                        "contract": "permanent",
                        "openings": rng.randint(1, 4),
                        "interview_slots": 10,
                        "created_at": created,
                        "updated_at": created,
                        "closed_at": None if week < 3 else created + timedelta(days=21),
                    }
                )
                for candidate in rng.sample(candidates, REFERRALS_PER_VACANCY):
                    referral = new_id()
                    moments = [created + timedelta(days=d) for d in (1, 3, 8, 12)]
                    # Older referrals have all ended (a running service closes the stale ones).
                    recent = ["approved", "interview_scheduled"] if week < 3 else []
                    end = rng.choice([*recent, "hired", "not_hired", "not_hired"])
                    states = ["proposed", "approved", "interview_scheduled", end][: 2 if end == "approved" else 4]
                    states = list(dict.fromkeys(states))
                    referrals.append(
                        {
                            "id": referral,
                            "vacancy_id": vacancy,
                            "candidate_id": candidate["id"],
                            "city_org_id": "tampere",
                            "partner_org_id": vacancies[-1]["organisation_id"],
                            "state": states[-1],
                            "interview_at": moments[2] if len(states) > 2 else None,
                            "created_at": moments[0],
                            "updated_at": moments[len(states) - 1],
                        }
                    )
                    events += [{"referral_id": referral, "state": s, "at": moments[i]} for i, s in enumerate(states)]
                    if end in ("hired", "not_hired"):
                        reasons = [rng.choice(REASONS)] if end == "not_hired" else []
                        outcomes.append(
                            {"referral_id": referral, "outcome": end, "reasons": reasons, "recorded_at": moments[3]}
                        )
        await session.execute(insert(VacancyRow), vacancies)
        await session.execute(insert(ReferralRow), referrals)
        for start in range(0, len(events), 5000):
            await session.execute(insert(ReferralEventRow), events[start : start + 5000])
        await session.execute(insert(OutcomeRow), outcomes)
        # Consents, audit groups, and this week's shortlists made as a coach makes them: each records
        # every job seeker it considered, which the page's fairness section reads.
        expires = now.date() + timedelta(days=180)
        consents = [
            {"id": new_id(), "candidate_id": c["id"], "organisation": p, "purpose": "referral", "expires": expires}
            for c in candidates
            for p in PARTNERS
            if rng.random() < 0.5
        ]
        await session.execute(insert(ConsentRow), consents)
        groups = [
            {
                "candidate_id": c["id"],
                "gender": rng.choice(["female", "male", "other", None]),
                "age_band": rng.choice(["18-29", "30-49", "50+"]),
                "language_background": rng.choice(["finnish_or_swedish", "other", None]),
            }
            for c in candidates
            if rng.random() < 0.7
        ]
        await session.execute(insert(AuditGroupRow), groups)
        _, coach_token = await create_user(session, org="tampere", role=Role.COACH, name="coach")
        principal = await authenticate(session, coach_token)
        assert principal is not None

        open_now = await session.scalars(select(VacancyRow).where(VacancyRow.created_at >= now - timedelta(days=7)))
        made = [await shortlists.propose(session, principal, row, taxonomy, now.date(), 10) for row in list(open_now)]
        inputs = await session.scalar(select(func.count()).select_from(RankingInputRow))
        await session.commit()
        figure(
            "seeded",
            f"{CANDIDATES} job seekers, {len(vacancies)} vacancies, {len(referrals)} referrals, "
            f"{len(events)} referral events over {WEEKS} weeks; this week {len(made)} shortlists "
            f"recording {inputs} people considered",
        )
    await engine.dispose()
    return token


async def _time(client: httpx.AsyncClient, url: str, headers: dict[str, str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = await client.get(url, headers=headers)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, response.text[:500]
    return statistics.median(times)


async def measure(name: str, url: str, taxonomy: Taxonomy, runs: int) -> None:
    token = await seed(url, taxonomy, random.Random(2026))  # noqa: S311 - test data, not security
    app = create_app(Settings(database_url=url, job_poll_seconds=3600, data_key=new_key()), taxonomy=taxonomy)
    headers = {"Authorization": f"Bearer {token}"}
    async with app.lifespan():
        # Measure the service as it runs day to day: its index warm, the start-up housekeeping done
        # (a sweep waits for the one in progress and drains what is left).
        await app.state.warming
        await app.state.dispatcher.sweep()
        transport = httpx.ASGITransport(app=cast(Any, app))
        async with httpx.AsyncClient(transport=transport, base_url="http://bench", timeout=120) as client:
            cold = await _time(client, "/reports/weekly", headers, 1)
            page = await _time(client, "/reports/weekly", headers, runs)
            api = await _time(client, "/v1/reports/weekly", headers, runs)
            xlsx = await _time(client, "/v1/reports/weekly?format=xlsx", headers, runs)
    figure(f"{name}_page_first_load_ms", cold * 1000, "ms")
    figure(f"{name}_page_load_ms", page * 1000, "ms (median of warm loads: 12 weeks, 4 charts)")
    figure(f"{name}_json_report_ms", api * 1000, "ms (baseline: the same week's figures without the page)")
    figure(f"{name}_xlsx_export_ms", xlsx * 1000, "ms")
    figure(f"{name}_page_vs_json", round(page / api, 2), "x")


async def bench(runs: int) -> None:
    taxonomy = bundled()
    root = Path(tempfile.mkdtemp(prefix="kohtaanto-bench-"))
    await measure("sqlite", f"sqlite+aiosqlite:///{root / 'report.db'}", taxonomy, runs)
    try:
        postgres = PostgresServer()
    except MissingServer:
        figure("postgresql", "not measured (install PostgreSQL)")
        return
    postgres.start()
    try:
        postgres.create_database("report")
        await measure("postgresql", postgres.database_url("report"), taxonomy, runs)
    finally:
        postgres.remove()


def main(quick: bool) -> int:
    asyncio.run(bench(3 if quick else 7))
    return 0
