"""The transparent scorer and the low-threshold shortlist policy, on domain objects only."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import msgspec
import pytest

from matcher.domain.candidates import Candidate
from matcher.domain.vacancies import Vacancy
from matcher.matching.places import distance_km, locate, same_municipality
from matcher.matching.scoring import WEIGHTS, score
from matcher.matching.shortlist import Considered, decide
from matcher.matching.terms import recognise
from taxonomy import Taxonomy

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, tzinfo=UTC)
FORKLIFT = {"text": "trukkikortti", "uri": "urn:forklift", "label": "operate forklift", "kind": "skill", "score": 100}
PICKING = {"text": "keräily", "uri": "urn:picking", "label": "pick orders", "kind": "skill", "score": 100}
WAREHOUSE = {"text": "varastotyöntekijä", "uri": "urn:warehouse", "label": "warehouse worker", "kind": "occupation"}
PICKER = {"text": "keräilijä", "uri": "urn:picker", "label": "order picker", "kind": "occupation"}
ISCO = {"urn:warehouse": "9333", "urn:picker": "9333", "urn:cook": "5120"}


def isco(uri: str) -> str:
    return ISCO.get(uri, "")


def candidate(**changes: Any) -> Candidate:
    data: dict[str, Any] = {
        "id": "c1",
        "organisation": "tampere",
        "municipality": "Tampere",
        "case_ref": None,
        "coordinates": None,
        "skills": [FORKLIFT],
        "occupations": [WAREHOUSE],
        "languages": [{"code": "fi", "level": "B1"}],
        "certificates": [],
        "driving_licences": ["B"],
        "hours": ["full_time"],
        "max_commute_km": 30,
        "available_from": None,
        "unemployed_since": None,
        "work_capacity_note": None,
        "service_ended_on": None,
        "consents": [],
        "unmatched_terms": [],
        "created_at": NOW,
        "updated_at": NOW,
    }
    data.update(changes)
    return msgspec.convert(data, Candidate, from_attributes=True)


def vacancy(**changes: Any) -> Vacancy:
    data: dict[str, Any] = {
        "id": "v1",
        "organisation": "staffpoint",
        "status": "open",
        "title": "Varastotyöntekijä",
        "occupation": WAREHOUSE,
        "description": "",
        "description_terms": [],
        "required_skills": [FORKLIFT],
        "nice_to_have_skills": [PICKING],
        "languages": [{"code": "fi", "level": "A2"}],
        "certificates": [],
        "driving_licences": [],
        "municipality": "Tampere",
        "coordinates": None,
        "hours": "full_time",
        "contract": "permanent",
        "start": TODAY + timedelta(days=14),
        "openings": 1,
        "interview_slots": 3,
        "unmatched_terms": [],
        "created_at": NOW,
        "updated_at": NOW,
        "closed_at": None,
    }
    data.update(changes)
    return msgspec.convert(data, Vacancy, from_attributes=True)


def test_weights_sum_to_one() -> None:
    assert sum(WEIGHTS.values()) == pytest.approx(1.0)


def test_a_full_fit_scores_all_but_the_nice_to_have() -> None:
    value, why = score(candidate(), vacancy(), isco)
    assert value == pytest.approx(1.0 - WEIGHTS["nice_to_have"])
    assert why.matched_skills == ["operate forklift"]
    assert why.missing_required == []
    assert why.occupation_match is True
    assert why.location_fit.ok is True
    assert why.location_fit.distance_km == 0.0
    assert sum(why.contributions.values()) == pytest.approx(value)


def test_missing_must_haves_and_licences_are_named() -> None:
    value, why = score(candidate(skills=[PICKING], driving_licences=[]), vacancy(driving_licences=["C"]), isco)
    assert why.missing_required == ["operate forklift", "driving licence C"]
    assert why.matched_nice_to_have == ["pick orders"]
    assert value < 0.6


def test_terms_without_a_concept_match_on_their_text() -> None:
    card = {"text": "Tulityökortti"}
    _, why = score(candidate(certificates=[{"text": "tulityökortti"}]), vacancy(certificates=[card]), isco)
    assert why.missing_required == []
    assert why.matched_skills == ["operate forklift", "Tulityökortti"]


def test_language_levels_are_compared_on_the_cefr_scale() -> None:
    _, low = score(candidate(languages=[{"code": "fi", "level": "A1"}]), vacancy(), isco)
    _, native = score(candidate(languages=[{"code": "fi", "level": "native"}]), vacancy(), isco)
    _, none = score(candidate(languages=[]), vacancy(), isco)
    assert [f.ok for f in low.language_fit] == [False]
    assert [f.ok for f in native.language_fit] == [True]
    assert none.language_fit[0].has is None


def test_same_isco_group_is_a_partial_occupation_match() -> None:
    same_group, _ = score(candidate(occupations=[PICKER]), vacancy(), isco)
    other, _ = score(candidate(occupations=[{"text": "kokki", "uri": "urn:cook"}]), vacancy(), isco)
    exact, _ = score(candidate(), vacancy(), isco)
    assert exact > same_group > other


def test_commute_beyond_the_limit_lowers_the_score() -> None:
    near, near_why = score(candidate(municipality="Nokia"), vacancy(), isco)
    far, far_why = score(candidate(municipality="Helsinki"), vacancy(), isco)
    assert near_why.location_fit.ok is True
    assert far_why.location_fit.ok is False
    assert far_why.location_fit.distance_km == pytest.approx(160, abs=15)
    assert near > far


def test_places_know_both_official_languages() -> None:
    assert same_municipality("Åbo", "Turku")
    assert locate("tammerfors") == locate("Tampere")
    assert locate("Nowhere") is None
    assert distance_km((60.1699, 24.9384), (61.4978, 23.7610)) == pytest.approx(160, abs=5)


def test_decide_excludes_and_orders_deterministically() -> None:
    pool = [
        Considered(candidate=candidate(id="b"), consented=True, already_referred=False),
        Considered(candidate=candidate(id="a"), consented=True, already_referred=False),
        Considered(
            candidate=candidate(
                id="weak",
                skills=[],
                occupations=[],
                languages=[],
                municipality="Rovaniemi",
                hours=["part_time"],
                driving_licences=[],
            ),
            consented=True,
            already_referred=False,
        ),
        Considered(candidate=candidate(id="nc"), consented=False, already_referred=False),
        Considered(
            candidate=candidate(id="late", available_from=TODAY + timedelta(days=90)),
            consented=True,
            already_referred=False,
        ),
        Considered(candidate=candidate(id="busy"), consented=True, already_referred=True),
        Considered(candidate=candidate(id="capped"), consented=True, already_referred=False, active_referrals=3),
        Considered(candidate=candidate(id="c", skills=[PICKING, FORKLIFT]), consented=True, already_referred=False),
    ]
    decision = decide(vacancy(), pool, isco, TODAY, limit=2)
    assert [p.candidate_id for p in decision.proposals] == ["c", "a"]
    assert decision.excluded == {
        "no_consent": 1,
        "not_available": 1,
        "already_referred": 1,
        "referral_cap": 1,
        "below_threshold": 1,
        "over_limit": 1,
    }
    assert decision.considered == 8


def test_a_pasted_ad_without_structured_skills_is_matched_on_what_it_requires() -> None:
    mentions = [
        {**FORKLIFT, "strength": "required"},
        {**PICKING, "strength": "nice_to_have"},
        {**WAREHOUSE, "strength": "mentioned"},
    ]
    ad = vacancy(required_skills=[], nice_to_have_skills=[], description_terms=mentions)
    value, why = score(candidate(skills=[PICKING]), ad, isco)
    assert why.missing_required == ["operate forklift"]
    assert why.matched_nice_to_have == ["pick orders"]
    structured, _ = score(candidate(skills=[PICKING]), vacancy(description_terms=mentions), isco)
    assert value == structured


def test_profile_terms_read_lists_as_coaches_type_them(taxonomy: Taxonomy) -> None:
    typed = ["rakennus- ja remonttityöt", "word & excel", "hitsaus (MIG/MAG)", "trukkikortti (vanhentunut)"]
    found = [(term.text, term.label) for term in recognise(taxonomy, typed)]
    assert found == [
        ("rakennustyöt", "building construction worker"),  # compounds sharing their head, written once
        ("remonttityöt", "handyman"),
        ("word", "use word processing software"),
        ("excel", "use spreadsheets software"),
        ("hitsaus (MIG/MAG)", "join metals"),  # a qualifier in parentheses stays with its term
        ("trukkikortti (vanhentunut)", None),  # an expired card is no card
    ]


def test_compounds_sharing_their_head_take_the_head_the_labels_know(taxonomy: Taxonomy) -> None:
    typed = ["hygienia- ja anniskelupassi", "EA1- ja EA2-kortti", "trukki- ja työturvakortti"]
    found = [(term.text, term.label) for term in recognise(taxonomy, typed)]
    assert found == [
        ("hygieniapassi", "food hygiene passport (hygieniapassi)"),  # not "hygieniakelupassi"
        ("anniskelupassi", "alcohol serving passport (anniskelupassi)"),
        ("EA1-kortti", "first aid certificate EA1"),  # after its hyphen
        ("EA2-kortti", "first aid certificate EA2"),
        ("trukkikortti", "forklift licence (trukkikortti)"),
        ("työturvakortti", "occupational safety card (työturvallisuuskortti)"),
    ]


@pytest.mark.parametrize(
    ("typed", "licences"),
    [
        ("ajokortti B/C", [("ajokortti B", "B"), ("ajokortti C", "C")]),
        ("B- ja C-kortti", [("B-kortti", "B"), ("C-kortti", "C")]),
        ("C ja CE kortit", [("C kortit", "C"), ("CE kortit", "CE")]),
        ("körkort B, C", [("körkort B", "B"), ("körkort C", "C")]),
    ],
)
def test_a_licences_classes_listed_are_each_a_licence(
    taxonomy: Taxonomy, typed: str, licences: list[tuple[str, str]]
) -> None:
    found = [(term.text, term.label) for term in recognise(taxonomy, [typed])]
    assert found == [(text, f"driving licence {licence}") for text, licence in licences]


def test_a_listed_lack_stays_as_typed_beside_what_the_person_has(taxonomy: Taxonomy) -> None:
    typed = ["B-kortti, ei autoa", "ajokortti puuttuu"]
    found = [(term.text, term.label) for term in recognise(taxonomy, typed)]
    assert found == [
        ("B-kortti", "driving licence B"),
        ("ei autoa", None),  # kept for the coach to read
        ("ajokortti puuttuu", None),  # a lack is no licence, also where its words are not a list
    ]
