"""Referrals: the state machine from proposal to outcome, and what each side sees of it."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Literal

import msgspec

from matcher.domain.base import Input, LongText, Output
from matcher.domain.candidates import CandidateForRecruiter
from matcher.domain.enums import NonHireReason, Role


class ReferralState(StrEnum):
    PROPOSED = "proposed"
    APPROVED = "approved"
    INTERVIEW_SCHEDULED = "interview_scheduled"
    HIRED = "hired"
    NOT_HIRED = "not_hired"
    NO_SHOW = "no_show"
    WITHDRAWN = "withdrawn"
    HIRED_ELSEWHERE = "hired_elsewhere"
    EXPIRED = "expired"  # closed by the service after no move for a long time


S = ReferralState
OUTCOMES = frozenset({S.HIRED, S.NOT_HIRED, S.NO_SHOW})
FINAL = frozenset({*OUTCOMES, S.WITHDRAWN, S.HIRED_ELSEWHERE, S.EXPIRED})
STALLABLE = (S.PROPOSED, S.APPROVED)  # an interview without an outcome is chased, not closed
OPEN = frozenset(set(S) - FINAL)

# (from, to) -> the roles that may make that move. Anything not listed is an illegal transition.
TRANSITIONS: dict[tuple[ReferralState, ReferralState], frozenset[Role]] = {
    (S.PROPOSED, S.APPROVED): frozenset({Role.COACH}),
    (S.PROPOSED, S.WITHDRAWN): frozenset({Role.COACH, Role.COORDINATOR}),
    (S.APPROVED, S.INTERVIEW_SCHEDULED): frozenset({Role.RECRUITER}),
    (S.INTERVIEW_SCHEDULED, S.INTERVIEW_SCHEDULED): frozenset({Role.RECRUITER}),
    **{(S.INTERVIEW_SCHEDULED, outcome): frozenset({Role.RECRUITER}) for outcome in OUTCOMES},
    **{(state, S.WITHDRAWN): frozenset({Role.COACH, Role.RECRUITER}) for state in (S.APPROVED, S.INTERVIEW_SCHEDULED)},
    **{(state, S.HIRED_ELSEWHERE): frozenset({Role.COACH}) for state in (S.APPROVED, S.INTERVIEW_SCHEDULED)},
    **{(state, S.EXPIRED): frozenset() for state in STALLABLE},  # made by the service alone
}


def allowed(current: ReferralState, target: ReferralState, role: Role) -> bool:
    """Whether ``role`` may move a referral from ``current`` to ``target``."""
    return role in TRANSITIONS.get((current, target), frozenset())


def reachable(current: ReferralState) -> list[ReferralState]:
    return [target for (source, target) in TRANSITIONS if source == current]


Employability = Annotated[int, msgspec.Meta(ge=1, le=5, description="1 = far from work, 5 = ready now")]


class TransitionCreate(Input):
    """Move a referral on. ``interview_at`` is required for ``interview_scheduled``; removing a
    proposal from a shortlist (``withdrawn`` while proposed) needs a ``note`` saying why."""

    to: Literal["approved", "interview_scheduled", "withdrawn", "hired_elsewhere"]
    interview_at: datetime | None = None
    note: LongText | None = None


class OutcomeCreate(Input):
    """The interview outcome. A non-hire names at least one reason; feedback goes to the coach."""

    outcome: Literal["hired", "not_hired", "no_show"]
    reasons: Annotated[list[NonHireReason], msgspec.Meta(max_length=12)] = msgspec.field(default_factory=list)
    feedback: LongText = ""
    employability: Employability | None = None


class FollowUpStatus(StrEnum):
    """Where the person is three months after the hire (what outcome-based payment is counted on)."""

    EMPLOYED = "employed"
    STUDY_PLACE = "study_place"
    OWN_BUSINESS = "own_business"
    LIGHT_ENTREPRENEURSHIP = "light_entrepreneurship"
    WORK_TRIAL = "work_trial"
    NOT_EMPLOYED = "not_employed"


FULL_TIME_PERCENT = 80  # at least this share of full working time counts as full-time work


class FollowUpCreate(Input):
    """The follow-up answer. ``working_time_percent`` is required when still employed."""

    status: FollowUpStatus
    working_time_percent: Annotated[int, msgspec.Meta(ge=1, le=100)] | None = None
    note: LongText = ""


class FollowUp(Output):
    status: FollowUpStatus
    working_time_percent: int | None
    full_time: bool | None
    recorded_at: datetime


class Transition(Output):
    state: ReferralState
    at: datetime
    by_user: str | None
    by_organisation: str | None
    note: str | None = None


class Outcome(Output):
    outcome: ReferralState
    reasons: list[NonHireReason]
    feedback: str
    employability: int | None
    recorded_at: datetime


class Referral(Output):
    """The city side's view of a referral."""

    id: str
    vacancy_id: str
    candidate_id: str | None
    shortlist_id: str | None
    state: ReferralState
    interview_at: datetime | None
    history: list[Transition]
    outcome: Outcome | None
    follow_up: FollowUp | None
    feedback_escalated_at: datetime | None
    next_states: list[ReferralState]


class RecruiterReferral(Output):
    """The partner's view: the minimised candidate, only while the consent holds."""

    id: str
    vacancy_id: str
    state: ReferralState
    interview_at: datetime | None
    candidate: CandidateForRecruiter | None
    outcome: Outcome | None
    follow_up: FollowUp | None
    next_states: list[ReferralState]


class ReferralPage(Output):
    items: list[Referral]
    total: int


class RecruiterReferralPage(Output):
    items: list[RecruiterReferral]
    total: int
