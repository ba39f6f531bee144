"""group attributes for the fairness audit, kept apart from profiles

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24 01:45:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import matcher.store.tables

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_groups",
        sa.Column("candidate_id", sa.String(length=36), nullable=False),
        sa.Column("gender", sa.String(length=32), nullable=True),
        sa.Column("age_band", sa.String(length=32), nullable=True),
        sa.Column("language_background", sa.String(length=32), nullable=True),
        sa.Column("recorded_at", matcher.store.tables.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["candidate_id"], ["candidates.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("candidate_id"),
    )


def downgrade() -> None:
    op.drop_table("audit_groups")
