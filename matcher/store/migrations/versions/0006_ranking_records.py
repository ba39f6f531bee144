"""ranking records: what each shortlist was made from, for replay

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 01:00:00
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _json() -> sa.types.TypeEngine[Any]:
    return sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "ranking_records",
        sa.Column("shortlist_id", sa.String(length=36), nullable=False),
        sa.Column("model_version", sa.String(length=64), nullable=False),
        sa.Column("model_hash", sa.String(length=64), nullable=False),
        sa.Column("ranked_on", sa.Date(), nullable=False),
        sa.Column("size_limit", sa.Integer(), nullable=False),
        sa.Column("vacancy", _json(), nullable=False),
        sa.Column("codes", _json(), nullable=False),
        sa.ForeignKeyConstraint(["shortlist_id"], ["shortlists.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("shortlist_id"),
    )
    op.create_table(
        "ranking_inputs",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("shortlist_id", sa.String(length=36), nullable=False),
        sa.Column("candidate_id", sa.String(length=36), nullable=False),
        sa.Column("consented", sa.Boolean(), nullable=False),
        sa.Column("already_referred", sa.Boolean(), nullable=False),
        sa.Column("candidate", _json(), nullable=False),
        sa.ForeignKeyConstraint(["shortlist_id"], ["shortlists.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_ranking_inputs_shortlist_id", "ranking_inputs", ["shortlist_id"])
    op.create_index("ix_ranking_inputs_candidate_id", "ranking_inputs", ["candidate_id"])


def downgrade() -> None:
    op.drop_table("ranking_inputs")
    op.drop_table("ranking_records")
