"""learned ranking models, and what a ranking depended on besides its inputs

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-24 03:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import matcher.store.tables

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "ranking_models",
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("artifact", JSON, nullable=False),
        sa.Column("trained_on", sa.Integer(), nullable=False),
        sa.Column("created_at", matcher.store.tables.UTCDateTime(timezone=True), nullable=False),
        sa.Column("promoted_at", matcher.store.tables.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("hash"),
    )
    op.create_index(op.f("ix_ranking_models_promoted_at"), "ranking_models", ["promoted_at"], unique=False)
    with op.batch_alter_table("ranking_records") as batch:
        batch.add_column(sa.Column("context", JSON, server_default=sa.text("'{}'"), nullable=False))
    with op.batch_alter_table("ranking_inputs") as batch:
        batch.add_column(sa.Column("signals", JSON, server_default=sa.text("'{}'"), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("ranking_inputs") as batch:
        batch.drop_column("signals")
    with op.batch_alter_table("ranking_records") as batch:
        batch.drop_column("context")
    op.drop_index(op.f("ix_ranking_models_promoted_at"), table_name="ranking_models")
    op.drop_table("ranking_models")
