"""Messages the service leaves for an organisation (feedback requests, received feedback)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from matcher.domain.base import Output


class NotificationKind(StrEnum):
    FEEDBACK_REQUESTED = "feedback_requested"
    FEEDBACK_REMINDER = "feedback_reminder"
    FEEDBACK_RECEIVED = "feedback_received"


class Notification(Output):
    id: str
    kind: NotificationKind
    referral_id: str | None
    vacancy_id: str | None
    created_at: datetime


class NotificationPage(Output):
    items: list[Notification]
