"""Recognise the free-text terms of profiles and vacancies against the taxonomy."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from matcher.domain.people import RecognisedTerm
from taxonomy import Taxonomy
from taxonomy.lookup import ALL_KINDS, OCCUPATION_KINDS, SKILL_KINDS
from taxonomy.model import ConceptKind


def recognise(
    taxonomy: Taxonomy, texts: Iterable[str], kinds: Collection[ConceptKind] = SKILL_KINDS
) -> list[RecognisedTerm]:
    """Each term with its concept, in the order typed; duplicates (after folding case) dropped."""
    seen: set[str] = set()
    result = []
    for text in texts:
        cleaned = " ".join(text.split())
        if not cleaned or cleaned.casefold() in seen:
            continue
        seen.add(cleaned.casefold())
        # A skills field may name an occupation ("siivoojana 3 v"): it is recognised, with its kind.
        match = taxonomy.match(cleaned, kinds) or taxonomy.match(cleaned, ALL_KINDS)
        if match is None:
            result.append(RecognisedTerm(text=cleaned))
        else:
            result.append(
                RecognisedTerm(text=cleaned, uri=match.uri, label=match.label, kind=match.family, score=match.score)
            )
    return result


def recognise_occupations(taxonomy: Taxonomy, texts: Iterable[str]) -> list[RecognisedTerm]:
    return recognise(taxonomy, texts, OCCUPATION_KINDS)


def unmatched(*groups: Sequence[RecognisedTerm]) -> list[str]:
    """The terms the taxonomy did not recognise, kept so that users (and the report) see them."""
    return [term.text for group in groups for term in group if term.uri is None]


def term_key(term: RecognisedTerm) -> str:
    """What two terms must share to count as the same: the concept, or else the folded text."""
    return term.uri or "text:" + " ".join(term.text.casefold().split())
