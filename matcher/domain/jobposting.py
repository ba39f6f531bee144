"""schema.org ``JobPosting`` JSON-LD as an alternative vacancy body.

Only JobPosting properties are accepted (a misspelt property is an error, as in our own schema);
values may take the several shapes JSON-LD allows (text, list, ``DefinedTerm``, ``Place``...).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import msgspec

from matcher.domain.enums import Contract, Hours
from matcher.domain.vacancies import VacancyCreate
from matcher.errors import InvalidField

Loose = str | int | float | bool | dict[str, Any] | list[Any] | None


class JobPosting(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, rename="camel"):
    """The JobPosting properties Kohtaanto reads or tolerates (https://schema.org/JobPosting)."""

    context: Loose = msgspec.field(default=None, name="@context")
    type: str = msgspec.field(name="@type")
    id: Loose = msgspec.field(default=None, name="@id")
    title: str | None = None
    name: str | None = None
    description: str | None = None
    occupational_category: Loose = None
    skills: Loose = None
    qualifications: Loose = None
    employment_type: Loose = None
    job_location: Loose = None
    job_start_date: str | None = None
    total_job_openings: int | None = None
    date_posted: str | None = None
    valid_through: str | None = None
    hiring_organization: Loose = None
    identifier: Loose = None
    industry: Loose = None
    work_hours: Loose = None
    base_salary: Loose = None
    estimated_salary: Loose = None
    salary_currency: Loose = None
    education_requirements: Loose = None
    experience_requirements: Loose = None
    responsibilities: Loose = None
    job_benefits: Loose = None
    incentive_compensation: Loose = None
    employment_unit: Loose = None
    direct_apply: Loose = None
    job_location_type: Loose = None
    applicant_location_requirements: Loose = None
    url: Loose = None
    in_language: Loose = None


def _texts(value: Loose) -> list[str]:
    """Flatten text, comma lists, lists and ``DefinedTerm``/``Thing`` objects into strings."""
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in re.split(r"[,;\n]", value) if part.strip()]
    if isinstance(value, dict):
        return _texts(value.get("name") or value.get("termCode"))
    if isinstance(value, list):
        return [text for item in value for text in _texts(item)]
    return [str(value)]


def _locality(location: Loose) -> str | None:
    if isinstance(location, list):
        location = location[0] if location else None
    if not isinstance(location, dict):
        return None
    address = location.get("address")
    if isinstance(address, str):
        return address.split(",")[0].strip() or None
    if isinstance(address, dict):
        locality = address.get("addressLocality")
        return str(locality).strip() if locality else None
    return None


def _date(value: str | None, field: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise InvalidField(f"$.{field}", "expected an ISO 8601 date") from None


_HOURS = {"FULL_TIME": Hours.FULL_TIME, "PART_TIME": Hours.PART_TIME}
_CONTRACTS = {"TEMPORARY": Contract.TEMPORARY, "CONTRACTOR": Contract.FIXED_TERM, "INTERN": Contract.APPRENTICESHIP}


def to_vacancy(posting: JobPosting) -> VacancyCreate:
    """Map a JobPosting to a vacancy; a missing title or place is an error naming the property."""
    if posting.type != "JobPosting":
        raise InvalidField("$.@type", "expected JobPosting")
    title = posting.title or posting.name
    if not title:
        raise InvalidField("$.title", "a JobPosting needs a title")
    municipality = _locality(posting.job_location)
    if not municipality:
        raise InvalidField("$.jobLocation.address.addressLocality", "a JobPosting needs a locality")
    types = [t.upper() for t in _texts(posting.employment_type)]
    hours = next((_HOURS[t] for t in types if t in _HOURS), Hours.FULL_TIME)
    contract = next((_CONTRACTS[t] for t in types if t in _CONTRACTS), Contract.PERMANENT)
    occupations = _texts(posting.occupational_category)
    data = {
        "title": title[:200],
        "municipality": municipality[:80],
        "hours": hours,
        "contract": contract,
        "occupation": occupations[0][:120] if occupations else None,
        "description": (posting.description or "")[:5000],
        "required_skills": _texts(posting.skills),
        "certificates": _texts(posting.qualifications),
        "start": _date(posting.job_start_date, "jobStartDate"),
        "openings": posting.total_job_openings or 1,
    }
    return msgspec.convert(data, VacancyCreate)
