"""Explanations in plain words (Finnish and English), and the gaps a short course closes."""

from __future__ import annotations

import numpy as np

from matcher.domain.candidates import Candidate
from matcher.domain.enums import Cefr
from matcher.domain.shortlists import Gap, Reason
from matcher.domain.vacancies import Vacancy
from matcher.matching.scoring import wanted
from matcher.matching.terms import term_key
from matcher.ranking.courses import courses
from matcher.ranking.features import NAMES

LANGUAGE_COURSE = ("kielikurssi: {lang} tasolta {has} tasolle {need}", "language course: {lang} from {has} to {need}")

# feature -> (helped fi, helped en, held back fi, held back en)
WORDS: dict[str, tuple[str, str, str, str]] = {
    "required_skills": (
        "on vaaditut taidot",
        "has the required skills",
        "vaadittuja taitoja puuttuu",
        "lacks required skills",
    ),
    "occupation": (
        "kokemusta tästä ammatista",
        "has worked in this occupation",
        "eri ammatti",
        "a different occupation",
    ),
    "languages": (
        "kielitaito riittää",
        "meets the language requirements",
        "kielitaito alle vaaditun",
        "language below the level asked",
    ),
    "location": ("työmatka sopiva", "within commuting distance", "pitkä työmatka", "a long commute"),
    "nice_to_have": (
        "eduksi luettavia taitoja",
        "has skills counted a plus",
        "ei eduksi luettavia taitoja",
        "none of the skills counted a plus",
    ),
    "hours": ("työaika sopii", "the working hours suit", "työaika ei sovi", "the working hours do not suit"),
    "driving_licences": ("ajokortti on", "has the driving licence", "ajokortti puuttuu", "lacks the driving licence"),
    "implied_skills": (
        "ammatin kautta tulevia taitoja",
        "skills that come with their occupation",
        "vähän tehtävän taitoja",
        "few of the job's skills",
    ),
    "similarity": (
        "profiili lähellä tehtävää",
        "profile close to the job",
        "profiili kaukana tehtävästä",
        "profile far from the job",
    ),
    "isco_closeness": ("lähiala", "a related occupational field", "eri ala", "a different field"),
    "language_gap": ("ei kielieroa", "no language gap", "kielieroa", "a language gap"),
    "commute_excess": (
        "toivotun työmatkan sisällä",
        "within their commute limit",
        "yli toivotun työmatkan",
        "beyond their commute limit",
    ),
    "availability_gap": (
        "käytettävissä ajoissa",
        "available in time",
        "käytettävissä vasta myöhemmin",
        "available only later",
    ),
    "experience": (
        "useita töitä alalta",
        "several jobs in this field",
        "vähän kokemusta alalta",
        "little experience in this field",
    ),
    "similar_hire_rate": (
        "palkattu aiemmin vastaaviin töihin",
        "hired before for similar work",
        "ei palkattu aiemmin vastaaviin töihin",
        "not hired before for similar work",
    ),
    "hire_rate": (
        "palkattu usein haastattelun jälkeen",
        "often hired after an interview",
        "harvoin palkattu haastattelun jälkeen",
        "seldom hired after an interview",
    ),
    "similar_outcomes": (
        "haastatteluja vastaaviin töihin",
        "interviews for similar work",
        "vähän haastatteluja vastaaviin töihin",
        "few interviews for similar work",
    ),
    "employer_concern": (
        "ei puutteita, joiden vuoksi työnantaja on hylännyt",
        "none of the gaps this employer turned people down for",
        "puutteita, joiden vuoksi työnantaja on aiemmin hylännyt",
        "gaps this employer has turned people down for",
    ),
    "concern_skills": (
        "ei taitopuutetta, jonka vuoksi työnantaja on hylännyt",
        "no skills gap this employer has turned people down for",
        "taitopuute, jonka vuoksi työnantaja on aiemmin hylännyt",
        "a skills gap this employer has turned people down for",
    ),
    "concern_language": (
        "kielitaito riittää tälle työnantajalle",
        "language enough for this employer",
        "kielitaito, jonka vuoksi työnantaja on aiemmin hylännyt",
        "a language gap this employer has turned people down for",
    ),
    "concern_location": (
        "työmatka ei ole ongelma tälle työnantajalle",
        "commute no concern for this employer",
        "työmatka, jonka vuoksi työnantaja on aiemmin hylännyt",
        "a commute this employer has turned people down for",
    ),
    "concern_hours": (
        "työajat sopivat tälle työnantajalle",
        "hours suit this employer",
        "työajat, joiden vuoksi työnantaja on aiemmin hylännyt",
        "hours this employer has turned people down for",
    ),
    "concern_experience": (
        "kokemus riittää tälle työnantajalle",
        "experience enough for this employer",
        "kokemus, jonka vuoksi työnantaja on aiemmin hylännyt",
        "experience this employer has turned people down for",
    ),
    "concern_availability": (
        "aloitus sopii tälle työnantajalle",
        "start date suits this employer",
        "aloitusaika, jonka vuoksi työnantaja on aiemmin hylännyt",
        "a start date this employer has turned people down for",
    ),
    "employability": (
        "haastatelleet työnantajat arvioivat työvalmiiksi",
        "employers who interviewed them rated them ready for work",
        "haastatelleet työnantajat arvioivat vielä kaukana työstä",
        "employers who interviewed them rated them still far from work",
    ),
    "active_referrals": (
        "ei muita hakuja käynnissä",
        "not in other recruitments",
        "mukana jo muissa rekrytoinneissa",
        "already in other recruitments",
    ),
}


def reasons(effects: np.ndarray, most: int = 3, least: int = 2) -> list[Reason]:
    """The features that helped most and held back most, each with its words."""
    order = np.argsort(-effects, kind="stable")
    chosen = [i for i in order[:most] if effects[i] > 1e-6]
    chosen += [i for i in order[::-1][:least] if effects[i] < -1e-6]
    out = []
    for i in chosen:
        helped_fi, helped_en, held_fi, held_en = WORDS[NAMES[i]]
        good = effects[i] > 0
        out.append(
            Reason(
                feature=NAMES[i],
                effect=round(float(effects[i]), 4),
                fi=helped_fi if good else held_fi,
                en=helped_en if good else held_en,
            )
        )
    return out


def gaps(candidate: Candidate, vacancy: Vacancy) -> list[Gap]:
    """Required cards the person lacks that a short course gives, and languages one level short."""
    has = {term_key(t) for t in (*candidate.skills, *candidate.certificates)}
    table = courses()
    found = []
    for term in [*wanted(vacancy, "required"), *vacancy.certificates]:
        if term.uri in table and term_key(term) not in has:
            fi, en = table[term.uri]
            found.append(Gap(missing=term.label or term.text, bridge_fi=fi, bridge_en=en))
    levels = {lang.code: Cefr(lang.level) for lang in candidate.languages}
    for need in vacancy.languages:
        level = levels.get(need.code)
        if level is not None and level.rank == Cefr(need.level).rank - 1:
            values = {"lang": need.code, "has": level.value, "need": Cefr(need.level).value}
            found.append(
                Gap(
                    missing=f"{need.code} {Cefr(need.level).value}",
                    bridge_fi=LANGUAGE_COURSE[0].format(**values),
                    bridge_en=LANGUAGE_COURSE[1].format(**values),
                )
            )
    return found
