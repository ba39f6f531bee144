"""Training and evaluating the learned ranker on recorded outcomes, in time order.

A model is judged on a holdout of the latest outcomes, trained only on what came before them, and
compared with what ranks now (the promoted model, or the prior) on the same holdout.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
from sklearn.metrics import brier_score_loss, roc_auc_score

from matcher.ranking.features import prior
from matcher.ranking.model import INPUT_DIRECTIONS, INPUTS, Artifact, OutcomeRanker, artifact, inputs, rank_scores

MIN_OUTCOMES = 30  # of each kind is not needed; of both together, with at least 5 hires and 5 non-hires
HOLDOUT = 0.25
REGULARISATION = 0.1  # inverse strength, on standardised features: outcomes are few and noisy


class NotEnoughOutcomes(Exception):
    pass


@dataclass
class Outcomes:
    """Interview outcomes: features as the ranking saw them, hired or not, weight, and when."""

    features: np.ndarray
    hired: np.ndarray
    weight: np.ndarray
    at: list[datetime]

    def __len__(self) -> int:
        return len(self.hired)

    def ordered(self) -> Outcomes:
        order = np.argsort(np.array([a.timestamp() for a in self.at]), kind="stable")
        return Outcomes(self.features[order], self.hired[order], self.weight[order], [self.at[i] for i in order])

    def split(self, holdout: float = HOLDOUT) -> tuple[Outcomes, Outcomes]:
        """Earlier outcomes to learn from, the latest to test on."""
        data = self.ordered()
        cut = round(len(data) * (1 - holdout))
        head = Outcomes(data.features[:cut], data.hired[:cut], data.weight[:cut], data.at[:cut])
        tail = Outcomes(data.features[cut:], data.hired[cut:], data.weight[cut:], data.at[cut:])
        return head, tail


def check(data: Outcomes) -> None:
    hires = int(data.hired.sum())
    if len(data) < MIN_OUTCOMES or hires < 5 or len(data) - hires < 5:
        raise NotEnoughOutcomes(
            f"{len(data)} outcomes ({hires} hires): at least {MIN_OUTCOMES} with 5 hires and 5 non-hires are needed"
        )


def fit(data: Outcomes, C: float = REGULARISATION) -> Artifact:
    check(data)
    model = OutcomeRanker(C=C, directions=INPUT_DIRECTIONS).fit(
        inputs(data.features), data.hired, sample_weight=data.weight
    )
    return artifact(model, INPUTS, max(data.at))


def scores(model: Artifact | None, data: Outcomes) -> np.ndarray:
    return rank_scores(model, data.features, prior(data.features))[0]


def metrics(model: Artifact | None, data: Outcomes) -> dict[str, float]:
    """Ranking quality (AUC) and, for a learned model, calibration (Brier score) on ``data``."""
    found: dict[str, float] = {"outcomes": float(len(data)), "hires": float(data.hired.sum())}
    if len(np.unique(data.hired)) == 2:
        found["auc"] = float(roc_auc_score(data.hired, scores(model, data)))
        if model is not None:
            probability = model.probability(data.features)
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
