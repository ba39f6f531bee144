"""Vacancies pushed by staffing partners."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

import msgspec
from msgspec import UNSET, UnsetType

from matcher.domain.base import Id, Input, LongText, Output, Term, Terms, Text
from matcher.domain.enums import Contract, Hours, VacancyStatus
from matcher.domain.people import Coordinates, DrivingLicence, Language, Municipality, RecognisedTerm

Count = Annotated[int, msgspec.Meta(ge=1, le=1000)]


class VacancyCreate(Input):
    """A vacancy; ``interview_slots`` defaults to three per opening."""

    title: Text
    municipality: Municipality
    hours: Hours
    contract: Contract
    occupation: Term | None = None
    description: LongText = ""
    required_skills: Terms = msgspec.field(default_factory=list)
    nice_to_have_skills: Terms = msgspec.field(default_factory=list)
    languages: list[Language] = msgspec.field(default_factory=list)
    certificates: Terms = msgspec.field(default_factory=list)
    driving_licences: list[DrivingLicence] = msgspec.field(default_factory=list)
    coordinates: Coordinates | None = None
    start: date | None = None
    openings: Count = 1
    interview_slots: Count | None = None


class VacancyUpdate(Input):
    title: Text | UnsetType = UNSET
    municipality: Municipality | UnsetType = UNSET
    hours: Hours | UnsetType = UNSET
    contract: Contract | UnsetType = UNSET
    occupation: Term | UnsetType | None = UNSET
    description: LongText | UnsetType = UNSET
    required_skills: Terms | UnsetType = UNSET
    nice_to_have_skills: Terms | UnsetType = UNSET
    languages: list[Language] | UnsetType = UNSET
    certificates: Terms | UnsetType = UNSET
    driving_licences: list[DrivingLicence] | UnsetType = UNSET
    coordinates: Coordinates | UnsetType | None = UNSET
    start: date | UnsetType | None = UNSET
    openings: Count | UnsetType = UNSET
    interview_slots: Count | UnsetType = UNSET


class MentionedTerm(RecognisedTerm):
    """A concept the description mentions: ``strength`` says whether the ad requires it."""

    strength: Literal["required", "nice_to_have", "mentioned"] = "mentioned"
    start: int = 0
    end: int = 0


class Vacancy(Output):
    id: Id
    organisation: str
    status: VacancyStatus
    title: str
    occupation: RecognisedTerm | None
    description: str
    description_terms: list[MentionedTerm]
    required_skills: list[RecognisedTerm]
    nice_to_have_skills: list[RecognisedTerm]
    languages: list[Language]
    certificates: list[RecognisedTerm]
    driving_licences: list[str]
    municipality: str
    coordinates: Coordinates | None
    hours: Hours
    contract: Contract
    start: date | None
    openings: int
    interview_slots: int
    unmatched_terms: list[str]
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None


class VacancyPage(Output):
    items: list[Vacancy]
    total: int
    offset: int
    limit: int
