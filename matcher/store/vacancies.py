"""Vacancies: written by their partner's recruiters, read by them and by the city side."""

from __future__ import annotations

from typing import Any

import msgspec
from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.domain.access import VACANCY_READERS, Principal
from matcher.domain.enums import VacancyStatus
from matcher.domain.people import Coordinates, RecognisedTerm
from matcher.domain.vacancies import Vacancy, VacancyCreate, VacancyUpdate
from matcher.errors import Conflict, NotFound
from matcher.matching.terms import recognise, recognise_occupations, unmatched
from matcher.store.ids import new_id, valid_id
from matcher.store.tables import VacancyRow, utcnow
from taxonomy import Taxonomy
from taxonomy.extract import extract
from taxonomy.lookup import family

SKILL_FIELDS = ("required_skills", "nice_to_have_skills", "certificates")


def _skills(taxonomy: Taxonomy, texts: list[str]) -> list[Any]:
    return list(msgspec.to_builtins(recognise(taxonomy, texts)))


def _occupation(taxonomy: Taxonomy, text: str | None) -> dict[str, Any] | None:
    if not text:
        return None
    found: dict[str, Any] = msgspec.to_builtins(recognise_occupations(taxonomy, [text])[0])
    return found


def _mentions(taxonomy: Taxonomy, text: str) -> list[Any]:
    """What the description mentions, so that a pasted ad without structured skills still matches."""
    return (
        [
            {
                "text": m.text,
                "uri": m.uri,
                "label": m.label,
                "kind": family(m.kind),
                "score": m.confidence,
                "strength": m.strength,
                "start": m.start,
                "end": m.end,
            }
            for m in extract(taxonomy, text)
        ]
        if text
        else []
    )


def visible(principal: Principal) -> ColumnElement[bool]:
    """City users see every partner's vacancies; a partner sees only its own."""
    if principal.is_city:
        return VacancyRow.id.is_not(None)
    return VacancyRow.organisation_id == principal.organisation


async def create(session: AsyncSession, principal: Principal, data: VacancyCreate, taxonomy: Taxonomy) -> VacancyRow:
    row = VacancyRow(
        id=new_id(),
        organisation_id=principal.organisation,
        status=VacancyStatus.OPEN.value,
        title=data.title,
        occupation=_occupation(taxonomy, data.occupation or data.title),
        description=data.description,
        description_terms=_mentions(taxonomy, data.description),
        required_skills=_skills(taxonomy, data.required_skills),
        nice_to_have_skills=_skills(taxonomy, data.nice_to_have_skills),
        certificates=_skills(taxonomy, data.certificates),
        languages=msgspec.to_builtins(data.languages),
        driving_licences=list(dict.fromkeys(data.driving_licences)),
        municipality=data.municipality,
        lat=data.coordinates.lat if data.coordinates else None,
        lon=data.coordinates.lon if data.coordinates else None,
        hours=data.hours.value,
        contract=data.contract.value,
        start=data.start,
        openings=data.openings,
        interview_slots=data.interview_slots or 3 * data.openings,
        created_by=principal.user_id,
    )
    session.add(row)
    await session.flush()
    return row


async def get(session: AsyncSession, principal: Principal, vacancy_id: str) -> VacancyRow:
    if principal.role not in VACANCY_READERS or not valid_id(vacancy_id):
        raise NotFound("no such vacancy")
    row = (await session.execute(select(VacancyRow).where(VacancyRow.id == vacancy_id, visible(principal)))).scalar()
    if row is None:
        raise NotFound("no such vacancy")
    return row


async def page(
    session: AsyncSession, principal: Principal, status: VacancyStatus | None, offset: int, limit: int
) -> tuple[list[VacancyRow], int]:
    conditions = [visible(principal)]
    if status is not None:
        conditions.append(VacancyRow.status == status.value)
    total = (await session.execute(select(func.count()).select_from(VacancyRow).where(*conditions))).scalar_one()
    rows = (
        (
            await session.execute(
                select(VacancyRow)
                .where(*conditions)
                .order_by(VacancyRow.created_at, VacancyRow.id)
                .offset(offset)
                .limit(limit)
            )
        )
        .scalars()
        .all()
    )
    return list(rows), total


def apply_update(row: VacancyRow, data: VacancyUpdate, taxonomy: Taxonomy) -> None:
    if row.status != VacancyStatus.OPEN.value:
        raise Conflict("a closed vacancy cannot be changed")
    changes = {f: v for f in data.__struct_fields__ if (v := getattr(data, f)) is not msgspec.UNSET}
    for field, value in changes.items():
        if field in SKILL_FIELDS:
            setattr(row, field, _skills(taxonomy, value))
        elif field == "description":
            row.description = value
            row.description_terms = _mentions(taxonomy, value)
        elif field == "occupation":
            row.occupation = _occupation(taxonomy, value or row.title)
        elif field == "coordinates":
            row.lat, row.lon = (value.lat, value.lon) if value else (None, None)
        elif field in ("languages", "driving_licences", "hours", "contract"):
            setattr(row, field, msgspec.to_builtins(value))
        else:
            setattr(row, field, value)
    row.updated_at = utcnow()


def close(row: VacancyRow) -> None:
    if row.status == VacancyStatus.CLOSED.value:
        raise Conflict("the vacancy is already closed")
    row.status = VacancyStatus.CLOSED.value
    row.closed_at = row.updated_at = utcnow()


def to_vacancy(row: VacancyRow) -> Vacancy:
    terms = {field: msgspec.convert(getattr(row, field), list[RecognisedTerm]) for field in SKILL_FIELDS}
    occupation = msgspec.convert(row.occupation, RecognisedTerm) if row.occupation else None
    coordinates = Coordinates(lat=row.lat, lon=row.lon) if row.lat is not None and row.lon is not None else None
    return msgspec.convert(
        {
            "id": row.id,
            "organisation": row.organisation_id,
            "status": row.status,
            "title": row.title,
            "occupation": occupation,
            "description": row.description,
            "description_terms": row.description_terms,
            **terms,
            "languages": row.languages,
            "driving_licences": row.driving_licences,
            "municipality": row.municipality,
            "coordinates": coordinates,
            "hours": row.hours,
            "contract": row.contract,
            "start": row.start,
            "openings": row.openings,
            "interview_slots": row.interview_slots,
            "unmatched_terms": unmatched(*terms.values(), [occupation] if occupation else []),
            "created_at": row.created_at,
            "updated_at": row.updated_at,
            "closed_at": row.closed_at,
        },
        Vacancy,
        from_attributes=True,
    )
