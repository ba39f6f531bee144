"""Job seekers and a vacancy as arrays: what the features are computed from, for many people at once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import scipy.sparse as sp

from matcher.domain.candidates import Candidate
from matcher.domain.enums import Cefr, Hours, NonHireReason
from matcher.domain.people import DrivingLicence, RecognisedTerm
from matcher.domain.vacancies import Vacancy
from matcher.matching.places import locate
from matcher.matching.scoring import DEFAULT_COMMUTE_KM, IscoCode, wanted
from matcher.matching.terms import term_key
from matcher.ranking.courses import courses
from matcher.ranking.space import ConceptSpace
from taxonomy.text import normalise

HOURS = list(Hours)
LICENCES: list[DrivingLicence] = ["AM", "A1", "A2", "A", "B", "BE", "C1", "C1E", "C", "CE", "D1", "D1E", "D", "DE", "T"]
REASONS = list(NonHireReason)
GROUPS = 11  # interview outcomes are counted by ISCO major group, 0-9, and last those of no known field
NO_FIELD = GROUPS - 1
MIDDLE_RATING = 3  # of the employability scale 1-5
OCCUPATIONS = 3  # occupations per person kept for ISCO comparisons


class Places:
    """Municipalities as small numbers, so that "the same municipality" is an array comparison."""

    def __init__(self) -> None:
        self.ids: dict[object, int] = {}

    def id(self, municipality: str) -> int:
        key: object = locate(municipality) or normalise(municipality)
        return self.ids.setdefault(key, len(self.ids) + 1)


@dataclass
class Pool:
    """Job seekers, one row each. ``hired`` and ``not_hired`` count past interview outcomes by field."""

    ids: list[str]
    has: sp.csr_matrix  # stated skills and certificates
    occupations: sp.csr_matrix
    expanded: sp.csr_matrix  # all of it, with what it implies
    languages: np.ndarray  # n x languages, CEFR rank (0 = none)
    lat: np.ndarray
    lon: np.ndarray
    precise: np.ndarray  # coordinates given (not a municipality centre)
    place: np.ndarray
    commute: np.ndarray  # km allowed
    hours: np.ndarray  # bit mask of HOURS
    licences: np.ndarray  # bit mask of LICENCES
    available_from: np.ndarray  # date ordinal, 0 = now
    isco: np.ndarray  # n x OCCUPATIONS unit groups, 0 = none
    hired: np.ndarray = field(default_factory=lambda: np.zeros((0, GROUPS), np.float32))  # n x GROUPS
    not_hired: np.ndarray = field(default_factory=lambda: np.zeros((0, GROUPS), np.float32))
    active: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))  # open referrals
    # employability ratings employers gave with their feedback: the sum of each one's distance from
    # the scale's middle (-2 far from work ... +2 ready now), and how many
    rated: np.ndarray = field(default_factory=lambda: np.zeros((0, 2), np.float32))
    exposure: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))  # recent proposals

    def __len__(self) -> int:
        return len(self.ids)

    def __post_init__(self) -> None:
        n = len(self.ids)
        if len(self.hired) != n:
            self.hired = np.zeros((n, GROUPS), np.float32)
            self.not_hired = np.zeros((n, GROUPS), np.float32)
        if len(self.active) != n:
            self.active = np.zeros(n, np.float32)
        if len(self.rated) != n:
            self.rated = np.zeros((n, 2), np.float32)
        if len(self.exposure) != n:
            self.exposure = np.zeros(n, np.float32)


@dataclass
class Query:
    """A vacancy as the features see it."""

    required: np.ndarray  # columns: required skills and certificates
    courseable: np.ndarray  # which of them a short course gives
    nice: np.ndarray
    occupation: int  # column, -1 when the vacancy names none
    isco: int
    vector: np.ndarray  # columns of the whole vacancy with what they imply
    weights: np.ndarray  # and their weights
    languages: list[tuple[int, int]]  # (language column, CEFR rank required)
    licences: int
    licence_count: int
    hours: int
    lat: float
    lon: float
    precise: bool
    place: int
    start: int  # ordinal of the day work starts (today when sooner)
    concerns: np.ndarray  # the employer's share of each non-hire reason so far


def bits(values: Sequence[str], table: Sequence[str]) -> int:
    return sum(1 << table.index(v) for v in values if v in table)


def _rows(space: ConceptSpace, groups: list[list[RecognisedTerm]]) -> sp.csr_matrix:
    indptr, indices = [0], []
    for terms in groups:
        indices.extend(space.term_columns(terms))
        indptr.append(len(indices))
    return sp.csr_matrix(
        (np.ones(len(indices), np.float32), np.array(indices, np.int64), np.array(indptr, np.int64)),
        shape=(len(groups), space.size),
    )


def language_column(space: ConceptSpace, code: str) -> int:
    return space.column("language:" + code)


def encode(space: ConceptSpace, people: Sequence[Candidate], places: Places, isco: IscoCode) -> Pool:
    """The arrays of a list of job seekers."""
    n = len(people)
    has = _rows(space, [[*c.skills, *c.certificates] for c in people])
    occupations = _rows(space, [list(c.occupations) for c in people])
    spoken = [[(language_column(space, lang.code), Cefr(lang.level).rank) for lang in c.languages] for c in people]
    width = space.size
    has.resize((n, width))
    occupations.resize((n, width))
    languages = sp.csr_matrix(
        (
            np.array([rank for row in spoken for _, rank in row], np.float32),
            np.array([col for row in spoken for col, _ in row], np.int64),
            np.cumsum([0, *(len(row) for row in spoken)]),
        ),
        shape=(n, width),
    )
    points = [locate(c.municipality, *(c.coordinates.lat, c.coordinates.lon) if c.coordinates else ()) for c in people]
    codes = np.zeros((n, OCCUPATIONS), np.int32)
    for i, c in enumerate(people):
        found = [space.isco(o.uri, isco) for o in c.occupations if o.uri][:OCCUPATIONS]
        codes[i, : len(found)] = found
    return Pool(
        ids=[c.id for c in people],
        has=has,
        occupations=occupations,
        expanded=space.expand(has + occupations),
        languages=languages,
        lat=np.array([p[0] if p else np.nan for p in points], np.float64),
        lon=np.array([p[1] if p else np.nan for p in points], np.float64),
        precise=np.array([c.coordinates is not None for c in people], bool),
        place=np.array([places.id(c.municipality) for c in people], np.int32),
        commute=np.array(
            [DEFAULT_COMMUTE_KM if c.max_commute_km is None else c.max_commute_km for c in people], np.float64
        ),
        hours=np.array([bits(c.hours, HOURS) for c in people], np.int32),
        licences=np.array([bits(c.driving_licences, LICENCES) for c in people], np.int32),
        available_from=np.array([c.available_from.toordinal() if c.available_from else 0 for c in people], np.int64),
        isco=codes,
    )


def query(
    space: ConceptSpace,
    vacancy: Vacancy,
    places: Places,
    isco: IscoCode,
    today: date,
    concerns: np.ndarray | None = None,
) -> Query:
    table = courses()
    bridge = {space.column(term_key(t)): t.uri in table for t in [*wanted(vacancy, "required"), *vacancy.certificates]}
    required = list(bridge)
    nice = space.term_columns(wanted(vacancy, "nice_to_have"))
    occupation = vacancy.occupation
    column = space.term_columns([occupation])[0] if occupation else -1
    columns = [*required, *nice, *([column] if occupation else [])]
    values = [1.0] * len(required) + [0.5] * len(nice) + ([1.0] if occupation else [])
    stated = sp.csr_matrix(
        (np.array(values, np.float32), (np.zeros(len(columns), np.int64), np.array(columns, np.int64))),
        shape=(1, space.size),
    )
    vector = space.expand(stated)
    point = locate(
        vacancy.municipality, *(vacancy.coordinates.lat, vacancy.coordinates.lon) if vacancy.coordinates else ()
    )
    return Query(
        required=np.array(required, np.int64),
        courseable=np.array(list(bridge.values()), bool),
        nice=np.array(nice, np.int64),
        occupation=column,
        isco=space.isco(occupation.uri, isco) if occupation else 0,
        vector=vector.indices.astype(np.int64),
        weights=vector.data.astype(np.float64),
        languages=[(language_column(space, lang.code), Cefr(lang.level).rank) for lang in vacancy.languages],
        licences=bits(vacancy.driving_licences, LICENCES),
        licence_count=len(set(vacancy.driving_licences)),
        hours=1 << HOURS.index(vacancy.hours),
        lat=point[0] if point else np.nan,
        lon=point[1] if point else np.nan,
        precise=vacancy.coordinates is not None,
        place=places.id(vacancy.municipality),
        start=max(vacancy.start or today, today).toordinal(),
        concerns=np.zeros(len(REASONS)) if concerns is None else concerns,
    )
