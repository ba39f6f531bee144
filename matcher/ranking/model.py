"""The learned ranker: a calibrated logistic model of "hired after the interview", and its artifact.

The estimator follows scikit-learn's conventions. Each coefficient may be held to a sign (a feature
that can only help a hire never ends up counting against one). Probabilities are calibrated with
Platt scaling fitted on out-of-fold decision values, so that a 0.3 means about three hires in ten
interviews.
A trained model is stored as plain numbers (``Artifact``), never as a pickle, and is named by
the hash of its content: loading a model is decoding numbers, and the hash says which one ranked.
"""

from __future__ import annotations

import hashlib
import warnings
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any, Self

import msgspec
import numpy as np
from scipy.optimize import minimize
from scipy.special import expit
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import _check_sample_weight, check_is_fitted, validate_data

from matcher.domain.enums import NonHireReason
from matcher.ranking.features import DIRECTIONS, NAMES, PRIOR, prior

# How much a non-hire says about fit: a filled position or a declined offer says nothing about it.
REASON_WEIGHT = {
    NonHireReason.POSITION_FILLED: 0.0,
    NonHireReason.CANDIDATE_DECLINED: 0.0,
    NonHireReason.NO_SHOW: 0.5,
    NonHireReason.OTHER: 0.7,
}
TAKEOVER = 200  # outcomes after which the learned model and the prior weigh the same
# An employer with enough outcomes of its own gets its own correction to the shared weights (one
# employer weighs the language more, another the experience), drawn strongly towards none.
EMPLOYER_OUTCOMES = 40  # at least, with EMPLOYER_HIRES hires and as many non-hires
EMPLOYER_HIRES = 5
MIN_SCALE = 0.1  # features live on scales of about 0 to 1
RERANK_DEPTH = 100  # how many of the prior's best a learned model re-orders


def reason_weight(reasons: list[str]) -> float:
    """The weight of a non-hire in training: the most telling of its reasons counts."""
    values = {reason.value for reason in NonHireReason}
    known = [REASON_WEIGHT.get(NonHireReason(r), 1.0) for r in reasons if r in values]
    return max(known, default=0.7)


def learned_share(outcomes: int) -> float:
    """How much the learned model weighs against the prior, growing with the evidence."""
    return outcomes / (outcomes + TAKEOVER)


def _logistic(
    Z: np.ndarray,
    y: np.ndarray,
    weights: np.ndarray,
    C: float,
    directions: np.ndarray | None = None,
    offset: np.ndarray | None = None,
    held: np.ndarray | None = None,
) -> tuple[np.ndarray, float]:
    """Weighted L2-regularised logistic regression of 0/1 ``y`` (scikit-learn's objective,
    C × the weighted log-loss + half the squared coefficients), each coefficient with a positive
    direction kept at or above zero and each with a negative one at or below (L-BFGS-B's bounds).
    With ``offset`` (a decision value per row) the coefficients fitted are a correction to it, and
    ``held`` the coefficients already in it: the directions then hold for ``held`` plus the correction."""
    signs = 2.0 * y - 1.0
    base = np.zeros(len(y)) if offset is None else offset
    floor = np.zeros(Z.shape[1]) if held is None else -np.asarray(held, float)

    def objective(theta: np.ndarray) -> tuple[float, np.ndarray]:
        beta, margin = theta[:-1], signs * (base + Z @ theta[:-1] + theta[-1])
        slope = -signs * weights * expit(-margin)
        value = C * float(weights @ np.logaddexp(0.0, -margin)) + 0.5 * float(beta @ beta)
        return value, np.append(C * (Z.T @ slope) + beta, C * slope.sum())

    free = (None, None)
    given = np.zeros(Z.shape[1]) if directions is None else directions
    bounds = [(f, None) if d > 0 else (None, f) if d < 0 else free for d, f in zip(given, floor, strict=True)] + [free]
    found = minimize(objective, np.zeros(Z.shape[1] + 1), jac=True, method="L-BFGS-B", bounds=bounds)
    if not found.success:
        warnings.warn(f"the ranker's fit did not converge: {found.message}", ConvergenceWarning, stacklevel=3)
    return found.x[:-1], float(found.x[-1])


class OutcomeRanker(ClassifierMixin, BaseEstimator):  # type: ignore[misc]
    """Standardised features, L2-regularised logistic regression, Platt-calibrated probabilities.

    ``directions`` (binary outcomes): per feature +1 if it may only raise the odds of the positive
    class, -1 if it may only lower them, 0 if either; None leaves every coefficient free."""

    def __init__(self, C: float = 1.0, calibration_folds: int = 3, directions: Sequence[int] | None = None) -> None:
        self.C = C
        self.calibration_folds = calibration_folds
        self.directions = directions

    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> Self:
        X, y = validate_data(self, X, y)
        check_classification_targets(y)
        self.classes_, encoded = np.unique(y, return_inverse=True)
        weights = _check_sample_weight(sample_weight, X, ensure_non_negative=True)
        if weights.sum() <= 0:
            raise ValueError("sample weights sum to zero")
        self.n_seen_ = int(np.count_nonzero(weights))
        self.mean_ = np.average(X, axis=0, weights=weights)
        spread = np.sqrt(np.average((X - self.mean_) ** 2, axis=0, weights=weights))
        # A feature nearly constant among those interviewed must not blow up for everyone else.
        self.scale_ = np.maximum(spread, MIN_SCALE)
        Z = (X - self.mean_) / self.scale_
        self.platt_ = (1.0, 0.0)
        if len(self.classes_) == 1:
            self.coef_, self.intercept_ = np.zeros((1, X.shape[1])), np.zeros(1)
            return self
        directions = self._directions(X.shape[1])
        if len(self.classes_) > 2:
            if directions is not None:
                raise ValueError("directions hold for two classes only")
            base = LogisticRegression(C=self.C, max_iter=1000).fit(Z, encoded, sample_weight=weights)
            self.coef_, self.intercept_ = base.coef_, base.intercept_
            return self
        coef, intercept = _logistic(Z, encoded, weights, self.C, directions)
        self.coef_, self.intercept_ = coef.reshape(1, -1), np.array([intercept])
        self.platt_ = self._calibration(Z, encoded, weights, directions)
        return self

    def _directions(self, features: int) -> np.ndarray | None:
        if self.directions is None:
            return None
        directions: np.ndarray = np.sign(np.asarray(self.directions, dtype=float))
        if directions.shape != (features,):
            raise ValueError(f"directions name {directions.size} features, X has {features}")
        return directions

    def _calibration(
        self, Z: np.ndarray, y: np.ndarray, weights: np.ndarray, directions: np.ndarray | None
    ) -> tuple[float, float]:
        """Platt scaling on out-of-fold decision values. A row's fold follows from its values, so
        that a row given weight 2 and the same row twice are calibrated alike."""
        folds = self.calibration_folds
        fold = np.floor(np.abs(np.sin(Z @ np.linspace(1.0, 2.0, Z.shape[1]) * 1e3)) * 1e6).astype(np.int64) % folds
        oof = np.zeros(len(y))
        for k in range(folds):
            train, test = (fold != k) & (weights > 0), fold == k
            if not test.any():
                continue
            if len(np.unique(y[train])) < 2:
                return 1.0, 0.0
            coef, intercept = _logistic(Z[train], y[train], weights[train], self.C, directions)
            oof[test] = Z[test] @ coef + intercept
        slope, intercept = _logistic(oof.reshape(-1, 1), y, weights, 1e6, np.ones(1))
        # A slope of zero means the model does not predict out of fold: it must not invert the
        # order, so it keeps the order and says little (probabilities near the base rate).
        return max(float(slope[0]), 1e-3), intercept

    def decision_function(self, X: Any) -> np.ndarray:
        check_is_fitted(self)
        X = validate_data(self, X, reset=False)
        scores = ((X - self.mean_) / self.scale_) @ self.coef_.T + self.intercept_
        return np.asarray(scores.ravel() if scores.shape[1] == 1 else scores, dtype=float)

    def predict_proba(self, X: Any) -> np.ndarray:
        check_is_fitted(self)
        scores = self.decision_function(X)
        if len(self.classes_) == 1:
            return np.ones((len(scores), 1))
        if scores.ndim == 1:
            a, b = self.platt_
            positive = 1.0 / (1.0 + np.exp(-(a * scores + b)))
            return np.column_stack([1 - positive, positive])
        shifted = np.exp(scores - scores.max(axis=1, keepdims=True))
        return np.asarray(shifted / shifted.sum(axis=1, keepdims=True))

    def predict(self, X: Any) -> np.ndarray:
        check_is_fitted(self)
        return np.asarray(self.classes_[np.argmax(self.predict_proba(X), axis=1)])

    def corrections(
        self, X: np.ndarray, y: np.ndarray, groups: Sequence[str], C: float, sample_weight: np.ndarray | None = None
    ) -> dict[str, list[float]]:
        """Per group (an employer) with enough outcomes of both kinds, a correction to the fitted
        coefficients and intercept (the intercept's last) that fits its own outcomes better, pulled
        towards none (``C``: the inverse strength of the pull; 0 for no corrections), each
        feature's direction kept for the coefficients it adds up to."""
        check_is_fitted(self)
        if len(self.classes_) != 2 or C <= 0:
            return {}
        Z = (np.asarray(X, float) - self.mean_) / self.scale_
        labels = np.asarray(y) == self.classes_[1]
        weights = np.ones(len(labels)) if sample_weight is None else np.asarray(sample_weight, float)
        offset = Z @ self.coef_[0] + self.intercept_[0]
        directions = self._directions(Z.shape[1])
        named = np.asarray(groups, dtype=object)
        found: dict[str, list[float]] = {}
        for group in dict.fromkeys(groups):
            mine = (named == group) & (weights > 0)
            hires = int(labels[mine].sum())
            if mine.sum() < EMPLOYER_OUTCOMES or min(hires, int(mine.sum()) - hires) < EMPLOYER_HIRES:
                continue
            coef, intercept = _logistic(
                Z[mine], labels[mine].astype(float), weights[mine], C, directions, offset[mine], self.coef_[0]
            )
            found[str(group)] = [*coef.tolist(), intercept]
        return found

    def contributions(self, X: np.ndarray) -> np.ndarray:
        """Each feature's share of the decision value (binary models), for explanations."""
        return np.asarray(((X - self.mean_) / self.scale_) * self.coef_[0], dtype=float)


SUITABILITY = "suitability"
INPUTS = [*NAMES, SUITABILITY]
INPUT_POSITION = {name: i for i, name in enumerate(INPUTS)}
FEATURE_POSITION = {name: i for i, name in enumerate(NAMES)}
INPUT_DIRECTIONS = [*DIRECTIONS.tolist(), 1]  # the prior's suitability only helps, like its parts


def inputs(features: np.ndarray) -> np.ndarray:
    """What the learned model reads: the pair features and the prior's suitability. With the prior
    among its inputs, the model corrects the prior where outcomes disagree with it, and keeps it
    where the interviewed never differed (people are interviewed because the prior liked them)."""
    return np.column_stack([features, prior(features)])


class Artifact(msgspec.Struct, frozen=True, kw_only=True):
    """A trained binary ranker as numbers, with what it was trained on and how it did."""

    features: list[str]
    mean: list[float]
    scale: list[float]
    coef: list[float]
    intercept: float
    platt: tuple[float, float]
    C: float
    trained_on: int  # outcomes
    trained_until: datetime  # the last outcome it saw
    created_at: datetime
    metrics: dict[str, float] = msgspec.field(default_factory=dict)
    # Per employer (the vacancy's organisation): corrections to ``coef``, then to ``intercept``.
    employers: dict[str, list[float]] = msgspec.field(default_factory=dict)

    @property
    def content_hash(self) -> str:
        """The hash of what decides a ranking (not of when it was made or how it scored)."""
        decides: list[object] = [self.features, self.mean, self.scale, self.coef, self.intercept, self.platt]
        # by employer in a fixed order: a database may hand the mapping back in another
        body = msgspec.json.encode([*decides, sorted(self.employers.items())] if self.employers else decides)
        return hashlib.sha256(body).hexdigest()

    def probability(self, features: np.ndarray, employer: str | Sequence[str] | None = None) -> np.ndarray:
        """The calibrated probability of a hire for each row of pair features, with the vacancy's
        employer's own corrections where it has some (one employer for all rows, or one a row)."""
        given = self._read(features)
        if employer is None or isinstance(employer, str):
            return np.asarray(self.ranker(employer).predict_proba(given)[:, 1], dtype=float)
        named = np.asarray(employer, dtype=object)
        out = np.empty(len(given))
        for one in dict.fromkeys(employer):
            rows = named == one
            out[rows] = self.ranker(one).predict_proba(given[rows])[:, 1]
        return out

    def effects(self, row: np.ndarray, employer: str | None = None) -> np.ndarray:
        """Each pair feature's part in one decision value; the prior's part is shared out to the
        features it is made of (it is their weighted sum, so the split is exact)."""
        ranker = self.ranker(employer)
        parts = ranker.contributions(self._read(row.reshape(1, -1)))[0]
        out, mean = np.zeros(len(NAMES)), np.zeros(len(NAMES))
        for name, part, average in zip(self.features, parts, self.mean, strict=True):
            if name in FEATURE_POSITION:
                out[FEATURE_POSITION[name]] += part
                mean[FEATURE_POSITION[name]] = average
        if SUITABILITY in self.features:
            at = self.features.index(SUITABILITY)
            out += ranker.coef_[0, at] * PRIOR * (row - mean) / self.scale[at]
        return out

    def _read(self, features: np.ndarray) -> np.ndarray:
        """The model's inputs, found by name among today's: a feature added since the model was
        trained is not among them, and one dropped since reads as its training mean (no part)."""
        given = inputs(features)
        if self.features == INPUTS:
            return given
        return np.column_stack(
            [
                given[:, INPUT_POSITION[name]] if name in INPUT_POSITION else np.full(len(given), average)
                for name, average in zip(self.features, self.mean, strict=True)
            ]
        )

    def ranker(self, employer: str | None = None) -> OutcomeRanker:
        """The model as an estimator; for ``employer``, with its own corrections if it has some."""
        model = OutcomeRanker(C=self.C)
        model.classes_ = np.array([0, 1])
        model.n_features_in_ = len(self.features)
        model.mean_, model.scale_ = np.array(self.mean), np.array(self.scale)
        correction = np.array(self.employers.get(employer or "", [0.0] * (len(self.coef) + 1)))
        model.coef_ = np.array([self.coef]) + correction[:-1]
        model.intercept_ = np.array([self.intercept + correction[-1]])
        model.platt_ = self.platt
        return model


def artifact(
    model: OutcomeRanker,
    features: list[str],
    trained_until: datetime,
    metrics: dict[str, float] | None = None,
    employers: dict[str, list[float]] | None = None,
) -> Artifact:
    if list(model.classes_) != [0, 1]:
        raise ValueError("a ranking model is trained on hired (1) and not hired (0)")
    slope, offset = _numbers(model.platt_)
    return Artifact(
        features=features,
        mean=_numbers(model.mean_),
        scale=_numbers(model.scale_),
        coef=_numbers(model.coef_[0]),
        intercept=_numbers([model.intercept_[0]])[0],
        platt=(slope, offset),
        C=model.C,
        trained_on=int(model.n_seen_),
        trained_until=trained_until,
        created_at=datetime.now(UTC),
        metrics=metrics or {},
        employers={name: _numbers(values) for name, values in (employers or {}).items()},
    )


def _numbers(values: Iterable[float]) -> list[float]:
    """Plain floats with no negative zero: PostgreSQL's jsonb gives -0.0 back as 0.0, and the
    content hash of what was stored must be the hash of what is read back."""
    return [float(v) + 0.0 for v in values]


def rank_scores(
    model: Artifact | None,
    features: np.ndarray,
    suitability: np.ndarray,
    depth: int = RERANK_DEPTH,
    employer: str | Sequence[str] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The ranking score and the hire probability (NaN where no model scored).

    The prior orders everyone; a learned model re-orders the prior's best ``depth``, the kind of
    people it has seen interviewed (it knows nothing of the rest), with the vacancy's employer's own
    corrections where it has some (``employer``: one for all rows, or one a row). Its weight grows
    with the outcomes it was trained on, from the prior alone towards the model alone."""
    probability = np.full(len(features), np.nan)
    if model is None or not len(features):
        return suitability, probability
    top = np.argsort(-suitability, kind="stable")[:depth]
    each = employer if employer is None or isinstance(employer, str) else [employer[i] for i in top.tolist()]
    probability[top] = model.probability(features[top], each)
    share = learned_share(model.trained_on)
    score = suitability - 1.0  # below every re-ordered one
    score[top] = share * probability[top] + (1 - share) * suitability[top]
    return score, probability


def effects(model: Artifact | None, features: np.ndarray, employer: str | None = None) -> np.ndarray:
    """Each feature's part in one person's ranking: the learned model's when one ranks (with the
    employer's own corrections), else the prior's weighted shortfall or gain against a middling 0.5
    on each part."""
    if model is None:
        return np.asarray(PRIOR * (features - 0.5))
    return model.effects(features, employer)
