"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23 18:24:12.567322
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import matcher.store.tables

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "erasures",
        sa.Column("subject_hash", sa.String(length=64), nullable=False),
        sa.Column("organisation_id", sa.String(length=64), nullable=False),
        sa.Column("erased_at", matcher.store.tables.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("subject_hash"),
    )
    op.create_table(
        "jobs",
        sa.Column("id", sa.String(length=160), nullable=False),
        sa.Column("function", sa.String(length=64), nullable=False),
        sa.Column(
            "payload",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("run_at", matcher.store.tables.UTCDateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column(
            "result",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("created_at", matcher.store.tables.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", matcher.store.tables.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.create_index("ix_jobs_state_run_at", ["state", "run_at"], unique=False)

    op.create_table(
        "organisations",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", matcher.store.tables.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "candidates",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("organisation_id", sa.String(length=64), nullable=False),
        sa.Column("case_ref", sa.String(length=64), nullable=True),
        sa.Column("municipality", sa.String(length=80), nullable=False),
        sa.Column("lat", sa.Double(), nullable=True),
        sa.Column("lon", sa.Double(), nullable=True),
        sa.Column(
            "skills",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "occupations",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "languages",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "certificates",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "driving_licences",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "hours",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("max_commute_km", sa.Integer(), nullable=True),
        sa.Column("available_from", sa.Date(), nullable=True),
        sa.Column("unemployed_since", sa.Date(), nullable=True),
        sa.Column("work_capacity_note", sa.Text(), nullable=True),
        sa.Column("created_by", sa.String(length=36), nullable=True),
        sa.Column("created_at", matcher.store.tables.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", matcher.store.tables.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("candidates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_candidates_organisation_id"), ["organisation_id"], unique=False)

    op.create_table(
        "notifications",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("key", sa.String(length=160), nullable=False),
        sa.Column("organisation_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("referral_id", sa.String(length=36), nullable=True),
        sa.Column("vacancy_id", sa.String(length=36), nullable=True),
        sa.Column("created_at", matcher.store.tables.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notifications_organisation_id"), ["organisation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_notifications_referral_id"), ["referral_id"], unique=False)

    op.create_table(
        "users",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("organisation_id", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", matcher.store.tables.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", matcher.store.tables.UTCDateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", matcher.store.tables.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_users_organisation_id"), ["organisation_id"], unique=False)

    op.create_table(
        "vacancies",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("organisation_id", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column(
            "occupation",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column(
            "required_skills",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "nice_to_have_skills",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "languages",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "certificates",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "driving_licences",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("municipality", sa.String(length=80), nullable=False),
        sa.Column("lat", sa.Double(), nullable=True),
        sa.Column("lon", sa.Double(), nullable=True),
        sa.Column("hours", sa.String(length=16), nullable=False),
        sa.Column("contract", sa.String(length=16), nullable=False),
        sa.Column("start", sa.Date(), nullable=True),
        sa.Column("openings", sa.Integer(), nullable=False),
        sa.Column("interview_slots", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=True),
        sa.Column("created_at", matcher.store.tables.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", matcher.store.tables.UTCDateTime(timezone=True), nullable=False),
        sa.Column("closed_at", matcher.store.tables.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("vacancies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_vacancies_organisation_id"), ["organisation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_vacancies_status"), ["status"], unique=False)

    op.create_table(
        "consents",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("candidate_id", sa.String(length=36), nullable=False),
        sa.Column("organisation", sa.String(length=64), nullable=False),
        sa.Column("purpose", sa.String(length=32), nullable=False),
        sa.Column("expires", sa.Date(), nullable=False),
        sa.Column("given_at", matcher.store.tables.UTCDateTime(timezone=True), nullable=False),
        sa.Column("withdrawn_at", matcher.store.tables.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["candidate_id"], ["candidates.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consents_candidate_id"), ["candidate_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_consents_organisation"), ["organisation"], unique=False)

    op.create_table(
        "referrals",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("vacancy_id", sa.String(length=36), nullable=False),
        sa.Column("candidate_id", sa.String(length=36), nullable=True),
        sa.Column("city_org_id", sa.String(length=64), nullable=False),
        sa.Column("partner_org_id", sa.String(length=64), nullable=False),
        sa.Column("shortlist_id", sa.String(length=36), nullable=True),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("interview_at", matcher.store.tables.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", matcher.store.tables.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", matcher.store.tables.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["city_org_id"],
            ["organisations.id"],
        ),
        sa.ForeignKeyConstraint(
            ["partner_org_id"],
            ["organisations.id"],
        ),
        sa.ForeignKeyConstraint(
            ["vacancy_id"],
            ["vacancies.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_referrals_candidate_id"), ["candidate_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_referrals_city_org_id"), ["city_org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_referrals_partner_org_id"), ["partner_org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_referrals_state"), ["state"], unique=False)
        batch_op.create_index(batch_op.f("ix_referrals_vacancy_id"), ["vacancy_id"], unique=False)

    op.create_table(
        "shortlists",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("vacancy_id", sa.String(length=36), nullable=False),
        sa.Column("organisation_id", sa.String(length=64), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=True),
        sa.Column("model_version", sa.String(length=64), nullable=False),
        sa.Column("considered", sa.Integer(), nullable=False),
        sa.Column(
            "excluded",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", matcher.store.tables.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
        ),
        sa.ForeignKeyConstraint(
            ["vacancy_id"],
            ["vacancies.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("shortlists", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_shortlists_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_shortlists_vacancy_id"), ["vacancy_id"], unique=False)

    op.create_table(
        "outcomes",
        sa.Column("referral_id", sa.String(length=36), nullable=False),
        sa.Column("outcome", sa.String(length=32), nullable=False),
        sa.Column(
            "reasons",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("feedback", sa.Text(), nullable=True),
        sa.Column("employability", sa.Integer(), nullable=True),
        sa.Column("recorded_by", sa.String(length=36), nullable=True),
        sa.Column("recorded_at", matcher.store.tables.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["referral_id"], ["referrals.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("referral_id"),
    )
    with op.batch_alter_table("outcomes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outcomes_recorded_at"), ["recorded_at"], unique=False)

    op.create_table(
        "referral_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("referral_id", sa.String(length=36), nullable=False),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("at", matcher.store.tables.UTCDateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.String(length=36), nullable=True),
        sa.Column("organisation_id", sa.String(length=64), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["referral_id"], ["referrals.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("referral_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_referral_events_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_referral_events_referral_id"), ["referral_id"], unique=False)

    op.create_table(
        "shortlist_items",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("shortlist_id", sa.String(length=36), nullable=False),
        sa.Column("candidate_id", sa.String(length=36), nullable=True),
        sa.Column("referral_id", sa.String(length=36), nullable=True),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("score", sa.Double(), nullable=False),
        sa.Column(
            "explanation",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(["shortlist_id"], ["shortlists.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("shortlist_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_shortlist_items_candidate_id"), ["candidate_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_shortlist_items_shortlist_id"), ["shortlist_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("shortlist_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shortlist_items_shortlist_id"))
        batch_op.drop_index(batch_op.f("ix_shortlist_items_candidate_id"))

    op.drop_table("shortlist_items")
    with op.batch_alter_table("referral_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referral_events_referral_id"))
        batch_op.drop_index(batch_op.f("ix_referral_events_at"))

    op.drop_table("referral_events")
    with op.batch_alter_table("outcomes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outcomes_recorded_at"))

    op.drop_table("outcomes")
    with op.batch_alter_table("shortlists", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shortlists_vacancy_id"))
        batch_op.drop_index(batch_op.f("ix_shortlists_created_at"))

    op.drop_table("shortlists")
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referrals_vacancy_id"))
        batch_op.drop_index(batch_op.f("ix_referrals_state"))
        batch_op.drop_index(batch_op.f("ix_referrals_partner_org_id"))
        batch_op.drop_index(batch_op.f("ix_referrals_city_org_id"))
        batch_op.drop_index(batch_op.f("ix_referrals_candidate_id"))

    op.drop_table("referrals")
    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consents_organisation"))
        batch_op.drop_index(batch_op.f("ix_consents_candidate_id"))

    op.drop_table("consents")
    with op.batch_alter_table("vacancies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vacancies_status"))
        batch_op.drop_index(batch_op.f("ix_vacancies_organisation_id"))

    op.drop_table("vacancies")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_organisation_id"))

    op.drop_table("users")
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notifications_referral_id"))
        batch_op.drop_index(batch_op.f("ix_notifications_organisation_id"))

    op.drop_table("notifications")
    with op.batch_alter_table("candidates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_candidates_organisation_id"))

    op.drop_table("candidates")
    op.drop_table("organisations")
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index("ix_jobs_state_run_at")

    op.drop_table("jobs")
    op.drop_table("erasures")
