"""Training and evaluating the learned ranker on recorded outcomes, in time order.

A model is judged on a holdout of the latest outcomes, trained only on what came before them, and
compared with what ranks now (the promoted model, or the prior) on the same holdout.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from sklearn.metrics import brier_score_loss, log_loss, roc_auc_score

from matcher.ranking.features import prior
from matcher.ranking.model import INPUT_DIRECTIONS, INPUTS, Artifact, OutcomeRanker, artifact, inputs, rank_scores

MIN_OUTCOMES = 30  # of each kind is not needed; of both together, with at least 5 hires and 5 non-hires
HOLDOUT = 0.25
REGULARISATION = 0.1  # inverse strength, on standardised features: outcomes are few and noisy
# How far an employer's own outcomes may move its weights from the shared ones (inverse strength;
# 0: not at all): the one that predicts the latest outcomes best from the earlier ones is used.
EMPLOYER_STRENGTHS = (0.0, 0.01, 0.03, 0.1, 0.3)


class NotEnoughOutcomes(Exception):
    pass


@dataclass
class Outcomes:
    """Interview outcomes: features as the ranking saw them, hired or not, weight, when, and (where
    known) the employer, the vacancy's organisation."""

    features: np.ndarray
    hired: np.ndarray
    weight: np.ndarray
    at: list[datetime]
    employer: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.hired)

    def rows(self, which: np.ndarray) -> Outcomes:
        picked = which.tolist()
        return Outcomes(
            self.features[which],
            self.hired[which],
            self.weight[which],
            [self.at[i] for i in picked],
            [self.employer[i] for i in picked] if self.employer else [],
        )

    def ordered(self) -> Outcomes:
        return self.rows(np.argsort(np.array([a.timestamp() for a in self.at]), kind="stable"))

    def split(self, holdout: float = HOLDOUT) -> tuple[Outcomes, Outcomes]:
        """Earlier outcomes to learn from, the latest to test on."""
        data = self.ordered()
        cut = round(len(data) * (1 - holdout))
        return data.rows(np.arange(cut)), data.rows(np.arange(cut, len(data)))


def check(data: Outcomes) -> None:
    hires = int(data.hired.sum())
    if len(data) < MIN_OUTCOMES or hires < 5 or len(data) - hires < 5:
        raise NotEnoughOutcomes(
            f"{len(data)} outcomes ({hires} hires): at least {MIN_OUTCOMES} with 5 hires and 5 non-hires are needed"
        )


def fit(data: Outcomes, C: float = REGULARISATION) -> Artifact:
    check(data)
    return _fitted(data, C, _employer_strength(data, C) if data.employer else 0.0)


def _shared(data: Outcomes, C: float) -> tuple[np.ndarray, OutcomeRanker]:
    """The model's inputs for ``data``, and the model every employer shares, fitted on them."""
    X = inputs(data.features)
    return X, OutcomeRanker(C=C, directions=INPUT_DIRECTIONS).fit(X, data.hired, sample_weight=data.weight)


def _fitted(data: Outcomes, C: float, strength: float) -> Artifact:
    X, model = _shared(data, C)
    employers = model.corrections(X, data.hired, data.employer, strength, data.weight)
    return artifact(model, INPUTS, max(data.at), employers=employers)


def _employer_strength(data: Outcomes, C: float) -> float:
    """Of ``EMPLOYER_STRENGTHS``, the one whose model, trained on the earlier outcomes, gives the
    latest the best weighted log-loss (with too few earlier outcomes: none)."""
    head, tail = data.split()
    try:
        check(head)
    except NotEnoughOutcomes:
        return 0.0
    X, model = _shared(head, C)
    losses = []
    for strength in EMPLOYER_STRENGTHS:
        employers = model.corrections(X, head.hired, head.employer, strength, head.weight)
        probability = artifact(model, INPUTS, max(head.at), employers=employers).probability(
            tail.features, tail.employer
        )
        losses.append(log_loss(tail.hired, probability, sample_weight=tail.weight, labels=[0, 1]))
    return EMPLOYER_STRENGTHS[int(np.argmin(losses))]


def scores(model: Artifact | None, data: Outcomes) -> np.ndarray:
    return rank_scores(model, data.features, prior(data.features), employer=data.employer or None)[0]


def metrics(model: Artifact | None, data: Outcomes) -> dict[str, float]:
    """Ranking quality (AUC) and, for a learned model, calibration (Brier score) on ``data``."""
    found: dict[str, float] = {"outcomes": float(len(data)), "hires": float(data.hired.sum())}
    if len(np.unique(data.hired)) == 2:
        found["auc"] = float(roc_auc_score(data.hired, scores(model, data)))
        if model is not None:
            probability = model.probability(data.features, data.employer or None)
            found["brier"] = float(brier_score_loss(data.hired, probability))
    return found


def compare(
    data: Outcomes, current: Artifact | None, C: float = REGULARISATION
) -> tuple[dict[str, float], dict[str, float]]:
    """A new model trained on the earlier outcomes and what ranks now, both on the latest ones."""
    head, tail = data.split()
    check(head)
    challenger = fit(head, C)
    return metrics(challenger, tail), metrics(current, tail)


def beats(new: dict[str, float], old: dict[str, float]) -> bool:
    return "auc" in new and new["auc"] > old.get("auc", 0.0)


@dataclass
class Retrained:
    """A model trained on every outcome, and whether one of its kind beat what ranks now."""

    model: Artifact
    holdout: dict[str, float]  # the challenger's, trained on the earlier outcomes, on the latest
    current: dict[str, float]  # what ranks now, on the same latest outcomes
    better: bool


def retrain(data: Outcomes, current: Artifact | None, C: float = REGULARISATION) -> Retrained:
    """Train on all outcomes; judge the kind of model by one trained on the earlier outcomes
    against what ranks now on the latest (promote the new model only when ``better``)."""
    new, old = compare(data, current, C)
    return Retrained(fit(data, C), new, old, beats(new, old))
