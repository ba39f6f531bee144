"""Taxonomy lookups for the coaches' and recruiters' user interfaces: search, normalise, extract."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, post
from litestar.params import FromQuery, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK

from matcher.api.deps import PrincipalDep, TaxonomyDep
from matcher.domain.taxonomy import (
    Concept,
    ExtractRequest,
    ExtractResult,
    Family,
    Lang,
    Mention,
    Normalized,
    NormalizeRequest,
    NormalizeResult,
    SearchResult,
)
from taxonomy.extract import extract
from taxonomy.lookup import Match, family
from taxonomy.model import ALL_KINDS, OCCUPATION_KINDS, SKILL_KINDS, ConceptKind

Query = Annotated[str, QueryParameter(min_length=1, max_length=120, description="What was typed so far")]
Limit = Annotated[int, QueryParameter(ge=1, le=50, description="How many matches at most")]


def kinds(family: Family | None) -> frozenset[ConceptKind]:
    return {"skill": SKILL_KINDS, "occupation": OCCUPATION_KINDS}.get(family or "", ALL_KINDS)


def concept(match: Match) -> Concept:
    return Concept(
        uri=match.uri,
        label=match.label,
        kind=match.family,
        score=match.score,
        matched_label=match.matched_label,
    )


class TaxonomyController(Controller):
    path = "/v1/taxonomy"
    tags = ["taxonomy"]

    @get("/search")
    async def search(
        self,
        principal: PrincipalDep,
        taxonomy: TaxonomyDep,
        q: Query,
        lang: FromQuery[Lang | None] = None,
        kind: FromQuery[Family | None] = None,
        limit: Limit = 10,
    ) -> SearchResult:
        """Autocomplete: concepts recognised in ``q`` (typos, inflection, compounds), then labels that
        start with it. Labels are ESCO's English preferred labels (local cards have their own)."""
        return SearchResult(query=q, matches=[concept(m) for m in taxonomy.search(q, kinds(kind), lang, limit)])

    @post("/normalize", status_code=HTTP_200_OK)
    async def normalize(
        self, principal: PrincipalDep, taxonomy: TaxonomyDep, data: JSONBody[NormalizeRequest]
    ) -> NormalizeResult:
        """Recognise a batch of terms; each keeps its text, unmatched ones are listed too."""
        results = [
            Normalized(
                text=text, match=concept(found[0]) if found else None, alternatives=[concept(m) for m in found[1:]]
            )
            for text, found in zip(
                data.terms, taxonomy.matches_many(data.terms, kinds(data.kind), data.lang, limit=5), strict=True
            )
        ]
        return NormalizeResult(results=results, unmatched=[r.text for r in results if r.match is None])

    @post("/extract", status_code=HTTP_200_OK)
    async def extract_concepts(
        self, principal: PrincipalDep, taxonomy: TaxonomyDep, data: JSONBody[ExtractRequest]
    ) -> ExtractResult:
        """The concepts a job ad or a free-text profile mentions, with the span each came from and
        whether the text requires it, counts it a plus, or merely mentions it."""
        mentions = extract(taxonomy, data.text, data.lang)
        return ExtractResult(
            mentions=[
                Mention(
                    uri=m.uri,
                    label=m.label,
                    kind=family(m.kind),
                    confidence=m.confidence,
                    start=m.start,
                    end=m.end,
                    text=m.text,
                    strength=m.strength,
                )
                for m in mentions
            ]
        )
