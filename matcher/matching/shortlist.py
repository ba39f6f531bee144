"""The low-threshold shortlist policy: who is eligible, who is excluded and why, in what order.

Everyone above a deliberately low suitability bar is eligible, and so is a near miss whose only
gaps a short course closes (named in the explanation). People already in ``cap`` open
recruitments are left for others. Comparable people take turns: recent proposals lower a score a
little, so that the same few are not proposed everywhere.
"""

from __future__ import annotations

import functools
import hashlib
import sys
from datetime import date, timedelta
from pathlib import Path

import msgspec
import numpy as np

from matcher.domain.candidates import Candidate
from matcher.domain.shortlists import Explanation, Standing
from matcher.domain.vacancies import Vacancy
from matcher.matching import scoring
from matcher.matching.scoring import WEIGHTS, IscoCode, score
from matcher.ranking import explain, features, model, pool, space
from matcher.ranking.features import compute, prior
from matcher.ranking.model import Artifact, effects, rank_scores
from matcher.ranking.pool import GROUPS, MIDDLE_RATING, Places, Pool, Query, encode, query
from matcher.ranking.space import ConceptSpace

MIN_SCORE = 0.2
AVAILABILITY_GRACE_DAYS = 14
REFERRAL_CAP = 3  # open referrals a person may have at once
EXPOSURE_STEP = 0.01  # each proposal of the last weeks lowers a score this much ...
EXPOSURE_MAX = 0.05  # ... up to this


class Considered(msgspec.Struct, frozen=True):
    """A candidate of the coach's organisation, with what the policy needs beyond the profile."""

    candidate: Candidate
    consented: bool
    already_referred: bool
    active_referrals: int = 0
    recent_proposals: int = 0
    hired: list[int] = msgspec.field(default_factory=list)  # past hires per ISCO major group
    not_hired: list[int] = msgspec.field(default_factory=list)
    ratings: list[int] = msgspec.field(default_factory=list)  # employability, 1-5, given after interviews


class Proposal(msgspec.Struct, frozen=True):
    candidate_id: str
    score: float
    explanation: Explanation


class Decision(msgspec.Struct, frozen=True):
    proposals: list[Proposal]
    excluded: dict[str, int]
    considered: int


class Context(msgspec.Struct, frozen=True, kw_only=True):
    """What a ranking depends on besides the people and the vacancy (recorded for replay)."""

    model: Artifact | None = None
    concerns: list[float] = msgspec.field(default_factory=list)  # the employer's non-hire reason shares
    cap: int = REFERRAL_CAP


def available(candidate: Candidate, vacancy: Vacancy, today: date) -> bool:
    """Available by the vacancy's start (or today), with two weeks' grace."""
    start = max(vacancy.start or today, today)
    return candidate.available_from is None or candidate.available_from <= start + timedelta(
        days=AVAILABILITY_GRACE_DAYS
    )


def _signals(arrays: Pool, entries: list[Considered]) -> None:
    arrays.active = np.array([e.active_referrals for e in entries], np.float32)
    arrays.exposure = np.array([e.recent_proposals for e in entries], np.float32)
    for i, e in enumerate(entries):
        arrays.hired[i, : len(e.hired[:GROUPS])] = e.hired[:GROUPS]
        arrays.not_hired[i, : len(e.not_hired[:GROUPS])] = e.not_hired[:GROUPS]
        arrays.rated[i] = (sum(r - MIDDLE_RATING for r in e.ratings), len(e.ratings))


def bridged(arrays: Pool, q: Query, rows: np.ndarray, values: np.ndarray, suitability: np.ndarray) -> np.ndarray:
    """The suitability each person would have with the gaps a short course closes bridged."""
    required = values[:, 0]
    if len(q.required):
        present = features._columns(arrays.has, rows, q.required) > 0
        required = (present | q.courseable).mean(axis=1)
    languages = values[:, 2]
    if q.languages:
        has = features._columns(arrays.languages, rows, np.array([c for c, _ in q.languages]))
        need = np.array([rank for _, rank in q.languages], float)
        languages = ((has >= need) | ((has > 0) & (has == need - 1))).mean(axis=1)
    return np.asarray(
        suitability
        + WEIGHTS["required_skills"] * (required - values[:, 0])
        + WEIGHTS["languages"] * (languages - values[:, 2])
    )


def prepared(
    vacancy: Vacancy,
    entries: list[Considered],
    isco: IscoCode,
    today: date,
    concerns: list[float],
    concepts: ConceptSpace | None = None,
) -> tuple[Pool, Query]:
    """The people and the vacancy as arrays."""
    concepts = concepts or ConceptSpace()
    places = Places()
    arrays = encode(concepts, [e.candidate for e in entries], places, isco)
    _signals(arrays, entries)
    return arrays, query(concepts, vacancy, places, isco, today, np.array(concerns) if concerns else None)


class Ranked(msgspec.Struct, frozen=True, kw_only=True):
    """Everyone open to the vacancy scored, and the eligible in ranking order (positions in ``rows``)."""

    vacancy: Vacancy
    entries: list[Considered]
    isco: IscoCode
    model: Artifact | None
    rows: np.ndarray  # entries open to the vacancy (consent, availability, not referred, under the cap)
    values: np.ndarray  # their features
    suitability: np.ndarray
    probability: np.ndarray
    adjusted: np.ndarray  # the ranking score after taking turns
    order: np.ndarray  # the eligible, best first
    excluded: dict[str, int]

    def proposal(self, k: int) -> Proposal:
        """The ``k``-th open person as a proposal, with the explanation in plain words."""
        entry = self.entries[self.rows[k]]
        _, why = score(entry.candidate, self.vacancy, self.isco)
        probability = self.probability[k]
        why = msgspec.structs.replace(
            why,
            reasons=explain.reasons(effects(self.model, self.values[k], self.vacancy.organisation)),
            gaps=explain.gaps(entry.candidate, self.vacancy),
            near_miss=bool(self.suitability[k] < MIN_SCORE),
            suitability=float(self.suitability[k]),
            hire_probability=None if np.isnan(probability) else round(float(probability), 4),
        )
        return Proposal(candidate_id=entry.candidate.id, score=round(float(self.adjusted[k]), 4), explanation=why)


def left_out(entry: Considered, vacancy: Vacancy, today: date, cap: int) -> str | None:
    """Why a person cannot be proposed for the vacancy at all, or ``None``: no valid consent for its
    organisation, not available in time, already referred to it, or in as many recruitments as the
    cap allows (checked in this order)."""
    if not entry.consented:
        return "no_consent"
    if not available(entry.candidate, vacancy, today):
        return "not_available"
    if entry.already_referred:
        return "already_referred"
    if entry.active_referrals >= cap:
        return "referral_cap"
    return None


def rank(
    vacancy: Vacancy,
    entries: list[Considered],
    isco: IscoCode,
    today: date,
    context: Context | None = None,
    concepts: ConceptSpace | None = None,
) -> tuple[Ranked, Pool, Query]:
    """Score everyone open to the vacancy and order the eligible, best first.

    Exclusions are counted by reason: those ``left_out`` says, then below the bar (and no quick
    way over it).
    """
    context = context or Context()
    arrays, q = prepared(vacancy, entries, isco, today, context.concerns, concepts)
    excluded = dict.fromkeys(
        ("no_consent", "not_available", "already_referred", "referral_cap", "below_threshold", "over_limit"), 0
    )
    open_rows = []
    for i, entry in enumerate(entries):
        if reason := left_out(entry, vacancy, today, context.cap):
            excluded[reason] += 1
        else:
            open_rows.append(i)
    rows = np.array(open_rows, np.int64)
    values = compute(arrays, q, rows)
    suitability = prior(values)
    reachable = bridged(arrays, q, rows, values, suitability)
    eligible = (suitability >= MIN_SCORE) | (reachable >= MIN_SCORE - 1e-9)
    excluded["below_threshold"] = int((~eligible).sum())
    ranking, probability = rank_scores(context.model, values, suitability, employer=vacancy.organisation)
    turn = np.minimum(arrays.exposure[rows] * EXPOSURE_STEP, EXPOSURE_MAX)
    adjusted = np.round(ranking - turn, 6)
    chosen = np.flatnonzero(eligible)
    ids = np.array([arrays.ids[r] for r in rows[chosen]], dtype=object)
    order = chosen[np.lexsort((ids, -adjusted[chosen]))] if len(chosen) else chosen
    ranked = Ranked(
        vacancy=vacancy,
        entries=entries,
        isco=isco,
        model=context.model,
        rows=rows,
        values=values,
        suitability=suitability,
        probability=probability,
        adjusted=adjusted,
        order=order,
        excluded=excluded,
    )
    return ranked, arrays, q


def decide(
    vacancy: Vacancy,
    entries: list[Considered],
    isco: IscoCode,
    today: date,
    limit: int,
    context: Context | None = None,
    concepts: ConceptSpace | None = None,
) -> Decision:
    """The shortlist: everyone eligible, best first, capped at ``limit`` (the rest counted as over it)."""
    ranked, _, _ = rank(vacancy, entries, isco, today, context, concepts)
    excluded = {**ranked.excluded, "over_limit": max(0, len(ranked.order) - limit)}
    proposals = [ranked.proposal(int(k)) for k in ranked.order[:limit]]
    return Decision(proposals=proposals, excluded=excluded, considered=len(entries))


def standing(
    vacancy: Vacancy,
    entries: list[Considered],
    person: str,
    isco: IscoCode,
    today: date,
    limit: int,
    context: Context | None = None,
    concepts: ConceptSpace | None = None,
) -> Standing:
    """Why a job seeker is, or is not, on the vacancy's shortlist as it would be made now."""
    context = context or Context()
    position = next((i for i, e in enumerate(entries) if e.candidate.id == person), None)
    if position is None:
        raise KeyError(person)
    entry = entries[position]
    ranked, arrays, q = rank(vacancy, entries, isco, today, context, concepts)
    found = np.flatnonzero(ranked.rows[ranked.order] == position)
    if len(found):
        k = int(ranked.order[found[0]])
        proposal = ranked.proposal(k)
        return Standing(
            vacancy_id=vacancy.id,
            candidate_id=person,
            status="shortlisted" if found[0] < limit else "beyond_limit",
            reason=None,
            rank=int(found[0]) + 1,
            eligible=len(ranked.order),
            limit=limit,
            score=proposal.score,
            explanation=proposal.explanation,
        )
    reason = left_out(entry, vacancy, today, context.cap)
    values = compute(arrays, q, np.array([position]))
    suitability = prior(values)
    _, why = score(entry.candidate, vacancy, isco)
    why = msgspec.structs.replace(
        why,
        reasons=explain.reasons(effects(None, values[0])),
        gaps=explain.gaps(entry.candidate, vacancy),
        suitability=float(suitability[0]),
    )
    return Standing(
        vacancy_id=vacancy.id,
        candidate_id=person,
        status="excluded" if reason else "below_threshold",
        reason=reason,
        rank=None,
        eligible=len(ranked.order),
        limit=limit,
        score=None,
        explanation=why,
    )


@functools.cache
def code_hash() -> str:
    """The content hash of the ranking code as it runs here (scorer, features and this policy)."""
    digest = hashlib.sha256()
    for module in (scoring, space, pool, features, model, explain, sys.modules[__name__]):
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()


def model_hash(context: Context) -> str:
    """What a replay must match: the code, and the learned model's content when one ranked."""
    if context.model is None:
        return code_hash()
    return hashlib.sha256((code_hash() + context.model.content_hash).encode()).hexdigest()
