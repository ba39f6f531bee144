"""Candidate profiles and consents, scoped to the coach's organisation."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

import msgspec
from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.domain.access import CANDIDATE_READERS, Principal
from matcher.domain.candidates import (
    Candidate,
    CandidateCreate,
    CandidateForRecruiter,
    CandidateUpdate,
    Consent,
    ConsentCreate,
)
from matcher.domain.people import Coordinates, RecognisedTerm
from matcher.errors import Conflict, Gone, NotFound
from matcher.matching.terms import recognise, recognise_occupations, unmatched
from matcher.sealing import PREFIX, Sealer
from matcher.store import jobs
from matcher.store.ids import new_id, valid_id
from matcher.store.tables import (
    CandidateRow,
    ConsentRow,
    DeliveryRow,
    ErasureRow,
    FollowUpRow,
    NotificationRow,
    OutcomeRow,
    RankingInputRow,
    ReferralEventRow,
    ReferralRow,
    ShortlistItemRow,
    utcnow,
)
from taxonomy import Taxonomy

TERM_FIELDS = ("skills", "occupations", "certificates")


def _builtins(value: Any) -> Any:
    return msgspec.to_builtins(value)


def subject_hash(candidate_id: str) -> str:
    return hashlib.sha256(f"candidate:{candidate_id}".encode()).hexdigest()


def _terms(taxonomy: Taxonomy, field: str, texts: list[str]) -> list[Any]:
    found = recognise_occupations(taxonomy, texts) if field == "occupations" else recognise(taxonomy, texts)
    return list(_builtins(found))


async def create(
    session: AsyncSession, principal: Principal, data: CandidateCreate, taxonomy: Taxonomy, sealer: Sealer
) -> CandidateRow:
    identifier = new_id()
    row = CandidateRow(
        id=identifier,
        organisation_id=principal.organisation,
        case_ref=data.case_ref,
        municipality=data.municipality,
        lat=data.coordinates.lat if data.coordinates else None,
        lon=data.coordinates.lon if data.coordinates else None,
        skills=_terms(taxonomy, "skills", data.skills),
        occupations=_terms(taxonomy, "occupations", data.occupations),
        certificates=_terms(taxonomy, "certificates", data.certificates),
        languages=_builtins(data.languages),
        driving_licences=list(dict.fromkeys(data.driving_licences)),
        hours=_builtins(list(dict.fromkeys(data.hours))),
        max_commute_km=data.max_commute_km,
        available_from=data.available_from,
        unemployed_since=data.unemployed_since,
        work_capacity_note=sealer.seal(data.work_capacity_note, identifier),
        service_ended_on=data.service_ended_on,
        created_by=principal.user_id,
    )
    session.add(row)
    await session.flush()
    for consent in data.consents:
        session.add(_consent_row(row.id, consent))
    await session.flush()
    return row


def _consent_row(candidate_id: str, consent: ConsentCreate) -> ConsentRow:
    return ConsentRow(
        id=new_id(),
        candidate_id=candidate_id,
        organisation=consent.organisation,
        purpose=consent.purpose.value,
        expires=consent.expires,
    )


async def get(session: AsyncSession, principal: Principal, candidate_id: str) -> CandidateRow:
    """The candidate if it belongs to the principal's organisation; erased ones are 410."""
    if principal.role not in CANDIDATE_READERS:
        raise NotFound("no such candidate")
    row = await session.get(CandidateRow, candidate_id) if valid_id(candidate_id) else None
    if row is None or row.organisation_id != principal.organisation:
        erased = await session.get(ErasureRow, subject_hash(candidate_id))
        if erased is not None and erased.organisation_id == principal.organisation:
            raise Gone("this candidate's data has been erased")
        raise NotFound("no such candidate")
    return row


async def page(session: AsyncSession, principal: Principal, offset: int, limit: int) -> tuple[list[CandidateRow], int]:
    scope = CandidateRow.organisation_id == principal.organisation
    total = (await session.execute(select(func.count()).select_from(CandidateRow).where(scope))).scalar_one()
    rows = (
        (
            await session.execute(
                select(CandidateRow)
                .where(scope)
                .order_by(CandidateRow.created_at, CandidateRow.id)
                .offset(offset)
                .limit(limit)
            )
        )
        .scalars()
        .all()
    )
    return list(rows), total


def apply_update(row: CandidateRow, data: CandidateUpdate, taxonomy: Taxonomy, sealer: Sealer) -> None:
    changes = {f: v for f in data.__struct_fields__ if (v := getattr(data, f)) is not msgspec.UNSET}
    for field, value in changes.items():
        if field == "work_capacity_note":
            row.work_capacity_note = sealer.seal(value, row.id)
        elif field in TERM_FIELDS:
            setattr(row, field, _terms(taxonomy, field, value))
        elif field == "coordinates":
            row.lat, row.lon = (value.lat, value.lon) if value else (None, None)
        elif field in ("languages", "hours", "driving_licences"):
            setattr(row, field, _builtins(list(dict.fromkeys(value)) if field != "languages" else value))
        else:
            setattr(row, field, value)
    row.updated_at = utcnow()


async def consents(session: AsyncSession, candidate_ids: list[str]) -> dict[str, list[ConsentRow]]:
    found: dict[str, list[ConsentRow]] = {cid: [] for cid in candidate_ids}
    if candidate_ids:
        rows = (
            await session.execute(
                select(ConsentRow).where(ConsentRow.candidate_id.in_(candidate_ids)).order_by(ConsentRow.given_at)
            )
        ).scalars()
        for row in rows:
            found[row.candidate_id].append(row)
    return found


def consent_active(row: ConsentRow, today: date) -> bool:
    return row.withdrawn_at is None and row.expires >= today


def has_consent(rows: list[ConsentRow], organisation: str, purpose: str, today: date) -> bool:
    """A consent for that organisation and purpose that is neither withdrawn nor expired."""
    return any(r.organisation == organisation and r.purpose == purpose and consent_active(r, today) for r in rows)


async def add_consent(session: AsyncSession, row: CandidateRow, data: ConsentCreate) -> ConsentRow:
    consent = _consent_row(row.id, data)
    session.add(consent)
    await session.flush()
    return consent


async def withdraw_consent(session: AsyncSession, row: CandidateRow, consent_id: str) -> ConsentRow:
    consent = await session.get(ConsentRow, consent_id) if valid_id(consent_id) else None
    if consent is None or consent.candidate_id != row.id:
        raise NotFound("no such consent")
    if consent.withdrawn_at is not None:
        raise Conflict("the consent was already withdrawn")
    consent.withdrawn_at = utcnow()
    return consent


async def erase(session: AsyncSession, row: CandidateRow) -> list[str]:
    """Remove the person everywhere; statistics keep only content-free, unlinked rows.

    Referrals stay for the counts, without the candidate, notes or free-text feedback; shortlist
    items lose the candidate id; a tombstone keeps a hash of the id so a later read says "erased".
    Jobs about the person's referrals are cancelled with their payloads and results: the ids are
    returned so that the caller drops them from the queue too.
    """
    referral_list = list(
        (await session.execute(select(ReferralRow.id).where(ReferralRow.candidate_id == row.id))).scalars()
    )
    job_ids = await jobs.about_referrals(session, referral_list)
    await jobs.cancel(session, job_ids)
    await session.execute(
        update(DeliveryRow).where(DeliveryRow.referral_id.in_(referral_list)).values(payload={}, referral_id=None)
    )
    referral_ids = select(ReferralRow.id).where(ReferralRow.candidate_id == row.id).scalar_subquery()
    await session.execute(
        update(ReferralEventRow).where(ReferralEventRow.referral_id.in_(referral_ids)).values(note=None)
    )
    await session.execute(update(OutcomeRow).where(OutcomeRow.referral_id.in_(referral_ids)).values(feedback=None))
    await session.execute(delete(NotificationRow).where(NotificationRow.referral_id.in_(referral_ids)))
    await session.execute(update(ReferralRow).where(ReferralRow.candidate_id == row.id).values(candidate_id=None))
    await session.execute(
        update(ShortlistItemRow).where(ShortlistItemRow.candidate_id == row.id).values(candidate_id=None)
    )
    await session.execute(delete(ConsentRow).where(ConsentRow.candidate_id == row.id))
    await session.execute(delete(RankingInputRow).where(RankingInputRow.candidate_id == row.id))
    await session.execute(update(FollowUpRow).where(FollowUpRow.referral_id.in_(referral_ids)).values(note=None))
    session.add(ErasureRow(subject_hash=subject_hash(row.id), organisation_id=row.organisation_id))
    await session.delete(row)
    return job_ids


async def reseal_notes(session: AsyncSession, sealer: Sealer) -> int:
    """Seal with the current key every note that is not: plain text from before sealing, or sealed
    with a retired key. A note no key opens stops the service here rather than at a coach's read."""
    count = 0
    rows = await session.execute(
        select(CandidateRow.id, CandidateRow.work_capacity_note).where(CandidateRow.work_capacity_note.is_not(None))
    )
    for identifier, note in rows.all():
        if note is None or sealer.is_current(note):
            continue
        plain = sealer.open(note, identifier) if sealer.parts(note)[0] == PREFIX else note
        await session.execute(
            update(CandidateRow)
            .where(CandidateRow.id == identifier)
            .values(work_capacity_note=sealer.seal(plain, identifier))
        )
        count += 1
    return count


def _coordinates(row: CandidateRow) -> Coordinates | None:
    return Coordinates(lat=row.lat, lon=row.lon) if row.lat is not None and row.lon is not None else None


def to_consent(row: ConsentRow, today: date) -> Consent:
    return Consent(
        id=row.id,
        organisation=row.organisation,
        purpose=row.purpose,  # type: ignore[arg-type]
        expires=row.expires,
        given_at=row.given_at,
        withdrawn_at=row.withdrawn_at,
        active=consent_active(row, today),
    )


def to_candidate(row: CandidateRow, consent_rows: list[ConsentRow], today: date, note: str | None) -> Candidate:
    """The coach's view. The work-capacity note is passed in opened (see ``Sealer``), or None where it
    has no business (the matcher never sees it)."""
    terms = {field: msgspec.convert(getattr(row, field), list[RecognisedTerm]) for field in TERM_FIELDS}
    return msgspec.convert(
        {
            "id": row.id,
            "organisation": row.organisation_id,
            "municipality": row.municipality,
            "case_ref": row.case_ref,
            "coordinates": _coordinates(row),
            **terms,
            "languages": row.languages,
            "driving_licences": row.driving_licences,
            "hours": row.hours,
            "max_commute_km": row.max_commute_km,
            "available_from": row.available_from,
            "unemployed_since": row.unemployed_since,
            "work_capacity_note": note,
            "service_ended_on": row.service_ended_on,
            "consents": [to_consent(c, today) for c in consent_rows],
            "unmatched_terms": unmatched(*terms.values()),
            "created_at": row.created_at,
            "updated_at": row.updated_at,
        },
        Candidate,
        from_attributes=True,
    )


def to_recruiter_view(row: CandidateRow) -> CandidateForRecruiter:
    """Built field by field from the row: nothing of the coach's view is copied over and trimmed."""
    return msgspec.convert(
        {
            "id": row.id,
            "municipality": row.municipality,
            "skills": row.skills,
            "occupations": row.occupations,
            "languages": row.languages,
            "certificates": row.certificates,
            "driving_licences": row.driving_licences,
            "hours": row.hours,
            "available_from": row.available_from,
        },
        CandidateForRecruiter,
    )
