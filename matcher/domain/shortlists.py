"""Shortlists: ranked proposals with the reason for every name."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec

from matcher.domain.base import Id, Input, Output, Text


class ShortlistCreate(Input):
    """Options for a shortlist; the vacancy's interview slots cap it when ``limit`` is left out."""

    limit: Annotated[int, msgspec.Meta(ge=1, le=200)] | None = None


class LanguageFit(Output):
    code: str
    required: str
    has: str | None
    ok: bool


class LocationFit(Output):
    candidate_municipality: str
    vacancy_municipality: str
    distance_km: float | None
    max_commute_km: int | None
    ok: bool


class Reason(Output):
    """One feature's part in the ranking, in words (``effect`` > 0 helped, < 0 held back)."""

    feature: str
    effect: float
    fi: str
    en: str


class Gap(Output):
    """Something required that the person lacks but can get quickly, and how."""

    missing: str
    bridge_fi: str
    bridge_en: str


class Explanation(Output):
    matched_skills: list[str]
    missing_required: list[str]
    matched_nice_to_have: list[str]
    occupation_match: bool
    language_fit: list[LanguageFit]
    location_fit: LocationFit
    hours_fit: bool
    contributions: dict[str, float]  # the transparent prior's parts
    reasons: list[Reason] = msgspec.field(default_factory=list)  # what moved the ranking most
    gaps: list[Gap] = msgspec.field(default_factory=list)
    near_miss: bool = False  # below the bar until the gaps are bridged
    suitability: float | None = None  # the transparent prior
    hire_probability: float | None = None  # the learned model's, when one ranks


class ShortlistOrder(Input):
    """A coach's order for the list, best first, by referral id (every item once), and why."""

    order: Annotated[list[Id], msgspec.Meta(min_length=1, max_length=200)]
    reason: Text


class ShortlistItem(Output):
    candidate_id: str | None
    rank: int  # the matcher's
    score: float
    referral_id: str | None
    explanation: Explanation
    coach_rank: int | None = None  # the coach's, when a coach reordered the list


class Reordering(Output):
    at: datetime
    by: str | None
    reason: str


class Shortlist(Output):
    id: str
    vacancy_id: str
    model_version: str
    created_at: datetime
    created_by: str | None
    considered: int
    excluded: dict[str, int]
    items: list[ShortlistItem]  # in the matcher's order
    reordered: Reordering | None = None


class Standing(Output):
    """Where one job seeker stands for a vacancy now, and why: on the shortlist, beyond its length,
    below the bar, or left out (``reason``: no_consent, not_available, already_referred, referral_cap)."""

    vacancy_id: str
    candidate_id: str
    status: Literal["shortlisted", "beyond_limit", "below_threshold", "excluded"]
    reason: str | None
    rank: int | None  # among everyone eligible
    eligible: int
    limit: int
    score: float | None
    explanation: Explanation


class AllocationCreate(Input):
    """Plan every open vacancy at once; ``cap`` overrides the configured open referrals per person."""

    cap: Annotated[int, msgspec.Meta(ge=1, le=20)] | None = None


class Allocation(Output):
    """Shortlists for all open vacancies, chosen together to maximise expected hires."""

    vacancies: int
    slots: int  # interview slots offered
    planned: int  # interviews proposed
    slot_fill: float
    value: float  # the hires the chosen interviews should bring, each vacancy's openings counted
    # (from the learned model's hire chances; from the prior's scores while it ranks)
    cap: int
    model_version: str
    shortlists: list[Shortlist]
