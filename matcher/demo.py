"""Demo data: a city, three staffing partners, realistic job seekers and vacancies, some history.

Seeding happens once per database; every run issues fresh tokens for the demo users and prints
them, so a newcomer can call the API at once.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.domain.access import Principal
from matcher.domain.candidates import CandidateCreate, ConsentCreate
from matcher.domain.enums import Cefr, Contract, Hours, NonHireReason, OrgKind, Role
from matcher.domain.people import Language
from matcher.domain.referrals import OutcomeCreate, ReferralState, TransitionCreate
from matcher.domain.vacancies import VacancyCreate
from matcher.errors import Conflict
from matcher.sealing import sealer_for
from matcher.settings import Settings
from matcher.store import candidates, referrals, shortlists, vacancies
from matcher.store.db import create_engine, sessions, upgrade
from matcher.store.tables import CandidateRow, OrganisationRow, ReferralRow, UserRow
from matcher.store.users import authenticate, create_user, reissue_token
from taxonomy import Taxonomy
from taxonomy.lookup import bundled

CITY = "tampere"
PARTNERS = ("staffpoint", "barona", "eezy")
USERS = (
    (CITY, Role.COACH, "demo-coach"),
    (CITY, Role.COORDINATOR, "demo-coordinator"),
    (CITY, Role.TEAM, "demo-team"),
    (CITY, Role.ADMIN, "demo-admin"),
    *((partner, Role.RECRUITER, f"demo-recruiter-{partner}") for partner in PARTNERS),
)
PLACES = ("Tampere", "Tampere", "Tampere", "Nokia", "Kangasala", "Ylöjärvi", "Pirkkala", "Lempäälä", "Valkeakoski")
PROFILES = (
    (["varastotyöntekijä"], ["trukkikortti", "keräily", "hyllytys", "vuorotyö"]),
    (["keräilijä"], ["keräily", "lastaus", "työturvallisuuskortti"]),
    (["siivooja"], ["siivous", "huoneiden siivous", "asiakaspalvelu"]),
    (["laitoshuoltaja"], ["siivous", "hygieniapassi", "tiimityö"]),
    (["lähihoitaja"], ["potilaan perushoito", "ensiapu", "vuorotyö"]),
    (["hoitoapulainen"], ["hoitotyö", "ensiapukortti", "asiakaspalvelu"]),
    (["kassatyöntekijä"], ["kassatyö", "asiakaspalvelu", "hyllytys"]),
    (["myyjä"], ["asiakaspalvelu", "kassakoneen käyttö", "excel"]),
    (["kokki"], ["hygieniapassi", "elintarvikehygienia", "tiimityö"]),
    (["keittiöapulainen"], ["hygieniapassi", "tiskaus", "siivous"]),
    (["tarjoilija"], ["asiakaspalvelu", "anniskelupassi", "hygieniapassi"]),
    (["rakennustyöntekijä"], ["työturvallisuuskortti", "tulityökortti", "tiimityö"]),
    (["vartija"], ["vartiointi", "turvatarkastus", "ensiapu"]),
    (["linja-autonkuljettaja"], ["autolla ajo", "asiakaspalvelu", "ammattipätevyys"]),
    (["toimistotyöntekijä"], ["excel", "office-ohjelmat", "asiakaspalvelu"]),
    (["warehouse worker"], ["forklift", "order picking", "customer service"]),
)
VACANCIES = (
    (
        "staffpoint",
        "Varastotyöntekijä",
        "warehouse worker",
        ["trukkikortti"],
        ["keräily", "vuorotyö"],
        "Tampere",
        Hours.FULL_TIME,
        Contract.PERMANENT,
        3,
    ),
    (
        "staffpoint",
        "Keräilijä, iltavuoro",
        "keräilijä",
        ["keräily"],
        ["trukkikortti"],
        "Nokia",
        Hours.EVENINGS,
        Contract.TEMPORARY,
        4,
    ),
    (
        "barona",
        "Siivooja",
        "siivooja",
        ["siivous"],
        ["hygieniapassi"],
        "Tampere",
        Hours.PART_TIME,
        Contract.FIXED_TERM,
        2,
    ),
    (
        "barona",
        "Hoitoapulainen vanhuspalveluihin",
        "hoitoapulainen",
        ["potilaan perushoito"],
        ["ensiapu"],
        "Kangasala",
        Hours.SHIFTS,
        Contract.FIXED_TERM,
        2,
    ),
    (
        "eezy",
        "Keittiöapulainen",
        "keittiöapulainen",
        ["hygieniapassi"],
        ["siivous"],
        "Tampere",
        Hours.FULL_TIME,
        Contract.TEMPORARY,
        2,
    ),
    (
        "eezy",
        "Tarjoilija",
        "tarjoilija",
        ["asiakaspalvelu", "anniskelupassi"],
        ["hygieniapassi"],
        "Tampere",
        Hours.EVENINGS,
        Contract.PERMANENT,
        1,
    ),
    ("eezy", "Myyjä", "myyjä", ["asiakaspalvelu"], ["kassatyö"], "Pirkkala", Hours.PART_TIME, Contract.PERMANENT, 2),
    (
        "staffpoint",
        "Rakennustyöntekijä, oppisopimus",
        "rakennustyöntekijä",
        ["työturvallisuuskortti"],
        ["tulityökortti"],
        "Lempäälä",
        Hours.FULL_TIME,
        Contract.APPRENTICESHIP,
        2,
    ),
)


def _principal(user: UserRow, kind: OrgKind) -> Principal:
    return Principal(
        user_id=user.id, name=user.name, role=Role(user.role), organisation=user.organisation_id, org_kind=kind
    )


async def _users(session: AsyncSession) -> dict[str, tuple[UserRow, str]]:
    """The demo users with fresh tokens (created on first run)."""
    found: dict[str, tuple[UserRow, str]] = {}
    for org, role, name in USERS:
        user = (
            await session.execute(select(UserRow).where(UserRow.name == name, UserRow.organisation_id == org))
        ).scalar()
        if user is None:
            found[name] = await create_user(session, org=org, role=role, name=name)
        else:
            found[name] = (user, await reissue_token(session, user))
    names = {CITY: "Tampereen kaupunki, työllisyyspalvelut", **{p: p.capitalize() for p in PARTNERS}}
    for slug, display in names.items():
        organisation = await session.get(OrganisationRow, slug)
        if organisation is not None:
            organisation.name = display
    return found


def _candidate(rng: random.Random, index: int, today: date) -> CandidateCreate:
    occupations, skills = PROFILES[index % len(PROFILES)]
    languages = [Language(code="fi", level=rng.choice([Cefr.A2, Cefr.B1, Cefr.B2, Cefr.NATIVE, Cefr.NATIVE]))]
    if rng.random() < 0.6:
        languages.append(Language(code="en", level=rng.choice([Cefr.A2, Cefr.B1, Cefr.B2, Cefr.C1])))
    if rng.random() < 0.15:
        languages.append(Language(code="sv", level=rng.choice([Cefr.A1, Cefr.A2, Cefr.B1])))
    partners = rng.sample(PARTNERS, rng.randint(1, 3)) if rng.random() < 0.9 else []
    return CandidateCreate(
        case_ref=f"TRE-2026-{1000 + index:04d}",
        municipality=rng.choice(PLACES),
        skills=skills[: rng.randint(2, len(skills))],
        occupations=occupations,
        languages=languages,
        driving_licences=["B"] if rng.random() < 0.5 else [],
        hours=rng.sample([Hours.FULL_TIME, Hours.PART_TIME, Hours.SHIFTS, Hours.EVENINGS], rng.randint(1, 3)),
        max_commute_km=rng.choice([10, 20, 30, 50]),
        available_from=today + timedelta(days=rng.choice([0, 0, 7, 14, 30, 60])),
        unemployed_since=today - timedelta(days=rng.randint(30, 900)),
        work_capacity_note="Selkävaiva: ei raskaita nostoja." if rng.random() < 0.1 else None,
        consents=[ConsentCreate(organisation=p, expires=today + timedelta(days=180)) for p in partners],
    )


async def seed(settings: Settings, taxonomy: Taxonomy | None = None) -> dict[str, str]:
    """Load the demo data if the city has no candidates yet; return fresh tokens by user name."""
    taxonomy = taxonomy or bundled()
    engine = create_engine(settings.database_url)
    try:
        if settings.is_sqlite:
            await upgrade(engine)
        async with sessions(engine)() as session:
            users = await _users(session)
            tokens = {name: token for name, (_, token) in users.items()}
            existing = (
                await session.execute(
                    select(func.count()).select_from(CandidateRow).where(CandidateRow.organisation_id == CITY)
                )
            ).scalar_one()
            if existing == 0:
                await _history(session, taxonomy, tokens, settings)
            await session.commit()
        return tokens
    finally:
        await engine.dispose()


async def _as(session: AsyncSession, token: str) -> Principal:
    principal = await authenticate(session, token)
    assert principal is not None
    return principal


async def _history(session: AsyncSession, taxonomy: Taxonomy, tokens: dict[str, str], settings: Settings) -> None:
    rng = random.Random(2026)  # noqa: S311 - repeatable demo data, not security
    today = date.today()
    coach = await _as(session, tokens["demo-coach"])
    sealer = sealer_for(settings)
    for index in range(48):
        await candidates.create(session, coach, _candidate(rng, index, today), taxonomy, sealer)
    rows = []
    for partner, title, occupation, required, nice, place, hours, contract, openings in VACANCIES:
        recruiter = await _as(session, tokens[f"demo-recruiter-{partner}"])
        data = VacancyCreate(
            title=title,
            occupation=occupation,
            required_skills=required,
            nice_to_have_skills=nice,
            languages=[Language(code="fi", level=Cefr.A2)],
            municipality=place,
            hours=hours,
            contract=contract,
            start=today + timedelta(days=rng.randint(7, 30)),
            openings=openings,
        )
        rows.append((recruiter, await vacancies.create(session, recruiter, data, taxonomy)))
    await session.flush()

    for recruiter, vacancy_row in rows[:5]:
        shortlist = await shortlists.propose(session, coach, vacancy_row, taxonomy, today, vacancy_row.interview_slots)
        referral_rows = (
            (
                await session.execute(
                    select(ReferralRow).where(ReferralRow.shortlist_id == shortlist.id).order_by(ReferralRow.created_at)
                )
            )
            .scalars()
            .all()
        )
        for position, referral in enumerate(referral_rows[:4]):
            try:
                await referrals.transition(session, coach, referral, TransitionCreate(to="approved"), settings)
            except Conflict:  # no valid consent for this partner: stays proposed, as in real use
                continue
            interview = datetime.combine(today - timedelta(days=rng.randint(1, 10)), time(9 + position), tzinfo=UTC)
            await referrals.transition(
                session,
                recruiter,
                referral,
                TransitionCreate(to="interview_scheduled", interview_at=interview),
                settings,
            )
            outcome = position % 4
            if outcome == 0:
                await referrals.record_outcome(session, recruiter, referral, OutcomeCreate(outcome="hired"), settings)
            elif outcome == 1:
                await referrals.record_outcome(
                    session,
                    recruiter,
                    referral,
                    OutcomeCreate(
                        outcome="not_hired",
                        reasons=[rng.choice([NonHireReason.EXPERIENCE, NonHireReason.LANGUAGE, NonHireReason.HOURS])],
                        feedback="Hyvä asenne; suomen kielen taito ei vielä riittänyt asiakastyöhön.",
                        employability=3,
                    ),
                    settings,
                )
            elif outcome == 2 and referral.state == ReferralState.INTERVIEW_SCHEDULED.value:
                continue  # waiting for feedback: the workers will ask for it
        await session.flush()


async def seed_and_print(settings: Settings, url: str) -> None:
    tokens = await seed(settings)
    print("\nKohtaanto demo data is loaded. Tokens (valid until the next `--demo` run):")
    for name, token in tokens.items():
        print(f"  {name:28} {token}")
    print(
        f"\nAPI docs: {url}/docs   Try:\n  curl -H 'Authorization: Bearer {tokens['demo-coach']}' {url}/v1/vacancies\n"
    )
