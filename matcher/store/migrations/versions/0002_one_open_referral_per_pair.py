"""one open referral per candidate and vacancy

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 19:05:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = "state IN ('proposed', 'approved', 'interview_scheduled')"


def upgrade() -> None:
    op.create_index(
        "uq_referrals_open_pair",
        "referrals",
        ["vacancy_id", "candidate_id"],
        unique=True,
        sqlite_where=sa.text(OPEN),
        postgresql_where=sa.text(OPEN),
    )


def downgrade() -> None:
    op.drop_index("uq_referrals_open_pair", table_name="referrals")
