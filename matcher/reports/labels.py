"""The weekly page's words in Finnish (the default), Swedish and English."""

from __future__ import annotations

LANGUAGES = ("fi", "sv", "en")

_WORDS: dict[str, tuple[str, str, str]] = {
    "title": ("Rekrytiimin viikkoraportti", "Rekryteringsteamets veckorapport", "Recruitment team weekly report"),
    "week": ("Viikko", "Vecka", "Week"),
    "previous": ("Edellinen viikko", "Föregående vecka", "Previous week"),
    "next": ("Seuraava viikko", "Nästa vecka", "Next week"),
    "stored": ("Tallennettu", "Sparad", "Stored"),
    "headline": ("Viikko lukuina", "Veckan i siffror", "The week in figures"),
    "change": ("muutos edelliseen viikkoon", "förändring från föregående vecka", "change from the previous week"),
    "open_vacancies": ("Avoimet paikat", "Lediga jobb", "Open vacancies"),
    "new_vacancies": ("Uudet paikat", "Nya jobb", "New vacancies"),
    "openings": ("Avoimia työpaikkoja", "Lediga platser", "Openings"),
    "proposed": ("Ehdotettu", "Föreslagna", "Proposed"),
    "approved": ("Hyväksytty", "Godkända", "Approved"),
    "interviewed": ("Haastateltu", "Intervjuade", "Interviewed"),
    "interviews": ("Haastattelut", "Intervjuer", "Interviews"),
    "hired": ("Palkattu", "Anställda", "Hired"),
    "hires": ("Palkatut", "Anställningar", "Hires"),
    "needs": ("Työnantajien tarpeet", "Arbetsgivarnas behov", "Employers' needs"),
    "partner": ("Kumppani", "Partner", "Partner"),
    "sector": ("Ala", "Bransch", "Sector"),
    "occupation": ("Ammatti", "Yrke", "Occupation"),
    "vacancies": ("Paikat", "Jobb", "Vacancies"),
    "new": ("Uusia", "Nya", "New"),
    "funnel": ("Miten ohjaukset etenivät", "Hur hänvisningarna gick", "How referrals went"),
    "hire_rate": ("Palkattu / haastateltu", "Anställda / intervjuade", "Hired / interviewed"),
    "lead_interview": (
        "Mediaani päivää ilmoituksesta 1. haastatteluun",
        "Median dagar till första intervju",
        "Median days from vacancy to first interview",
    ),
    "lead_hire": (
        "Mediaani päivää ilmoituksesta palkkaukseen",
        "Median dagar till anställning",
        "Median days from vacancy to hire",
    ),
    "reasons": ("Miksi ei palkattu", "Varför ingen anställning", "Why people were not hired"),
    "reason": ("Syy", "Orsak", "Reason"),
    "count": ("Määrä", "Antal", "Count"),
    "unanswered": ("Palaute puuttuu", "Återkoppling saknas", "Feedback still unanswered"),
    "removed": (
        "Valmentajan poistamat ehdotukset",
        "Förslag som coachen tagit bort",
        "Proposals removed by coaches",
    ),
    "override_rate": (
        "Poistettu / ratkaistut ehdotukset %",
        "Borttagna / avgjorda förslag %",
        "Removed / decided proposals %",
    ),
    "unanswered_note": (
        "haastattelua ilman palautetta; muistutuksista huolimatta vastaamatta:",
        "intervjuer utan återkoppling; obesvarade trots påminnelser:",
        "interviews without feedback; unanswered despite reminders:",
    ),
    "skills": (
        "Kysytyt taidot ja hakijoiden osaaminen",
        "Efterfrågad kompetens och de sökandes kompetens",
        "Skills in demand and skills available",
    ),
    "skill": ("Taito", "Kompetens", "Skill"),
    "demand": ("Paikkoja, jotka vaativat", "Jobb som kräver", "Vacancies requiring it"),
    "supply": ("Työnhakijoita, joilla on", "Sökande som har den", "Job seekers who have it"),
    "training": ("Koulutusehdotus", "Utbildningsförslag", "Training suggestion"),
    "train": ("Hanki koulutusta", "Köp utbildning", "Buy training"),
    "outcomes": (
        "Vahvistetut tulokset (3 kk seuranta)",
        "Bekräftade resultat (3 mån)",
        "Confirmed outcomes (3-month follow-up)",
    ),
    "outcome": ("Tulos", "Resultat", "Outcome"),
    "employed_full_time": ("Kokoaikatyössä", "Heltidsarbete", "Employed full time"),
    "employed_part_time": ("Osa-aikatyössä", "Deltidsarbete", "Employed part time"),
    "study_place": ("Opiskelupaikka", "Studieplats", "Study place"),
    "own_business": ("Oma yritys", "Eget företag", "Own business"),
    "light_entrepreneurship": ("Kevytyrittäjä", "Lätt företagande", "Light entrepreneurship"),
    "work_trial": ("Työkokeilu", "Arbetsprövning", "Work trial"),
    "not_employed": ("Ei työssä", "Inte i arbete", "Not employed"),
    "unknown": ("Tunnistamattomat termit", "Okända termer", "Terms the taxonomy did not recognise"),
    "term": ("Termi", "Term", "Term"),
    "trend": ("12 viikon kehitys", "Utvecklingen under 12 veckor", "The last 12 weeks"),
    "suppressed": (
        "< 5: pienet määrät piilotettu tietosuojan vuoksi",
        "< 5: små antal döljs av integritetsskäl",
        "< 5: small counts hidden to protect privacy",
    ),
    "none": ("Ei tietoja tältä viikolta.", "Inga uppgifter för veckan.", "Nothing this week."),
    "exports": ("Lataa", "Ladda ner", "Download"),
    "table": ("Taulukko", "Tabell", "Table"),
}
REASONS: dict[str, tuple[str, str, str]] = {
    "skills": ("Osaaminen", "Kompetens", "Skills"),
    "experience": ("Kokemus", "Erfarenhet", "Experience"),
    "language": ("Kielitaito", "Språkkunskaper", "Language"),
    "availability": ("Aloitusaika", "Tillgänglighet", "Availability"),
    "hours": ("Työajat", "Arbetstider", "Working hours"),
    "location": ("Sijainti", "Plats", "Location"),
    "motivation": ("Motivaatio", "Motivation", "Motivation"),
    "work_capacity": ("Työkyky", "Arbetsförmåga", "Work capacity"),
    "position_filled": ("Paikka täytetty", "Tjänsten tillsatt", "Position filled"),
    "candidate_declined": ("Hakija kieltäytyi", "Den sökande tackade nej", "Candidate declined"),
    "no_show": ("Ei saapunut", "Uteblev", "No show"),
    "other": ("Muu", "Annat", "Other"),
}


def words(lang: str) -> dict[str, str]:
    """All the page's words in ``lang`` (reasons and outcomes included, by their codes)."""
    index = LANGUAGES.index(lang)
    return {key: texts[index] for key, texts in {**_WORDS, **{f"reason_{k}": v for k, v in REASONS.items()}}.items()}
