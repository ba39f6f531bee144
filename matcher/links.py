"""Signed answer links: a partner answers a feedback or follow-up request without logging in.

A link carries what it is for, the referral, the request it answers and an expiry, signed with
HMAC-SHA256. It is single-use because the request it answers is no longer open once answered.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from datetime import UTC, datetime, timedelta
from enum import StrEnum

import msgspec

from matcher.domain.notifications import NotificationKind

VALID_FOR = timedelta(days=60)


class LinkPurpose(StrEnum):
    FEEDBACK = "feedback"
    FOLLOW_UP = "follow_up"


class Claim(msgspec.Struct, array_like=True, frozen=True):
    purpose: LinkPurpose
    referral_id: str
    request: str  # the interview time for feedback, the hire time for a follow-up
    expires: int  # Unix seconds


class InvalidLink(ValueError):
    """The link was altered, is not one of ours, or has expired."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign(key: bytes, claim: Claim) -> str:
    body = msgspec.msgpack.encode(claim)
    return f"{_b64(body)}.{_b64(hmac.new(key, body, hashlib.sha256).digest())}"


def verify(key: bytes, token: str, now: datetime | None = None) -> Claim:
    body_text, _, mac_text = token.partition(".")
    try:
        body, mac = _unb64(body_text), _unb64(mac_text)
    except (binascii.Error, ValueError):
        raise InvalidLink("not a valid link") from None
    if not hmac.compare_digest(mac, hmac.new(key, body, hashlib.sha256).digest()):
        raise InvalidLink("not a valid link")
    claim = msgspec.msgpack.decode(body, type=Claim)
    if claim.expires < (now or datetime.now(UTC)).timestamp():
        raise InvalidLink("this link has expired")
    return claim


ANSWERED_BY_LINK = {
    NotificationKind.FEEDBACK_REQUESTED: LinkPurpose.FEEDBACK,
    NotificationKind.FEEDBACK_REMINDER: LinkPurpose.FEEDBACK,
    NotificationKind.FOLLOW_UP_REQUESTED: LinkPurpose.FOLLOW_UP,
    NotificationKind.FOLLOW_UP_REMINDER: LinkPurpose.FOLLOW_UP,
}


def answer_link(
    key: bytes, base_url: str, kind: NotificationKind, referral_id: str, interview_at: datetime | None, sent: datetime
) -> str | None:
    """The link a partner answers a request with (the same link every time the request is shown).

    A feedback link names the interview it asks about, so moving the interview retires it.
    """
    purpose = ANSWERED_BY_LINK.get(kind)
    if purpose is None:
        return None
    request = interview_at.isoformat() if purpose is LinkPurpose.FEEDBACK and interview_at else ""
    claim = Claim(purpose, referral_id, request, int((sent + VALID_FOR).timestamp()))
    return f"{base_url}/answers/{sign(key, claim)}"
