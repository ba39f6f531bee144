"""The market plan: shortlists for all open vacancies at once.

Choose (vacancy, job seeker) pairs to maximise expected hires, with at most ``slots[v]``
interviews per vacancy and at most ``cap[c]`` per job seeker. This is a bipartite b-matching;
its linear program has a totally unimodular constraint matrix, so the simplex optimum HiGHS
returns is whole: every pair is in or out, no rounding needed.

A vacancy with one opening gains little from a fifth strong interview: the hire is likely made
already. So a pair's value is its hire chance times the chance that the vacancy still has an
opening left after its other interviews (its own best ones, Poisson in their summed chances). This
keeps the program linear, and strong candidates go where they are not crowding each other out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linprog
from scipy.special import pdtr


def expected_hires(chances: list[float], openings: int) -> float:
    """E[min(openings, hires)] for independent interviews: the hires a shortlist should bring."""
    hires = np.zeros(len(chances) + 1)
    hires[0] = 1.0
    for p in chances:
        hires[1:] = hires[1:] * (1 - p) + hires[:-1] * p
        hires[0] *= 1 - p
    return float((np.minimum(np.arange(len(hires)), openings) * hires).sum())


@dataclass
class Plan:
    vacancy: np.ndarray  # the chosen pairs
    candidate: np.ndarray
    value: np.ndarray  # each pair's hire chance
    slots: int  # interview slots offered
    status: str
    openings: np.ndarray | None = None  # per vacancy, when known

    @property
    def filled(self) -> float:
        return len(self.vacancy) / self.slots if self.slots else 1.0

    @property
    def expected_hires(self) -> float:
        """The hires the chosen interviews should bring, each vacancy's openings counted when known."""
        if self.openings is None:
            return float(self.value.sum())
        return sum(
            expected_hires(self.value[self.vacancy == v].tolist(), int(self.openings[v]))
            for v in np.unique(self.vacancy)
        )


def still_open(vacancy: np.ndarray, value: np.ndarray, slots: np.ndarray, openings: np.ndarray) -> np.ndarray:
    """Per pair: the chance its vacancy has an opening left after the vacancy's other best interviews.

    The others are the vacancy's ``slots`` best pairs (without this one; a pair outside them would
    take the weakest one's place), their hires counted as Poisson with the summed chances."""
    chance = np.clip(np.asarray(value, float), 0.0, 1.0)
    order = np.lexsort((-chance, vacancy))
    starts = np.searchsorted(vacancy[order], vacancy[order], side="left")
    rank = np.empty(len(order), np.int64)
    rank[order] = np.arange(len(order)) - starts
    top = rank < slots[vacancy]
    expected = np.bincount(vacancy[top], chance[top], minlength=len(slots))
    weakest = np.ones(len(slots))
    np.minimum.at(weakest, vacancy[top], chance[top])
    others = expected[vacancy] - np.where(top, chance, weakest[vacancy])
    return np.asarray(pdtr(openings[vacancy] - 1, np.maximum(others, 0.0)))


def allocate(
    vacancy: np.ndarray,
    candidate: np.ndarray,
    value: np.ndarray,
    slots: np.ndarray,
    cap: np.ndarray,
    openings: np.ndarray | None = None,
) -> Plan:
    """``vacancy``, ``candidate``, ``value``: the candidate pairs (indices and hire chances);
    ``slots`` and ``openings`` per vacancy, ``cap`` per job seeker. Without ``openings`` every
    interview counts in full."""
    pairs = len(value)
    if not pairs:
        return Plan(vacancy, candidate, value, int(slots.sum()), "no pairs")
    weight = np.asarray(value, float)
    if openings is not None:
        weight = weight * still_open(vacancy, weight, slots, openings)
    columns = np.arange(pairs)
    by_vacancy = sp.csr_matrix((np.ones(pairs), (vacancy, columns)), shape=(len(slots), pairs))
    by_candidate = sp.csr_matrix((np.ones(pairs), (candidate, columns)), shape=(len(cap), pairs))
    result = linprog(
        -weight,
        A_ub=sp.vstack([by_vacancy, by_candidate]).tocsr(),
        b_ub=np.concatenate([slots, cap]).astype(float),
        bounds=(0, 1),
        method="highs-ds",
    )
    if result.x is None:
        raise RuntimeError(f"allocation failed: {result.message}")
    chosen = result.x > 0.5
    return Plan(vacancy[chosen], candidate[chosen], value[chosen], int(slots.sum()), str(result.message), openings)


def greedy(vacancy: np.ndarray, candidate: np.ndarray, value: np.ndarray, slots: np.ndarray, cap: np.ndarray) -> Plan:
    """Each vacancy in turn takes its best pairs still under the cap: what separate shortlists do."""
    used = np.zeros(len(cap), np.int64)
    keep = np.zeros(len(value), bool)
    for v in range(len(slots)):
        mine = np.flatnonzero(vacancy == v)
        mine = mine[np.argsort(-value[mine], kind="stable")]
        taken = 0
        for pair in mine:
            if taken == slots[v]:
                break
            if used[candidate[pair]] < cap[candidate[pair]]:
                keep[pair] = True
                used[candidate[pair]] += 1
                taken += 1
    return Plan(vacancy[keep], candidate[keep], value[keep], int(slots.sum()), "greedy")
