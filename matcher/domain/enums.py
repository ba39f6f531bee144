"""Closed vocabularies shared by the API, the store and the matcher."""

from __future__ import annotations

from enum import StrEnum


class OrgKind(StrEnum):
    CITY = "city"
    PARTNER = "partner"


class Role(StrEnum):
    COACH = "coach"
    COORDINATOR = "coordinator"
    RECRUITER = "recruiter"
    TEAM = "team"
    ADMIN = "admin"


CITY_ROLES = frozenset({Role.COACH, Role.COORDINATOR})
PARTNER_ROLES = frozenset({Role.RECRUITER})


class Cefr(StrEnum):
    """CEFR levels, plus ``native`` for a first language."""

    A1 = "A1"
    A2 = "A2"
    B1 = "B1"
    B2 = "B2"
    C1 = "C1"
    C2 = "C2"
    NATIVE = "native"

    @property
    def rank(self) -> int:
        return list(Cefr).index(self) + 1


class Hours(StrEnum):
    FULL_TIME = "full_time"
    PART_TIME = "part_time"
    SHIFTS = "shifts"
    EVENINGS = "evenings"
    NIGHTS = "nights"
    WEEKENDS = "weekends"


class Contract(StrEnum):
    PERMANENT = "permanent"
    FIXED_TERM = "fixed_term"
    TEMPORARY = "temporary"
    APPRENTICESHIP = "apprenticeship"


class ConsentPurpose(StrEnum):
    """What a partner organisation may use the profile for."""

    REFERRAL = "referral"


class VacancyStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class NonHireReason(StrEnum):
    SKILLS = "skills"
    EXPERIENCE = "experience"
    LANGUAGE = "language"
    AVAILABILITY = "availability"
    HOURS = "hours"
    LOCATION = "location"
    MOTIVATION = "motivation"
    WORK_CAPACITY = "work_capacity"
    POSITION_FILLED = "position_filled"
    CANDIDATE_DECLINED = "candidate_declined"
    NO_SHOW = "no_show"
    OTHER = "other"
