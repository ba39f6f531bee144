"""Webhooks: events pushed to an organisation's own systems, signed so they can be trusted."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

from matcher.domain.base import Input, Output

WebhookUrl = Annotated[str, msgspec.Meta(max_length=500, pattern=r"^https?://[^\s/?#]+[^\s]*$")]


class WebhookSet(Input):
    """Where to deliver this organisation's events. A new signing secret is made and shown once."""

    url: WebhookUrl


class Webhook(Output):
    url: str
    created_at: datetime
    secret: str | None = None  # only in the answer that created it
    signature: str = (
        "X-Kohtaanto-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of '<t>.<body>' with the secret>; "
        "X-Kohtaanto-Delivery is the delivery id (the same on every retry: use it to drop duplicates)"
    )


class Delivery(Output):
    id: str
    event: str
    referral_id: str | None
    state: str
    attempts: int
    last_status: int | None
    last_error: str | None
    created_at: datetime
    delivered_at: datetime | None


class DeliveryPage(Output):
    items: list[Delivery]
