"""The fairness audit's arithmetic on rankings whose answer is known."""

from __future__ import annotations

import math
from collections import Counter

from matcher.reports.fairness import Groups, Ranking, audit, exposure, fair_prefixes


def test_exposure_falls_with_the_rank() -> None:
    assert exposure(1) == 1.0
    assert exposure(3) == 0.5
    assert exposure(None) == 0.0
    assert math.isclose(exposure(7), 1 / 3)


def test_fair_prefixes_fail_a_ranking_that_puts_the_group_last() -> None:
    share = 0.5
    assert fair_prefixes([True, False] * 10, share)
    assert not fair_prefixes([False] * 10 + [True] * 10, share)
    assert fair_prefixes([], share)


def _ranking(people: dict[str, str], ranked: list[str]) -> Ranking:
    """People by gender (no other attribute given), and who was put on the list, best first."""
    groups: dict[str, Groups] = {person: (gender, None, None) for person, gender in people.items()}
    return Ranking(pool=Counter(groups.values()), ranked=[groups[person] for person in ranked])


def test_equal_selection_gives_impact_ratio_one() -> None:
    people = {f"f{i}": "female" for i in range(10)} | {f"m{i}": "male" for i in range(10)}
    [gender, age, _] = audit([_ranking(people, ["f0", "m0", "f1", "m1"])])
    assert [(g.group, g.considered, g.selected, g.impact_ratio, g.four_fifths_met) for g in gender.groups] == [
        ("female", 10, 2, 1.0, True),
        ("male", 10, 2, 1.0, True),
    ]
    assert age.unrecorded == 20
    assert age.groups == []
    assert all(g.fair_prefix_passed == 1 for g in gender.groups)


def test_a_group_left_out_fails_four_fifths_with_a_small_p() -> None:
    people = {f"f{i}": "female" for i in range(30)} | {f"m{i}": "male" for i in range(30)}
    rankings = [_ranking(people, [f"m{i}" for i in range(start, start + 10)] + ["f0"]) for start in (0, 10, 20)]
    [gender, _, _] = audit(rankings)
    female, male = gender.groups
    assert (female.selected, male.selected) == (3, 30)
    assert female.impact_ratio is not None
    assert female.impact_ratio < 0.8
    assert female.four_fifths_met is False
    assert female.fisher_p is not None
    assert female.fisher_p < 0.001
    assert female.mean_exposure is not None
    assert male.mean_exposure is not None
    assert female.mean_exposure < male.mean_exposure
    assert female.fair_prefix_passed == 0
    assert female.rankings == 3
