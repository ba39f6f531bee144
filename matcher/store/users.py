"""Organisations, users and API tokens (stored as SHA-256 hashes, shown once)."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.domain.access import Principal, default_kind, role_fits
from matcher.domain.enums import OrgKind, Role
from matcher.store.ids import new_id
from matcher.store.tables import OrganisationRow, UserRow, utcnow

TOKEN_PREFIX = "kht_"  # noqa: S105 - a prefix that makes leaked tokens easy to spot
ORG_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")


class AccountError(ValueError):
    """The organisation and role do not fit together."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def ensure_organisation(
    session: AsyncSession, slug: str, kind: OrgKind, name: str | None = None
) -> OrganisationRow:
    org = await session.get(OrganisationRow, slug)
    if org is None:
        org = OrganisationRow(id=slug, kind=kind.value, name=name or slug)
        session.add(org)
        await session.flush()
    return org


async def create_user(
    session: AsyncSession,
    *,
    org: str,
    role: Role,
    name: str,
    kind: OrgKind | None = None,
    expires_at: datetime | None = None,
) -> tuple[UserRow, str]:
    """Create a user (and the organisation, if new) and return it with its token.

    Raises:
        AccountError: the role does not belong in that kind of organisation.
    """
    if not ORG_SLUG.match(org):
        raise AccountError(f"organisation identifier {org!r} must be lower-case letters, digits, - or _")
    existing = await session.get(OrganisationRow, org)
    org_kind = OrgKind(existing.kind) if existing else (kind or default_kind(role))
    if kind is not None and kind is not org_kind:
        raise AccountError(f"organisation {org!r} is a {org_kind.value} organisation, not {kind.value}")
    if not role_fits(role, org_kind):
        raise AccountError(f"a {role.value} cannot belong to the {org_kind.value} organisation {org!r}")
    await ensure_organisation(session, org, org_kind)
    token = new_token()
    user = UserRow(
        id=new_id(),
        organisation_id=org,
        role=role.value,
        name=name,
        token_hash=hash_token(token),
        expires_at=expires_at,
    )
    session.add(user)
    await session.flush()
    return user, token


async def revoke(session: AsyncSession, user_id: str) -> UserRow:
    """Stop a user's token from working, at once and for good (a new user gets a new token)."""
    user = await session.get(UserRow, user_id)
    if user is None:
        raise AccountError(f"no user {user_id!r}")
    user.revoked_at = user.revoked_at or utcnow()
    await session.flush()
    return user


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


async def reissue_token(session: AsyncSession, user: UserRow) -> str:
    """Replace a user's token (the old one stops working) and return the new one."""
    token = new_token()
    user.token_hash = hash_token(token)
    await session.flush()
    return token


async def authenticate(session: AsyncSession, token: str) -> Principal | None:
    """The principal for a bearer token, or ``None`` if unknown, revoked or expired."""
    digest = hash_token(token)
    row = (
        await session.execute(
            select(UserRow, OrganisationRow)
            .join(OrganisationRow, OrganisationRow.id == UserRow.organisation_id)
            .where(UserRow.token_hash == digest)
        )
    ).first()
    if row is None:
        return None
    user, org = row
    if not hmac.compare_digest(user.token_hash, digest) or user.revoked_at is not None:
        return None
    if user.expires_at is not None and user.expires_at <= utcnow():
        return None
    return Principal(
        user_id=user.id, name=user.name, role=Role(user.role), organisation=org.id, org_kind=OrgKind(org.kind)
    )
