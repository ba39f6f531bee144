"""an index on each organisation's profile changes, for the warm index's version check

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-24 07:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_candidates_organisation_updated", "candidates", ["organisation_id", "updated_at"])


def downgrade() -> None:
    op.drop_index("ix_candidates_organisation_updated", table_name="candidates")
