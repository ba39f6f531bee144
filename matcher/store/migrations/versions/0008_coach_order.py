"""a coach's order of a shortlist, with the reason

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24 01:15:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import matcher.store.tables

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("shortlist_items") as batch:
        batch.add_column(sa.Column("coach_rank", sa.Integer(), nullable=True))
    with op.batch_alter_table("shortlists") as batch:
        batch.add_column(sa.Column("reordered_at", matcher.store.tables.UTCDateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("reordered_by", sa.String(length=36), nullable=True))
        batch.add_column(sa.Column("reorder_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("shortlists") as batch:
        batch.drop_column("reorder_reason")
        batch.drop_column("reordered_by")
        batch.drop_column("reordered_at")
    with op.batch_alter_table("shortlist_items") as batch:
        batch.drop_column("coach_rank")
