"""The learned ranker's life: train on recorded outcomes, evaluate in time order, promote when
better. ``matcher model ...`` and the weekly retraining job both work through here."""

from __future__ import annotations

import msgspec
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.ranking import training
from matcher.ranking.model import Artifact
from matcher.store import models
from matcher.store.outcomes import outcomes
from taxonomy import Taxonomy


class Trained(msgspec.Struct, kw_only=True):
    hash: str
    outcomes: int
    holdout: dict[str, float]  # the new model, trained on the earlier outcomes only
    current: dict[str, float]  # what ranks now, on the same latest outcomes
    better: bool
    promoted: bool


async def train(session: AsyncSession, taxonomy: Taxonomy, promote: bool = False) -> Trained:
    """Train on all outcomes and store the model; promote it if asked and it beats what ranks now
    on the time-ordered holdout. Raises ``training.NotEnoughOutcomes`` while evidence is thin."""
    data = await outcomes(session, taxonomy)
    found = training.retrain(data, await models.current(session))
    model = msgspec.structs.replace(found.model, metrics={f"holdout_{k}": v for k, v in found.holdout.items()})
    digest = await models.save(session, model)
    if promote and found.better:
        await models.promote(session, digest)
    return Trained(
        hash=digest,
        outcomes=len(data),
        holdout=found.holdout,
        current=found.current,
        better=found.better,
        promoted=promote and found.better,
    )


async def evaluate(session: AsyncSession, taxonomy: Taxonomy, prefix: str | None) -> dict[str, dict[str, float]]:
    """A stored model (or the current one) and the prior on all recorded outcomes, and on the latest."""
    data = await outcomes(session, taxonomy)
    chosen: Artifact | None = await models.get(session, prefix) if prefix else await models.current(session)
    _, tail = data.split()
    return {
        "model_all": training.metrics(chosen, data),
        "model_latest": training.metrics(chosen, tail),
        "prior_all": training.metrics(None, data),
        "prior_latest": training.metrics(None, tail),
    }


async def promote(
    session: AsyncSession, taxonomy: Taxonomy, prefix: str
) -> tuple[bool, dict[str, float], dict[str, float]]:
    """Promote a stored model if a model of its kind, trained on the earlier outcomes, beats what
    ranks now on the latest ones."""
    chosen = await models.get(session, prefix)
    data = await outcomes(session, taxonomy)
    new, old = training.compare(data, await models.current(session), chosen.C)
    better = training.beats(new, old)
    if better:
        await models.promote(session, chosen.content_hash)
    return better, new, old
