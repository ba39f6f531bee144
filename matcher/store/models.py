"""The learned ranking models: stored by content hash, one of them promoted to rank."""

from __future__ import annotations

from datetime import UTC, datetime

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.errors import NotFound
from matcher.ranking.model import Artifact
from matcher.store.tables import RankingModelRow


class ModelInfo(msgspec.Struct, kw_only=True):
    hash: str
    trained_on: int
    trained_until: datetime
    created_at: datetime
    promoted_at: datetime | None
    current: bool
    metrics: dict[str, float]


def _artifact(row: RankingModelRow) -> Artifact:
    found = msgspec.convert(row.artifact, Artifact)
    if found.content_hash != row.hash:
        raise ValueError(f"model {row.hash[:12]} does not match its hash: it was altered")
    return found


async def save(session: AsyncSession, artifact: Artifact) -> str:
    """Store a trained model (once per content) and return its hash."""
    digest = artifact.content_hash
    if await session.get(RankingModelRow, digest) is None:
        session.add(
            RankingModelRow(hash=digest, artifact=msgspec.to_builtins(artifact), trained_on=artifact.trained_on)
        )
        await session.flush()
    return digest


async def get(session: AsyncSession, prefix: str) -> Artifact:
    """A model by its hash or an unambiguous start of it."""
    rows = (await session.scalars(select(RankingModelRow).where(RankingModelRow.hash.startswith(prefix)))).all()
    if len(rows) != 1 or len(prefix) < 6:
        raise NotFound(f"no single model with a hash starting {prefix!r}")
    return _artifact(rows[0])


async def current(session: AsyncSession) -> Artifact | None:
    """The promoted model that ranks now (the last one promoted), or ``None`` while the prior ranks."""
    row = await session.scalar(
        select(RankingModelRow)
        .where(RankingModelRow.promoted_at.is_not(None))
        .order_by(RankingModelRow.promoted_at.desc())
        .limit(1)
    )
    return None if row is None else _artifact(row)


async def promote(session: AsyncSession, digest: str) -> None:
    row = await session.get(RankingModelRow, digest)
    if row is None:
        raise NotFound("no such model")
    row.promoted_at = datetime.now(UTC)
    await session.flush()


async def listing(session: AsyncSession) -> list[ModelInfo]:
    rows = (await session.scalars(select(RankingModelRow).order_by(RankingModelRow.created_at))).all()
    now = await current(session)
    out = []
    for row in rows:
        artifact = _artifact(row)
        out.append(
            ModelInfo(
                hash=row.hash,
                trained_on=row.trained_on,
                trained_until=artifact.trained_until,
                created_at=row.created_at,
                promoted_at=row.promoted_at,
                current=now is not None and now.content_hash == row.hash,
                metrics=artifact.metrics,
            )
        )
    return out
