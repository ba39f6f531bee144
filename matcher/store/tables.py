"""SQL tables. The same schema runs on SQLite (embedded default) and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, String, Text, TypeDecorator, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite drops the offset otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


Json = JSON().with_variant(JSONB(), "postgresql")


OPEN_REFERRAL = "state IN ('proposed', 'approved', 'interview_scheduled')"


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime, date: Date, dict[str, Any]: Json, list[Any]: Json}


class OrganisationRow(Base):
    __tablename__ = "organisations"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class UserRow(Base):
    __tablename__ = "users"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(default=None)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)


class CandidateRow(Base):
    __tablename__ = "candidates"
    # What changed in an organisation, and when last: the warm index's version check reads only this.
    __table_args__ = (Index("ix_candidates_organisation_updated", "organisation_id", "updated_at"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    case_ref: Mapped[str | None] = mapped_column(String(64))
    municipality: Mapped[str] = mapped_column(String(80))
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    skills: Mapped[list[Any]]
    occupations: Mapped[list[Any]]
    languages: Mapped[list[Any]]
    certificates: Mapped[list[Any]]
    driving_licences: Mapped[list[Any]]
    hours: Mapped[list[Any]]
    max_commute_km: Mapped[int | None]
    available_from: Mapped[date | None]
    unemployed_since: Mapped[date | None]
    work_capacity_note: Mapped[str | None] = mapped_column(Text)
    service_ended_on: Mapped[date | None] = mapped_column(default=None, index=True)
    created_by: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class ConsentRow(Base):
    __tablename__ = "consents"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    candidate_id: Mapped[str] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"), index=True)
    organisation: Mapped[str] = mapped_column(String(64), index=True)
    purpose: Mapped[str] = mapped_column(String(32))
    expires: Mapped[date]
    given_at: Mapped[datetime] = mapped_column(default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(default=None)


class VacancyRow(Base):
    __tablename__ = "vacancies"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    title: Mapped[str] = mapped_column(String(200))
    occupation: Mapped[dict[str, Any] | None]
    description: Mapped[str] = mapped_column(Text)
    description_terms: Mapped[list[Any]] = mapped_column(server_default=text("'[]'"))
    required_skills: Mapped[list[Any]]
    nice_to_have_skills: Mapped[list[Any]]
    languages: Mapped[list[Any]]
    certificates: Mapped[list[Any]]
    driving_licences: Mapped[list[Any]]
    municipality: Mapped[str] = mapped_column(String(80))
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    hours: Mapped[str] = mapped_column(String(16))
    contract: Mapped[str] = mapped_column(String(16))
    start: Mapped[date | None]
    openings: Mapped[int]
    interview_slots: Mapped[int]
    created_by: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(default=None)


class ShortlistRow(Base):
    __tablename__ = "shortlists"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    vacancy_id: Mapped[str] = mapped_column(ForeignKey("vacancies.id"), index=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"))
    created_by: Mapped[str | None] = mapped_column(String(36))
    model_version: Mapped[str] = mapped_column(String(64))
    considered: Mapped[int]
    excluded: Mapped[dict[str, Any]]
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    reordered_at: Mapped[datetime | None] = mapped_column(default=None)
    reordered_by: Mapped[str | None] = mapped_column(String(36), default=None)
    reorder_reason: Mapped[str | None] = mapped_column(Text, default=None)


class ShortlistItemRow(Base):
    __tablename__ = "shortlist_items"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    shortlist_id: Mapped[str] = mapped_column(ForeignKey("shortlists.id", ondelete="CASCADE"), index=True)
    candidate_id: Mapped[str | None] = mapped_column(String(36), index=True)
    referral_id: Mapped[str | None] = mapped_column(String(36))
    rank: Mapped[int]
    score: Mapped[float]
    explanation: Mapped[dict[str, Any]]
    coach_rank: Mapped[int | None] = mapped_column(default=None)  # the order a coach put the list in


class ReferralRow(Base):
    __tablename__ = "referrals"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    vacancy_id: Mapped[str] = mapped_column(ForeignKey("vacancies.id"), index=True)
    candidate_id: Mapped[str | None] = mapped_column(String(36), index=True)
    city_org_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    partner_org_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    shortlist_id: Mapped[str | None] = mapped_column(String(36))
    state: Mapped[str] = mapped_column(String(32), index=True)
    interview_at: Mapped[datetime | None] = mapped_column(default=None)
    feedback_escalated_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    # At most one open referral per candidate and vacancy, whatever the timing of two requests.
    __table_args__ = (
        Index(
            "uq_referrals_open_pair",
            "vacancy_id",
            "candidate_id",
            unique=True,
            sqlite_where=text(OPEN_REFERRAL),
            postgresql_where=text(OPEN_REFERRAL),
        ),
    )


class ReferralEventRow(Base):
    __tablename__ = "referral_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    referral_id: Mapped[str] = mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[str | None] = mapped_column(String(36))
    organisation_id: Mapped[str | None] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(Text)


class OutcomeRow(Base):
    __tablename__ = "outcomes"
    referral_id: Mapped[str] = mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"), primary_key=True)
    outcome: Mapped[str] = mapped_column(String(32))
    reasons: Mapped[list[Any]]
    feedback: Mapped[str | None] = mapped_column(Text)
    employability: Mapped[int | None]
    recorded_by: Mapped[str | None] = mapped_column(String(36))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class NotificationRow(Base):
    __tablename__ = "notifications"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    key: Mapped[str] = mapped_column(String(160), unique=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    referral_id: Mapped[str | None] = mapped_column(String(36), index=True)
    vacancy_id: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class JobRow(Base):
    """The durable record of a background job (the outbox): Redis only carries a copy."""

    __tablename__ = "jobs"
    id: Mapped[str] = mapped_column(String(160), primary_key=True)
    function: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]]
    state: Mapped[str] = mapped_column(String(16))
    run_at: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
    result: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (Index("ix_jobs_state_run_at", "state", "run_at"),)


class ErasureRow(Base):
    """A content-free tombstone: that a profile existed and was erased, and when."""

    __tablename__ = "erasures"
    subject_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(String(64))
    erased_at: Mapped[datetime] = mapped_column(default=utcnow)


class FollowUpRow(Base):
    """What a hire turned into three months on: the outcome payment is counted on."""

    __tablename__ = "follow_ups"
    referral_id: Mapped[str] = mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"), primary_key=True)
    status: Mapped[str] = mapped_column(String(32))
    working_time_percent: Mapped[int | None] = mapped_column(default=None)
    note: Mapped[str | None] = mapped_column(Text, default=None)
    recorded_by: Mapped[str | None] = mapped_column(String(36))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class WebhookRow(Base):
    """Where an organisation's systems want events delivered, and the key that signs them."""

    __tablename__ = "webhooks"
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), primary_key=True)
    url: Mapped[str] = mapped_column(String(500))
    secret: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class DeliveryRow(Base):
    """One event for one organisation's webhook, and how delivering it went."""

    __tablename__ = "webhook_deliveries"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    key: Mapped[str] = mapped_column(String(160), unique=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    event: Mapped[str] = mapped_column(String(48))
    referral_id: Mapped[str | None] = mapped_column(String(36), index=True)
    payload: Mapped[dict[str, Any]]
    state: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(default=0)
    last_status: Mapped[int | None] = mapped_column(default=None)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    delivered_at: Mapped[datetime | None] = mapped_column(default=None)


class SecretRow(Base):
    """Keys the service makes for itself (the one that signs answer links), unless set in the environment."""

    __tablename__ = "secrets"
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(String(128))


class ReportSnapshotRow(Base):
    """A week's report as it was shown, kept so past weeks do not change with later data."""

    __tablename__ = "report_snapshots"
    organisation_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    week: Mapped[str] = mapped_column(String(8), primary_key=True)
    report: Mapped[dict[str, Any]]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditRow(Base):
    """One access to a person's data: who, for which organisation, whom, which fields, why.

    Append-only (the database refuses updates and deletes) and hash-chained: each entry's hash covers
    its content and the previous entry's hash, so a changed or removed entry breaks the chain. The
    person is named by a hash of the pseudonymous id, so the trail outlives an erasure without
    keeping anyone in it.
    """

    __tablename__ = "audit_log"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(index=True)
    actor: Mapped[str] = mapped_column(String(64), index=True)
    organisation: Mapped[str] = mapped_column(String(64), index=True)
    role: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str] = mapped_column(String(64), index=True)
    subject_organisation: Mapped[str] = mapped_column(String(64), index=True)
    fields: Mapped[list[Any]]
    purpose: Mapped[str] = mapped_column(String(32))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHeadRow(Base):
    """The chain's last sequence number and hash: appenders take turns on this one row."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


class RankingRecordRow(Base):
    """What a ranking was made from, so that it can be replayed (AI Act Art. 12 record keeping): the
    model's version and content hash, the day, the limit, the vacancy and the occupation codes used."""

    __tablename__ = "ranking_records"
    shortlist_id: Mapped[str] = mapped_column(ForeignKey("shortlists.id", ondelete="CASCADE"), primary_key=True)
    model_version: Mapped[str] = mapped_column(String(64))
    model_hash: Mapped[str] = mapped_column(String(64))
    ranked_on: Mapped[date]
    size_limit: Mapped[int]
    vacancy: Mapped[dict[str, Any]]
    codes: Mapped[dict[str, Any]]
    context: Mapped[dict[str, Any]] = mapped_column(server_default=text("'{}'"))  # model hash, employer, cap


class RankingInputRow(Base):
    """One person as the ranking saw them (minimised: no note); erased with the person."""

    __tablename__ = "ranking_inputs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    shortlist_id: Mapped[str] = mapped_column(ForeignKey("shortlists.id", ondelete="CASCADE"), index=True)
    candidate_id: Mapped[str] = mapped_column(String(36), index=True)
    consented: Mapped[bool]
    already_referred: Mapped[bool]
    candidate: Mapped[dict[str, Any]]
    signals: Mapped[dict[str, Any]] = mapped_column(server_default=text("'{}'"))  # referrals, history


class AuditGroupRow(Base):
    """Group attributes a job seeker chose to give for the fairness audit. Audit-only: never part of a
    profile, a ranking's inputs or a model; erased with the person."""

    __tablename__ = "audit_groups"
    candidate_id: Mapped[str] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"), primary_key=True)
    gender: Mapped[str | None] = mapped_column(String(32))
    age_band: Mapped[str | None] = mapped_column(String(32))
    language_background: Mapped[str | None] = mapped_column(String(32))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class RankingModelRow(Base):
    """A trained ranking model, named by its content hash; stored as numbers, never as code."""

    __tablename__ = "ranking_models"
    hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    artifact: Mapped[dict[str, Any]]
    trained_on: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    promoted_at: Mapped[datetime | None] = mapped_column(default=None, index=True)
