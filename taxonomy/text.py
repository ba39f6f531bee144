"""Text normalisation shared by the taxonomy index and the terms users type.

Case and punctuation are folded; å, ä and ö stay letters of their own (NFC composition, no accent
stripping). Words that carry no concept in a skills phrase ("kokemusta", "osaan", "voimassa",
"years", numbers) are dropped; the rest are stemmed with the Snowball stemmer of the language.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import simplemma
import Stemmer

_NON_WORD = re.compile(r"[^\w+#]+|[+#]+(?=\w)", re.UNICODE)
_NUMBER = re.compile(r"^\d+([.,]\d+)?$")

STEMMER_NAMES = {"fi": "finnish", "sv": "swedish", "en": "english"}
LANGUAGES = tuple(STEMMER_NAMES)

# How well or how validly, never which: "good" in "good timekeeping" leaves the concept named.
GRADES = frozenset(
    """
    hyvä hyvää hyvät hyviä hyvin erinomainen erinomaista erinomaiset vahva vahvat perus perustaidot
    voimassa voim voimassaoleva voimassaolevat sujuva sujuvasti kiitettävä tyydyttävä välttävä vähän hieman
    god goda giltig giltigt lite litet
    grundläggande flytande good excellent basic valid fluent experienced busy
    """.split()
)
# The employment services' own measures, which name no work: "palkkatuella kaupassa" is shop work.
SERVICES = frozenset(
    "palkkatuki palkkatuella palkkatukityö palkkatukityössä nuorisotakuu lönesubvention lönestöd".split()
)
# Words that say how much or how well, not what: dropped from phrases before matching.
NOISE = (
    GRADES
    | SERVICES
    | frozenset(
        """
    kokemus kokemusta kokemuksen kokemuksia työkokemus työkokemusta osaan osaa osaaminen osaamista
    osaamisen taito taidot taitoa taitoja vuosi vuotta vuoden v kk vko kuukautta tutkinto tutkinnon
    tutkintoa suoritettu suoritetut ja tai sekä myös erfarenhet år kunskap kunskaper och eller samt
    experience years year yrs skills skill knowledge and or olen olin toiminut työskennellyt
    työskentelin työt töitä tehtävät tehtävissä tehtävistä tehtäviin tehtävään tehtäviä
    työtehtävät työtehtäviä työtehtäviin työtehtävissä työtehtävistä
    asti saakka kanssa alkeet äidinkieli
    äidinkielenä äidinkielen äidinkieltä kotikieli kotikielenä a1 a2 b1 b2 c2 av i på med för inom som hos
    arbetat jobbat modersmål native mother tongue peruskoulu lukio ylioppilas ammattikoulu ammattikorkeakoulu amk
    yliopisto gymnasium ollut töissä perusteet perusteita har hade kan talar pratar finns klart klar
    tehnyt tehny tekee tein teen ollu oon luokan luokka luokkaa luokat
    ajanut kerännyt pakannut pessyt jakanut myynyt ohjannut avustanut auttanut asentanut
    utbildad från till as the an has have had can worked speaks speak studying studied trained for knows know
    ala alaa alan alalla alalta alalle kielitaito kielitaitoa språkkunskaper basics vielä enää ännu längre yet
    kirjoittaa puhua ymmärtää läsa skriva tala förstå lähetä collective diploma diplomas
    """.split()
    )
)

# A driving licence's class: "B", "CE", "C1", "D1E".
LICENCE_CLASS = re.compile(r"[A-Da-d]1?[Ee]?")
PERSONS = ("jan", "jän", "miehen", "naisen", "laisen", "läisen")  # a person in the genitive: lähihoitajan, kirvesmiehen


def genitive(word: str) -> bool:
    """Whether a Finnish word may be in the genitive: "kaupan", "päiväkodin" (a word in -nen is in
    the nominative: "keittiöapulainen")."""
    return word.endswith("n") and not word.endswith("nen")


def whose(word: str) -> bool:
    """Whether a Finnish word is the genitive of a place or thing ("varaston", "päiväkodin"), not
    of a person ("lähihoitajan") nor a word the stemmer leaves whole."""
    return genitive(word) and not word.endswith(PERSONS) and stem(word, "fi") != word


# Words labels use that a phrase may still hold as context only: "cleaning job" is cleaning,
# "kiinteistönhoitajan ammattitutkinto" the caretaker's qualification, and "Excel advanced" Excel.
CONTEXT = frozenset(
    {"job", "jobs", "work", "tasks", "duties", "jobb", "työ", "arbete", "käyttää", "käyttö", "käytön", "käyttämään"}
    | {"homma", "hommat", "hommia", "hommaa", "hommissa", "hommiin", "duuni", "duunit", "duunia", "duuneja", "duunissa"}
    | {"speaker", "speakers", "talare", "language", "languages"}
    | {"harjoittelu", "harjoittelussa", "työharjoittelu", "työharjoittelussa", "työkokeilu", "työkokeilussa"}
    | {"kesätyö", "kesätyössä", "kesätöissä", "kesätyöntekijä", "kesätyöntekijää", "kesätyöntekijöitä"}
    | {"kausityö", "kausityössä", "kausityöntekijä", "kausityöntekijää", "kausityöntekijöitä", "kausityöhön"}
    | {"säsongsarbete", "säsongsarbetare", "seasonal"}
    | {"sijainen", "sijaiseksi", "sijaisuus", "sijaisuuteen", "sijaisuuksia", "sijaisuudet", "vikariat", "substitute"}
    | {"praktik", "sommarjobb", "internship", "summer", "utbildning", "koulutus", "training", "with", "working"}
    | {"lukea"}  # reading is what is read: "osaa lukea suomea", "lukea piirustuksia"
    | {"apprentice", "trainee", "oppisopimus", "oppisopimuksella", "lärling", "praktikant"}
    | {"harjoittelija", "harjoittelijaksi", "harjoittelijana", "harjoittelijoita", "harjoittelijaa"}
    | {"opiskelija", "opiskelijaksi", "opiskelijana", "opiskelijoita", "opiskelijaa", "student", "studerande"}
    | {"opinnot", "opintoja", "opinnoissa", "opinnoista", "opintojen", "studier", "studies"}
    | {"part", "time", "full", "osa", "aikainen", "kokoaikainen", "deltid", "heltid", "temporary", "permanent"}
    | {"advanced", "intermediate", "beginner", "proficient", "edistynyt", "edistyneet", "keskitaso", "avancerad"}
    | {"perustutkinto", "ammattitutkinto", "erikoisammattitutkinto", "grundexamen", "yrkesexamen", "examen"}
    | {"osaamisala", "osaamisalan", "osaamisalaa", "osaamisalalta", "osaamisalasta", "kompetensområde"}
)


# Short words that belong to one language alone: a phrase or text using those of one language only is
# looked up in that language ("lasten kanssa leikkiminen" is Finnish: "lasten" is no Swedish load).
FUNCTION_WORDS = {
    "fi": frozenset(
        """ja tai sekä kanssa myös olen olin oli ovat ei eikä että jossa joka kuin mutta sinä hän jos kun
        olet olemme haemme etsimme tarjoamme edellytämme odotamme toivomme sinulla sinulta sinua meillä
        meille arvostamme hakee eduksi kokemusta sen sitä siitä siihen niin nyt vain jälkeen""".split()
    ),
    "sv": frozenset(
        """och eller med på jag har hade är som av för från vid hos inom samt att det ett en vi du dig söker
        erbjuder""".split()
    ),
    "en": frozenset(
        """and or with the of for to from at have has had is are was who which an my some we you your our command
        did does not but""".split()
    ),
}
OUTWEIGHS = 3  # a language whose words are three times as many as any other's is the text's
UNMARK = str.maketrans("åäö", "aao")  # å, ä and ö typed without their marks


def spoken(text: str) -> tuple[str, ...]:
    """The languages ``text`` may be in: the one whose short words it uses (at least three times as
    often as any other's), else all."""
    words = normalise(text).split()
    counts = sorted(
        ((sum(word in known for word in words), lang) for lang, known in FUNCTION_WORDS.items()), reverse=True
    )
    (best, lang), (second, _) = counts[0], counts[1]
    return (lang,) if best and best >= OUTWEIGHS * second else LANGUAGES


# What joins the items of a list written as one phrase: "arabia ja englanti", "word, excel",
# "Butchers and Meat Cutters".
_LIST = re.compile(r"\s*[,;/]\s*|\s+(?:\+|&|ja|sekä|tai|och|samt|eller|and|or)\s+", re.IGNORECASE)

# A qualifier written in parentheses: "hitsaus (MIG/MAG)", "Cleaner (part-time)".
BRACKETED = re.compile(r"\([^()]*\)")
# What a phrase leaves out: "Geoscientists, Except Hydrologists and Geographers" names no geographer.
EXCEPTED = re.compile(r"[\s,;(]+(?:except|excluding|utom|förutom|paitsi)\b.*$", re.IGNORECASE | re.DOTALL)


def list_items(text: str) -> list[str]:
    """The items of a phrase that lists several things, in order (the phrase itself if it lists
    none); what is in parentheses stays with its item ("hitsaus (MIG/MAG)" is one)."""
    inside = [(m.start(), m.end()) for m in BRACKETED.finditer(text)]
    items, start = [], 0
    for separator in _LIST.finditer(text):
        if not any(left < separator.start() < right for left, right in inside):
            items.append(text[start : separator.start()])
            start = separator.end()
    items.append(text[start:])
    return [item.strip() for item in items if item.strip()]


_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))  # soft hyphen, zero widths


_DOTNET = re.compile(r"(?<![\w.])\.net\b")  # Microsoft's .NET, not a net


def normalise(text: str) -> str:
    """Fold case and punctuation so that spelling variants meet (``B-kortti`` → ``b kortti``); a
    ``+`` or ``#`` ending a word stays, so that C++, C# and C remain three languages, and .NET is
    dotnet."""
    folded = unicodedata.normalize("NFC", text).casefold().replace("_", " ").translate(_INVISIBLE)
    if ".net" in folded:
        folded = _DOTNET.sub("dotnet", folded)
    return " ".join(word for word in (part.lstrip("+#") for part in _NON_WORD.split(folded)) if word)


def is_meaningful(key: str) -> bool:
    """A normalised term worth looking up: not empty and not just a number."""
    return bool(key) and not _NUMBER.match(key.replace(" ", ""))


_AMERICAN = re.compile(r"(?<=\w\w\w)([iy])z(e|es|ed|ing|er|ers|ation|ations)$")


def content_words(key: str) -> list[str]:
    """The words of a normalised phrase that can name a concept, in ESCO's British spelling
    ("optimize" → optimise, "analyzes" → analyses)."""
    return [
        _AMERICAN.sub(r"\1s\2", word) if "z" in word else word
        for word in key.split()
        if word not in NOISE and not _NUMBER.match(word)
    ]


# PyStemmer's own word cache costs more than the stemming it saves: the callers remember what they need.
_STEMMERS = {lang: Stemmer.Stemmer(name, 0) for lang, name in STEMMER_NAMES.items()}


# A Finnish verb's -minen noun in any case, where its action noun is regular: labels name the work
# by the one ("puhelinten korjaus"), people by the other ("puhelimien korjaaminen").
_VERBAL = re.compile(
    r"(?<=\w\w)(aa|ää|oa|öä|tta|ttä|nta|ntä|sta|stä|ile|ele)"
    r"mi(?:nen|s(?:en|ta|tä|een|essa|essä|esta|estä|ena|enä|eksi|ella|ellä|elle|elta|eltä))$"
)
_VERBAL_TAIL = 12  # letters enough for the longest ending _VERBAL matches ("ttämisestä")
_ACTION = {"aa": "aus", "ää": "äys", "oa": "ous", "öä": "öys", "tta": "tus", "ttä": "tys", "nta": "nnus"}
_ACTION |= {"ntä": "nnys", "sta": "stus", "stä": "stys", "ile": "il", "ele": "el"}


def action_noun(word: str) -> str:
    """The action noun a Finnish -minen word names (korjaamisesta → korjaus, kuljettaminen →
    kuljetus, asentaminen → asennus, tarjoileminen → tarjoilu), else the word itself."""
    verbal = _VERBAL.search(word)
    if verbal is None:
        return word
    noun = word[: verbal.start()] + _ACTION[verbal.group(1)]
    if noun.endswith("l"):  # tarjoilu, työskentely: the vowel agrees with the word's
        noun += "u" if re.search("[aou]", noun) else "y"
    return noun


# The forms of a Finnish word in -nen whose stem the stemmer cuts in another place than the word's
# own (kehitysvammaisten, henkilökohtaisena, fyysisiä: -is- before the ending); the partitive
# singular (fyysistä) is left, spelt as many plurals are (lapsista).
_NEN_FORMS = re.compile(
    r"(?<=\w\w\w)is(?:et|en|een|essa|essä|esta|estä|ena|enä|eksi|ella|ellä|elle|elta|eltä"
    r"|ten|ia|iä|iin|issa|issä|ista|istä|ille|illa|illä|ilta|iltä|ina|inä|iksi)$"
)
_NEN_TAIL = 8  # letters enough for the longest ending _NEN_FORMS matches ("isessä")


# The forms of "kieli" (language), which the stemmer cuts in three places (kieli, kiele-, kiel-).
_LANGUAGE_FORMS = re.compile(
    r"kiel(?:en|tä|een|essä|estä|ellä|elle|eltä|enä|eksi|et|iä|iin|issä|istä|illä|ille|iltä|inä|iksi|ten|ien)$"
)


# Who has a card or a passport, in any case: "trukkikortillista", "hygieniapassillinen" (-llinen
# after the word's weak grade: kortti → kortillinen).
_HAVING = re.compile(r"(?<=\w\w)(korti|passi)lli(?:nen|s(?:ta|tä|en|een|ia|iä|iin|et|ten|ille|ina|inä|eksi|ena|enä))$")
_HAVING_BASE = {"korti": "kortti", "passi": "passi"}


def having(word: str) -> bool:
    """Whether a Finnish word says who has a card or a passport ("trukkikortillista")."""
    return _HAVING.search(word) is not None


def finnish_base(word: str) -> str:
    """A Finnish word as the stemmer should see it: a -minen word as its action noun (korjaamisesta →
    korjaus), another form of a word in -nen as that word (kehitysvammaisten → kehitysvammainen),
    a form of kieli as kieli (äidinkieltä → äidinkieli), who has a card as the card (trukkikortillista
    → trukkikortti). The rules run only where the word's end has their letters: most words have none."""
    tail = word[-_VERBAL_TAIL:]
    if "mi" in tail and (noun := action_noun(word)) != word:
        return noun
    if "kiel" in tail:
        return _LANGUAGE_FORMS.sub("kieli", word)
    if "lli" in tail and (card := _HAVING.search(word)) is not None:
        return word[: card.start()] + _HAVING_BASE[card.group(1)]
    return _NEN_FORMS.sub("inen", word) if "is" in tail[-_NEN_TAIL:] else word


MIN_STEM = 3  # letters: a shorter stem says too little ("ommella" and "omia" both stem to "om"), the word stays


def stem_key(words: Iterable[str], lang: str) -> str:
    """The words stemmed in ``lang`` (English rules for languages without a stemmer here), joined; in
    Finnish, as :func:`finnish_base` gives them."""
    listed = [finnish_base(word) for word in words] if lang == "fi" else list(words)
    stems = _STEMMERS.get(lang, _STEMMERS["en"]).stemWords(listed)
    return " ".join(s if len(s) >= MIN_STEM else word for s, word in zip(stems, listed, strict=True))


@lru_cache(maxsize=50_000)
def lemma(word: str, lang: str) -> str:
    """A word's dictionary form in ``lang`` ("measures" → measure, "cleaners" → cleaner): unlike its
    stem, not what it is derived from ("performer" is no form of "perform")."""
    found: str = simplemma.lemmatize(word, lang=lang)
    return found.casefold()


@lru_cache(maxsize=50_000)
def stem(word: str, lang: str) -> str:
    """One word stemmed in ``lang``, remembered: for the words users type that no label has."""
    base = finnish_base(word) if lang == "fi" else word
    stemmed: str = _STEMMERS.get(lang, _STEMMERS["en"]).stemWord(base)
    return stemmed if len(stemmed) >= MIN_STEM else base
