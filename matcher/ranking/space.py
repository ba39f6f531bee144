"""The concept space: one column per ESCO concept (or typed term), and what each concept implies.

A job seeker who states an occupation also has, to a degree, the skills ESCO lists for it; a
stated skill implies its broader concept. ``expand`` turns stated concepts into that wider
vector. Concepts outside the taxonomy (unrecognised terms, local test URIs) get a column of
their own the first time they are seen and imply nothing else.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

import numpy as np
import scipy.sparse as sp

from matcher.domain.people import RecognisedTerm
from matcher.matching.scoring import IscoCode
from matcher.matching.terms import term_key
from taxonomy import Taxonomy

ESSENTIAL = 0.5  # an occupation implies its essential skills this much
OPTIONAL = 0.25
BROADER = 0.3  # a skill implies its broader concept this much


def isco_number(code: str) -> int:
    """The 4-digit ISCO unit group of an ESCO code ("9333.1" -> 9333), 0 when there is none."""
    digits = code.split(".")[0][:4]
    return int(digits.ljust(4, "0")) if digits.isdigit() else 0


class ConceptSpace:
    def __init__(self, taxonomy: Taxonomy | None = None) -> None:
        self.columns: dict[str, int] = {}
        self._codes: dict[str, str] = {}
        self._known = 0
        self._expansion = sp.csr_matrix((0, 0), dtype=np.float32)
        self._essential: dict[int, np.ndarray] = {}
        if taxonomy is not None:
            self._from_taxonomy(taxonomy)

    def _from_taxonomy(self, taxonomy: Taxonomy) -> None:
        data = taxonomy.data
        self.columns = {concept.uri: i for i, concept in enumerate(data.concepts)}
        self._known = n = len(data.concepts)
        self._codes = {c.uri: c.code for c in data.concepts if c.kind == "occupation"}
        rows, cols, vals = [np.arange(n)], [np.arange(n)], [np.ones(n, np.float32)]
        relation = np.array([(r.occupation, r.skill, r.essential) for r in data.occupation_skills], dtype=np.int64)
        if len(relation):
            rows.append(relation[:, 0])
            cols.append(relation[:, 1])
            vals.append(np.where(relation[:, 2] == 1, ESSENTIAL, OPTIONAL).astype(np.float32))
            essential = relation[relation[:, 2] == 1]
            order = np.argsort(essential[:, 0], kind="stable")
            occupations, starts = np.unique(essential[order, 0], return_index=True)
            for occupation, part in zip(occupations, np.split(essential[order, 1], starts[1:]), strict=True):
                self._essential[int(occupation)] = part
        broader = np.array(data.broader, dtype=np.int64).reshape(-1, 2)
        skills = np.array([c.kind in ("skill", "knowledge", "local") for c in data.concepts])
        broader = broader[skills[broader[:, 0]]] if len(broader) else broader
        rows.append(broader[:, 0])
        cols.append(broader[:, 1])
        vals.append(np.full(len(broader), BROADER, np.float32))
        matrix = sp.coo_matrix(
            (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(n, n)
        ).tocsr()
        matrix.sum_duplicates()
        matrix.data = np.minimum(matrix.data, 1.0)
        self._expansion = matrix

    @property
    def size(self) -> int:
        return len(self.columns)

    def column(self, key: str) -> int:
        found = self.columns.get(key)
        if found is None:
            found = self.columns[key] = len(self.columns)
        return found

    def term_columns(self, terms: Iterable[RecognisedTerm]) -> list[int]:
        return list(dict.fromkeys(self.column(term_key(t)) for t in terms))

    def isco(self, uri: str | None, codes: IscoCode) -> int:
        """The unit group of an occupation: from ``codes`` (what a ranking recorded), else the taxonomy."""
        return isco_number(codes(uri) or self._codes.get(uri, "")) if uri else 0

    def essential_skills(self, column: int) -> np.ndarray:
        return self._essential.get(column, np.empty(0, np.int64))

    def expand(self, stated: sp.csr_matrix) -> sp.csr_matrix:
        """Stated concepts (weight 1) and what they imply, each weight at most 1."""
        stated = sp.csr_matrix(stated, dtype=np.float32)
        width = max(stated.shape[1], self.size)
        stated.resize((stated.shape[0], width))
        known = self._known
        if not known:
            return stated
        implied = stated[:, :known] @ self._expansion
        implied.resize((stated.shape[0], width))
        result = sp.csr_matrix(implied.maximum(stated))
        result.data = np.minimum(result.data, 1.0).astype(np.float32)
        return result


def codes(taxonomy: Taxonomy) -> IscoCode:
    """The ESCO code of a concept ("" when it has none): occupations carry their ISCO unit group."""

    def code(uri: str) -> str:
        concept = taxonomy.concept(uri)
        return concept.code if concept else ""

    return code


def recorded(table: dict[str, str]) -> IscoCode:
    """The codes a ranking recorded, as a lookup."""
    return lambda uri: table.get(uri, "")


@functools.cache
def space_for(taxonomy: Taxonomy) -> ConceptSpace:
    """The concept space of a loaded taxonomy, built once per process."""
    return ConceptSpace(taxonomy)
