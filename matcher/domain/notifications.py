"""Messages the service leaves for an organisation (feedback requests, received feedback)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from matcher.domain.base import Output


class NotificationKind(StrEnum):
    FEEDBACK_REQUESTED = "feedback_requested"
    FEEDBACK_REMINDER = "feedback_reminder"
    FEEDBACK_RECEIVED = "feedback_received"
    FEEDBACK_ESCALATED = "feedback_escalated"
    FOLLOW_UP_REQUESTED = "follow_up_requested"
    FOLLOW_UP_REMINDER = "follow_up_reminder"
    FOLLOW_UP_RECEIVED = "follow_up_received"
    REFERRAL_EXPIRED = "referral_expired"


class Notification(Output):
    id: str
    kind: NotificationKind
    referral_id: str | None
    vacancy_id: str | None
    created_at: datetime
    link: str | None = None  # where a partner can answer the request without logging in


class NotificationPage(Output):
    items: list[Notification]
