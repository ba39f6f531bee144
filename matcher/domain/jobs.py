"""Background jobs as an administrator sees them (ids and state only, no personal data)."""

from __future__ import annotations

from datetime import datetime

from matcher.domain.base import Output


class Job(Output):
    id: str
    function: str
    state: str
    attempts: int
    run_at: datetime
    last_error: str | None
    updated_at: datetime


class JobPage(Output):
    items: list[Job]
