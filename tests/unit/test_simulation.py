"""The labour-market simulator on a small market: every figure it promises, and the comparisons it
rests on behaving as they must."""

from __future__ import annotations

import contextlib
import io

import numpy as np
import pytest

from matcher.ranking.market import Setting, build
from matcher.ranking.simulate import report, run_market
from taxonomy import Taxonomy

SMALL = Setting(name="small", seed=5, candidates=600, vacancies=30, employers=6, occupations=12, rounds=3)


@pytest.fixture(scope="module")
def figures(taxonomy: Taxonomy) -> dict[str, float]:
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        report(run_market(taxonomy, SMALL), SMALL.name)
    lines = [line.split(": ", 1) for line in printed.getvalue().splitlines()]
    return {name.removesuffix("@small"): float(value.split()[0]) for name, value in lines}


def test_the_simulator_prints_every_promised_figure(figures: dict[str, float]) -> None:
    for name in ("hires_per_interview_lift_round3", "ndcg10_vs_oracle", "slot_fill", "learning_curve_round3"):
        assert name in figures, name
    assert 0 < figures["ndcg10_learned"] <= 1
    assert 0 < figures["hires_per_interview_prior_round3"] < 1


def test_the_market_plan_fills_slots_within_the_cap(figures: dict[str, float]) -> None:
    assert figures["slot_fill"] >= 0.95
    assert figures["most_interviews_per_person"] <= SMALL.cap


def test_with_no_outcomes_yet_the_learned_variant_ranks_as_the_prior(figures: dict[str, float]) -> None:
    """Week one has nothing to learn from: on its own market the learned ranking is the prior's."""
    assert figures["learning_curve_same_market_round1"] == 0.0
    # And no ranking beats the employers' own chances on the same market.
    assert (
        figures["hires_per_interview_lift_same_market_best_possible_round3"]
        >= figures["hires_per_interview_lift_same_market_round3"]
    )


def test_the_trait_read_from_the_records_rises_with_hires_and_ratings(taxonomy: Taxonomy) -> None:
    market = build(taxonomy, SMALL)
    hired = np.array([0, 0, 3, 0, 0, 0], float)
    not_hired = np.array([0, 3, 0, 0, 0, 0], float)
    rated = np.array([[0, 0], [0, 0], [0, 0], [2, 1], [-2, 1], [6, 3]], float)
    estimate = market.trait_estimate(hired, not_hired, rated)
    assert estimate[0] == pytest.approx(0.0, abs=1e-9)  # no records: the population's mean
    assert estimate[1] < 0 < estimate[2]
    assert estimate[4] < 0 < estimate[3] < estimate[5]  # three ratings of +2 say more than one
    assert np.all(np.abs(estimate) < 2)  # a few records never say everything


def test_reading_the_records_perfectly_gains_no_more_than_knowing_the_truth(figures: dict[str, float]) -> None:
    informed = figures["hires_per_interview_lift_same_market_best_informed_round3"]
    assert informed > 0
    assert figures["hires_per_interview_lift_same_market_best_possible_round3"] >= informed
