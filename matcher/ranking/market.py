"""A synthetic labour market built on ESCO, for simulation, benchmarks and demo data.

Job seekers get skills from the occupation-skill relations of the occupations they have worked in;
vacancies ask for skills of their occupation. Employers decide with preferences the matcher does not
see: their own weights over what a profile shows, and a trait of each person that no profile shows
(which past interview outcomes partly reveal). ``hire_logit`` is that hidden truth: the oracle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import msgspec
import numpy as np

from matcher.domain.candidates import Candidate
from matcher.domain.enums import Cefr, Contract, VacancyStatus
from matcher.domain.vacancies import Vacancy
from matcher.ranking.features import NAMES, compute, idf
from matcher.ranking.pool import GROUPS, HOURS, MIDDLE_RATING, Places, encode, query
from matcher.ranking.space import codes, space_for
from taxonomy import Taxonomy

PLACES = ["Tampere", "Nokia", "Kangasala", "Ylöjärvi", "Pirkkala", "Lempäälä", "Valkeakoski", "Orivesi"]
LEVELS = [Cefr.A1, Cefr.A2, Cefr.B1, Cefr.B2, Cefr.C1, Cefr.NATIVE]
FINNISH = [0.08, 0.10, 0.15, 0.15, 0.07, 0.45]  # the job seekers' Finnish, by LEVELS
CARDS = ["urn:kohtaanto:card:forklift", "urn:kohtaanto:card:hygiene-passport", "urn:kohtaanto:card:occupational-safety"]
# How employers weigh what a profile shows (logit units); each employer varies around these.
TRUTH = {
    "implied_skills": 2.2,
    "required_skills": 0.6,
    "occupation": 0.8,
    "isco_closeness": 0.8,
    "languages": 1.2,
    "language_gap": -4.0,
    "location": 0.8,
    "hours": 0.7,
    "driving_licences": 0.8,
    "availability_gap": -0.8,
    "experience": 1.0,
}
_WEIGHED = [NAMES.index(name) for name in TRUTH]
# The non-hire reason an employer gives for the part of a profile that fell shortest.
REASON_OF = {
    "implied_skills": "skills",
    "required_skills": "skills",
    "occupation": "experience",
    "isco_closeness": "experience",
    "experience": "experience",
    "languages": "language",
    "language_gap": "language",
    "location": "location",
    "hours": "hours",
    "availability_gap": "availability",
    "driving_licences": "other",
}
TODAY = date(2026, 1, 5)
# Before the simulation, each person's interviews ended in a hire with the chance
# logistic(PAST_LEVEL + PAST_SLOPE * trait).
PAST_LEVEL, PAST_SLOPE = -0.8, 1.2
RATED = 0.7  # the share of non-hire feedback that comes with an employability rating
RATING_NOISE = 0.8  # how far an employer's rating strays from what the interview showed


@dataclass(frozen=True)
class Setting:
    """One market. Evaluation also runs settings that are not published here."""

    name: str = "default"
    seed: int = 7
    candidates: int = 3000
    vacancies: int = 120  # opened per round
    employers: int = 20
    occupations: int = 30
    rounds: int = 5
    hidden_trait: float = 1.0  # how much the trait no profile shows decides
    preference_spread: float = 0.5  # how much employers differ from each other
    hire_level: float = -10.0  # the base of the hire logit
    cap: int = 3  # open referrals per person
    labelled: str = ""  # only occupations with a label in this language (the demo's Finnish market)


SETTINGS = {
    "default": Setting(),
    "scarce": Setting(name="scarce", seed=11, candidates=1500, vacancies=150, hidden_trait=1.4, hire_level=-10.4),
    "picky": Setting(name="picky", seed=23, employers=8, preference_spread=1.0, hidden_trait=0.6, hire_level=-9.6),
}


@dataclass
class Market:
    setting: Setting
    taxonomy: Taxonomy
    occupations: list[int]  # concept indices
    essential: dict[int, list[int]]
    optional: dict[int, list[int]]
    employer_weights: np.ndarray  # employers x features
    employer_level: np.ndarray
    employer_occupations: list[list[int]]
    rng: np.random.Generator
    serial: int = 0
    trait: dict[str, float] = field(default_factory=dict)  # hidden, per person

    def _term(self, concept: int) -> dict[str, object]:
        c = self.taxonomy.data.concepts[concept]
        kind = "occupation" if c.kind == "occupation" else "skill"
        return {"text": c.preferred, "uri": c.uri, "label": c.preferred, "kind": kind, "score": 100.0}

    def candidate(self) -> tuple[Candidate, list[int], list[int]]:
        """A new job seeker, with past interview outcomes (hired, not hired) per ISCO major group."""
        rng, self.serial = self.rng, self.serial + 1
        person = f"sim-c{self.serial:07d}"
        worked = list(rng.choice(self.occupations, size=1 + int(rng.random() < 0.35), replace=False))
        skills: list[int] = []
        for rank, occupation in enumerate(worked):
            keep = 0.75 if rank == 0 else 0.45
            skills += [s for s in self.essential[occupation] if rng.random() < keep]
            skills += [s for s in self.optional[occupation] if rng.random() < 0.12]
        if rng.random() < 0.3:
            worked = worked[:1] if rng.random() < 0.5 else []  # not every job shows as an occupation
        finnish = LEVELS[int(rng.choice(len(LEVELS), p=FINNISH))]
        trait = float(rng.normal())
        self.trait[person] = trait
        hired, not_hired = [0] * GROUPS, [0] * GROUPS
        group = int(self.taxonomy.data.concepts[worked[0]].code[:1]) if worked else int(rng.integers(4, 10))
        for _ in range(int(rng.poisson(1.5))):
            if rng.random() < 1 / (1 + np.exp(-(PAST_LEVEL + PAST_SLOPE * trait))):
                hired[group] += 1
            else:
                not_hired[group] += 1
        now = datetime(2026, 1, 1, tzinfo=UTC)
        data = {
            "id": person,
            "organisation": "tampere",
            "municipality": PLACES[int(rng.integers(len(PLACES)))],
            "case_ref": None,
            "coordinates": None,
            "skills": [self._term(s) for s in dict.fromkeys(skills)],
            "occupations": [self._term(o) for o in worked],
            "languages": [{"code": "fi", "level": finnish.value}]
            + ([{"code": "en", "level": "B1"}] if rng.random() < 0.5 else []),
            "certificates": [self._term(self.taxonomy.by_uri[c]) for c in CARDS if rng.random() < 0.25],
            "driving_licences": ["B"] if rng.random() < 0.6 else [],
            "hours": list(dict.fromkeys(HOURS[int(i)].value for i in rng.integers(0, len(HOURS), 2))),
            "max_commute_km": int(rng.choice([10, 20, 30, 50])),
            "available_from": None if rng.random() < 0.75 else TODAY + timedelta(days=int(rng.integers(1, 60))),
            "unemployed_since": None,
            "work_capacity_note": None,
            "service_ended_on": None,
            "consents": [],
            "unmatched_terms": [],
            "created_at": now,
            "updated_at": now,
        }
        return msgspec.convert(data, Candidate), hired, not_hired

    def vacancy(self, round_no: int, number: int) -> tuple[Vacancy, int]:
        """A vacancy of some employer, and that employer's index."""
        rng = np.random.default_rng((self.setting.seed, round_no, number))
        employer = int(rng.integers(len(self.employer_occupations)))
        occupation = int(rng.choice(self.employer_occupations[employer]))
        essential, optional = self.essential[occupation], self.optional[occupation]
        required = list(rng.choice(essential, size=min(len(essential), int(rng.integers(2, 4))), replace=False))
        nice = list(rng.choice(optional, size=min(len(optional), 2), replace=False)) if optional else []
        start = TODAY + timedelta(days=7 * round_no + int(rng.integers(0, 21)))
        now = datetime(2026, 1, 1, tzinfo=UTC)
        data = {
            "id": f"sim-v{round_no:02d}-{number:05d}",
            "organisation": f"employer-{employer}",
            "status": VacancyStatus.OPEN.value,
            "title": self.taxonomy.data.concepts[occupation].preferred,
            "occupation": self._term(occupation),
            "description": "",
            "description_terms": [],
            "required_skills": [self._term(int(s)) for s in required],
            "nice_to_have_skills": [self._term(int(s)) for s in nice],
            "languages": [{"code": "fi", "level": str(rng.choice(["A2", "B1", "B2"], p=[0.3, 0.45, 0.25]))}],
            "certificates": [self._term(self.taxonomy.by_uri[CARDS[0]])] if rng.random() < 0.15 else [],
            "driving_licences": ["B"] if rng.random() < 0.25 else [],
            "municipality": PLACES[int(rng.integers(len(PLACES)))],
            "coordinates": None,
            "hours": HOURS[int(rng.integers(len(HOURS)))].value,
            "contract": Contract.PERMANENT.value,
            "start": start,
            "openings": int(rng.integers(1, 3)),
            "interview_slots": int(rng.integers(3, 7)),
            "unmatched_terms": [],
            "created_at": now,
            "updated_at": now,
            "closed_at": None,
        }
        return msgspec.convert(data, Vacancy), employer

    def hire_logit(self, employer: int, features: np.ndarray, people: list[str]) -> np.ndarray:
        """The employer's hidden judgement of each person (the oracle)."""
        trait = np.array([self.trait[p] for p in people])
        return np.asarray(
            self.employer_level[employer]
            + features @ self.employer_weights[employer]
            + self.setting.hidden_trait * trait
        )

    def reason(self, employer: int, features: np.ndarray, lucky: bool, filled: bool) -> str:
        """Why the employer did not hire: the filled position or a declined offer when the person
        would have been hired, else what fell shortest by the employer's own weights."""
        if lucky:
            return "position_filled" if filled else "candidate_declined"
        shortfall = self.employer_weights[employer] * (features - 1)
        worst = NAMES[int(np.argmin(shortfall))]
        return REASON_OF.get(worst, "motivation") if shortfall.min() < -0.3 else "motivation"

    def rating(self, person: str, interview: int) -> int | None:
        """The employability rating (1 far from work ... 5 ready now) an employer gives with its
        feedback on a non-hire, if it gives one: its reading of what the interview showed of the
        person, the trait no profile shows, give or take. ``interview`` fixes the luck."""
        rng = np.random.default_rng((self.setting.seed, interview, int(person.removeprefix("sim-c"))))
        if rng.random() >= RATED:
            return None
        return int(np.clip(np.rint(MIDDLE_RATING + self.trait[person] + rng.normal(0, RATING_NOISE)), 1, 5))

    def trait_estimate(self, hired: np.ndarray, not_hired: np.ndarray, rated: np.ndarray) -> np.ndarray:
        """The mean of each person's hidden trait given what their records show (interviews that
        ended in a hire or not, each read as the history's were made; the sum and count of their
        ratings against the middle): the best any ranking could read from the records."""
        grid = np.linspace(-4.0, 4.0, 161)
        chance = 1 / (1 + np.exp(-(PAST_LEVEL + PAST_SLOPE * grid)))
        spread = RATING_NOISE**2 + 1 / 12  # the rating's noise and its rounding
        total, count = rated[:, :1], rated[:, 1:2]
        log = (
            -(grid**2) / 2
            + hired[:, None] * np.log(chance)
            + not_hired[:, None] * np.log1p(-chance)
            - (total - count * grid) ** 2 / (2 * np.maximum(count, 1) * spread)
        )
        weight = np.exp(log - log.max(axis=1, keepdims=True))
        return np.asarray((weight @ grid) / weight.sum(axis=1))

    def chances(
        self, employer: int, vacancy: Vacancy, everyone: list[Candidate], rows: list[int], today: date
    ) -> tuple[np.ndarray, np.ndarray]:
        """The employer's true hire chance for each of ``everyone[rows]`` (and their features), the
        concepts weighed over ``everyone`` as the ranking weighs them over its pool."""
        space, isco = space_for(self.taxonomy), codes(self.taxonomy)
        places = Places()
        pool = encode(space, everyone, places, isco)
        features = compute(pool, query(space, vacancy, places, isco, today), np.array(rows, np.int64), idf(pool))
        logit = self.hire_logit(employer, features, [everyone[row].id for row in rows])
        return 1 / (1 + np.exp(-logit)), features


def build(taxonomy: Taxonomy, setting: Setting) -> Market:
    data = taxonomy.data
    rng = np.random.default_rng(setting.seed)
    essential: dict[int, list[int]] = {}
    optional: dict[int, list[int]] = {}
    for relation in data.occupation_skills:
        (essential if relation.essential else optional).setdefault(relation.occupation, []).append(relation.skill)
    eligible = [
        i
        for i, c in enumerate(data.concepts)
        if c.kind == "occupation" and c.code[:1] in "45789" and len(essential.get(i, [])) >= 6
    ]
    if setting.labelled:
        named = {label.concept for label in data.labels if label.lang == setting.labelled}
        eligible = [i for i in eligible if i in named]
    occupations = [int(o) for o in rng.choice(eligible, size=setting.occupations, replace=False)]
    # Each employer's weights vary around TRUTH's; drawn for TRUTH's entries alone, so that a
    # feature the ranking adds changes no market.
    weights = np.zeros((setting.employers, len(NAMES)))
    weights[:, _WEIGHED] = np.array(list(TRUTH.values())) * np.exp(
        rng.normal(0, setting.preference_spread, (setting.employers, len(TRUTH)))
    )
    return Market(
        setting=setting,
        taxonomy=taxonomy,
        occupations=occupations,
        essential={o: essential[o] for o in occupations},
        optional={o: optional.get(o, []) for o in occupations},
        employer_weights=weights,
        employer_level=setting.hire_level + rng.normal(0, 0.3, setting.employers),
        employer_occupations=[
            [int(o) for o in rng.choice(occupations, size=3, replace=False)] for _ in range(setting.employers)
        ],
        rng=rng,
    )
