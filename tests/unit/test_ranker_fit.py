"""The learned ranker's fit: scikit-learn's logistic objective, and features held to their direction."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from matcher.ranking.features import DIRECTIONS, NAMES
from matcher.ranking.model import INPUTS, OutcomeRanker
from matcher.ranking.training import Outcomes, fit


def test_free_coefficients_are_those_of_scikit_learns_logistic_regression() -> None:
    rng = np.random.default_rng(3)
    X = rng.normal(size=(400, 5))
    y = (rng.random(400) < 1 / (1 + np.exp(-(X @ [1.0, -2.0, 0.5, 0.0, 0.3])))).astype(int)
    weights = rng.uniform(0.2, 1.0, 400)
    ours = OutcomeRanker(C=0.5).fit(X, y, sample_weight=weights)
    Z = (X - ours.mean_) / ours.scale_
    theirs = LogisticRegression(C=0.5, tol=1e-10, max_iter=10_000).fit(Z, y, sample_weight=weights)
    assert np.allclose(ours.coef_, theirs.coef_, atol=1e-3)
    assert np.allclose(ours.intercept_, theirs.intercept_, atol=1e-3)


def test_a_feature_that_only_helps_never_counts_against() -> None:
    # Two features that move together, and outcomes that (as among people picked for interviews by
    # the first) seem to go against the second once the first is known: a free fit gives the second
    # a negative weight; held to "only helps", it gets none, and the first carries the signal.
    rng = np.random.default_rng(5)
    shared = rng.normal(size=2000)
    X = np.column_stack([shared + 0.1 * rng.normal(size=2000), shared + 0.3 * rng.normal(size=2000)])
    y = (rng.random(2000) < 1 / (1 + np.exp(-(2 * X[:, 0] - 0.7 * X[:, 1])))).astype(int)
    free = OutcomeRanker(C=100.0).fit(X, y)
    held = OutcomeRanker(C=100.0, directions=[1, 1]).fit(X, y)
    assert free.coef_[0, 1] < -0.1
    assert held.coef_[0, 1] == 0.0
    assert held.coef_[0, 0] > free.coef_[0, 0] * 0.5
    # The order of the people it was trained on stays as good as the free fit's.
    assert np.corrcoef(held.decision_function(X), free.decision_function(X))[0, 1] > 0.95


def test_directions_must_name_every_feature() -> None:
    X, y = np.eye(4), np.array([0, 1, 0, 1])
    with pytest.raises(ValueError, match="directions name 2 features, X has 4"):
        OutcomeRanker(directions=[1, 1]).fit(X, y)


def test_a_trained_ranking_model_keeps_every_features_direction() -> None:
    # Outcomes that say nothing of skills but much of the rest, noisy enough to tempt a free fit
    # into signs that would tell a coach that skills held someone back.
    rng = np.random.default_rng(11)
    features = rng.random((600, len(NAMES)))
    hired = (rng.random(600) < 0.2).astype(int)
    at = [datetime(2026, 1, 5, tzinfo=UTC) + timedelta(days=int(d)) for d in rng.integers(0, 60, 600)]
    model = fit(Outcomes(features, hired, np.ones(600), at))
    assert model.features == INPUTS
    signs = np.sign(np.array(model.coef))
    wanted = np.append(DIRECTIONS, 1)
    assert np.all(signs[wanted > 0] >= 0)
    assert np.all(signs[wanted < 0] <= 0)
