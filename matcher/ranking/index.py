"""The candidate index: every job seeker as a sparse concept vector, with filters as arrays.

A shortlist is a few array operations over everyone (organisation, consent, availability, the
referral cap, hard language requirements), a sparse product that retrieves the people closest to
the vacancy's own concepts, and pair features for only the best few hundred of them. Changes are
kept in a small second segment and merged in when it grows; erased people are dropped at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import scipy.sparse as sp

from matcher.matching.shortlist import AVAILABILITY_GRACE_DAYS, MIN_SCORE
from matcher.ranking.features import EARTH_RADIUS_KM, compute, idf, prior
from matcher.ranking.model import Artifact, rank_scores
from matcher.ranking.pool import Pool, Query

RETRIEVE = 400  # people scored in full per shortlist (the others are counted below the bar)
MERGE_AT = 0.05  # merge the change segment when it holds this share of the index


def stack(parts: list[Pool]) -> Pool:
    """One pool of several, rows in order."""
    width = max(p.has.shape[1] for p in parts)

    def matrix(name: str) -> sp.csr_matrix:
        blocks = []
        for p in parts:
            block = sp.csr_matrix(getattr(p, name))
            block.resize((block.shape[0], width))
            blocks.append(block)
        return sp.csr_matrix(sp.vstack(blocks, format="csr"))

    def array(name: str) -> np.ndarray:
        return np.concatenate([getattr(p, name) for p in parts])

    return Pool(
        ids=[i for p in parts for i in p.ids],
        has=matrix("has"),
        occupations=matrix("occupations"),
        expanded=matrix("expanded"),
        languages=matrix("languages"),
        **{
            name: array(name)
            for name in (
                "lat",
                "lon",
                "precise",
                "place",
                "commute",
                "hours",
                "licences",
                "available_from",
                "isco",
                "hired",
                "not_hired",
                "active",
                "rated",
                "exposure",
            )
        },
    )


@dataclass
class Consents:
    """Valid-until days per (person, partner organisation), as a sparse matrix."""

    partners: dict[str, int]
    until: sp.csc_matrix  # rows: people; values: date ordinals

    def valid(self, partner: str, today: date) -> np.ndarray:
        column = self.partners.get(partner)
        if column is None or column >= self.until.shape[1]:
            return np.zeros(self.until.shape[0], bool)
        return np.asarray(self.until[:, column].toarray().ravel() >= today.toordinal())


@dataclass
class Found:
    people: list[str]  # best first
    scores: np.ndarray
    features: np.ndarray
    excluded: dict[str, int] = field(default_factory=dict)


EXCLUSIONS = ("no_consent", "not_available", "already_referred", "referral_cap", "below_threshold", "over_limit")


class Segment:
    """People with their filters and their concept columns."""

    def __init__(self, pool: Pool, organisation: np.ndarray, consents: Consents) -> None:
        self.pool, self.organisation, self.consents = pool, organisation, consents
        self.alive = np.ones(len(pool), bool)
        self.columns = sp.csc_matrix(pool.expanded, dtype=np.float32)
        # Where each place is, to judge commutes for everyone with one small table.
        first = np.unique(pool.place, return_index=True)
        self.place_lat = np.full(int(pool.place.max(initial=0)) + 1, np.nan)
        self.place_lon = self.place_lat.copy()
        self.place_lat[first[0]], self.place_lon[first[0]] = pool.lat[first[1]], pool.lon[first[1]]

    def nbytes(self) -> int:
        total = 0
        for value in (*vars(self.pool).values(), self.columns, self.consents.until, self.organisation):
            if sp.issparse(value):
                total += value.data.nbytes + value.indices.nbytes + value.indptr.nbytes
            elif isinstance(value, np.ndarray):
                total += value.nbytes
        return total

    def retrieve(
        self,
        q: Query,
        organisation: int,
        partner: str,
        today: date,
        cap: int,
        exclude: list[int],
        retrieve: int = RETRIEVE,
    ) -> tuple[np.ndarray, dict[str, int]]:
        """The rows that pass the hard conditions and are closest to the vacancy, and the counts of
        those left out, by reason (those not retrieved count as below the bar)."""
        pool = self.pool
        excluded = dict.fromkeys(EXCLUSIONS, 0)
        mine = self.alive & (self.organisation == organisation)
        consented = mine & self.consents.valid(partner, today)
        excluded["no_consent"] = int(mine.sum() - consented.sum())
        ready = consented & ((pool.available_from == 0) | (pool.available_from <= q.start + AVAILABILITY_GRACE_DAYS))
        excluded["not_available"] = int(consented.sum() - ready.sum())
        if exclude:
            rows = np.array(exclude, np.int64)
            excluded["already_referred"] = int(ready[rows].sum())
            ready[rows] = False
        free = ready & (pool.active < cap)
        excluded["referral_cap"] = int(ready.sum() - free.sum())
        candidates = np.flatnonzero(free)
        close = self._closest(q, candidates, retrieve)
        excluded["below_threshold"] = len(candidates) - len(close)
        return close, excluded

    def _closest(self, q: Query, candidates: np.ndarray, retrieve: int) -> np.ndarray:
        """The ``retrieve`` people the prior is likely to rate best, by a cheap estimate of its main
        parts: coverage of the vacancy's own concepts (implied ones count partly), commute, hours."""
        if len(candidates) <= retrieve:
            return candidates
        wanted: dict[int, float] = {}
        for column in q.required.tolist():
            wanted[column] = 0.4 / max(1, len(q.required))
        for column in q.nice.tolist():
            wanted.setdefault(column, 0.1 / max(1, len(q.nice)))
        if q.occupation >= 0:
            wanted.setdefault(q.occupation, 0.15)
        inside = {c: w for c, w in wanted.items() if c < self.columns.shape[1]}
        pool = self.pool
        estimate = np.zeros(len(candidates))
        if inside:
            estimate += np.asarray(self.columns[:, list(inside)] @ np.array(list(inside.values()))).ravel()[candidates]
        lat, lon = np.radians(self.place_lat), np.radians(self.place_lon)
        h = (
            np.sin((np.radians(q.lat) - lat) / 2) ** 2
            + np.cos(lat) * np.cos(np.radians(q.lat)) * np.sin((np.radians(q.lon) - lon) / 2) ** 2
        )
        by_place = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0, 1)))
        distance = by_place[pool.place[candidates]]
        with np.errstate(invalid="ignore"):
            estimate += 0.1 * np.where(np.isnan(distance), 0.3, distance <= pool.commute[candidates])
        hours = pool.hours[candidates]
        estimate += 0.05 * np.where(hours & q.hours, 1.0, np.where(hours == 0, 0.5, 0.0))
        return candidates[np.argpartition(-estimate, retrieve)[:retrieve]]


class CandidateIndex:
    """A main segment and a small segment of changes since it was built; merged when that grows."""

    def __init__(self, pool: Pool, organisation: np.ndarray, consents: Consents) -> None:
        self.weights = idf(pool)
        self.main = Segment(pool, organisation, consents)
        self.changes: Segment | None = None
        self.where = {person: (0, i) for i, person in enumerate(pool.ids)}

    @property
    def size(self) -> int:
        return len(self.where)

    def memory_bytes(self) -> int:
        return self.main.nbytes() + (self.changes.nbytes() if self.changes else 0) + self.weights.nbytes

    def remove(self, people: list[str]) -> None:
        for person in people:
            found = self.where.pop(person, None)
            if found is not None:
                segment = self.main if found[0] == 0 else self.changes
                assert segment is not None
                segment.alive[found[1]] = False

    def upsert(self, part: Pool, organisation: np.ndarray, consents: Consents) -> None:
        """Add or replace people (their old rows die at once)."""
        self.remove(part.ids)
        if self.changes is not None:
            old = self.changes
            keep = np.flatnonzero(old.alive)
            part = stack([_rows(old.pool, keep), part])
            organisation = np.concatenate([old.organisation[keep], organisation])
            consents = _merge_consents(Consents(old.consents.partners, old.consents.until[keep]), consents)
        if len(part) > MERGE_AT * len(self.main.pool):
            self._merge(part, organisation, consents)
            return
        self.changes = Segment(part, organisation, consents)
        self.where.update({person: (1, i) for i, person in enumerate(part.ids)})

    def _merge(self, part: Pool, organisation: np.ndarray, consents: Consents) -> None:
        keep = np.flatnonzero(self.main.alive)
        main = self.main
        pool = stack([_rows(main.pool, keep), part])
        merged = _merge_consents(Consents(main.consents.partners, main.consents.until[keep]), consents)
        self.__init__(pool, np.concatenate([main.organisation[keep], organisation]), merged)  # type: ignore[misc]

    def retrieve(
        self,
        q: Query,
        organisation: int,
        partner: str,
        today: date,
        cap: int = 3,
        exclude: set[str] | None = None,
        retrieve: int = RETRIEVE,
    ) -> tuple[list[str], dict[str, int]]:
        """Who passes the hard conditions and is closest to the vacancy (about ``retrieve`` people),
        and how many were left out, by reason."""
        found, excluded = self._retrieved(q, organisation, partner, today, cap, exclude, retrieve)
        return [segment.pool.ids[r] for segment, rows in found for r in rows], excluded

    def _retrieved(
        self,
        q: Query,
        organisation: int,
        partner: str,
        today: date,
        cap: int,
        exclude: set[str] | None,
        retrieve: int,
    ) -> tuple[list[tuple[Segment, np.ndarray]], dict[str, int]]:
        """Each segment's retrieved rows, and the exclusions summed over the segments."""
        excluded = dict.fromkeys(EXCLUSIONS, 0)
        found = []
        skip = self._skip(exclude)
        for number, segment in enumerate((self.main, self.changes)):
            if segment is None:
                continue
            rows, left = segment.retrieve(q, organisation, partner, today, cap, skip[number], retrieve)
            for key, count in left.items():
                excluded[key] += count
            found.append((segment, rows))
        return found, excluded

    def _skip(self, exclude: set[str] | None) -> tuple[list[int], list[int]]:
        skip: tuple[list[int], list[int]] = ([], [])
        for person in exclude or ():
            if person in self.where:
                number, row = self.where[person]
                skip[number].append(row)
        return skip

    def shortlist(
        self,
        q: Query,
        organisation: int,
        partner: str,
        today: date,
        limit: int,
        model: Artifact | None = None,
        cap: int = 3,
        exclude: set[str] | None = None,
        retrieve: int = RETRIEVE,
    ) -> Found:
        """The retrieved people scored in full, ranked, and cut at ``limit``."""
        found, excluded = self._retrieved(q, organisation, partner, today, cap, exclude, retrieve)
        people = [segment.pool.ids[r] for segment, rows in found for r in rows]
        parts = [compute(segment.pool, q, rows, self.weights) for segment, rows in found]
        values = np.vstack(parts) if parts else np.zeros((0, 0))
        if not people:
            return Found([], np.empty(0), values, excluded)
        suitability = prior(values)
        keep = np.flatnonzero(suitability >= MIN_SCORE)
        excluded["below_threshold"] += len(people) - len(keep)
        score, _ = rank_scores(model, values[keep], suitability[keep], employer=partner)
        order = keep[np.argsort(-score, kind="stable")]
        ranked = np.argsort(-score, kind="stable")
        excluded["over_limit"] = max(0, len(keep) - limit)
        top = order[:limit]
        return Found([people[i] for i in top], score[ranked[:limit]], values[top], excluded)


def _rows(pool: Pool, rows: np.ndarray) -> Pool:
    return Pool(
        ids=[pool.ids[i] for i in rows],
        **{
            name: (value[rows] if isinstance(value, np.ndarray) or sp.issparse(value) else value)
            for name, value in vars(pool).items()
            if name != "ids"
        },
    )


def _merge_consents(old: Consents, new: Consents) -> Consents:
    partners = dict(old.partners)
    for name in new.partners:
        partners.setdefault(name, len(partners))
    remap = np.array([partners[name] for name in sorted(new.partners, key=new.partners.__getitem__)], np.int64)
    added = sp.coo_matrix(new.until)
    width = len(partners)
    top = sp.csc_matrix(old.until)
    top.resize((top.shape[0], width))
    bottom = sp.csc_matrix(
        (added.data, (added.row, remap[added.col] if len(remap) else added.col)), shape=(new.until.shape[0], width)
    )
    return Consents(partners, sp.csc_matrix(sp.vstack([top, bottom])))
