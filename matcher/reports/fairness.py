"""The fairness audit's arithmetic: selection-rate impact ratios with Fisher's exact test, the FA*IR
ranked group fairness prefix test, and position-discounted exposure, per group of each attribute."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence

import msgspec
from scipy.stats import binom, fisher_exact

from matcher.domain.fairness import ATTRIBUTES, AttributeAudit, GroupFigures

ALPHA = 0.1
FOUR_FIFTHS = 0.8


class Ranking(msgspec.Struct, frozen=True):
    """One ranking as the audit needs it: who was eligible, and the rank of those put on the list."""

    eligible: tuple[str, ...]
    ranks: Mapping[str, int]


def exposure(rank: int | None) -> float:
    return 1 / math.log2(1 + rank) if rank else 0.0


def fair_prefixes(ranked_groups: Sequence[bool], share: float, alpha: float = ALPHA) -> bool:
    """FA*IR (Zehlike et al. 2017): in every prefix of length k, at least the number of the group's
    members that a fair coin with the group's share would give with probability 1 - alpha."""
    seen = 0
    for k, member in enumerate(ranked_groups, start=1):
        seen += member
        if seen < binom.ppf(alpha, k, share):
            return False
    return True


def audit(rankings: Sequence[Ranking], groups: Mapping[str, Mapping[str, str | None]]) -> list[AttributeAudit]:
    result = []
    for attribute in ATTRIBUTES:
        considered: dict[str, int] = defaultdict(int)
        selected: dict[str, int] = defaultdict(int)
        exposed: dict[str, float] = defaultdict(float)
        in_rankings: dict[str, int] = defaultdict(int)
        passed: dict[str, int] = defaultdict(int)
        unrecorded = 0
        for ranking in rankings:
            value_of = {person: (groups.get(person) or {}).get(attribute) for person in ranking.eligible}
            unrecorded += sum(value is None for value in value_of.values())
            for person, value in value_of.items():
                if value is None:
                    continue
                considered[value] += 1
                rank = ranking.ranks.get(person)
                selected[value] += rank is not None
                exposed[value] += exposure(rank)
            ordered = sorted(ranking.ranks, key=lambda person: ranking.ranks[person])
            for value in set(filter(None, value_of.values())):
                members = sum(v == value for v in value_of.values())
                in_rankings[value] += 1
                passed[value] += fair_prefixes(
                    [value_of.get(person) == value for person in ordered], members / len(value_of)
                )
        rates = {g: selected[g] / n for g, n in considered.items() if n}
        best = max(rates.values(), default=0.0)
        total_selected, total = sum(selected.values()), sum(considered.values())
        figures = []
        for group in sorted(considered):
            n, s = considered[group], selected[group]
            rest_n, rest_s = total - n, total_selected - s
            p = float(fisher_exact([[s, n - s], [rest_s, rest_n - rest_s]])[1]) if rest_n else None
            ratio = rates[group] / best if best else None
            figures.append(
                GroupFigures(
                    group=group,
                    considered=n,
                    selected=s,
                    selection_rate=round(rates[group], 4),
                    impact_ratio=None if ratio is None else round(ratio, 4),
                    fisher_p=None if p is None else round(p, 4),
                    four_fifths_met=None if ratio is None else ratio >= FOUR_FIFTHS,
                    mean_exposure=round(exposed[group] / n, 4),
                    rankings=in_rankings[group],
                    fair_prefix_passed=passed[group],
                )
            )
        result.append(AttributeAudit(attribute=attribute, groups=figures, unrecorded=unrecorded))
    return result
