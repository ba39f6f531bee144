"""Keys the service keeps for itself when none is set in the environment."""

from __future__ import annotations

import secrets

from sqlalchemy.exc import IntegrityError

from matcher.settings import Settings
from matcher.store.db import Sessions
from matcher.store.tables import SecretRow


async def link_key(sessions: Sessions, settings: Settings) -> bytes:
    """The key that signs answer links: ``MATCHER_SECRET_KEY``, or one made once and kept in the database
    (committed on its own, so a link given out stays valid whatever happens to the caller's transaction)."""
    if settings.secret_key:
        return settings.secret_key.encode()
    async with sessions() as session:
        row = await session.get(SecretRow, "links")
        if row is not None:
            return row.value.encode()
        session.add(SecretRow(name="links", value=secrets.token_urlsafe(48)))
        try:
            await session.commit()
        except IntegrityError:  # another process made it first
            await session.rollback()
    async with sessions() as session:
        row = await session.get(SecretRow, "links")
        assert row is not None
        return row.value.encode()
