"""The transparent prior: a weighted score whose every part can be read back to the user.

Each component is in [0, 1]; the score is their weighted sum. The explanation carries the
components (``contributions``) so that a coach sees why a name is where it is.
"""

from __future__ import annotations

from collections.abc import Callable

from matcher.domain.candidates import Candidate
from matcher.domain.enums import Cefr
from matcher.domain.people import Coordinates, RecognisedTerm
from matcher.domain.shortlists import Explanation, LanguageFit, LocationFit
from matcher.domain.vacancies import Vacancy
from matcher.matching.places import distance_km, locate, same_municipality
from matcher.matching.terms import term_key

VERSION = "transparent-v1"
DEFAULT_COMMUTE_KM = 40
WEIGHTS = {
    "required_skills": 0.40,
    "occupation": 0.15,
    "languages": 0.15,
    "location": 0.10,
    "nice_to_have": 0.10,
    "hours": 0.05,
    "driving_licences": 0.05,
}

IscoCode = Callable[[str], str]


def _label(term: RecognisedTerm) -> str:
    return term.label or term.text


def _coverage(wanted: list[RecognisedTerm], has: set[str]) -> tuple[float, list[str], list[str]]:
    if not wanted:
        return 1.0, [], []
    matched = [_label(t) for t in wanted if term_key(t) in has]
    missing = [_label(t) for t in wanted if term_key(t) not in has]
    return len(matched) / len(wanted), matched, missing


def _occupation(candidate: Candidate, vacancy: Vacancy, isco: IscoCode) -> tuple[float, bool]:
    if vacancy.occupation is None:
        return 0.5, False
    target = term_key(vacancy.occupation)
    keys = {term_key(o) for o in candidate.occupations}
    if target in keys:
        return 1.0, True
    wanted = isco(vacancy.occupation.uri) if vacancy.occupation.uri else ""
    codes = [isco(o.uri) for o in candidate.occupations if o.uri]
    if wanted and any(code == wanted for code in codes):
        return 0.7, False
    if wanted and any(code[:2] == wanted[:2] for code in codes if code):
        return 0.3, False
    return 0.0, False


def _languages(candidate: Candidate, vacancy: Vacancy) -> tuple[float, list[LanguageFit]]:
    levels = {lang.code: lang.level for lang in candidate.languages}
    fits = []
    for required in vacancy.languages:
        has = levels.get(required.code)
        ok = has is not None and Cefr(has).rank >= Cefr(required.level).rank
        fits.append(
            LanguageFit(code=required.code, required=required.level.value, has=has.value if has else None, ok=ok)
        )
    score = sum(f.ok for f in fits) / len(fits) if fits else 1.0
    return score, fits


def _point(municipality: str, coordinates: Coordinates | None) -> tuple[float, float] | None:
    return locate(municipality, coordinates.lat, coordinates.lon) if coordinates else locate(municipality)


def _location(candidate: Candidate, vacancy: Vacancy) -> tuple[float, LocationFit]:
    """Within the commute limit scores 1; beyond it the score falls to 0 at twice the limit."""
    limit = candidate.max_commute_km
    allowed = limit if limit is not None else DEFAULT_COMMUTE_KM
    same = same_municipality(candidate.municipality, vacancy.municipality)
    here, there = (
        _point(candidate.municipality, candidate.coordinates),
        _point(vacancy.municipality, vacancy.coordinates),
    )
    precise = candidate.coordinates is not None and vacancy.coordinates is not None
    if here is None or there is None or (same and not precise):
        distance = 0.0 if same else None
    else:
        distance = distance_km(here, there)
    if distance is None:
        value, ok = 0.3, False
    elif distance <= allowed:
        value, ok = 1.0, True
    else:
        value, ok = max(0.0, 1.0 - (distance - allowed) / max(allowed, 1)), False
    fit = LocationFit(
        candidate_municipality=candidate.municipality,
        vacancy_municipality=vacancy.municipality,
        distance_km=None if distance is None else round(distance, 1),
        max_commute_km=limit,
        ok=ok,
    )
    return value, fit


def wanted(vacancy: Vacancy, strength: str) -> list[RecognisedTerm]:
    """The structured skills when the recruiter gave them, else what the pasted ad itself requires
    (or counts a plus); only concepts the ad names, never its unrecognised words."""
    given = vacancy.required_skills if strength == "required" else vacancy.nice_to_have_skills
    if given:
        return list(given)
    derived: list[RecognisedTerm] = []
    for term in vacancy.description_terms:
        if term.strength == strength and term.kind == "skill" and all(term.uri != d.uri for d in derived):
            derived.append(term)
    return derived


def score(candidate: Candidate, vacancy: Vacancy, isco: IscoCode) -> tuple[float, Explanation]:
    """Score one candidate for one vacancy and say why."""
    has = {term_key(t) for t in (*candidate.skills, *candidate.certificates)}
    required = [*wanted(vacancy, "required"), *vacancy.certificates]
    required_score, matched, missing = _coverage(required, has)
    nice_score, nice_matched, _ = _coverage(wanted(vacancy, "nice_to_have"), has)
    occupation_score, occupation_match = _occupation(candidate, vacancy, isco)
    language_score, language_fit = _languages(candidate, vacancy)
    location_score, location_fit = _location(candidate, vacancy)
    hours_fit = vacancy.hours in candidate.hours
    hours_score = 1.0 if hours_fit else (0.5 if not candidate.hours else 0.0)
    licences_missing = [f"driving licence {c}" for c in vacancy.driving_licences if c not in candidate.driving_licences]
    licence_score = 1.0 - len(licences_missing) / len(vacancy.driving_licences) if vacancy.driving_licences else 1.0
    parts = {
        "required_skills": required_score,
        "occupation": occupation_score,
        "languages": language_score,
        "location": location_score,
        "nice_to_have": nice_score,
        "hours": hours_score,
        "driving_licences": licence_score,
    }
    contributions = {name: round(WEIGHTS[name] * value, 4) for name, value in parts.items()}
    total = round(sum(contributions.values()), 4)
    explanation = Explanation(
        matched_skills=matched,
        missing_required=[*missing, *licences_missing],
        matched_nice_to_have=nice_matched,
        occupation_match=occupation_match,
        language_fit=language_fit,
        location_fit=location_fit,
        hours_fit=hours_fit,
        contributions=contributions,
    )
    return total, explanation
