"""The learned ranker keeps scikit-learn's conventions (clone, fit/predict shapes, input checks...)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sklearn.utils.estimator_checks import parametrize_with_checks

from matcher.ranking.model import OutcomeRanker


@parametrize_with_checks([OutcomeRanker()])  # type: ignore[untyped-decorator]
def test_sklearn_conventions(estimator: Any, check: Callable[[Any], None]) -> None:
    check(estimator)
