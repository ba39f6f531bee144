"""Ranked retrieval of labels by shared words: IDF-weighted cosine over stemmed words, with
one-edit typo tolerance. This is what answers when no label matches a phrase exactly.

Labels are rows of a sparse matrix (columns are stems, values their IDF); a phrase touches only the
posting lists of its own stems, so the cost follows how rare its words are, not how many labels
there are.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Iterable, Sequence

import numpy as np
from rapidfuzz.distance import Levenshtein
from scipy import sparse

TYPO_WEIGHT = 0.8
MIN_TYPO_LENGTH = 5
MAX_ENDING = 6


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class WordIndex:
    """Labels (rows) by their stemmed words (columns), each stem qualified by its label's language
    (``fi:last``) so that a word meets only the words of its own language."""

    def __init__(self, rows: Sequence[Sequence[str]], words: dict[str, dict[str, str]]) -> None:
        """Build from each label's stems and, for typo lookups, each raw word's stem by language.

        Args:
            rows: the language-qualified stems of each label, in label order.
            words: raw (normalised) word → {language: stem}.
        """
        self.vocabulary: dict[str, int] = {}
        indices: list[int] = []
        indptr = [0]
        for stems in rows:
            for stem in set(stems):
                indices.append(self.vocabulary.setdefault(stem, len(self.vocabulary)))
            indptr.append(len(indices))
        shape = (len(rows), len(self.vocabulary))
        incidence = sparse.csr_matrix((np.ones(len(indices), dtype=np.float32), indices, indptr), shape=shape)
        document_frequency = np.asarray(incidence.sum(axis=0)).ravel()
        self.idf = np.log((1 + len(rows)) / (1 + document_frequency)).astype(np.float32) + 1.0
        weighted = incidence.multiply(self.idf).tocsr()
        self.row_norm = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
        self.columns = weighted.tocsc()
        self.words = words
        self._typos: dict[str, list[str]] | None = None
        self._sorted_words: list[str] | None = None

    def _typo_index(self) -> dict[str, list[str]]:
        if self._typos is None:
            typos: dict[str, list[str]] = {}
            for word in self.words:
                if len(word) >= MIN_TYPO_LENGTH:
                    for variant in (word, *_deletions(word)):
                        typos.setdefault(variant, []).append(word)
            self._typos = typos
        return self._typos

    def corrections(self, word: str) -> list[str]:
        """Known words one edit away from ``word`` (insert, delete, substitute)."""
        if len(word) < MIN_TYPO_LENGTH:
            return []
        index = self._typo_index()
        found = {known for variant in (word, *_deletions(word)) for known in index.get(variant, ())}
        return sorted(known for known in found if known != word and Levenshtein.distance(known, word) <= 1)

    def inflections(self, word: str) -> list[str]:
        """Known words sharing all but the last few letters of ``word``: the inflected forms a
        stemmer misses ("keräilijöitä" → keräilijä), longest shared beginning first."""
        if len(word) < MIN_TYPO_LENGTH + 1:
            return []
        if self._sorted_words is None:
            self._sorted_words = sorted(self.words)
        for cut in range(len(word) - 1, max(MIN_TYPO_LENGTH, len(word) - MAX_ENDING) - 1, -1):
            prefix = word[:cut]
            start = bisect.bisect_left(self._sorted_words, prefix)
            found = [w for w in itertools.islice(self._sorted_words, start, start + 50) if w.startswith(prefix)]
            if found:
                return sorted(found, key=len)[:3]
        return []

    def query_weights(
        self, words: Iterable[str], languages: Sequence[str], stem: dict[str, dict[str, str]]
    ) -> dict[int, float]:
        """Columns and weights for the words of a phrase (their stems in each language, or, for an
        unknown word, the stems of known words one typo or one ending away, at a lower weight)."""
        weights: dict[int, float] = {}
        for word in words:
            columns = {
                self.vocabulary[s] for lang in languages if (s := f"{lang}:{stem[word][lang]}") in self.vocabulary
            }
            factor = 1.0
            if not columns:
                factor = TYPO_WEIGHT
                known_words = self.corrections(word) or self.inflections(word)
                columns = {
                    self.vocabulary[s]
                    for known in known_words
                    for lang in languages
                    if (s := f"{lang}:{self.words[known].get(lang, '')}") in self.vocabulary
                }
            for column in columns:
                weights[column] = max(weights.get(column, 0.0), factor * float(self.idf[column]))
        return weights

    def search(self, weights: dict[int, float], limit: int) -> tuple[np.ndarray, np.ndarray]:
        """The best ``limit`` rows by cosine similarity and their scores (0-1), best first."""
        if not weights:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64)
        columns = self.columns
        parts_rows, parts_values = [], []
        for column, weight in weights.items():
            start, end = columns.indptr[column], columns.indptr[column + 1]
            parts_rows.append(columns.indices[start:end])
            parts_values.append(columns.data[start:end] * weight)
        rows = np.concatenate(parts_rows)
        unique, inverse = np.unique(rows, return_inverse=True)
        dots = np.bincount(inverse, weights=np.concatenate(parts_values))
        query_norm = math.sqrt(sum(w * w for w in weights.values()))
        scores = dots / (self.row_norm[unique] * query_norm)
        best = np.argpartition(-scores, limit)[:limit] if len(scores) > limit else np.arange(len(scores))
        best = best[np.argsort(-scores[best], kind="stable")]
        return unique[best], scores[best]
