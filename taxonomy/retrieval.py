"""Ranked retrieval of labels by shared words: IDF-weighted cosine over stemmed words, with
one-edit typo tolerance. This is what answers when no label matches a phrase exactly.

Labels are rows of a sparse matrix (columns are stems, values their IDF); a phrase touches only the
posting lists of its own stems, so the cost follows how rare its words are, not how many labels
there are. A batch of phrases is scored as one sparse matrix product.
"""

from __future__ import annotations

import bisect
import itertools
import math
import threading
from collections.abc import Iterable, Iterator, Sequence

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein
from scipy import sparse

from taxonomy.text import UNMARK, stem

TYPO_WEIGHT = 0.8
MIN_TYPO_LENGTH = 5
MIN_MISTYPED = 7  # letters: a shorter word a letter away from a known one is as likely another word ("lager")
MAX_ENDING = 6
MIN_NEAR_LENGTH = 8  # letters: a word this long may be a few slips from the word meant
NEAR = 85.0  # how alike (rapidfuzz's ratio) a word a few slips away is at least
MIN_BEGINNING = 4  # letters an inflected word shares with the word it inflects at least: myyjiä → myyjä
CACHE_SIZE = 200_000
BATCHED = 8
TIE_DECIMALS = 12  # scores equal to this many decimals are a tie (sums in another order differ in the last bits)


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class Spelling:
    """The words labels use, each with its stem in every language, and the known words an unknown
    one was probably meant as: a typo away, or the same word with another ending."""

    def __init__(self, words: dict[str, dict[str, str]]) -> None:
        """Args: words: raw (normalised) word → {language: stem}."""
        self.words = words
        self._typos: dict[str, list[str]] | None = None
        self._sorted: list[str] | None = None
        self._folded: tuple[list[str], list[str]] = ([], [])  # sorted without å, ä, ö; as spelt
        self._building = threading.Lock()

    def prepare(self) -> None:
        """Build the lookups now rather than on the first unknown word."""
        with self._building:
            if self._typos is None:
                typos: dict[str, list[str]] = {}
                for word in self.words:
                    if len(word) >= MIN_TYPO_LENGTH:
                        for variant in (word, *_deletions(word)):
                            typos.setdefault(variant, []).append(word)
                self._sorted = sorted(self.words)
                folded = sorted((word.translate(UNMARK), word) for word in self.words)
                self._folded = ([key for key, _ in folded], [word for _, word in folded])
                self._typos = typos

    def corrections(self, word: str) -> list[str]:
        """Known words one edit away from ``word`` (insert, delete, substitute)."""
        if len(word) < MIN_TYPO_LENGTH:
            return []
        self.prepare()
        assert self._typos is not None
        found = {known for variant in (word, *_deletions(word)) for known in self._typos.get(variant, ())}
        return sorted(known for known in found if known != word and Levenshtein.distance(known, word) <= 1)

    def near(self, word: str) -> list[str]:
        """The known words most like a long unknown ``word`` a few slips away ("anisklupassi" →
        anniskelupassi), among those that begin with its two letters (å, ä and ö read as a, a, o)."""
        if len(word) < MIN_NEAR_LENGTH:
            return []
        self.prepare()
        keys, words = self._folded
        folded = word.translate(UNMARK)
        start = bisect.bisect_left(keys, folded[:2])
        end = bisect.bisect_left(keys, folded[:2] + "\U0010ffff", start)
        found = process.extract(folded, keys[start:end], scorer=fuzz.ratio, score_cutoff=NEAR, limit=3)
        return [words[start + at] for _, score, at in found if score == found[0][1]]

    def inflections(self, word: str) -> list[str]:
        """Known words sharing all but the last few letters of ``word``: the inflected forms a
        stemmer misses ("keräilijöitä" → keräilijä), longest shared beginning first."""
        return next(self.beginnings(word), [])

    def beginnings(self, word: str) -> Iterator[list[str]]:
        """For each beginning of ``word`` that leaves off up to ``MAX_ENDING`` letters, longest
        first, the (up to three shortest) known words that begin so, where there are any."""
        if len(word) < MIN_TYPO_LENGTH + 1:
            return
        self.prepare()
        assert self._sorted is not None
        shortest = max(MIN_BEGINNING, len(word) - MAX_ENDING)
        start = bisect.bisect_left(self._sorted, word[:shortest])
        if start == len(self._sorted) or not self._sorted[start].startswith(word[:shortest]):
            return  # no known word begins with even the shortest beginning (most words: at once)
        for cut in range(len(word) - 1, shortest - 1, -1):
            prefix = word[:cut]
            start = bisect.bisect_left(self._sorted, prefix)
            end = bisect.bisect_left(self._sorted, prefix + "\U0010ffff", start, min(start + 50, len(self._sorted)))
            found = self._sorted[start:end]  # the known words that begin so (the first 50 at most)
            if cut < MIN_TYPO_LENGTH:  # a short beginning: the word's last vowel changed, no more (kokki → kokkeja)
                found = [known for known in found if len(known) <= cut + 1]
            if found:
                yield sorted(found, key=len)[:3]


class Hits:
    """The best rows of each phrase of a batch: ``rows[i, :count[i]]`` with ``scores`` (0-1), best first."""

    def __init__(self, rows: np.ndarray, scores: np.ndarray, count: np.ndarray) -> None:
        self.rows, self.scores, self.count = rows, scores, count


class WordIndex:
    """Labels (rows) by their stemmed words (columns), each stem qualified by its label's language
    (``fi:last``) so that a word meets only the words of its own language."""

    def __init__(self, rows: Sequence[Sequence[str]], spelling: Spelling) -> None:
        """Build from each label's stems; ``spelling`` finds the known words meant by unknown ones.

        Args:
            rows: the language-qualified stems of each label, in label order.
            spelling: the words labels use, with their stems.
        """
        self.vocabulary: dict[str, int] = {}
        indices: list[int] = []
        indptr = [0]
        for stems in rows:
            for column in set(stems):
                indices.append(self.vocabulary.setdefault(column, len(self.vocabulary)))
            indptr.append(len(indices))
        shape = (len(rows), len(self.vocabulary))
        incidence = sparse.csr_matrix((np.ones(len(indices), dtype=np.float64), indices, indptr), shape=shape)
        document_frequency = np.asarray(incidence.sum(axis=0)).ravel()
        self.idf = np.log((1 + len(rows)) / (1 + document_frequency)) + 1.0
        weighted = incidence.multiply(self.idf).tocsr()
        self.row_norm = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
        self.columns = weighted.tocsc()
        self.columns.sort_indices()
        self.by_column = self.columns.T.tocsr()
        self.spelling = spelling
        self._weights: dict[tuple[str, tuple[str, ...]], tuple[tuple[int, float], ...]] = {}

    def forget(self) -> None:
        """Drop the weights worked out for words seen so far."""
        self._weights.clear()

    def query_weights(self, words: Iterable[str], languages: tuple[str, ...]) -> dict[int, float]:
        """Columns and weights for the words of a phrase: their stems in each language, or, for an
        unknown word, the stems of known words one typo or one ending away, at a lower weight."""
        weights: dict[int, float] = {}
        for word in words:
            for column, weight in self._word_weights(word, languages):
                if weight > weights.get(column, 0.0):
                    weights[column] = weight
        return weights

    def _word_weights(self, word: str, languages: tuple[str, ...]) -> tuple[tuple[int, float], ...]:
        key = (word, languages)
        known = self._weights.get(key)
        if known is None:
            if len(self._weights) >= CACHE_SIZE:
                self._weights.clear()
            known = self._weights[key] = self._columns_of(word, languages)
        return known

    def _columns_of(self, word: str, languages: tuple[str, ...]) -> tuple[tuple[int, float], ...]:
        words = self.spelling.words
        stems = words.get(word) or {lang: stem(word, lang) for lang in languages}
        columns = {self.vocabulary[s] for lang in languages if (s := f"{lang}:{stems[lang]}") in self.vocabulary}
        factor = 1.0
        if not columns:
            factor = TYPO_WEIGHT
            columns = {
                self.vocabulary[s]
                for known in (self.spelling.corrections(word) if len(word) >= MIN_MISTYPED else [])
                or self.spelling.inflections(word)
                for lang in languages
                if (s := f"{lang}:{words[known].get(lang, '')}") in self.vocabulary
            }
        return tuple((column, factor * float(self.idf[column])) for column in sorted(columns))

    def search(self, queries: Sequence[dict[int, float]], limit: int) -> Hits:
        """The best ``limit`` rows of each query by cosine similarity, best first (ties by row).

        A batch is scored as one sparse product (queries × labels); a query or two alone, whose
        product would cost more in set-up than in work, are scored from their posting lists.
        """
        rows = np.full((len(queries), limit), -1, dtype=np.int64)
        scores = np.zeros((len(queries), limit), dtype=np.float64)
        count = np.zeros(len(queries), dtype=np.int64)
        scored = self._product(queries) if len(queries) >= BATCHED else map(self._postings, queries)
        for query, (found, similarity) in enumerate(scored):
            # Every row tied with the last one kept is ordered by row before the cut, so that both
            # ways of scoring keep the same rows.
            if len(found) > limit:
                kept = similarity >= np.partition(similarity, len(found) - limit)[len(found) - limit]
                found, similarity = found[kept], similarity[kept]
            order = np.lexsort((found, -similarity))[:limit]
            count[query] = len(order)
            rows[query, : len(order)], scores[query, : len(order)] = found[order], similarity[order]
        return Hits(rows, scores, count)

    def _postings(self, query: dict[int, float]) -> tuple[np.ndarray, np.ndarray]:
        """Every row sharing a column with ``query``, and its cosine similarity to it."""
        if not query:
            return np.empty(0, dtype=np.int32), np.empty(0)
        columns = self.columns
        spans = [(columns.indptr[column], columns.indptr[column + 1], weight) for column, weight in query.items()]
        found, inverse = np.unique(
            np.concatenate([columns.indices[start:end] for start, end, _ in spans]), return_inverse=True
        )
        dots = np.bincount(inverse, weights=np.concatenate([columns.data[start:end] * w for start, end, w in spans]))
        return found, np.round(dots / (self.row_norm[found] * _norm(query.values())), TIE_DECIMALS)

    def _product(self, queries: Sequence[dict[int, float]]) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """:meth:`_postings` for each query, all scored in one sparse matrix product."""
        indptr = np.zeros(len(queries) + 1, dtype=np.int64)
        indptr[1:] = np.cumsum([len(query) for query in queries])
        columns = np.fromiter((c for query in queries for c in query), dtype=np.int64, count=int(indptr[-1]))
        weights = np.fromiter((w for query in queries for w in query.values()), dtype=np.float64, count=len(columns))
        matrix = sparse.csr_matrix((weights, columns, indptr), shape=(len(queries), self.columns.shape[1]))
        dots = (matrix @ self.by_column).tocsr()
        norms = np.repeat([_norm(query.values()) for query in queries], np.diff(dots.indptr))
        # Rounded, so that the two ways of summing agree on ties.
        similarity = np.round(dots.data / (self.row_norm[dots.indices] * norms), TIE_DECIMALS)
        bounds = dots.indptr.tolist()
        for start, end in itertools.pairwise(bounds):
            yield dots.indices[start:end], similarity[start:end]


def _norm(weights: Iterable[float]) -> float:
    return math.sqrt(sum(w * w for w in weights))
