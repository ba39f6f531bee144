"""Recognise the free-text terms of profiles and vacancies against the taxonomy."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from matcher.domain.people import RecognisedTerm
from taxonomy import Taxonomy
from taxonomy.lookup import OCCUPATION_KINDS, SKILL_KINDS, STEMMED, Match
from taxonomy.model import ConceptKind
from taxonomy.text import list_items

MIN_ITEM = 3  # letters: "ajokortti B/C" is one licence term, not "ajokortti B" and "C"


def recognise(
    taxonomy: Taxonomy, texts: Iterable[str], kinds: Collection[ConceptKind] = SKILL_KINDS
) -> list[RecognisedTerm]:
    """Each term with its concept, in the order typed; duplicates (after folding case) dropped.

    A term that lists several things ("trukkikortti ja hygieniapassi") and that no label names
    closely as a whole becomes one term per item, when every item is recognised."""
    cleaned = _distinct(texts)
    matches = taxonomy.match_preferring(cleaned, kinds)
    listed = {
        i: items
        for i, (text, match) in enumerate(zip(cleaned, matches, strict=True))
        if (match is None or match.score < STEMMED) and len(items := _distinct(list_items(text))) > 1
    }
    items = [item for parts in listed.values() for item in parts]
    found = dict(zip(items, taxonomy.match_preferring(items, kinds), strict=True))
    terms: list[tuple[str, Match | None]] = []
    for i, (text, match) in enumerate(zip(cleaned, matches, strict=True)):
        parts = listed.get(i, [])
        if parts and all(found[part] is not None and len(part) >= MIN_ITEM for part in parts):
            terms += [(part, found[part]) for part in parts]
        else:
            terms.append((text, match))
    seen: set[str] = set()
    recognised = []
    for text, match in terms:  # an item may repeat another term: the first is kept
        if text.casefold() not in seen:
            seen.add(text.casefold())
            recognised.append(_term(text, match))
    return recognised


def _distinct(texts: Iterable[str]) -> list[str]:
    """The non-empty texts with their spaces folded, each once (case folded)."""
    seen: set[str] = set()
    cleaned = []
    for text in texts:
        folded = " ".join(text.split())
        if folded and folded.casefold() not in seen:
            seen.add(folded.casefold())
            cleaned.append(folded)
    return cleaned


def _term(text: str, match: Match | None) -> RecognisedTerm:
    if match is None:
        return RecognisedTerm(text=text)
    return RecognisedTerm(text=text, uri=match.uri, label=match.label, kind=match.family, score=match.score)


def recognise_occupations(taxonomy: Taxonomy, texts: Iterable[str]) -> list[RecognisedTerm]:
    return recognise(taxonomy, texts, OCCUPATION_KINDS)


def unmatched(*groups: Sequence[RecognisedTerm]) -> list[str]:
    """The terms the taxonomy did not recognise, kept so that users (and the report) see them."""
    return [term.text for group in groups for term in group if term.uri is None]


def term_key(term: RecognisedTerm) -> str:
    """What two terms must share to count as the same: the concept, or else the folded text."""
    return term.uri or "text:" + " ".join(term.text.casefold().split())
