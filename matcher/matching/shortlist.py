"""The low-threshold shortlist policy: who is eligible, who is excluded and why, in what order."""

from __future__ import annotations

import functools
import hashlib
import sys
from datetime import date, timedelta
from pathlib import Path

import msgspec

from matcher.domain.candidates import Candidate
from matcher.domain.shortlists import Explanation
from matcher.domain.vacancies import Vacancy
from matcher.matching import scoring
from matcher.matching.scoring import IscoCode, score

MIN_SCORE = 0.2
AVAILABILITY_GRACE_DAYS = 14


class Considered(msgspec.Struct, frozen=True):
    """A candidate of the coach's organisation, with what the policy needs beyond the profile."""

    candidate: Candidate
    consented: bool
    already_referred: bool


class Proposal(msgspec.Struct, frozen=True):
    candidate_id: str
    score: float
    explanation: Explanation


class Decision(msgspec.Struct, frozen=True):
    proposals: list[Proposal]
    excluded: dict[str, int]
    considered: int


def available(candidate: Candidate, vacancy: Vacancy, today: date) -> bool:
    """Available by the vacancy's start (or today), with two weeks' grace."""
    start = max(vacancy.start or today, today)
    return candidate.available_from is None or candidate.available_from <= start + timedelta(
        days=AVAILABILITY_GRACE_DAYS
    )


def decide(vacancy: Vacancy, pool: list[Considered], isco: IscoCode, today: date, limit: int) -> Decision:
    """Rank everyone eligible above the low bar, best first, capped at ``limit``.

    Exclusions are counted by reason, in this order: no valid consent for the vacancy's
    organisation, not available in time, already referred to this vacancy, below the bar, and
    beyond the limit.
    """
    excluded = dict.fromkeys(("no_consent", "not_available", "already_referred", "below_threshold", "over_limit"), 0)
    ranked = []
    for entry in pool:
        if not entry.consented:
            excluded["no_consent"] += 1
        elif not available(entry.candidate, vacancy, today):
            excluded["not_available"] += 1
        elif entry.already_referred:
            excluded["already_referred"] += 1
        else:
            value, explanation = score(entry.candidate, vacancy, isco)
            if value < MIN_SCORE:
                excluded["below_threshold"] += 1
            else:
                ranked.append(Proposal(candidate_id=entry.candidate.id, score=value, explanation=explanation))
    ranked.sort(key=lambda p: (-p.score, p.candidate_id))
    excluded["over_limit"] = max(0, len(ranked) - limit)
    return Decision(proposals=ranked[:limit], excluded=excluded, considered=len(pool))


@functools.cache
def model_hash() -> str:
    """The content hash of the ranking as it runs here (the scorer and this policy): a replay is only
    exact with the same hash. A learned model's artifact hash takes this place."""
    digest = hashlib.sha256()
    for module in (scoring, sys.modules[__name__]):
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()
