"""The labels only alike a phrase that no label names outright: those sharing its most informative
words (typos and unknown endings forgiven, :class:`~taxonomy.retrieval.WordIndex`), re-ranked by how
alike the whole phrases are, and scored below what a label names outright.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection
from typing import NamedTuple

import numpy as np
from rapidfuzz import fuzz, process

from taxonomy.model import OCCUPATION_KINDS, SKILL_KINDS, Concept, ConceptKind, Label
from taxonomy.retrieval import Hits, Spelling, WordIndex

RETRIEVED = 95.0  # the most a label only alike scores
WORDS_WEIGHT = 0.6  # the shared words' part of it; how alike the whole phrases are is the rest
RETRIEVE_ROWS = 60
FIRST_COMPARED = 4
FLOOR = 30.0
FAMILIES = (SKILL_KINDS, OCCUPATION_KINDS)  # one index each


class Wanted(NamedTuple):
    """A phrase that wants more answers: the concepts it has, its content words and languages, how
    many more it takes and the score they stay below."""

    found: Collection[int]
    words: list[str]
    languages: tuple[str, ...]
    room: int
    ceiling: float


class _Family(NamedTuple):
    """The labels of one family of kinds as rows: their index, concepts and normalised texts."""

    kinds: frozenset[ConceptKind]
    words: WordIndex
    concepts: list[int]
    keys: np.ndarray


class Alike:
    """The labels alike a phrase, one index for skills and one for occupations, built on first need."""

    def __init__(self, concepts: list[Concept], labels: list[Label], spelling: Callable[[], Spelling]) -> None:
        self.concepts = concepts
        self.labels = labels
        self.spelling = spelling
        self._families: list[_Family] | None = None
        self._building = threading.Lock()

    def families(self) -> list[_Family]:
        with self._building:
            if self._families is None:
                self._families = [self._family(kinds) for kinds in FAMILIES]
            return self._families

    def _family(self, kinds: frozenset[ConceptKind]) -> _Family:
        labels = [label for label in self.labels if label.stem and self.concepts[label.concept].kind in kinds]
        index = WordIndex([[f"{label.lang}:{w}" for w in label.stem.split()] for label in labels], self.spelling())
        keys = np.array([label.key for label in labels], dtype=object)
        return _Family(kinds, index, [label.concept for label in labels], keys)

    def forget(self) -> None:
        """Drop the weights worked out for the words seen so far."""
        for family in self.families():
            family.words.forget()

    def fill(self, wanted: list[Wanted], kinds: frozenset[ConceptKind]) -> list[list[tuple[int, float, str]]]:
        """For each phrase, up to ``room`` more concepts of ``kinds`` (of each family asked for) as
        (concept, score, the label's text), best first; what a phrase has is not offered again."""
        added: list[list[tuple[int, float, str]]] = [[] for _ in wanted]
        taken = [set(want.found) for want in wanted]
        phrases = [" ".join(want.words) for want in wanted]
        for family in self.families():
            if not kinds & family.kinds:
                continue
            hits = family.words.search(
                [family.words.query_weights(want.words, want.languages) for want in wanted], RETRIEVE_ROWS
            )
            combined = self._reranked(hits, wanted, taken, phrases, family, kinds)
            for want, adding, had, rows, scores, count in zip(
                wanted, added, taken, hits.rows.tolist(), combined.tolist(), hits.count.tolist(), strict=True
            ):
                new = 0
                lowered = 0.0  # how far this phrase's alike labels are lowered to stay below the outright ones
                for position in _best_first(scores, count):
                    score = scores[position]
                    if score < FLOOR or new >= want.room:
                        break
                    concept = family.concepts[rows[position]]
                    if self.concepts[concept].kind in kinds and concept not in had:
                        lowered = lowered or max(0.0, round(score, 1) - want.ceiling)
                        adding.append((concept, round(score - lowered, 1), str(family.keys[rows[position]])))
                        had.add(concept)
                        new += 1
        return added

    def _reranked(
        self,
        hits: Hits,
        wanted: list[Wanted],
        taken: list[set[int]],
        phrases: list[str],
        family: _Family,
        kinds: frozenset[ConceptKind],
    ) -> np.ndarray:
        """Each hit's score with how alike the whole phrases are counted in (-1 where it cannot
        reach a phrase's best ``room`` new concepts, so was not compared).

        The comparison costs most, so it runs for the best few hits first; a further hit is
        compared only if its word score could still lift it into the best ``room``.
        """
        alike = np.full(hits.rows.shape, np.nan)
        first = np.minimum(hits.count, np.asarray([want.room for want in wanted]) + FIRST_COMPARED)
        _compare(alike, hits, phrases, family.keys, np.zeros_like(first), first)
        combined = RETRIEVED * (WORDS_WEIGHT * hits.scores + (1 - WORDS_WEIGHT) * alike)
        ceiling = RETRIEVED * (WORDS_WEIGHT * hits.scores + (1 - WORDS_WEIGHT))
        width = int(first.max(initial=0))
        bars = []
        for want, had, scores, rows, compared in zip(
            wanted, taken, combined[:, :width].tolist(), hits.rows[:, :width].tolist(), first.tolist(), strict=True
        ):
            counted: set[int] = set()
            bar = FLOOR
            for position in _best_first(scores, compared):
                concept = family.concepts[rows[position]]
                if self.concepts[concept].kind in kinds and concept not in had and concept not in counted:
                    counted.add(concept)
                    if len(counted) == want.room:
                        bar = max(bar, scores[position])
                        break
            bars.append(bar)
        places = np.arange(hits.rows.shape[1])
        reachable = (places >= first[:, None]) & (places < hits.count[:, None])
        until = first + np.count_nonzero(reachable & (ceiling >= np.asarray(bars)[:, None]), axis=1)
        _compare(alike, hits, phrases, family.keys, first, until)
        combined = RETRIEVED * (WORDS_WEIGHT * hits.scores + (1 - WORDS_WEIGHT) * alike)
        return np.where(np.isnan(combined), -1.0, combined)


def _compare(
    alike: np.ndarray, hits: Hits, phrases: list[str], keys: np.ndarray, start: np.ndarray, stop: np.ndarray
) -> None:
    """Fill ``alike[i, start[i]:stop[i]]`` with how alike phrase ``i`` and each hit's label are (0-1)."""
    position = np.arange(hits.rows.shape[1])
    which = np.nonzero((position >= start[:, None]) & (position < stop[:, None]))
    if not len(which[0]):
        return
    queries = [phrases[i] for i in which[0].tolist()]
    labels = keys[hits.rows[which]].tolist()
    alike[which] = process.cpdist(queries, labels, scorer=fuzz.token_set_ratio, dtype=np.float32) / 100.0


def _best_first(scores: list[float], count: int) -> list[int]:
    """The positions of the first ``count`` scores, highest first (ties in their order)."""
    return sorted(range(count), key=scores.__getitem__, reverse=True)
