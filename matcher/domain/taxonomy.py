"""Looking terms up in the taxonomy: requests and answers of the lookup routes."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from matcher.domain.base import Input, LongText, Output, Term

Family = Literal["skill", "occupation"]
Lang = Literal["fi", "sv", "en"]


class Concept(Output):
    """A concept a term was recognised as; ``kind`` is ``skill`` (skills, knowledge and local cards
    alike) or ``occupation``; local concepts have ``urn:kohtaanto:`` URIs."""

    uri: str
    label: str
    kind: Family
    score: float
    matched_label: str


class SearchResult(Output):
    query: str
    matches: list[Concept]


class NormalizeRequest(Input):
    terms: Annotated[list[Term], msgspec.Meta(min_length=1, max_length=500)]
    lang: Lang | None = None
    kind: Family | None = None


class Normalized(Output):
    text: str
    match: Concept | None
    alternatives: list[Concept]


class NormalizeResult(Output):
    results: list[Normalized]
    unmatched: list[str]


class ExtractRequest(Input):
    text: Annotated[LongText, msgspec.Meta(min_length=1)]
    lang: Lang | None = None


class Mention(Output):
    uri: str
    label: str
    kind: Family
    confidence: float
    start: int
    end: int
    text: str
    strength: Literal["required", "nice_to_have", "mentioned"]


class ExtractResult(Output):
    mentions: list[Mention]
