"""The fairness audit's arithmetic: selection-rate impact ratios with Fisher's exact test, the FA*IR
ranked group fairness prefix test, and position-discounted exposure, per group of each attribute."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

import msgspec
import numpy as np
from scipy.stats import binom, fisher_exact

from matcher.domain.fairness import ATTRIBUTES, AttributeAudit, GroupFigures

ALPHA = 0.1
FOUR_FIFTHS = 0.8

Groups = tuple[str | None, ...]  # one value (or None, not given) per attribute, in ATTRIBUTES order


class Ranking(msgspec.Struct, frozen=True):
    """One ranking as the audit needs it: how many eligible people it considered of each combination
    of groups, and the groups of the people it put on the list, best first."""

    pool: Mapping[Groups, int]
    ranked: Sequence[Groups]


def exposure(rank: int | None) -> float:
    return 1 / math.log2(1 + rank) if rank else 0.0


def fair_prefixes(ranked_groups: Sequence[bool], share: float, alpha: float = ALPHA) -> bool:
    """FA*IR (Zehlike et al. 2017): in every prefix of length k, at least the number of the group's
    members that a fair coin with the group's share would give with probability 1 - alpha."""
    if not ranked_groups:
        return True
    needed = binom.ppf(alpha, np.arange(1, len(ranked_groups) + 1), share)
    return bool(np.all(np.cumsum(ranked_groups) >= needed))


def audit(rankings: Sequence[Ranking]) -> list[AttributeAudit]:
    result = []
    for index, attribute in enumerate(ATTRIBUTES):
        considered: Counter[str] = Counter()
        selected: Counter[str] = Counter()
        exposed: dict[str, float] = defaultdict(float)
        in_rankings: Counter[str] = Counter()
        passed: Counter[str] = Counter()
        unrecorded = 0
        for ranking in rankings:
            counts: Counter[str] = Counter()
            total = 0
            for groups, n in ranking.pool.items():
                total += n
                if (value := groups[index]) is not None:
                    counts[value] += n
            unrecorded += total - sum(counts.values())
            considered.update(counts)
            values = [groups[index] for groups in ranking.ranked]
            for rank, value in enumerate(values, start=1):
                if value is not None:
                    selected[value] += 1
                    exposed[value] += exposure(rank)
            for value, members in counts.items():
                in_rankings[value] += 1
                passed[value] += fair_prefixes([v == value for v in values], members / total)
        rates = {g: selected[g] / n for g, n in considered.items() if n}
        best = max(rates.values(), default=0.0)
        total_selected, total_considered = sum(selected.values()), sum(considered.values())
        figures = []
        for group in sorted(considered):
            n, s = considered[group], selected[group]
            rest_n, rest_s = total_considered - n, total_selected - s
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
