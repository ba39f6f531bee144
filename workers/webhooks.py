"""Delivering events to partner systems: signed with HMAC-SHA256, retried with backoff, logged."""

from __future__ import annotations

from typing import Any

import httpx
import msgspec

from matcher.domain.notifications import NotificationKind
from matcher.links import answer_link
from matcher.store import webhooks
from matcher.store.secrets import link_key
from matcher.store.tables import DeliveryRow, NotificationRow, ReferralRow, utcnow
from workers.context import http, recorded, sessions, settings


class DeliveryFailed(RuntimeError):
    """The receiver did not take the event; the job is tried again later."""


async def _body(ctx: dict[str, Any], row: DeliveryRow) -> bytes:
    """The event as sent: its payload, plus the answer link for a request."""
    payload = dict(row.payload)
    async with sessions(ctx)() as session:
        notification = await session.get(NotificationRow, payload.get("notification_id", ""))
        referral = await session.get(ReferralRow, row.referral_id or "")
    if notification is not None and referral is not None:
        key = await link_key(sessions(ctx), settings(ctx))
        kind = NotificationKind(notification.kind)
        link = answer_link(
            key, settings(ctx).public_url, kind, referral.id, referral.interview_at, notification.created_at
        )
        if link:
            payload["link"] = link
    payload["delivery_id"] = row.id
    return msgspec.json.encode(payload)


@recorded
async def deliver_webhook(ctx: dict[str, Any], delivery_id: str) -> dict[str, Any]:
    """POST one event to the organisation's webhook; anything but a 2xx answer is tried again."""
    async with sessions(ctx)() as session:
        row = await session.get(DeliveryRow, delivery_id)
        hook = await webhooks.current(session, row.organisation_id) if row is not None else None
        if row is None or row.state == webhooks.DeliveryState.DELIVERED or not row.payload:
            return {"delivery_id": delivery_id, "sent": False, "why": "delivered already or erased"}
        if hook is None:
            await webhooks.record_attempt(session, row, None, "the organisation removed its webhook", None)
            await session.commit()
            return {"delivery_id": delivery_id, "sent": False, "why": "no webhook"}
        url, secret = hook.url, hook.secret
    body = await _body(ctx, row)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Kohtaanto-Webhooks/1",
        "X-Kohtaanto-Event": row.event,
        "X-Kohtaanto-Delivery": row.id,
        "X-Kohtaanto-Signature": webhooks.signature(secret, body),
    }
    status: int | None = None
    error: str | None = None
    try:
        response = await http(ctx).post(url, content=body, headers=headers)
        status = response.status_code
        if not 200 <= status < 300:
            error = f"the receiver answered {status}"
    except httpx.HTTPError as failure:
        error = f"{type(failure).__name__}: {failure}"
    async with sessions(ctx)() as session:
        fresh = await session.get(DeliveryRow, delivery_id)
        if fresh is not None:
            await webhooks.record_attempt(session, fresh, status, error, None if error else utcnow())
            await session.commit()
    if error:
        raise DeliveryFailed(error)
    return {"delivery_id": delivery_id, "sent": True, "status": status}
