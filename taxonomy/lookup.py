"""Free text to ESCO concepts: exact label lookup, then rapidfuzz for variants and typos.

Terms that match nothing are returned as unmatched, never dropped, so that users and the weekly
report can see what the taxonomy is missing.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from functools import cache
from pathlib import Path

import msgspec
from rapidfuzz import fuzz, process

from taxonomy.model import Concept, ConceptKind, TaxonomyFile, read
from taxonomy.text import is_meaningful, normalise

BUNDLED = Path(__file__).parent / "data" / "esco.msgpack.z"
SKILL_KINDS: frozenset[ConceptKind] = frozenset({"skill", "knowledge", "local"})
OCCUPATION_KINDS: frozenset[ConceptKind] = frozenset({"occupation"})
FUZZY_CUTOFF = 88.0
PARTIAL_CUTOFF = 95.0
MIN_SCORE = 80.0
CACHE_SIZE = 50_000


class Match(msgspec.Struct, frozen=True):
    """The concept a term was recognised as."""

    uri: str
    label: str
    kind: ConceptKind
    score: float
    matched_label: str


class TermResult(msgspec.Struct, frozen=True):
    """One term as typed, with its match if any (``match is None`` means unmatched)."""

    text: str
    match: Match | None = None


class Taxonomy:
    """An in-memory index over the labels of a :class:`TaxonomyFile`."""

    def __init__(self, data: TaxonomyFile) -> None:
        self.data = data
        self.version = data.version
        self.attribution = data.attribution
        self.concepts: list[Concept] = data.concepts
        self.by_uri = {concept.uri: index for index, concept in enumerate(data.concepts)}
        self._exact: dict[str, list[int]] = {}
        self._texts: dict[int, str] = {}
        for label in data.labels:
            key = normalise(label.text)
            if not key:
                continue
            targets = self._exact.setdefault(key, [])
            if label.concept not in targets:
                targets.append(label.concept)
        self._choices: dict[frozenset[ConceptKind], tuple[list[str], list[list[int]]]] = {}
        self._cache: dict[tuple[str, frozenset[ConceptKind]], Match | None] = {}

    @classmethod
    def load(cls, path: Path = BUNDLED) -> Taxonomy:
        return cls(read(path))

    def _candidates(self, kinds: frozenset[ConceptKind]) -> tuple[list[str], list[list[int]]]:
        if kinds not in self._choices:
            keys, targets = [], []
            for key, concepts in self._exact.items():
                wanted = [c for c in concepts if self.concepts[c].kind in kinds]
                if wanted:
                    keys.append(key)
                    targets.append(wanted)
            self._choices[kinds] = (keys, targets)
        return self._choices[kinds]

    def _match(self, concept: int, score: float, matched: str) -> Match:
        found = self.concepts[concept]
        return Match(uri=found.uri, label=found.preferred, kind=found.kind, score=score, matched_label=matched)

    def match(self, text: str, kinds: Collection[ConceptKind] = SKILL_KINDS) -> Match | None:
        """Recognise one term among concepts of the given kinds, or ``None``.

        Exact labels first; then whole-label similarity (typos, word order); then a label that
        contains every word of the term, the closest in length ("forklift" → "drive forklift").
        """
        key = normalise(text)
        if not is_meaningful(key):
            return None
        wanted = frozenset(kinds)
        cache_key = (key, wanted)
        if cache_key not in self._cache:
            if len(self._cache) >= CACHE_SIZE:
                self._cache.clear()
            self._cache[cache_key] = self._lookup(key, wanted)
        return self._cache[cache_key]

    def _lookup(self, key: str, wanted: frozenset[ConceptKind]) -> Match | None:
        exact = [c for c in self._exact.get(key, []) if self.concepts[c].kind in wanted]
        if exact:
            return self._match(exact[0], 100.0, key)
        keys, targets = self._candidates(wanted)
        best = process.extractOne(key, keys, scorer=fuzz.token_sort_ratio, score_cutoff=FUZZY_CUTOFF)
        if best is not None:
            _, score, position = best
            return self._match(targets[position][0], round(float(score), 1), keys[position])
        contained = process.extract(key, keys, scorer=fuzz.token_set_ratio, score_cutoff=PARTIAL_CUTOFF, limit=50)
        if not contained:
            return None
        words = len(key.split())
        _, _, position = min(contained, key=lambda hit: (-hit[1], len(keys[hit[2]]), keys[hit[2]]))
        coverage = words / max(words, len(keys[position].split()))
        score = round(70.0 + 20.0 * coverage, 1)
        return self._match(targets[position][0], score, keys[position]) if score >= MIN_SCORE else None

    def normalise_terms(self, texts: Iterable[str], kinds: Collection[ConceptKind] = SKILL_KINDS) -> list[TermResult]:
        """Match every term; the order and the original text of each are kept."""
        return [TermResult(text=text, match=self.match(text, kinds)) for text in texts]

    def concept(self, uri: str) -> Concept | None:
        index = self.by_uri.get(uri)
        return None if index is None else self.concepts[index]


@cache
def bundled() -> Taxonomy:
    """The taxonomy shipped with the service, loaded once per process."""
    return Taxonomy.load()
