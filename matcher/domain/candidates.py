"""Job-seeker profiles: the coach's view, the recruiter's minimised view, and consents."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import msgspec
from msgspec import UNSET, UnsetType

from matcher.domain.base import PRINTABLE, Id, Input, LongText, Output, Slug, Terms
from matcher.domain.enums import ConsentPurpose, Hours
from matcher.domain.people import Coordinates, DrivingLicence, Language, Municipality, RecognisedTerm

CaseRef = Annotated[str, msgspec.Meta(min_length=1, max_length=64, pattern=PRINTABLE)]
CommuteKm = Annotated[int, msgspec.Meta(ge=0, le=500)]


class ConsentCreate(Input):
    """The job seeker's consent that ``organisation`` may see the profile for ``purpose`` until ``expires``."""

    organisation: Slug
    expires: date
    purpose: ConsentPurpose = ConsentPurpose.REFERRAL


class Consent(Output):
    id: str
    organisation: str
    purpose: ConsentPurpose
    expires: date
    given_at: datetime
    withdrawn_at: datetime | None
    active: bool


class CandidateCreate(Input):
    """A job seeker's profile as a coach registers it. There is no national identity number field."""

    municipality: Municipality
    case_ref: CaseRef | None = None
    coordinates: Coordinates | None = None
    skills: Terms = msgspec.field(default_factory=list)
    occupations: Terms = msgspec.field(default_factory=list)
    languages: list[Language] = msgspec.field(default_factory=list)
    certificates: Terms = msgspec.field(default_factory=list)
    driving_licences: list[DrivingLicence] = msgspec.field(default_factory=list)
    hours: list[Hours] = msgspec.field(default_factory=list)
    max_commute_km: CommuteKm | None = None
    available_from: date | None = None
    unemployed_since: date | None = None
    work_capacity_note: LongText | None = None
    service_ended_on: date | None = None
    consents: list[ConsentCreate] = msgspec.field(default_factory=list)


class CandidateUpdate(Input):
    """A partial update: fields left out keep their value; ``null`` clears an optional one."""

    municipality: Municipality | UnsetType = UNSET
    case_ref: CaseRef | UnsetType | None = UNSET
    coordinates: Coordinates | UnsetType | None = UNSET
    skills: Terms | UnsetType = UNSET
    occupations: Terms | UnsetType = UNSET
    languages: list[Language] | UnsetType = UNSET
    certificates: Terms | UnsetType = UNSET
    driving_licences: list[DrivingLicence] | UnsetType = UNSET
    hours: list[Hours] | UnsetType = UNSET
    max_commute_km: CommuteKm | UnsetType | None = UNSET
    available_from: date | UnsetType | None = UNSET
    unemployed_since: date | UnsetType | None = UNSET
    work_capacity_note: LongText | UnsetType | None = UNSET
    service_ended_on: Annotated[
        date | UnsetType | None,
        msgspec.Meta(description="When the person's service ended; the profile is erased a set time after"),
    ] = UNSET


class Candidate(Output):
    """The coach's view of a profile (city side only)."""

    id: Id
    organisation: str
    municipality: str
    case_ref: str | None
    coordinates: Coordinates | None
    skills: list[RecognisedTerm]
    occupations: list[RecognisedTerm]
    languages: list[Language]
    certificates: list[RecognisedTerm]
    driving_licences: list[str]
    hours: list[Hours]
    max_commute_km: int | None
    available_from: date | None
    unemployed_since: date | None
    work_capacity_note: str | None
    service_ended_on: date | None
    consents: list[Consent]
    unmatched_terms: list[str]
    created_at: datetime
    updated_at: datetime


class CandidateForRecruiter(Output):
    """What a staffing partner sees of a referred candidate: no health, case or unemployment data."""

    id: Id
    municipality: str
    skills: list[RecognisedTerm]
    occupations: list[RecognisedTerm]
    languages: list[Language]
    certificates: list[RecognisedTerm]
    driving_licences: list[str]
    hours: list[Hours]
    available_from: date | None


class CandidatePage(Output):
    items: list[Candidate]
    total: int
    offset: int
    limit: int
