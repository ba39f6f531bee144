"""Webhook configuration and the delivery log; each delivery is a job in the outbox."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.domain.webhooks import Delivery, Webhook
from matcher.store import jobs
from matcher.store.ids import new_id
from matcher.store.tables import DeliveryRow, WebhookRow, utcnow

DELIVER_WEBHOOK = "deliver_webhook"


class DeliveryState:
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"


def signature(secret: str, body: bytes, at: int | None = None) -> str:
    """``t=<unix>,v1=<hex>``: HMAC-SHA256 over ``<t>.<body>``, so a replayed old body can be refused."""
    stamp = int(time.time()) if at is None else at
    mac = hmac.new(secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={stamp},v1={mac}"


async def configure(session: AsyncSession, organisation: str, url: str) -> Webhook:
    secret = secrets.token_hex(32)
    row = await session.get(WebhookRow, organisation)
    if row is None:
        row = WebhookRow(organisation_id=organisation, url=url, secret=secret, created_at=utcnow())
        session.add(row)
    else:
        row.url, row.secret, row.created_at = url, secret, utcnow()
    await session.flush()
    return Webhook(url=row.url, created_at=row.created_at, secret=secret)


async def current(session: AsyncSession, organisation: str) -> WebhookRow | None:
    return await session.get(WebhookRow, organisation)


async def remove(session: AsyncSession, organisation: str) -> bool:
    row = await session.get(WebhookRow, organisation)
    if row is not None:
        await session.delete(row)
    return row is not None


async def enqueue(
    session: AsyncSession, *, key: str, organisation: str, event: str, referral_id: str | None, payload: dict[str, Any]
) -> None:
    """Plan the delivery of an event if the organisation has a webhook (once per ``key``)."""
    if await session.get(WebhookRow, organisation) is None:
        return
    if (await session.execute(select(DeliveryRow.id).where(DeliveryRow.key == key))).scalar() is not None:
        return
    identifier = new_id()
    session.add(
        DeliveryRow(
            id=identifier,
            key=key,
            organisation_id=organisation,
            event=event,
            referral_id=referral_id,
            payload=payload,
            state=DeliveryState.PENDING,
        )
    )
    await jobs.schedule(session, DELIVER_WEBHOOK, identifier, {"delivery_id": identifier}, utcnow())


def to_delivery(row: DeliveryRow) -> Delivery:
    return Delivery(
        id=row.id,
        event=row.event,
        referral_id=row.referral_id,
        state=row.state,
        attempts=row.attempts,
        last_status=row.last_status,
        last_error=row.last_error,
        created_at=row.created_at,
        delivered_at=row.delivered_at,
    )


async def log(session: AsyncSession, organisation: str, limit: int) -> list[Delivery]:
    rows = await session.execute(
        select(DeliveryRow)
        .where(DeliveryRow.organisation_id == organisation)
        .order_by(DeliveryRow.created_at.desc(), DeliveryRow.id)
        .limit(limit)
    )
    return [to_delivery(r) for r in rows.scalars()]


async def record_attempt(
    session: AsyncSession, row: DeliveryRow, status: int | None, error: str | None, delivered_at: datetime | None
) -> None:
    row.attempts += 1
    row.last_status = status
    row.last_error = error[:2000] if error else None
    if delivered_at is not None:
        row.state, row.delivered_at = DeliveryState.DELIVERED, delivered_at
    elif row.attempts >= jobs.MAX_ATTEMPTS:
        row.state = DeliveryState.FAILED
    await session.flush()
