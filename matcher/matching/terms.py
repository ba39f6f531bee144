"""Recognise the free-text terms of profiles and vacancies against the taxonomy."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from itertools import pairwise

from matcher.domain.people import RecognisedTerm
from taxonomy import Taxonomy
from taxonomy.lookup import NEGATIONS, STEMMED, Match
from taxonomy.model import OCCUPATION_KINDS, SKILL_KINDS, ConceptKind
from taxonomy.text import LICENCE_CLASS, list_items, normalise

MIN_ITEM = 3  # letters: an item shorter names nothing alone ("C" of "ajokortti B/C" is the C licence)
MAX_WORDS_LISTED = 3  # words of a term that may each name a concept of their own


def recognise(
    taxonomy: Taxonomy, texts: Iterable[str], kinds: Collection[ConceptKind] = SKILL_KINDS
) -> list[RecognisedTerm]:
    """Each term with its concept, in the order typed; duplicates (after folding case) dropped.

    A term that lists several things ("trukkikortti ja hygieniapassi") and that no label names
    closely as a whole becomes one term per item, when every item is recognised or says what the
    person lacks ("B-kortti, ei autoa": the licence, and the rest as typed); so does a term of a few
    words that names nothing whole where each word names a concept outright ("ohjelmointi python")."""
    cleaned = _distinct(texts)
    matches = taxonomy.match_preferring(cleaned, kinds)
    listed: dict[int, tuple[list[str], float, bool]] = {}  # the parts, the score each needs, lacks allowed
    for i, (text, match) in enumerate(zip(cleaned, matches, strict=True)):
        items = _distinct(list_items(text))
        if classes := _classes(items):  # "ajokortti B/C": both licences
            listed[i] = classes, STEMMED, False
        elif match is None or match.score < STEMMED:
            if len(items) > 1:
                listed[i] = _coordinated(taxonomy, items, kinds), 0.0, True
            elif match is None and 1 < len(words := _distinct(text.split())) <= MAX_WORDS_LISTED:
                listed[i] = words, STEMMED, False
    items = [item for parts, *_ in listed.values() for item in parts]
    found = dict(zip(items, taxonomy.match_preferring(items, kinds), strict=True))
    terms: list[tuple[str, Match | None]] = []
    for i, (text, match) in enumerate(zip(cleaned, matches, strict=True)):
        parts, bar, lacks = listed.get(i, ([], 0.0, False))
        named = [part for part in parts if (m := found[part]) is not None and m.score >= bar and len(part) >= MIN_ITEM]
        if named and all(part in named or (lacks and _lacking(part)) for part in parts):
            terms += [(part, found[part] if part in named else None) for part in parts]
        else:
            terms.append((text, match))
    seen: set[str] = set()
    recognised = []
    for text, match in terms:  # an item may repeat another term: the first is kept
        if text.casefold() not in seen:
            seen.add(text.casefold())
            recognised.append(_term(text, match))
    return recognised


def _coordinated(taxonomy: Taxonomy, items: list[str], kinds: Collection[ConceptKind]) -> list[str]:
    """Finnish compounds sharing their head, written once: "rakennus- ja remonttityöt" lists
    rakennustyöt and remonttityöt (the first part alone where the head makes no known compound)."""
    spelt = list(items)
    for i, (item, following) in enumerate(pairwise(items)):
        if item.endswith("-") and len(item) > MIN_ITEM:
            first = item[:-1]
            whole = taxonomy.words.sharing_head(first, following)
            [named] = taxonomy.match_preferring([whole], kinds)
            spelt[i] = whole if named and named.score >= STEMMED else first
    return spelt


def _classes(items: list[str]) -> list[str]:
    """Licence classes listed beside one licence word, each with it: "ajokortti B/C" is ajokortti B
    and ajokortti C, "B- ja C-ajokortit" B-ajokortit and C-ajokortit (nothing where the items are
    not so)."""
    tokens = [[word for word in re.split(r"[\s-]+", item) if word] for item in items]
    carriers = [i for i, words in enumerate(tokens) if len(words) > 1]
    if len(items) < 2 or len(carriers) != 1:
        return []
    [carried] = carriers
    classes = [words[0] for i, words in enumerate(tokens) if i != carried and len(words) == 1]
    named = [word for word in tokens[carried] if LICENCE_CLASS.fullmatch(word)]
    if not named or len(classes) != len(items) - 1 or not all(LICENCE_CLASS.fullmatch(c) for c in classes):
        return []
    at = re.compile(rf"(?<!\w){re.escape(named[0])}(?!\w)")
    return [items[i] if i == carried else at.sub(words[0], items[carried], count=1) for i, words in enumerate(tokens)]


def _lacking(text: str) -> bool:
    """Whether a term says what the person lacks or only plans ("ei autoa", "ajokortti puuttuu")."""
    return not NEGATIONS.isdisjoint(normalise(text).split())


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
