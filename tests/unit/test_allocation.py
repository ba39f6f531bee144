"""The market plan's linear program: whole solutions, slots and cap kept, openings counted."""

from __future__ import annotations

import numpy as np

from matcher.ranking import allocation
from matcher.ranking.allocation import expected_hires

# Vacancy 0 has one opening, vacancy 1 two; two interview slots each; one interview per person.
# Person 0 is strong for both, person 1 strong only for vacancy 0, persons 2 and 3 weak for both.
CHANCE = np.array([[0.9, 0.9, 0.2, 0.2], [0.7, 0.1, 0.1, 0.1]])
OPENINGS = np.array([1, 2])


def edges() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    vacancy, candidate = np.nonzero(np.ones_like(CHANCE))
    return vacancy, candidate, CHANCE[vacancy, candidate], np.array([2, 2]), np.ones(4, np.int64)


def hires(plan: allocation.Plan) -> float:
    return sum(expected_hires(CHANCE[v, plan.candidate[plan.vacancy == v]].tolist(), int(OPENINGS[v])) for v in (0, 1))


def test_every_slot_is_filled_within_the_cap() -> None:
    for plan in (allocation.allocate(*edges()), allocation.allocate(*edges(), OPENINGS)):
        assert plan.filled == 1.0
        assert np.bincount(plan.candidate).max() == 1
        assert np.bincount(plan.vacancy).tolist() == [2, 2]


def test_a_strong_candidate_goes_where_the_openings_are_not_already_likely_filled() -> None:
    summed = allocation.allocate(*edges())
    counted = allocation.allocate(*edges(), OPENINGS)
    assert sorted(summed.candidate[summed.vacancy == 0].tolist()) == [0, 1]  # the largest sum of chances
    assert 0 in counted.candidate[counted.vacancy == 1].tolist()
    assert hires(counted) > hires(summed) + 0.4
    assert abs(counted.expected_hires - hires(counted)) < 1e-9  # the plan says what it should bring


def test_the_chance_of_an_opening_left_falls_as_the_vacancys_other_interviews_get_stronger() -> None:
    vacancy, _, value, slots, _ = edges()
    left = allocation.still_open(vacancy, value, slots, OPENINGS)
    assert left[0] < 0.5 < left[4]  # person 0: vacancy 0 has person 1 too; vacancy 1 has nobody as strong
    assert np.all((left > 0) & (left <= 1))
