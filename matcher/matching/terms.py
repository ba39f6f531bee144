"""Recognise the free-text terms of profiles and vacancies against the taxonomy."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from matcher.domain.people import RecognisedTerm
from taxonomy import Taxonomy
from taxonomy.lookup import OCCUPATION_KINDS, SKILL_KINDS
from taxonomy.model import ConceptKind


def recognise(
    taxonomy: Taxonomy, texts: Iterable[str], kinds: Collection[ConceptKind] = SKILL_KINDS
) -> list[RecognisedTerm]:
    """Each term with its concept, in the order typed; duplicates (after folding case) dropped."""
    seen: set[str] = set()
    cleaned = []
    for text in texts:
        folded = " ".join(text.split())
        if folded and folded.casefold() not in seen:
            seen.add(folded.casefold())
            cleaned.append(folded)
    matches = taxonomy.match_preferring(cleaned, kinds)
    return [
        RecognisedTerm(text=text)
        if match is None
        else RecognisedTerm(text=text, uri=match.uri, label=match.label, kind=match.family, score=match.score)
        for text, match in zip(cleaned, matches, strict=True)
    ]


def recognise_occupations(taxonomy: Taxonomy, texts: Iterable[str]) -> list[RecognisedTerm]:
    return recognise(taxonomy, texts, OCCUPATION_KINDS)


def unmatched(*groups: Sequence[RecognisedTerm]) -> list[str]:
    """The terms the taxonomy did not recognise, kept so that users (and the report) see them."""
    return [term.text for group in groups for term in group if term.uri is None]


def term_key(term: RecognisedTerm) -> str:
    """What two terms must share to count as the same: the concept, or else the folded text."""
    return term.uri or "text:" + " ".join(term.text.casefold().split())
