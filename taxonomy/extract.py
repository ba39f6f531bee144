"""Concepts mentioned in running text (a job ad, a free-text profile), with where and how firmly.

Each sentence is scanned for the longest label (up to six words) at each position, exact or after
stemming; a word no label contains is tried as a compound, and as an inflection of a one-word
label that the stemmer did not see through. A mention is *required* when its clause, or else its
sentence, or else the heading of the list it is an item of (a line ending in a colon, or any line a
list follows), says so ("edellytämme", "vaatimuksena", "on esitettävä", "krav", "required";
"Odotamme sinulta:"), an occupation named as whom it asks ("tarjoilijalta") aside; *nice to have*
when they say that ("eduksi", "meriter", "a plus"); and otherwise merely *mentioned* (also where
the sentence waives it, "ei vaadita", "no experience needed", or a clause gives it as a reason,
"myynnin vuoksi"). What a sentence or a list's heading says the employer offers ("Tarjoamme
perehdytyksen", "Tarjoamme:"), what a negation comes just before ("Ei trukkikorttia"), and what the
words after it say is lacking, expired or only planned ("Ajokorttia ei ole", "trukkikortti on,
mutta vanhentunut", "trukkikortti suunnitteilla") are no mention of what is asked for or had.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Collection, Iterator
from typing import Literal, NamedTuple

import msgspec

from taxonomy.lookup import EXACT, INFLECTED, NEGATIONS, PARTING, PLANNED, STEMMED, WHERE_ENDS, Taxonomy
from taxonomy.model import ALL_KINDS, SKILL_KINDS, ConceptKind
from taxonomy.text import (
    CONTEXT,
    FUNCTION_WORDS,
    LANGUAGES,
    LICENCE_CLASS,
    NOISE,
    having,
    normalise,
    spoken,
    whose,
)

# Finnish "into" and "onto": where someone is hired to ("kouluihin", "ravintolaan", "kassalle")
PLACES = tuple("aan ään oon öön uun yyn een iin hin lle".split())
AS = ("na", "nä")  # the Finnish essive: as whom someone worked ("kokkina")
AT_ENDS = ("ssa", "ssä", "lla", "llä")  # ... and where ("päiväkodissa", "kassalla")
_AT = re.compile(r"\s+(?:på|i|vid|hos|in|at)\s+(?:(?:ett|en|a|an|the)\s+)?", re.IGNORECASE)
SOUGHT_ENDS = ("jia", "jiä", "eja", "ejä", "ijoita", "ijöitä", "miehiä", "naisia")  # persons in the partitive plural
Strength = Literal["required", "nice_to_have", "mentioned"]
FIRMNESS: dict[Strength, int] = {"mentioned": 0, "nice_to_have": 1, "required": 2}
MAX_WORDS = 6
_SENTENCE = re.compile(r"[^.!?;\n•·]+")
# Abbreviations whose full stop ends no sentence: "esim. lähihoitaja", "e.g. a cook"; nor does one
# inside a word shortened ("hyg.passi").
_ABBREVIATION = re.compile(
    r"\b(?:esim|mm|ns|yms|jne|ym|ks|vrt|n|noin|e\.g|i\.e|eg|ie|etc|approx|t\.ex|bl\.a|ca|osv)\.|(?<=\w)\.(?=(?-i:[a-zåäö]))",
    re.I,
)
_OPENS_LIST = re.compile(r"[?!]?[ \t]*\n\s*(?:[•·]|[-*–]\s)")  # a list's first item on the next line ("Mitä odotamme?")
_ITEM = re.compile(r"[•·]|\n?\s*[-*–]\s")  # a list item starts here (a bullet, or a dash opening a line)
_WORD = re.compile(r"\w+(?:\+\+|#)?", re.UNICODE)  # C++ and C# are words
REQUIRED = (
    "edellyt",
    "vaatimu",
    "kelpoisuu",
    "behörig",
    "vaadi",
    "vaati",
    "pakollin",
    "pakollis",
    "täytyy",
    "tulee olla",
    "on oltava",
    "välttämät",
    "odotamme",
    "krav",
    "förutsätt",
    "krävs",
    "måste",
    "require",
    "must",
    "mandatory",
    "essential",
    "necessary",
    "needed",
    "we expect",
    "expected",
    "qualifications",
    "kvalifikationer",
    "förväntar",
    "you should",
    "you need",
    "du bör",
    "du behöver",
    "sinun tulee",
    "sinun pitää",
    "pitää olla",
    "on tarpeen",
    "ovat tarpeen",
    "tarpeellinen",
    "tulisi olla",  # "Sinulla tulisi olla trukkikortti"
    "ehdoton",  # "Voimassa oleva anniskelupassi on ehdoton"
    "ehdottoma",
    "pitäisi olla",
    "du ska kunna",
    "du ska ha",
    "kräver",
    "you will need",
    "tarvitaan",
    "tarvitset",
    # a least level asked for: "Suomen kielen taito vähintään B1-tasolla", "minst två års erfarenhet"
    "vähintään",
    "minst",
    "at least",
    "minimum",
    # the person sought, addressed: "Sinulla on hygieniapassi", "Du har truckkort"
    "sinulla on",
    "sinulta löytyy",
    "olet suorittanut",
    "du har",
    "you have",
    "you hold",
    "you bring",
    # ... and what they speak or know: "Du behärskar svenska och finska", "Puhut sujuvaa suomea"
    "du behärskar",
    "du talar",
    "du kan",
    "hallitset",
    "puhut",
    "osaat",
    "you speak",
    "you know",
    # ... and told what they are trained as: "Du är utbildad barnskötare", "Olet koulutukseltasi kokki"
    "olet koulutukseltasi",
    "olet koulutettu",
    "du är utbildad",
    "you are a qualified",
    "you are a trained",
    "you are qualified",
    "you are trained",
)
# The person sought, described in a clause of its own: what it names is asked for ("Haemme kokkia,
# jolla on hygieniapassi", "a cook who has a hygiene passport"), the rest of the sentence is not.
DESCRIBING = (
    "jolla on",
    "joka osaa",
    "joka puhuu",
    "who has",
    "who have",
    "who can",
    "who speaks",
    "som har",
    "som kan",
    "som talar",
)
TURNS = ("but", "mutta", "muttei", "men")  # words that turn to another clause
# Words of a degree or training, which a profile may lack of work it has done.
QUALIFICATIONS = ("tutkin", "koulutu", "todistu", "examen", "utbildning", "degree", "qualification", "diploma")
PREFERABLY = ("gärna", "mielellään", "mieluiten", "preferably", "ideally")  # what follows is a plus
# A clause ends at a comma, colon or parenthesis, where "but" turns to another ("not required but
# Swedish is a must"), where one describes the person ("a cook who has..."), or where what follows
# is only preferred ("Du har truckkort och gärna erfarenhet av ställagetruck").
_CLAUSE = re.compile(
    r".+?(?=[,:()]|\s(?:"
    + "|".join(dict.fromkeys([*TURNS, *PREFERABLY, *(cue.split()[0] for cue in DESCRIBING)]))
    + r")\s|$)",
    re.IGNORECASE,
)
# Words that start a clause of its own, whose cue asks for what it names alone: "Työ on siivousta
# asiakkaiden kodeissa, joten ajokortti on välttämätön" asks for the licence, not the cleaning.
APART = ("joten", "koska", "sillä", "so", "because", "så", "eftersom")
_APART = re.compile(r"[\s,:]*(?:" + "|".join(APART) + r")\b", re.IGNORECASE)
# A clause of a condition asks as its sentence does, whatever it says itself: "Olisi hyvä, jos sinulla on".
_CONDITIONAL = re.compile(r"[\s,:]*(?:jos|if|om)\b", re.IGNORECASE)
# Words that give a reason ("täysi-ikäisyyttä (alkoholin myynnin vuoksi)", "due to alcohol sales"):
# what their clause names is why something is asked, not what is; and in a clause asking for something
# else, what they follow or come before ("Täysi-ikäisyys vaaditaan alkoholin myynnin vuoksi").
REASON_AFTER = ("vuoksi", "takia", "johdosta")  # after what gives the reason
REASON_BEFORE = ("due to", "because of", "på grund av")
REASON = (*REASON_AFTER, *REASON_BEFORE)
_REASON_AFTER = re.compile(rf"\s+(?:{'|'.join(REASON_AFTER)})\b", re.IGNORECASE)
_REASON_BEFORE = re.compile(rf"\b(?:{'|'.join(REASON_BEFORE)})\s+(?:[\w-]+\s+){{0,2}}$", re.IGNORECASE)
NICE = (
    "eduksi",
    "etua",
    "eduks",
    "plussaa",
    "katsotaan eduksi",
    "toivotaan",
    "toivomme",
    "arvostamme",
    "hyvä olla",
    "olisi hyvä",
    "would be good",
    "an asset",
    "hyödyksi",
    "on hyötyä",
    "meriter",
    "en merit",
    "ett plus",
    "fördel",
    "meriterande",
    "önskvärt",
    "önskas",
    "a plus",
    "nice to have",
    "preferred",
    "desirable",
    "advantage",
    "bonus",
    "tärkeä",
    "tärkeit",  # "Asiakaspalvelutaidot ovat tärkeitä"
    "viktig",
    "important",
    # what would be fine, is valued or comes first: "Olisi hienoa, jos...", "Vi värdesätter erfarenhet",
    # "Trukkikortin omaava hakija on etusijalla", "would be beneficial"
    "olisi hienoa",
    "olisi kiva",
    "etusija",
    "värdesätt",
    "företräde",
    "we value",
    "we appreciate",
    "beneficial",
    "hyödylli",  # "Trukkikortti on hyödyllinen"
    "useful",
    "given preference",
    "preference will be given",
    *PREFERABLY,
)


class Mention(msgspec.Struct, frozen=True):
    """One concept found in the text: the characters ``start:end`` say where."""

    uri: str
    label: str
    kind: ConceptKind
    confidence: float
    start: int
    end: int
    text: str
    strength: Strength


# A requirement the sentence waives: "kokemusta ei vaadita", "no experience needed".
WAIVED = (
    "ei vaadi",
    "ei edellyt",
    "ei tarvit",
    "ei ole välttämät",
    "ei välttämät",
    "ei ole pakollin",
    "ei pakollin",
    "ei pakollis",
    "krävs inte",
    "behöver inte",
    "behövs inte",
    "inget krav",
    "inte ett krav",
    "inte något krav",
    "muttei välttämät",
    "not a requirement",
    "not mandatory",
    "inte nödvändig",
    "not required",
    "not needed",
    "not necessary",
    "not need",
    "don t need",
    "no need",
    "not require",  # "we do not require experience"
    "don t require",
    "doesn t require",
    "isn t required",
    "aren t required",
    "isn t needed",
    "no experience",
)


# What says the person has not (what): "ajokorttia ei ole", "körkort har jag inte".
NOT_HAVING = ("ei ole", "ei ollut", "har inte", "har jag inte", "do not have", "don t have", "does not have")
# What a person lacks, let lapse or only plans, said after it: "ajokorttia ei ole", "hygieniapassi
# vanhentunut", "trukkikortti suunnitteilla".
LACKING = (
    *NOT_HAVING,
    "ei löydy",
    "puuttu",
    "vanhentun",
    "vanhentui",
    "umpeutun",
    "saknas",
    "utgång",
    "expired",
    "missing",
    "lacking",
    "not valid",
    "no longer valid",
    "ei sovi",
    "ei onnistu",
    "ei enää onnistu",
    "ei sovellu",
    "passar inte",
    "not suitable",
    *PLANNED,
)
# What says what was not had was got: "hygieniapassia ei ole suoritettu", "körkort har inte tagits".
GETTING = frozenset(
    """suoritettu suorittanut hankittu hankkinut saatu saanut uusittu uusinut myönnetty tagit tagits fått
    skaffat förnyat obtained completed got gotten renewed received issued""".split()
)
# What a person only wants, plans to get or is interested in, said before it in the same clause:
# "haluaisi suorittaa trukkikortin", "aikoo hankkia hygieniapassin", "vill ta truckkort", "would like
# to get a forklift licence", "haluaisi asiakaspalvelutehtäviin tai toimistoon", "kiinnostunut
# varhaiskasvatuksesta", "tavoitteena laillistus ja sairaanhoitajan työ", "hakenut lastenohjaajan
# koulutukseen". (Not "needs to": an ad asks for what the person "needs to get"; not an ad's question
# to its reader, "oletko kiinnostunut hoitotyöstä?".)
WISHING = r"haluaisi|haluaa|haluan|aikoo|aion|toivoo|toivoisi|suunnittelee|tavoitteena|tavoitteenaan|toiveena"
WISHING += r"|kiinnostunut|kiinnostaa|haaveilee|hakenut|vill|planerar att|tänker|intresserad|drömmer|har sökt"
# (a Swedish ad's "vi önskar att du har truckkort" asks)
WISHING += r"|(?<!vi )önskar"
WISHING += r"|would like|wants to|plans to|intends to|hopes to|interested in|dreams of|has applied|applied for"
# ... or is getting now: "suorittaa parhaillaan trukkikorttia", "currently studying for the medication permit"
WISHING += r"|suorittaa parhaillaan|suorittamassa|håller på att ta|studying for|working towards"
# ... and the work the person looks for: "hakee töitä siivoojana", "hakee vakituista työtä vanhustyöstä",
# "söker ett fast jobb som städare", "looking for a permanent job as a cleaner"
WISHING += r"|(?:hakee|haen|etsii|etsin)(?:\s+\w+)?\s+(?:töitä|työtä|työpaikkaa)"
WISHING += r"|söker(?:\s+\w+){0,2}\s+(?:jobb|arbete)"
WISHING += r"|(?:(?:looking|searching) for|seeking)(?:\s+[\w-]+){0,2}\s+(?:work|job|employment)"
# ... or would consider: "voisi tehdä myös siivoustöitä", "kan tänka sig att jobba som städare", "would
# also consider work as a cleaner"
WISHING += r"|voisi tehdä|voisi ajatella|harkitsee|harkitsisi|olisi valmis|kan tänka sig|skulle kunna tänka sig"
WISHING += r"|överväger|would (?:also )?consider|could (?:also )?consider|is considering"
# ... and what the person does not want: "ei halua siivoustöihin", "does not want to work in cleaning"
WISHING += r"|halua|not want to|doesn't want to|don't want to"
# Nor what the clause says the person cannot do: "selkävaiva rajoittaa raskaita nostoja", "ei pysty
# raskaisiin nostoihin", "kan inte lyfta tungt", "unable to lift heavy loads".
UNABLE = r"ei pysty|ei voi|ei kykene|ei sovellu|rajoittaa|rajoittavat|estää|estävät|kan inte|klarar inte"
UNABLE += r"|cannot|can't|can not|unable to|not able to"
# Nor what it says the person has never done: "ei ole koskaan toiminut kokkina", "has never worked as a cook".
NEVER = r"ei ole koskaan|ei ole toiminut|ei ole työskennellyt|has never|have never|never worked|har aldrig"
NEVER += r"|har inte arbetat|har inte jobbat"
# Nor what it says the person has not or cannot: "hänellä ei ole ajokorttia", "ei osaa ruotsia", "har
# inte körkort", "does not have a driving licence" (what follows "mutta", "but" is had again).
LACKS = r"ei ole|ei ollut|ei löydy|ei osaa|ei hallitse|ei puhu|har inte|har ännu inte|talar inte"
LACKS += r"|ei kokemusta|ei työkokemusta"  # "trukkikortti on, mutta ei kokemusta trukin ajosta"
LACKS += r"|does not have|doesn't have|do not have|don't have|did not have|has not got|hasn't got"
LACKS += r"|does not speak|doesn't speak|does not know|doesn't know|has no|have no|had no"
LACKS += r"|saknar|lacks|puuttuu|puuttuvat"  # "men saknar truckkort", "lacks a forklift licence"
LACKS += r"|but not"  # "has the alcohol passport but not the hygiene passport yet"
# (not where what is not had is a problem: "ei ole ongelmia vuorotyön kanssa", "has no problem with shift work")
LACKS = rf"(?:{LACKS})(?!\s+(?:ongelm|vaikeu|este|problem|difficult|trouble|issue|svårighet|hinder))"
# A profile's line headed by its goal or wishes: "Goal: get the Finnish C licence", "Tavoite: trukkikortti",
# "Toiveet: siivous- tai varastotyö".
GOAL = r"(?:goal|goals|aim|wish|wishes|tavoite|tavoitteet|tavoitteena|toive|toiveet|mål|målet|önskemål):"
# ... to the line's end: "Toiveet: siivous, keittiötyö".
_WISHED_LINE = re.compile(rf"\b{GOAL}[^\n]*$")
# Examples after a comma go on with what they are examples of: "toivoo kevyempää työtä, esim. kuriirina"
# (an abbreviation's dots are one-dot leaders by then, as ``extract`` reads it).
EXAMPLES = r"esim|esimerkiksi|kuten|muun muassa|mm|e\u2024g|for example|such as"
EXAMPLES += r"|t\u2024ex|till exempel|bl\u2024a|bland annat"
# An employer's wish to hire is no wish of the person hired: "tavoitteena on löytää kokki", "we would
# like to hire a cook", "vi vill anställa en kock".
# (to find work is the person's own wish: "haluaa löytää töitä kokkina")
HIRING = r"palkata|palkkaamaan|rekrytoida|rekrytoimaan|hire|recruit|employ|anställa|rekrytera"
HIRING += r"|(?:löytää|find|hitta)(?!\s+(?:a\s+|ett\s+)?(?:töitä|työtä|työpaikkaa|work|job|employment|jobb|arbete)\b)"
# ... nor does its hiring begin a mention: "We are recruiting bus drivers" names no skill of recruiting them.
HIRING_VERBS = frozenset("recruit recruiting hire hiring employ employing".split())
HIRERS = frozenset("we are is now currently also".split())  # the words before the employer's verb
# ... nor a record of work or studies: "Work history:" names no history.
RECORDS = frozenset({"history"})
RECORDED = frozenset("work working employment career job education educational".split())
# ... to where another clause turns or says what the person has or is: "studying for the medication
# permit and has a hygiene passport"
HAS_AGAIN = r"(?:and|ja|och)\s+(?:(?:he|she|hän|hänellä|minulla|han|hon|jag)\s+)?(?:has|have|is|on|har|är)"
_NOT_HAD = re.compile(
    rf"(?<!oletko )(?<!are you )(?<!är du )\b(?:{WISHING}|{UNABLE}|{NEVER})\b"
    rf"(?:(?!\b(?:{'|'.join(TURNS)}|{HIRING}|{HAS_AGAIN})\b)(?:[^,;:()\n]|,\s*(?=(?:{EXAMPLES})\b)))*$"
)
# ... and what it says the person has not, to "and" (or, nor: "ei ole ajokorttia tai hygieniapassia"),
# where another clause may begin ("ei ole ajokorttia ja on toiminut kokkina").
LACKS_END = "|".join((*TURNS, "ja", "sekä", "and", "och", "samt"))
_LACKS = re.compile(rf"\b(?:{LACKS})\b(?:(?!\b(?:{LACKS_END})\b)[^,;:()\n])*$")
# Who seeks whom: the words between an employer and the work it hires for.
SEEKS = r"hakee|etsii|rekrytoi|palkkaa|söker|rekryterar|anställer|seeks|hires|is hiring|is looking for"
_SEEKS = re.compile(rf"\s+(?:\w+\s+)?(?:{SEEKS})(?:\s+\w+){{0,2}}\s+", re.IGNORECASE)
# The employer seeking, in its own words, and what joins the person it seeks to what they have: "We
# are looking for a warehouse worker with a forklift licence", "Vi söker en undersköterska med
# legitimation"; in Finnish, who has it: "Haemme trukkikortillista varastotyöntekijää".
WE_SEEK = r"haemme|etsimme|rekrytoimme|palkkaamme|vi söker|vi rekryterar|vi anställer|we seek|we are seeking"
WE_SEEK += r"|we are looking for|we re looking for|we are hiring|we re hiring|we are recruiting|we re recruiting"
_WE_SEEK = re.compile(rf"\b(?:{WE_SEEK})\b", re.IGNORECASE)
_WITH = re.compile(r"\s+(?:med|with)\s+(?:[\w-]+\s+){0,3}", re.IGNORECASE)
WORK_SOUGHT = frozenset("töitä työtä työpaikkaa töihin jobb arbete work job employment".split())
WISH_SPAN = 80  # characters before a mention enough to hold its wish ("tavoitteena on suorittaa myös")
# Words that open a clause going on of what came before it: "..., mutta vanhentunut", "..., joka puuttuu".
GOING_ON = frozenset(TURNS) | frozenset("joka jonka jota se sitä mikä which that it som den det".split())
CONJUNCTIONS = ("ja", "sekä", "tai", "and", "or", "och", "eller")
_AND = rf"\b(?:{'|'.join(CONJUNCTIONS)})\b"
_JOINED = re.compile(rf"[\s,/]*(?:{_AND})?[\s,/]*", re.IGNORECASE)
_CONJUNCTION = re.compile(_AND, re.IGNORECASE)
# In Swedish and English, where someone is hired to: a place the employer calls its own, or one listed
# after it ("till vår butik", "for our kitchen", "till våra kontor och lager"), or in Swedish any place
# the person is sought to ("en barnskötare till ett daghem").
_OURS = re.compile(
    r"\b(?:(?:till|på|i|för|for|in|at|to|into)\s+(?:vår|vårt|våra|our)|till\s+(?:en|ett))"
    rf"\s+(?:[\w-]+(?:\s*,\s*|\s+{_AND}\s+|\s+)){{0,3}}$",
    re.IGNORECASE,
)
OURS_SPAN = 60  # characters before a mention enough to hold them


# What the employer offers, not what it asks for: "Tarjoamme perehdytyksen", "Vi erbjuder utbildning".
OFFERED = (
    "tarjoamme",
    "tarjoamme sinulle",
    "meiltä saat",
    "saat meiltä",
    "vi erbjuder",
    "erbjuder vi",
    "hos oss får du",
    "we offer",
    "we provide",
    "you will get",
    "you will receive",
    # a chance given, not a requirement: "Sinulla on mahdollisuus suorittaa trukkikortti"
    "mahdollisuu",
    "möjlighet",
    "opportunit",
    "chance to",
)
# ... unless the chance is asked of the person: "Sinulla tulee olla mahdollisuus", "Edellytämme mahdollisuutta"
_CHANCE_ASKED = re.compile(
    r"\b(?:tulee olla|pitää olla|täytyy olla|on oltava|edellyt\w*|vaadi\w*|must have|need to have|måste ha)"
    r"\s+(?:mahdollisuu|möjlighet|the opportunit|the chance|an opportunit)"
)
# ... but the position it offers is the work the ad is for: "We offer a permanent position as a Store
# Manager", "Vi erbjuder en fast tjänst som kock", "Tarjoamme vakituisen työpaikan kokkina".
_POSITION = re.compile(
    r"\b(?:position|job|role|post|work|tjänst|jobb|arbete|befattning|anställning)\s+(?:as|som)(?:\s+(?:an?|en|ett))?\s+$",
    re.IGNORECASE,
)
_POSITION_FI = re.compile(r"\b(?:työpaik|työsuhte|paik|tehtäv)\w*\s+$", re.IGNORECASE)
ESSIVE = ("na", "nä")
ASKED_OF = ("lta", "ltä")  # the Finnish ablative: from whom something is asked
FIELD_FROM = "alalta"  # ... but a field's ablative says where experience is from: "kokemusta rakennusalalta"
COMPANY_FORMS = frozenset("oy oyj ab abp ky tmi ry ltd inc gmbh".split())
LOUD = 4  # letters: a longer word in capitals is no abbreviation but written loud ("SIIVOOJA")
SHORT = 3  # letters: a word this short names a concept only as a label spells it ("men" is no soldier)
# Words for language that name no language alone ("Finnish language skills": Finnish, not terminology).
LANGUAGE_WORDS = frozenset("language languages kieli kielen kieltä kielet kieliä språk språket språken".split())
# ... nor where someone lives or comes from, after these ("från Ukraina": the country).
FROM_OR_IN = frozenset("från i ur till from in to".split())
# ... nor in English before a thing of the country ("Finnish qualifications", "Finnish work experience").
OF_A_COUNTRY = frozenset(
    """qualification qualifications degree degrees diploma citizenship citizen citizens company companies
    work workplace workplaces employer employers authorities society culture residence permit passport
    driving licence license education school schools system employment labour""".split()
)


def _ours(taxonomy: Taxonomy, window: list[str]) -> bool:
    """Whether the words start or end with what the employer does or has, not what it asks for:
    a Finnish "we" or "our" ending no label word has ("perehdytämme", "toimipisteeseemme")."""
    return any(w.endswith("mme") and w not in taxonomy.vocabulary for w in (window[0], window[-1]))


def _starting_a_word(cues: tuple[str, ...]) -> re.Pattern[str]:
    """Any of the cues where a word starts ("must" is not in "kokemusta")."""
    return re.compile(r"\b(?:" + "|".join(map(re.escape, cues)) + ")")


_WAIVED, _NICE, _REQUIRED, _OFFERED, _LACKING, _DESCRIBING, _REASON = map(
    _starting_a_word, (WAIVED, NICE, REQUIRED, OFFERED, LACKING, DESCRIBING, REASON)
)
# A requirement's word also ends compounds that ask: "Kielitaitovaatimus: suomi", "Osaamisvaatimukset:",
# "Språkkrav: svenska".
_REQUIREMENT_ENDING = re.compile(r"\B(?:vaatimu|krav)")
# Finnish necessive, "on" before a passive participle ("rikostaustaote on esitettävä", "hakemukseen on
# liitettävä") or "tulee" and "pitää" before an infinitive ("tulee esittää", "pitää osata"), asks.
# (the "on" left out as in a list of terms: "Rikostaustaote esitettävä ennen työn aloittamista")
_NECESSIVE = re.compile(
    r"\bon \w+tt(?:ava|ävä)\b|\b(?:tulee|pitää) \w+[aä]\b"
    r"|\b(?:esitettävä|näytettävä|toimitettava|liitettävä|suoritettava)\b"
)


def _cue(text: str) -> Strength | None:
    """How firmly ``text`` asks for what it names, if it says."""
    folded = normalise(text)
    if _WAIVED.search(folded):
        return "mentioned"
    if _NICE.search(folded):
        return "nice_to_have"
    if _REQUIRED.search(folded) or _REQUIREMENT_ENDING.search(folded) or _NECESSIVE.search(folded):
        return "required"
    return None


class _Heading(NamedTuple):
    """What a line ending in a colon says of the list under it ("Edellytämme:", "Tarjoamme:")."""

    offered: bool
    cue: Strength | None


def _offers(text: str) -> bool:
    """Whether ``text`` says what the employer offers (not a chance the person must have: "Sinulla
    tulee olla mahdollisuus tehdä vuorotyötä", "you must have the opportunity to work weekends")."""
    folded = normalise(text)
    return _OFFERED.search(folded) is not None and _CHANCE_ASKED.search(folded) is None


def _heading(sentence: str, opens_list: bool = False) -> _Heading | None:
    """What a line says of the list under it: one ending in a colon, or any line a list follows
    ("Hakijalta edellytämme" above "• trukkikortti")."""
    return _Heading(_offers(sentence), _cue(sentence)) if sentence.endswith(":") or opens_list else None


def _strengths(sentence: re.Match[str], heading: _Heading | None = None) -> list[tuple[int, Strength | None]]:
    """Where each clause of the sentence ends, and how firmly it asks: its own cue, else the
    sentence's, else that of the heading of the list it is an item of ("Edellytämme trukkikorttia,
    hygieniapassia" asks for both; "kokemusta ei vaadita, trukkikortti on oltava" waives one and asks
    for the other; "Odotamme sinulta: • B-ajokorttia" asks for it; a clause of its own, "joten
    ajokortti on välttämätön", asks for its own alone); ``None`` where the sentence or
    its heading says what the employer offers ("Tarjoamme perehdytyksen ja työvaatteet")."""
    offered = _offers(sentence.group()) or (heading is not None and heading.offered)
    clauses = list(_CLAUSE.finditer(sentence.group()))
    # a clause of its own or of what is only preferred asks by its own cue alone, one of a condition
    # as the rest of the sentence does
    conditions = len(clauses) > 1
    joined = " ".join(
        c.group()
        for c in clauses
        if not (_APART.match(c.group()) or (conditions and _CONDITIONAL.match(c.group())) or _preferred(c))
    )
    whole = None if offered else _cue(joined) or (heading.cue if heading else None) or "mentioned"
    found, said = [], whole
    for clause in clauses:
        found.append((sentence.start() + clause.end(), _clause_strength(clause.group(), said)))
        # what follows a cue and a colon is asked as the cue says: "Required: C licence, ADR is an asset"
        if said is not None and sentence.group()[clause.end() : clause.end() + 1] == ":":
            said = _cue(clause.group()) or said
    return found


def _preferred(clause: re.Match[str]) -> bool:
    """Whether a clause opens with what is only preferred ("gärna erfarenhet"): its cue is its own."""
    words = clause.group().split(maxsplit=1)
    return bool(words) and words[0].lower() in PREFERABLY


def _clause_strength(clause: str, whole: Strength | None) -> Strength | None:
    """The clause's own cue; else required where it describes the person sought ("jolla on",
    "who has", "som har") in a sentence that asks anything; else mentioned where it gives a reason
    ("myynnin vuoksi"); else what its sentence says."""
    if _offers(clause):  # "Sinulla on mahdollisuus suorittaa trukkikortti"
        return None
    if _CONDITIONAL.match(clause):  # "Olisi hyvä, jos sinulla on B-ajokortti": as its sentence asks
        return whole
    own = _cue(clause)
    if own is not None or whole is None:
        return own or whole
    folded = normalise(clause)
    if _DESCRIBING.search(folded):
        return "required"
    return "mentioned" if _REASON.search(folded) else whole


class _Hit(NamedTuple):
    """A label found in a sentence: the concept, how surely, where, how firmly its clause asks for
    it, and the negation or wish just before it ("" if none: "Ei trukkikorttia", "no licence",
    "haluaisi suorittaa trukkikortin")."""

    concept: int
    confidence: float
    start: int
    end: int
    said: Strength | None
    negation: str


def extract(
    taxonomy: Taxonomy, text: str, lang: str | None = None, kinds: Collection[ConceptKind] = ALL_KINDS
) -> list[Mention]:
    """Every concept mentioned in ``text``, in order of appearance, each once (where first named,
    as firmly as any mention asks for it)."""
    wanted = frozenset(kinds)
    written, text = text, _ABBREVIATION.sub(lambda m: m[0].replace(".", "\u2024"), text)  # no sentence ends there
    in_text = (lang,) if lang else spoken(text)
    found: dict[str, Mention] = {}
    heading: _Heading | None = None
    for sentence in _SENTENCE.finditer(text):
        item = _ITEM.match(text, max(0, sentence.start() - 1)) is not None  # "• B-ajokorttia", "- trukkikortti"
        clauses = _strengths(sentence, heading if item else None)
        line = sentence.start() == 0 or text[sentence.start() - 1] == "\n"
        opens_list = line and not item and _OPENS_LIST.match(text, sentence.end()) is not None
        heading = _heading(sentence.group().strip(), opens_list) or (heading if item else None)
        # a sentence's own short words say its language, else the text's do: an English line in a
        # Finnish ad does not make the Finnish sentences English
        languages = in_text if lang or (own := spoken(sentence.group())) == LANGUAGES else own
        words = [
            (m.start() + sentence.start(), m.end() + sentence.start(), m.group().casefold())
            for m in _WORD.finditer(sentence.group())
        ]
        # where a mark parts two words ("care home, cleaning jobs": no home cleaning)
        parted = frozenset(i for i in range(len(words) - 1) if PARTING.search(text, words[i][1], words[i + 1][0]))
        hits: list[_Hit] = []
        position = 0
        while position < len(words):
            capitalised = text[words[position][0]].isupper()
            capitals = text[words[position][0] : words[position][1]].isupper()  # "SH", "LH"
            # a name inside a sentence: "Kerava" (a word in capitals is written loud: "VARASTOTYÖNTEKIJÖITÄ")
            proper = position > 0 and capitalised and not (capitals and len(words[position][2]) > LOUD)
            hit = _longest(taxonomy, words, position, wanted, languages, proper, capitalised, capitals, parted)
            if hit is None or hit[0] == 1:  # a label of more words names more: "kasvatus- ja ohjausala"
                hit = _sharing_head(taxonomy, text, words[position], wanted) or hit
            if hit is None:
                position += 1
                continue
            length, index, confidence = hit
            start, end = words[position][0], words[position + length - 1][1]
            # a language's name alone in parentheses says where: "peruskoulu (Somalia)", "lastenhoitaja (Venäjä)"
            bracketed = text[start - 1 : start] == "(" and text[end : end + 1] == ")"
            place = proper and bracketed and index in taxonomy.languages
            if place or _named_so(taxonomy, text, words, position, position + length, languages):  # "Varasto Oy"
                position += length
                continue
            strength = next(strength for clause_end, strength in clauses if start < clause_end)
            if strength is None and _offered_position(text[sentence.start() : start], words[position][2]):
                strength = "mentioned"
            if strength == "required" and _asked_of(taxonomy.concepts[index].kind, words[position + length - 1][2]):
                strength = "mentioned"
            before = words[position - 1][2] if position else ""
            before_it = text[max(sentence.start(), start - WISH_SPAN) : start].casefold()
            if strength is not None and (_REASON_AFTER.match(text, end) or _REASON_BEFORE.search(before_it)):
                strength = "mentioned"  # why something is asked: "alkoholin myynnin vuoksi"
            not_had = _NOT_HAD.search(before_it) or _LACKS.search(before_it) or _WISHED_LINE.search(before_it)
            denial = before if before in NEGATIONS else not_had.group() if not_had else ""
            hits.append(_Hit(index, confidence, start, end, strength, denial))
            position += length
            # more classes of the licence listed after it: "Ajokortit B ja C", "körkort B och C"
            listed = list(_more_classes(taxonomy, text, words, position, length, index, wanted))
            for more, (class_start, class_end, _), _next in listed:
                hits.append(_Hit(more, confidence, class_start, class_end, strength, denial))
            position = listed[-1][2] if listed else position
            if taxonomy.concepts[index].code.startswith(DRIVERS):  # "Kuljettaja (C/CE)": the licences it drives with
                for more, class_start, class_end in _classes_after(taxonomy, text, end):
                    hits.append(_Hit(more, confidence, class_start, class_end, strength, denial))
        if "fi" in languages:
            hits = _heads(taxonomy, text, hits)
        hits = _worked_at(taxonomy, text, _places(taxonomy, text, hits, "fi" in languages), "fi" in languages)
        hits = _sought(text, hits)
        if _WE_SEEK.search(sentence.group()):
            hits = _described(taxonomy, text, hits)
        lacking = _lacking(text, hits, sentence.end())
        for i, (index, confidence, start, end, said, negation) in enumerate(hits):
            concept = taxonomy.concepts[index]
            # a word saying the one before lapsed does not negate this one too: "licence expired, hygiene passport"
            denied = bool(negation) and not (i and lacking[i - 1] and _LACKING.match(negation))
            strength = None if lacking[i] or denied else said
            earlier = found.get(concept.uri)
            if earlier is not None and strength is not None and FIRMNESS[strength] > FIRMNESS[earlier.strength]:
                # named again, more firmly: "Etsimme lähihoitajaa… Vaatimuksena lähihoitajan tutkinto"
                found[concept.uri] = msgspec.structs.replace(earlier, strength=strength)
            elif earlier is None and strength is not None:
                found[concept.uri] = Mention(
                    uri=concept.uri,
                    label=concept.preferred,
                    kind=concept.kind,
                    confidence=confidence,
                    start=start,
                    end=end,
                    text=written[start:end],
                    strength=strength,
                )
    return sorted(found.values(), key=lambda m: m.start)


def _heads(taxonomy: Taxonomy, text: str, hits: list[_Hit]) -> list[_Hit]:
    """The mentions of a Finnish sentence but a workplace in the genitive right before another,
    which says where ("keittiön siivousta", "varaston keräilijä": the cleaning, the order picker),
    though a coach's "keittiö" or "varasto" alone names the work done there. A person in the
    genitive stays ("lähihoitajan lääkeluvat": the nurse assistant's permits)."""

    def where(hit: _Hit, following: _Hit) -> bool:
        written = text[hit.start : hit.end].casefold()
        return (
            text[hit.end : following.start].isspace()
            and taxonomy.concepts[hit.concept].kind == "occupation"
            and whose(written)
        )

    return _but(hits, where)


def _places(taxonomy: Taxonomy, text: str, hits: list[_Hit], finnish: bool) -> list[_Hit]:
    """The mentions of a sentence that names a person's work but the workplaces someone is hired
    into, which say where that work is done ("siivoojia kouluihin ja päiväkoteihin": cleaners, not
    daycare workers; "a cook for our kitchen", "städare till våra kontor"). Alone, a workplace names
    the work done there ("Olen ollut palvelutalossa", "jobbat i butik"), and so does one where
    someone worked ("siivoojana ja sen jälkeen kaupan kassalla")."""

    def placed(hit: _Hit) -> bool:
        return _OURS.search(text, max(0, hit.start - OURS_SPAN), hit.start) is not None or (
            finnish
            and taxonomy.concepts[hit.concept].kind == "occupation"
            and text[hit.start : hit.end].casefold().endswith(PLACES)
        )

    persons = [hit for hit in hits if taxonomy.concepts[hit.concept].kind == "occupation" and not placed(hit)]
    return [hit for hit in hits if not (persons and placed(hit))]


def _worked_at(taxonomy: Taxonomy, text: str, hits: list[_Hit], finnish: bool) -> list[_Hit]:
    """The mentions but a workplace named right beside a person's work, which says where that work
    was done ("kokkina päiväkodissa", "päiväkodissa kokkina", "kock på ett daghem", "a cook in a
    kindergarten": a cook, not a day care worker)."""

    def occupation(hit: _Hit) -> bool:
        return taxonomy.concepts[hit.concept].kind == "occupation"

    def where(person: _Hit, place: _Hit, between: str) -> bool:
        if person.end <= place.start and _AT.fullmatch(between):
            return True
        as_whom, at = text[person.start : person.end].casefold(), text[place.start : place.end].casefold()
        return finnish and not between.strip() and as_whom.endswith(AS) and at.endswith(AT_ENDS)

    dropped = set()
    for first, second in itertools.pairwise(hits):
        if occupation(first) and occupation(second):
            if where(first, second, text[first.end : second.start]):
                dropped.add(second)
            elif finnish and where(second, first, text[first.end : second.start]):
                dropped.add(first)
    return [hit for hit in hits if hit not in dropped]


def _sought(text: str, hits: list[_Hit]) -> list[_Hit]:
    """The mentions but those naming who seeks the next one, the employer: "Palvelutalo hakee
    lähihoitajia", "Ravintola etsii nyt kokkia" (not "Lähihoitaja hakee töitä kotihoidosta": who
    seeks work is the person)."""

    def seeking(hit: _Hit, following: _Hit) -> bool:
        between = _SEEKS.fullmatch(text[hit.end : following.start])
        return between is not None and WORK_SOUGHT.isdisjoint(normalise(between.group()).split())

    return _but(hits, seeking)


def _described(taxonomy: Taxonomy, text: str, hits: list[_Hit]) -> list[_Hit]:
    """The mentions of a sentence where the employer seeks someone, those describing the person it
    seeks asked for: what follows the person and "with" or "med", and what is listed after it
    ("a bus driver with a D licence and professional competence"), and, in Finnish, who has it
    ("trukkikortillista"). Only what the sentence merely mentions is asked for so: not what it
    offers, nor what it says is a plus."""
    described, with_person = [], False
    for hit, earlier in zip(hits, [None, *hits], strict=False):
        between = text[earlier.end : hit.start] if earlier is not None else ""
        if earlier is not None and taxonomy.concepts[earlier.concept].kind == "occupation":
            with_person = _WITH.fullmatch(between) is not None
        elif not (with_person and _JOINED.fullmatch(between)):
            with_person = False
        if hit.said == "mentioned" and (with_person or having(text[hit.start : hit.end].casefold())):
            hit = hit._replace(said="required")
        described.append(hit)
    return described


def _but(hits: list[_Hit], of_next: Callable[[_Hit, _Hit], bool]) -> list[_Hit]:
    """The mentions but those that only say something of the one after them."""
    return [
        hit
        for hit, following in itertools.pairwise([*hits, None])
        if hit is not None and (following is None or not of_next(hit, following))
    ]


def _offered_position(before: str, word: str) -> bool:
    """Whether a mention is the position an employer offers, as the words before it say ("a position
    as", "tjänst som"; in Finnish, "työpaikan" before the work in the essive: "kokkina")."""
    return _POSITION.search(before) is not None or (word.endswith(ESSIVE) and _POSITION_FI.search(before) is not None)


def _asked_of(kind: ConceptKind, last: str) -> bool:
    """Whether an occupation is named as whom the sentence asks, not as what it asks for: in the
    Finnish ablative ("Edellytämme anniskelupassia (tarjoilijalta)", "kokeilta hygieniapassia")."""
    return kind == "occupation" and last.endswith(ASKED_OF) and not last.endswith(FIELD_FROM)


def _named_so(
    taxonomy: Taxonomy, text: str, words: list[tuple[int, int, str]], first: int, after: int, languages: tuple[str, ...]
) -> bool:
    """Whether the words ``first:after`` begin an organisation's name: a company form follows
    ("Varasto Oy"), or (in a text that may not be English, whose titles capitalise every word) a
    name no label has follows a capitalised word with only a space between ("Palvelutalo Koivukoti
    hakee kokkia": the employer, not the work; "Suomen kieli B1" and "Trukkikortti Hygieniapassi"
    are no names, nor is a Finnish place someone is in or comes from, "Sairaanhoitaja Filippiineiltä")."""
    if after >= len(words) or text[words[after - 1][1] : words[after][0]] != " ":
        return False
    following = text[words[after][0] : words[after][1]]
    if following.casefold() in COMPANY_FORMS:
        return True
    name = following[:1].isupper() and following[1:].islower() and following.isalpha() and len(following) > 2
    if "fi" in languages and following.endswith(WHERE_ENDS):  # from where or where: "Sairaanhoitaja Filippiineiltä"
        return False
    if "fi" in languages and text[words[after - 1][0] : words[after - 1][1]].endswith(SOUGHT_ENDS):
        return False  # who are sought, in the partitive plural: "Bussinkuljettajia Helsingin seudulle"
    return (
        "en" not in languages
        and name
        and text[words[first][0]].isupper()
        and following.casefold() not in taxonomy.vocabulary
    )


def _lacking(text: str, hits: list[_Hit], end: int) -> list[bool]:
    """Whether what each mention names is said after it to be lacking or expired ("Ajokorttia ei
    ole", "trukkikortti on, mutta vanhentunut", "körkort saknas"): by the words up to the next
    mention, or those of the next when only "ja", "and" or a comma come between ("Trukkikortti ja
    hygieniapassi puuttuvat"; "Trukkikortti, hygieniapassi ja ajokortti puuttuvat"), a comma only
    in a list "ja" closes after it."""
    lacking = [False] * len(hits)
    listed = [False] * len(hits)  # joined to the next in a list that ends with "ja", "and"...
    for i in range(len(hits) - 1, -1, -1):
        following = text[hits[i].end : hits[i + 1].start if i + 1 < len(hits) else end]
        joined = i + 1 < len(hits) and _JOINED.fullmatch(following) is not None
        # restated in parentheses: "professional competence (ammattipätevyys) is missing"
        restated = i + 1 < len(hits) and hits[i + 1].concept == hits[i].concept and following.strip() == "("
        if restated:
            lacking[i], listed[i] = lacking[i + 1], listed[i + 1]
        # a comma alone ends a list that "ja" closed: "työturvallisuuskortti ja B-ajokortti, trukkikorttia ei ole"
        elif joined and (_CONJUNCTION.search(following) or listed[i + 1]):
            lacking[i], listed[i] = lacking[i + 1], True
        else:
            lacking[i] = _says_lacking(following)
    return lacking


def _says_lacking(following: str) -> bool:
    """Whether the words after a mention say it is lacking: in its own clause, or in one after a
    comma that goes on of it ("trukkikortti on, mutta vanhentunut", "..., joka on vanhentunut"), not
    in one of its own about something else ("sähköasentaja kotimaassaan, tutkinto ei ole tunnustettu"),
    nor where a word after "not having" names what is not had or done ("vuorotyö ei ole ongelma",
    "kock men har inte arbetat i Finland", "a licence but does not have a car"), nor where a clause
    turns to a degree of the work ("sähkömiehen töitä, mutta tutkintoa ei ole")."""
    if _WAIVED.search(normalise(following)):
        return False
    for place, clause in enumerate(following.split(",")):
        folded = normalise(clause)
        if (cue := _LACKING.search(folded)) is not None:
            before = folded[: cue.start()].split()
            first = before[:1]
            if cue.group() in NOT_HAVING and any(_names_something(word) for word in folded[cue.end() :].split()):
                return False
            # the work done, but no degree of it: "sähkömiehen töitä, mutta tutkintoa ei ole"
            turned = next((k for k, word in enumerate(before) if word in TURNS), len(before))
            if any(word.startswith(QUALIFICATIONS) for word in before[turned + 1 :]):
                return False
            return place == 0 or not first or first[0] in GOING_ON
    return False


_FUNCTION = frozenset().union(*FUNCTION_WORDS.values())


def _names_something(word: str) -> bool:
    """Whether a word after "not having" says what: not noise ("voimassa", "vielä"), a word of
    function nor one of getting what was named ("suoritettu", "fått")."""
    return len(word) > 1 and not word.isdigit() and word not in NOISE and word not in GETTING and word not in _FUNCTION


# A compound's beginning whose head is written once, after the next: "hygienia- ja anniskelupassi",
# "TIG/MIG/MAG-hitsaus".
_SHARED = re.compile(rf"-\s*(?:,\s*|\s+{_AND}\s+)([\w-]+)|/((?:\w+/)*\w+-[\w-]+)", re.IGNORECASE)


_NEXT_WORD = re.compile(r"[ \t]+(\w+)")
# Finnish languages listed in the genitive before one word for language: "arabian, darin ja somalin kieliin".
_LANGUAGES_LISTED = re.compile(rf"(?:\s*,\s*\w+n)*(?:\s*,\s*|\s+{_AND}\s+)\w+n\s+kiel\w*", re.IGNORECASE)


def _sharing_head(
    taxonomy: Taxonomy, text: str, word: tuple[int, int, str], kinds: frozenset[ConceptKind]
) -> tuple[int, int, float] | None:
    """What a beginning names with the head of the compound after it ("hygienia-" before "ja
    anniskelupassi" is the hygiene passport), when that whole is a label's, stemmed or exact."""
    start, end, _ = word
    following = _SHARED.match(text, end)
    # of several, the last holds the head: "työturvallisuus-, tulityö- ja tieturvakorttia"
    while following is not None and (following.group(1) or "").endswith("-"):
        following = _SHARED.match(text, following.end() - 1)
    if following is not None:
        head = following.group(1) or following.group(2).rsplit("/", 1)[-1]
        whole = taxonomy.words.sharing_head(text[start:end], head)
        # a head of two words: "C- tai CE-luokan ajokorttia"
        after = _NEXT_WORD.match(text, following.end())
        wholes = [whole, f"{whole} {after.group(1)}"] if after else [whole]
    elif text[end - 1] in "nN" and _LANGUAGES_LISTED.match(text, end):  # "arabian, darin ja somalin kieliin"
        wholes = [f"{text[start:end]} kieli"]
    else:
        return None
    for whole in wholes:
        found = taxonomy.matches(whole, kinds, limit=1) if whole != text[start:end] else []
        if found and found[0].score >= STEMMED:
            return 1, taxonomy.by_uri[found[0].uri], found[0].score
    return None


def _more_classes(
    taxonomy: Taxonomy,
    text: str,
    words: list[tuple[int, int, str]],
    after: int,
    length: int,
    named: int,
    kinds: frozenset[ConceptKind],
) -> Iterator[tuple[int, tuple[int, int, str], int]]:
    """The licence classes listed after a licence named with its class ("Ajokortit B ja C": the C
    licence too): each class's concept as the licence's words name it with the class (or, after a
    driving licence, as the driving licence of that class: "Licences: B, C"), the class's word, and
    where the words go on after it."""
    if length < 2 or not LICENCE_CLASS.fullmatch(words[after - 1][2]):
        return
    licence, last = words[after - length : after - 1], words[after - 1]
    position = after
    while position < len(words):
        following = position + (words[position][2] in CONJUNCTIONS)
        if following >= len(words) or not LICENCE_CLASS.fullmatch(words[following][2]):
            return
        word = words[following]
        if not _JOINED.fullmatch(text[last[1] : word[0]]):
            return
        hit = _longest(taxonomy, [*licence, word], 0, kinds, LANGUAGES)
        if hit is not None and hit[0] == length:
            concept: int | None = hit[1]
        else:  # after a driving licence, the driving licence of the class: "Licences: B, C"
            driving = _driving_licence(taxonomy, words[after - 1][2]) == named
            concept = _driving_licence(taxonomy, word[2]) if driving else None
        if concept is None:
            return
        last, position = word, following + 1
        yield concept, word, position


# Licence classes in parentheses after a driver: "Kuljettaja (C/CE)", "Lastbilschaufför (C, CE)".
DRIVERS = "83"  # ISCO's drivers and mobile plant operators
_CLASSES_AFTER = re.compile(
    rf"\s*\(\s*({LICENCE_CLASS.pattern}(?:[\s,/]*(?:{_AND})?[\s,/]*{LICENCE_CLASS.pattern})*)\s*\)"
    # ... or, written in capitals, without them: "Kuljettaja C/CE"
    r"|[ \t]+((?-i:[A-D]1?E?)(?:\s*/\s*(?-i:[A-D]1?E?))*)\b"
)


def _classes_after(taxonomy: Taxonomy, text: str, end: int) -> Iterator[tuple[int, int, int]]:
    """The driving licence of each class listed right after ``end`` (in parentheses, or in capitals
    with slashes between), and where its class is written."""
    listed = _CLASSES_AFTER.match(text, end)
    if listed is None:
        return
    group = 1 if listed.group(1) is not None else 2
    for code in LICENCE_CLASS.finditer(listed.group(group)):
        if (licence := _driving_licence(taxonomy, code.group())) is not None:
            yield licence, listed.start(group) + code.start(), listed.start(group) + code.end()


def _driving_licence(taxonomy: Taxonomy, code: str) -> int | None:
    """The driving licence of a class ("C", "ce"), if there is one."""
    found = taxonomy.match(f"ajokortti {code}", SKILL_KINDS, "fi")
    if found is not None and found.score >= STEMMED and found.label.endswith(f" {code.upper()}"):
        return taxonomy.by_uri[found.uri]
    return None


def _longest(
    taxonomy: Taxonomy,
    words: list[tuple[int, int, str]],
    position: int,
    kinds: frozenset[ConceptKind],
    languages: tuple[str, ...],
    proper: bool = False,
    capitalised: bool = False,
    capitals: bool = False,
    parted: frozenset[int] = frozenset(),
) -> tuple[int, int, float] | None:
    """The longest run of words from ``position`` a label names, its concept and how surely; a
    ``proper`` name (capitalised inside a sentence) is read by no Finnish ending ("Kerava" is no Keras),
    only a ``capitalised`` word of English text by another language's label ("Excel", "Office"), a
    word of two letters only written in ``capitals``, as an abbreviation ("SH", "LH"; not "ja"), and
    words ``parted`` from the next by punctuation only by a label so punctuated ("heating, ventilation")."""
    for length in range(min(MAX_WORDS, len(words) - position), 0, -1):
        window = [word for _, _, word in words[position : position + length]]
        key = " ".join(window)
        if not parted.isdisjoint(range(position, position + length - 1)) and key not in taxonomy.punctuated:
            continue
        # "ja", "B" alone name nothing; C# and an abbreviation in capitals do
        short = length == 1 and len(window[0]) < 3 and not window[0].endswith("#")
        short = short and not (capitals and len(window[0]) == 2)
        # a word for language names no language alone; a short word of the text's language names nothing
        # ("some"), nor begins a mention ("deliver goods to customers" names no "speak to customers")
        alone = length == 1 and window[0] in LANGUAGE_WORDS
        # nor the employer's hiring: "We are recruiting bus drivers"
        hiring = window[0] in HIRING_VERBS and position > 0 and words[position - 1][2] in HIRERS
        record = window[0] in RECORDS and position > 0 and words[position - 1][2] in RECORDED
        leading = any(window[0] in FUNCTION_WORDS[lang] for lang in languages)
        # a noise word begins a mention only as the project wrote it: "god fysik", "till operator"
        if window[0] in NOISE and length > 1 and not (hiring or record or _ours(taxonomy, window)):
            for concept in taxonomy.written(key):
                if taxonomy.concepts[concept].kind in kinds:
                    return length, concept, EXACT
        if window[0] in NOISE or short or alone or leading or hiring or record or _ours(taxonomy, window):
            continue
        # A language's name where something is or comes from names the country: "asunut Suomessa", "från
        # Ukraina" (a capitalised name after where), unless it is the language's English name ("work in English").
        country = (length == 1 and window[0].endswith(WHERE_ENDS)) or (
            proper and position > 0 and words[position - 1][2] in FROM_OR_IN
        )
        # ... and in English, before a thing of the country: "Finnish qualifications", "Finnish work experience"
        national = languages == ("en",) and any(
            word in OF_A_COUNTRY for _, _, word in words[position + length : position + length + 2]
        )
        # a word written in lower case in English text is the English word ("office buildings")
        for concept in taxonomy.exact(key, languages, own=capitalised):
            named = taxonomy.concepts[concept]
            place = concept in taxonomy.languages and (national or (country and key != named.preferred.casefold()))
            if named.kind in kinds and not place:
                return length, concept, EXACT
        # a label ending in a noise word names as written only ("computer skills", not "computer skill")
        if window[-1] in NOISE or (length == 1 and len(window[0]) <= SHORT):
            continue
        # a compound's context part says nothing more: "närvårdarexamen" is the närvårdare's
        parts = [
            part
            for word in window
            for part in taxonomy.split_compound(word)
            if part not in NOISE and (part == word or part not in CONTEXT)
        ]
        if not parts:
            continue
        for concept, confidence in _readings(taxonomy, parts, window, languages, proper):
            placed = (country or national) and concept in taxonomy.languages
            if taxonomy.concepts[concept].kind in kinds and not placed:
                return length, concept, confidence
    return None


def _readings(
    taxonomy: Taxonomy, parts: list[str], window: list[str], languages: tuple[str, ...], proper: bool = False
) -> Iterator[tuple[int, float]]:
    """What the words may name past an exact label, the likelier reading first, each worked out only
    when the ones before did not fit: their stems, then (one word, Finnish) the label it inflects, of a
    ``proper`` name only a language."""
    for language in languages:
        for concept in taxonomy.stemmed(parts, language):
            yield concept, STEMMED
    if len(window) == 1 and "fi" in languages:  # a Finnish ending ("kondition" is no konditor)
        for concept in taxonomy.inflected(window[0]):
            # a name's ending is read where it is a language's: "Puhuu Arabiaa" ("Kerava" is no Keras)
            if not proper or concept in taxonomy.languages:
                yield concept, INFLECTED
