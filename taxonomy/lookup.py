"""Free text to ESCO concepts, the way coaches and recruiters write it.

A phrase is looked up, best first, as: the exact label; the label after dropping noise words,
splitting compounds and stemming ("kokemusta asiakaspalvelusta" → "asiakaspalvelu"), in Finnish also
across consonant gradation ("vanhusten hoidosta"), with its words in another order ("cleaning
offices"), or joining a compound written open ("pakettiauton kuljettaja", "kuorma-auton
kuljettaja"); a label spelt with å, ä or ö that the phrase spells with a and o
("tyoturvallisuuskortti"); a label naming a run of the phrase's words when the rest is context no
label uses ("kokkina ravintolassa" → cook) or only context ("cleaning job"); the work named before
where it is done ("städare på hotell", "myyjä vaatekaupassa"); a concept every word names
("ensiapukortti EA1"); the head word of a Finnish phrase whose other words are genitive attributes
("varaston keräilijä" → order picker); a one-word label a letter away ("trukkikotti") or that a word
inflects where the stemmer missed the ending ("baristana" → barista); labels sharing the most
informative words, typos and unknown endings forgiven. A skills phrase saying what a person lacks
("ajokortti puuttuu") names nothing. Terms that match nothing are returned as unmatched, never
dropped, so that users and the weekly report see what the taxonomy is missing.
"""

from __future__ import annotations

import bisect
import gc
import itertools
import re
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache, cached_property
from pathlib import Path
from typing import Literal, TypeVar

import msgspec
from rapidfuzz import fuzz

from taxonomy.alike import Alike, Wanted
from taxonomy.model import ALL_KINDS, OCCUPATION_KINDS, SKILL_KINDS, Concept, ConceptKind, TaxonomyFile, read, with_keys
from taxonomy.retrieval import MIN_MISTYPED
from taxonomy.text import (
    BRACKETED,
    CONTEXT,
    EXCEPTED,
    LANGUAGES,
    NOISE,
    UNMARK,
    content_words,
    genitive,
    is_meaningful,
    lemma,
    list_items,
    normalise,
    spoken,
    stem,
    stem_key,
    whose,
)
from taxonomy.words import CACHE_SIZE, MARKED, MIN_HEAD, MIN_PART, Words, grade

BUNDLED = Path(__file__).parent / "data" / "esco.msgpack.z"
EXACT, STEMMED = 100.0, 96.0
OTHER = 0.5  # below a concept the project labelled so, where a stem names several
GRADED = 94.0  # a Finnish label's stems in another consonant grade ("vanhusten hoidosta")
REORDERED = 94.0  # a label's words, in another order ("cleaning offices" for office cleaning)
MISTYPED = 92.0  # a one-word label with one letter added, left out or changed
NEAR_TYPED = 88.0  # a one-word label a few slips away ("anisklupassi")
INFLECTED = 90.0  # a label's one word, reached from an ending the stemmer did not take off
UNMARKED = 95.0  # a label spelt without its å, ä or ö
LISTED = 0.9  # a part of a list of names
QUALIFIED = 0.95  # what a phrase names before a qualifier in parentheses
ARTICLE = re.compile(r"\ba\s+(?=\w)")  # lower case: the class is written "A"
ABLE = re.compile(r"\b(?:be |is |are )?able to\s+(?=\w)", re.IGNORECASE)  # "able to lift 25 kg": lifting
HYPHENATED = re.compile(r"(?<=\w)\s*[-–]\s*(?=\w)")
PARTING = re.compile(r"[,;()\n]")  # marks that part two words of running text (not a colon: "Ajokortit: B, C")
SHORT_FORMS = {"pt": "perustutkinto"}  # Finnish short forms written out
# Noise words that make a compound with the word before ("sähköalan", "lumityöt"), written apart.
COMPOUNDING = ("ala", "alaa", "alan", "alalla", "alalta", "alalle", "työt", "töitä", "töissä")
FIELD = re.compile(r"\b(\w+) (" + "|".join(COMPOUNDING) + r")\b")
_COMPOUNDING = frozenset(COMPOUNDING)
PART = 92.0
MIN_SCORE = 80.0
# Words that say where or with what someone works, not what they do: "städare på hotell" is a
# cleaner, "kock i restaurang" and "kock till lunchrestaurang" a cook, "chaufför med C-körkort" a driver.
WHERE = frozenset({"på", "i", "vid", "hos", "inom", "till", "med", "at", "in", "within", "with"})
# Finnish says it with a case ending on the last word instead (in, on, from, to, into):
# "myyjä vaatekaupassa", "ammattipätevyys kuorma-autolle", "kokki lounasravintolaan".
WHERE_ENDS = tuple("ssa ssä sta stä lla llä lta ltä lle aan ään oon öön uun yyn een iin".split())
INESSIVE = ("ssa", "ssä")  # Finnish "in": where, not what ("vanhainkodissa", "ravintolassa")
LANGUAGES_GROUP = "http://data.europa.eu/esco/skill/43f425aa-f45d-4bb4-a200-6f82fa211b66"  # ESCO's "languages"
LOCAL_LANGUAGE = "urn:kohtaanto:language:"
# Words that say a skills phrase names what a person lacks or only plans: nothing is recognised in it
# (it stays unmatched, to be read), for a profile must not gain a licence from "ajokortti puuttuu" or
# "trukkikortti suunnitteilla". A job title may say "not" of something else ("Housekeeper (Not
# Travel Related)").
# not held yet: "hygieniapassi hankinnassa", "ajokortti tulossa"
PLANNED = (
    *("suunnitteilla", "suunnitelmissa", "tekeillä", "hankinnassa", "tulossa"),
    *("planerad", "planned", "pending"),
)
NEGATIONS = frozenset(
    """
    ei eikä puuttuu puuttuvat puuttuva vanhentunut vanhentuneet vanhentui umpeutunut ilman
    inte ej saknas saknar utgången utgånget utan ingen inget planerat
    no not without missing expired lacking lacks none
    """.split()
) | frozenset(PLANNED)
DOER_FORMS = ("are", "aren", "arna", "ares", "arens", "arnas")  # a Swedish doer's forms: städare, städaren


Family = Literal["skill", "occupation"]
K = TypeVar("K")


def family(kind: ConceptKind) -> Family:
    """``occupation``, or ``skill`` for skills, knowledge and local cards alike: the kinds as users see them."""
    return "occupation" if kind in OCCUPATION_KINDS else "skill"


class Match(msgspec.Struct, frozen=True):
    """The concept a term was recognised as."""

    uri: str
    label: str
    kind: ConceptKind
    score: float
    matched_label: str

    @property
    def family(self) -> Family:
        return family(self.kind)


class Taxonomy:
    """In-memory indexes over the labels of a :class:`TaxonomyFile`."""

    def __init__(self, data: TaxonomyFile) -> None:
        data = data if data.keyed else with_keys(data)
        self.data = data
        self.version = data.version
        self.attribution = data.attribution
        self.concepts: list[Concept] = data.concepts
        self.by_uri = {concept.uri: index for index, concept in enumerate(data.concepts)}
        labels = data.labels
        self._exact = _index((label.key, label.concept) for label in labels if label.key)
        # An acronym is found as spelt, not by the stem of a word that stems alike ("staffing" is no STAF).
        self._stemmed = _index(
            ((label.lang, label.stem), label.concept) for label in labels if label.stem and not _acronym(label.text)
        )
        self._acronyms = _index((label.key, label.concept) for label in labels if _acronym(label.text))
        # Where a phrase is a label of several concepts alike, the one the project wrote it for (as
        # coaches in Finland use it) comes first: "väktare" is a security guard before a street warden.
        self._own = {(label.key, label.concept) for label in labels if label.source == "kohtaanto" and label.key}
        # Where the project chose among concepts sharing a label ("städare", "lagerarbetare") or its
        # stems (its "practical nurse" stems as ESCO's "practice nurse"), its choice names the label's
        # other forms first too ("städaren", "lagerarbetet", "practical nurses").
        chosen = [
            label
            for label in labels
            if label.source == "kohtaanto"
            and (len(self._exact.get(label.key, [])) > 1 or len(self._stemmed.get((label.lang, label.stem), [])) > 1)
        ]
        self._own_stems = _index(((label.lang, label.stem), label.concept) for label in chosen if label.stem)
        # Where a label names several concepts: the one the project wrote it for first, then the one
        # it is the own name of ("kitchen assistant" before the food service worker it also names).
        for key, concepts in self._exact.items():
            if len(concepts) > 1:
                concepts.sort(key=lambda c: ((key, c) not in self._own, normalise(self.concepts[c].preferred) != key))
        # ... and so for the label's other forms ("kitchen assistants", "healthcare assistants").
        own_names = {
            (label.stem, label.concept)
            for label in labels
            if label.lang == "en" and label.text == self.concepts[label.concept].preferred
        }
        for (lang, stems), concepts in self._stemmed.items():
            if len(concepts) > 1:
                ours = self._own_stems.get((lang, stems), ())
                concepts.sort(key=lambda c: (c not in ours, (stems, c) not in own_names))
        # the words of what can answer: one only an ISCO or skill group's name has is read as a
        # compound ("kontorsstädare": an office cleaner)
        answering = {label.key for label in labels if label.key and data.concepts[label.concept].kind in ALL_KINDS}
        self.words = Words(labels, self._exact, answering)
        self._alike = Alike(self.concepts, labels, self.words.spelling)
        self._cache: dict[tuple[str, frozenset[ConceptKind], str | None, int], list[Match]] = {}
        self._above: dict[int, frozenset[int]] = {}

    @classmethod
    def load(cls, path: Path = BUNDLED) -> Taxonomy:
        with _collector_paused():
            return cls(read(path))

    @cached_property
    def _sorted_keys(self) -> list[str]:
        """The labels' keys in order, for completing what a user has begun to type."""
        return sorted(self._exact)

    @property
    def vocabulary(self) -> set[str]:
        """The words of the labels that may name something."""
        return self.words.vocabulary

    def split_compound(self, word: str) -> list[str]:
        """A word split where it joins known words (:meth:`Words.split_compound`)."""
        return self.words.split_compound(word)

    def concept(self, uri: str) -> Concept | None:
        index = self.by_uri.get(uri)
        return None if index is None else self.concepts[index]

    @cached_property
    def languages(self) -> frozenset[int]:
        """The concepts that are languages (ESCO's and the project's own)."""
        group = self.by_uri.get(LANGUAGES_GROUP)
        return frozenset(child for child, parent in self.data.broader if parent == group) | {
            i for i, concept in enumerate(self.concepts) if concept.uri.startswith(LOCAL_LANGUAGE)
        }

    def sector(self, uri: str | None) -> str:
        """The ISCO major group an occupation belongs to ("Elementary occupations"), or ""."""
        concept = self.concept(uri) if uri else None
        if concept is None or concept.kind != "occupation" or not concept.code:
            return ""
        group = self.concept(f"http://data.europa.eu/esco/isco/C{concept.code[0]}")
        return group.preferred if group else ""

    def match(self, text: str, kinds: Collection[ConceptKind] = SKILL_KINDS, lang: str | None = None) -> Match | None:
        """The best concept of the given kinds for one phrase if it is close enough to count, else ``None``."""
        return self.match_many([text], kinds, lang)[0]

    def match_many(
        self, texts: Sequence[str], kinds: Collection[ConceptKind] = SKILL_KINDS, lang: str | None = None
    ) -> list[Match | None]:
        """:meth:`match` for each of a batch of phrases."""
        return [
            found[0] if found and found[0].score >= MIN_SCORE else None
            for found in self.matches_many(texts, kinds, lang, limit=1)
        ]

    def match_preferring(
        self, texts: Sequence[str], preferred: Collection[ConceptKind], lang: str | None = None
    ) -> list[Match | None]:
        """:meth:`match` for each phrase, of the ``preferred`` kinds unless a label of another kind
        names it (a skills field may name an occupation: "siivoojana 3 v", "IT-tuki") more closely
        than anything of the preferred kinds does, the same label names it by its own name, or the
        project wrote the phrase's label for it ("security" is a security guard, not securities)."""
        chosen = self.match_many(texts, preferred, lang)
        doubtful = [i for i, wanted in enumerate(chosen) if wanted is None or not self._sure(wanted)]
        for i, other in zip(doubtful, self.match_many([texts[i] for i in doubtful], ALL_KINDS, lang), strict=True):
            wanted = chosen[i]
            if wanted is None or (
                other is not None
                and (other.score >= STEMMED or other.matched_label == wanted.matched_label)
                and (_naming(other) > _naming(wanted) or self._sure(other))
            ):
                chosen[i] = other
        return chosen

    def _sure(self, match: Match) -> bool:
        """A label naming the phrase whole that ESCO has for this concept alone or the project wrote
        for it: where the project gave a word to an occupation ("security": a security guard), an
        ESCO skill of the same name (securities) does not come first."""
        return match.score >= EXACT and (
            (match.matched_label, self.by_uri[match.uri]) in self._own
            or not any((match.matched_label, c) in self._own for c in self._exact.get(match.matched_label, []))
        )

    def matches(
        self, text: str, kinds: Collection[ConceptKind] = SKILL_KINDS, lang: str | None = None, limit: int = 5
    ) -> list[Match]:
        """Up to ``limit`` concepts for one phrase, best first.

        Args:
            text: the phrase as typed.
            kinds: which kinds of concept may answer.
            lang: the phrase's language (``fi``, ``sv``, ``en``) when known; all are tried otherwise.
            limit: how many matches at most.
        """
        return self.matches_many([text], kinds, lang, limit)[0]

    def matches_many(
        self,
        texts: Sequence[str],
        kinds: Collection[ConceptKind] = SKILL_KINDS,
        lang: str | None = None,
        limit: int = 5,
    ) -> list[list[Match]]:
        """:meth:`matches` for each of a batch of phrases, the phrases no label names scored together."""
        wanted = frozenset(kinds)
        keys = [(text, wanted, lang, limit) for text in texts]
        missing = list(dict.fromkeys(key for key in keys if key not in self._cache))
        if len(self._cache) + len(missing) > CACHE_SIZE:
            self._cache.clear()
            missing = list(dict.fromkeys(keys))
        if missing:
            found = self._lookup([text for text, *_ in missing], wanted, lang, limit)
            self._cache.update(zip(missing, found, strict=True))
        return [self._cache[key] for key in keys]

    def exact(self, key: str, languages: tuple[str, ...] = LANGUAGES, own: bool = False) -> list[int]:
        """Concepts with a label equal to the normalised ``key``; in English text, not by a label of
        another language that spells an English word (Finnish "office" is Microsoft Office, English
        "office buildings" are offices; Swedish "chef" is a boss), except, where ``own``, one the
        project wrote (a term typed alone, a name capitalised in running text: "Excel", "Office")."""
        found = self._exact.get(key, [])
        if languages != ("en",) or not found:
            return found
        foreign = self._foreign_to_english
        return [c for c in found if (key, c) not in foreign or (own and (key, c) in self._own)]

    def written(self, key: str) -> list[int]:
        """Concepts the project wrote a label equal to the normalised ``key`` for."""
        return [c for c in self._exact.get(key, []) if (key, c) in self._own]

    @cached_property
    def punctuated(self) -> frozenset[str]:
        """The keys of labels written with a mark that parts words ("heating, ventilation, air
        conditioning engineer"): running text names them across such marks."""
        return frozenset(label.key for label in self.data.labels if PARTING.search(label.text))

    @cached_property
    def _foreign_to_english(self) -> set[tuple[str, int]]:
        """The one-word labels of other languages alone that spell a word of ESCO's English labels
        (Finnish "office", "teams", "some"; Swedish "chef" for a business manager, "manager" for a
        talent agent, "general"), with their concepts."""
        labels = self.data.labels
        english = {(label.key, label.concept) for label in labels if label.lang == "en"}
        words = {w for label in labels if label.lang == "en" and label.source == "esco" for w in label.key.split()}
        return {
            (label.key, label.concept)
            for label in labels
            if label.lang != "en" and label.key in words and (label.key, label.concept) not in english
        }

    def stemmed(self, words: list[str], lang: str) -> list[int]:
        """Concepts with a label in ``lang`` whose content words stem as ``words`` do in it (in
        Finnish, in either consonant grade), or the acronym they spell ("SQL:n osaaminen"); one
        English word only as :meth:`_inflecting` allows."""
        stems = self.words.stems(words, lang)
        return self._inflecting(self._named_by_stems(stems, lang), words, stems, lang) or self._acronyms.get(
            " ".join(words), []
        )

    def _inflecting(self, found: list[int], words: list[str], stems: str, lang: str) -> list[int]:
        """Of the concepts ``found`` by the stems of ``words``, those one English word names: by a
        label of its one word in another inflection ("cleaners", "organised": organise), an
        occupation also by the -ing word of the activity its doer does ("nursing", "housekeeping");
        not by a word derived from it alike ("perform" is no performer, "animals" no animator, nor
        "depending" dependable); the label it is a plural of first. Of one Swedish word, those it
        names but as a verb names its doer ("rekryterar" is no rekryterare), a doer's own forms naming
        the doer first ("städaren" is a cleaner before cleaning)."""
        if not found or len(words) != 1:
            return found
        word = words[0]
        if lang == "sv":  # the verb is no doer ("rekryterar", "städar"), the doer's forms are ("städaren")
            doers, only_doers = self._swedish_doers.get(stems, (set(), set()))
            if word.endswith("ar"):
                return [c for c in found if c not in only_doers]
            return sorted(found, key=lambda c: c not in doers) if word.endswith(DOER_FORMS) else found
        if lang != "en":
            return found
        form, activity = lemma(word, lang), word.endswith("ing")
        # (a plural the dictionary lacks is its word and an ending: "woodturners")
        forms = self._english_forms.get(stems, ())
        plural = {concept for known, _, concept in forms if word in (known, f"{known}s", f"{known}es")}
        inflecting = plural | {concept for _, known_form, concept in forms if known_form == form}
        named = [c for c in found if c in inflecting or (activity and self.concepts[c].kind == "occupation")]
        return sorted(named, key=lambda c: c not in plural)  # the label it is a plural of first: "cooks"

    @cached_property
    def _english_forms(self) -> dict[str, list[tuple[str, str, int]]]:
        """The English labels of one content word, by its stem: the word, its dictionary form and concept."""
        forms: dict[str, list[tuple[str, str, int]]] = {}
        for label in self.data.labels:
            one_word = label.lang == "en" and label.stem and " " not in label.stem and not _acronym(label.text)
            if one_word and len(words := _named_words(label.key)) == 1:
                forms.setdefault(label.stem, []).append((words[0], lemma(words[0], "en"), label.concept))
        return forms

    @cached_property
    def _swedish_doers(self) -> dict[str, tuple[set[int], set[int]]]:
        """By stem, the concepts with a one-word Swedish label of that stem naming a doer in -are
        ("rekryterare", "städare"), and of those the ones whose labels of that stem all do."""
        doers: dict[str, set[int]] = {}
        others = set()
        for label in self.data.labels:
            if label.lang == "sv" and label.stem and " " not in label.key:
                if label.key.endswith("are"):
                    doers.setdefault(label.stem, set()).add(label.concept)
                else:
                    others.add((label.stem, label.concept))
        return {stem: (found, {c for c in found if (stem, c) not in others}) for stem, found in doers.items()}

    def _named_by_stems(self, stems: str, lang: str) -> list[int]:
        found = self._stemmed.get((lang, stems), [])
        return (found or self._graded.get(self.words.graded(stems), [])) if lang == "fi" else found

    def inflected(self, word: str) -> list[int]:
        """Concepts with a one-word label that ``word`` is an inflection of, the forms a stemmer
        misses ("arabiaa" → arabia, "lääkehoidon" → lääkehoito), the closest word's first. A word
        the labels have is that word ("lasten" is no "laster")."""
        if word in self.words.vocabulary:
            return []
        for found in self.words.inflections(word):
            concepts = [concept for known in found for concept in self._exact.get(known, [])]
            if concepts:
                return concepts
        return []

    def complete(self, prefix: str, kinds: Collection[ConceptKind] = ALL_KINDS, limit: int = 10) -> list[Match]:
        """Labels that start with what was typed so far (autocomplete), shortest first."""
        start = normalise(prefix)
        if len(start) < 2:
            return []
        wanted = frozenset(kinds)
        found: dict[int, Match] = {}
        position = bisect.bisect_left(self._sorted_keys, start)
        for key in self._sorted_keys[position : position + 2000]:
            if not key.startswith(start):
                break
            score = round(100.0 * len(start) / len(key), 1)
            self._collect(found, self._exact[key], wanted, score, key)
        return sorted(found.values(), key=lambda m: (len(m.matched_label), -m.score, m.label))[:limit]

    def search(
        self, text: str, kinds: Collection[ConceptKind] = ALL_KINDS, lang: str | None = None, limit: int = 10
    ) -> list[Match]:
        """What a search box should offer: recognised concepts first, then completions of the text,
        then what is only alike ("lager" offers lagerarbetare before a gauger)."""
        matches = self.matches(text, kinds, lang, limit)
        found: dict[str, Match] = {}
        for match in (
            [m for m in matches if m.score >= MIN_SCORE]
            + self.complete(text, kinds, limit)
            + [m for m in matches if m.score < MIN_SCORE]
        ):
            found.setdefault(match.uri, match)
        return list(found.values())[:limit]

    def _lookup(
        self, texts: list[str], kinds: frozenset[ConceptKind], lang: str | None, limit: int
    ) -> list[list[Match]]:
        texts = [EXCEPTED.sub("", text) or text for text in texts]  # what a phrase leaves out names nothing
        languages = [(lang,) if lang else self._spoken(text) for text in texts]
        # English "a" before a word is the article ("has a driving licence"), not the A class ("A licence");
        # what one is able to do is what is done
        texts = [
            ABLE.sub("", ARTICLE.sub("", text)) if spoken_in == ("en",) else text
            for text, spoken_in in zip(texts, languages, strict=True)
        ]
        named = [self._named(text, kinds, spoken_in, limit) for text, spoken_in in zip(texts, languages, strict=True)]
        if kinds <= OCCUPATION_KINDS:
            for (matches, _, spoken_in), text in zip(named, texts, strict=True):
                if not matches:
                    self._listed(matches, text, kinds, spoken_in, limit)
        wanting = [(matches, words, spoken_in) for matches, words, spoken_in in named if len(matches) < limit and words]
        if wanting:  # the closest other labels fill the rest, below what a label names outright
            wanted = [
                Wanted(matches.keys(), words, spoken_in, limit - len(matches), _lowest(matches) - 0.1)
                for matches, words, spoken_in in wanting
            ]
            for (matches, *_), added in zip(wanting, self._alike.fill(wanted, kinds), strict=True):
                for concept, score, label in added:
                    self._collect(matches, [concept], kinds, score, label)
        return [sorted(matches.values(), key=self._order)[:limit] for matches, *_ in named]

    def _spoken(self, text: str) -> tuple[str, ...]:
        """The languages a phrase is in by its short words, and those whose labels know every word it
        names something with where the former know none of them ("cleaning kokemusta": English too)."""
        guess = spoken(text)
        if len(guess) == len(LANGUAGES):
            return guess
        words = _named_words(normalise(text))
        if not words or any(self.words.knows(word, language) for word in words for language in guess):
            return guess
        return (*guess, *(language for language in self._knowing_all(words, LANGUAGES) if language not in guess))

    def _knowing(self, key: str, languages: tuple[str, ...]) -> tuple[str, ...]:
        """Of the languages a phrase may be in, those whose labels know every word it names
        something with ("software developer" is English, "trukkikortin" Finnish), else all of them:
        a word no language knows (a compound, a typo) tells nothing."""
        if len(languages) == 1:
            return languages
        words = _named_words(key)
        return (self._knowing_all(words, languages) or languages) if words else languages

    def _knowing_all(self, words: list[str], languages: tuple[str, ...]) -> tuple[str, ...]:
        """Those of ``languages`` whose labels know every one of ``words``."""
        return tuple(language for language in languages if all(self.words.knows(word, language) for word in words))

    def _listed(
        self, found: dict[int, Match], text: str, kinds: frozenset[ConceptKind], languages: tuple[str, ...], limit: int
    ) -> None:
        """A job title listing occupations ("Butchers and Meat Cutters") or joining two with a hyphen
        ("Hitsaaja-levyseppä", when each word names one): what names each, a little below. (Only
        titles: a skill is often named with "and" as one, "loading and unloading"; and two words
        apart are mostly what and whose, "Animal Caretakers".)"""
        items = list_items(text)
        items = _shared(items) if "en" in languages else items
        joined = len(items) == 1
        parts = HYPHENATED.split(text.strip()) if joined else items
        if joined and len(parts) != 2:
            return
        named = [self._named(part, kinds, languages, limit)[0] for part in parts]
        if joined and not all(named):
            return
        for place, matches in enumerate(named):
            for index, match in matches.items():
                score = round(match.score * LISTED - 0.1 * place, 1)  # the first named first: "Lähihoitaja / hoitaja"
                if index not in found or found[index].score < score:
                    found[index] = msgspec.structs.replace(match, score=score)

    def _order(self, match: Match) -> tuple[float, bool, float, float, int, str]:
        """Best first; among equals, a concept the project labelled so, then the one whose own name
        the matched label is most like ("construction worker" names several concepts: the building
        construction worker first), then the plainer name."""
        own = (match.matched_label, self.by_uri[match.uri]) in self._own
        _, holds, alike = _naming(match)
        return (-match.score, not own, -holds, -alike, len(match.label), match.uri)

    def _named(
        self, text: str, kinds: frozenset[ConceptKind], languages: tuple[str, ...], limit: int
    ) -> tuple[dict[int, Match], list[str], tuple[str, ...]]:
        """The concepts a label names outright (exact, stemmed, an open compound, a run of the
        phrase's words), and the phrase's content words and languages for retrieval. ``limit``
        exact matches end the search: nothing found later could rank above them."""
        key = normalise(text)
        if not is_meaningful(key):
            return {}, [], languages
        found: dict[int, Match] = {}
        self._collect(found, self.exact(key, languages, own=True), kinds, EXACT, key)
        if len(found) >= limit:
            return found, [], languages
        if not found and kinds & SKILL_KINDS and not NEGATIONS.isdisjoint(key.split()) and self._lacks(text):
            return {}, [], languages  # "ajokortti puuttuu", "hygieniapassi vanhentunut": what the person lacks
        languages = self._knowing(key, languages)
        # Typed without å, ä and ö ("tyoturvallisuuskortti", "lahihoitajana"): the labels that have
        # them, spelt with a and o, a little below the labels spelt right.
        unmarked = None if MARKED.search(key) else self._without_marks
        if unmarked and not found:
            self._collect(found, unmarked[0].get(key, []), kinds, UNMARKED, key)
        typed_words = frozenset(key.split())
        words = self.words.content((self._finnish_written_out(key) if "fi" in languages else key).split())
        if words:
            joined = " ".join(words)
            for language in languages:
                stems = self.words.stems(words, language)
                named = self._inflecting(self._stemmed.get((language, stems), []), words, stems, language)
                named = named or self._acronyms.get(joined, [])
                if len(named) > 1 and (ours := self._own_stems.get((language, stems))):
                    # (not below a concept the words are a label of as typed: "worked as cook")
                    ours = [*ours, *self._exact.get(joined, [])]
                    self._collect(found, [c for c in named if c not in ours], kinds, STEMMED - OTHER, joined)
                    named = [c for c in named if c in ours]
                self._collect(found, named, kinds, STEMMED, joined)
                if unmarked and not found:
                    self._collect(found, unmarked[1].get((language, stems), []), kinds, UNMARKED - 1, joined)
                if len(words) > 1 and not found and min(map(len, words)) > 1:  # "a driving licence" is no A licence
                    reordered = self._reordered.get((language, _sorted_words(stems)), [])
                    self._collect(found, reordered, kinds, REORDERED, joined)
                if len(words) > 1 and not found:  # a compound written open: "pakettiauton kuljettaja"
                    for closed in self._closed(words, language):  # or open in part: "kuorma-auton kuljettaja"
                        # a word as typed may be read by its ending ("puutarhanhoitaja" → puutarhanhoito),
                        # words joined only by their stems ("siivous kotona" is no "siivouskone")
                        typed = typed_words.issuperset(closed)
                        closed_stems = self.words.stems(closed, language, endings=typed)
                        named = self._named_by_stems(closed_stems, language)
                        self._collect(found, named, kinds, STEMMED, " ".join(closed))
                        if unmarked and not found:  # and typed without å, ä and ö: "tyoturvallisuus kortti"
                            spelt = unmarked[1].get((language, closed_stems), [])
                            self._collect(found, spelt, kinds, UNMARKED - 1, " ".join(closed))
                if language == "fi" and not found:  # a stem in its weak grade: "vanhusten hoidosta"
                    self._collect(found, self._graded.get(self.words.graded(stems), []), kinds, GRADED, joined)
            if not found:  # a name any language's label spells: "Python-osaaminen", "Java-kunskaper"
                self._collect(found, self.exact(joined, languages), kinds, STEMMED, joined)
        if not found and len(words) > 1:
            self._parts(found, words, kinds, languages)
        if not found and len(words) > 1:
            self._before_where(found, key.split(), kinds, languages)
        if not found and len(words) > 1:
            self._restated(found, words, kinds, languages)
        if not found and len(words) > 1 and "fi" in languages:
            if words[-2].endswith("n") or " " not in key:
                self._head(found, words, kinds, languages)
            elif "-" in text:  # "java-ohjelmointi", where the first part names a kind of the last
                headed: dict[int, Match] = {}
                if self._head(headed, words, kinds, languages):
                    found.update(headed)
        # a slip ("trukkikotti"); a word labels use is spelt as meant ("salesman" is no "talesman")
        if not found and len(words) == 1 and len(words[0]) >= MIN_MISTYPED and words[0] not in self.words.vocabulary:
            for known in self.words.spelling().corrections(words[0]):
                self._collect(found, self._exact.get(known, []), kinds, MISTYPED, known)
        if not found and len(words) == 1 and "fi" in languages:  # a Finnish ending the stemmer left: "baristana"
            self._collect(found, self.inflected(words[0]), kinds, INFLECTED, words[0])
        # a few slips in one long word ("anisklupassi", "tyoturvalisuskortti", read as two words)
        whole = key if " " not in key else words[0] if len(words) == 1 else ""
        if not found and whole and whole not in self.words.vocabulary and whole not in CONTEXT:
            for known, language in itertools.product(self.words.spelling().near(whole), languages):
                self._collect(found, self.stemmed([known], language), kinds, NEAR_TYPED, known)
        if not found and (bare := BRACKETED.sub(" ", text)) != text:  # a qualifier: "hitsaus (MIG/MAG)"
            self._qualified(found, normalise(bare), kinds, languages)
            qualifier = self.words.content(normalise(" ".join(BRACKETED.findall(text))).split())
            self._narrowed(found, qualifier, kinds, languages)
        return found, words, languages

    def _finnish_written_out(self, key: str) -> str:
        """A Finnish phrase with its short forms written out ("logistiikan pt" → perustutkinto) and a
        noise word written apart from what it makes a compound with closed where the labels have the
        compound ("sähkö alan perustutkinto" → sähköalan, "lumi työt" → lumityöt)."""
        written = key.split()
        if SHORT_FORMS.keys().isdisjoint(written) and _COMPOUNDING.isdisjoint(written):
            return key  # most phrases have neither
        key = " ".join(SHORT_FORMS.get(word, word) for word in written)
        return FIELD.sub(lambda m: m[1] + m[2] if self.words.knows(m[1] + m[2], "fi") else m[0], key)

    def _closed(self, words: list[str], language: str) -> list[list[str]]:
        """The words with a compound written open closed: all of them into one, or (of three or
        more) two neighbours into a word of the labels in ``language``."""
        closed = [["".join(words)]]
        if len(words) > 2:  # of two, the pair is the whole
            closed += [
                [*words[:i], joined, *words[i + 2 :]]
                for i in range(len(words) - 1)
                if self.words.knows(joined := words[i] + words[i + 1], language)
            ]
        if language == "fi":  # the first word inflected: "koulun avustaja", "päiväkodissa avustajana"
            for i, (first, second) in enumerate(itertools.pairwise(words)):
                # or the place after the work: "avustajana koulussa"
                for beginning, head in [(first, second), *([(second, first)] if second.endswith(WHERE_ENDS) else [])]:
                    beginning_stem = self.words.graded(stem(beginning, "fi"))
                    if (compound := self._compounds.get((beginning_stem, stem(head, "fi")))) is not None:
                        closed.append([*words[:i], compound, *words[i + 2 :]])
                        break
        return closed

    @cached_property
    def _compounds(self) -> dict[tuple[str, str], str]:
        """The Finnish label words made of a beginning and a word of the labels ("kouluavustaja",
        "kirjastonhoitaja"), by the stems of both (the beginning's consonant grades folded): a
        compound a phrase writes as two words, the first inflected ("koulun avustaja", "koulussa
        avustajana", "päiväkodissa avustajana")."""
        words = {w for label in self.data.labels if label.lang == "fi" for w in label.key.split()}
        heads = {word for word in words if len(word) >= MIN_HEAD and word not in NOISE}
        index: dict[tuple[str, str], str] = {}
        for word in sorted(words):
            for cut in range(MIN_PART, len(word) - MIN_HEAD + 1):
                if word[cut:] in heads:
                    index.setdefault((grade(stem_key([word[:cut]], "fi")), stem_key([word[cut:]], "fi")), word)
        return index

    def _lacks(self, text: str) -> bool:
        """Whether a skills phrase with a negation says the person lacks what it names: a negation in
        parentheses with a word of its own is about that word ("B-kortti (ei autoa)": no car), one
        with none is about the phrase ("hygieniapassi (ei voimassa)")."""
        if not NEGATIONS.isdisjoint(normalise(BRACKETED.sub(" ", text)).split()):
            return True
        for qualifier in BRACKETED.findall(text):
            words = normalise(qualifier).split()
            if not NEGATIONS.isdisjoint(words) and not self.words.content([w for w in words if w not in NEGATIONS]):
                return True
        return False

    def _qualified(
        self, found: dict[int, Match], key: str, kinds: frozenset[ConceptKind], languages: tuple[str, ...]
    ) -> None:
        """What a label names of a phrase before its qualifier in parentheses, a little below."""
        self._collect(found, self.exact(key, languages, own=True), kinds, EXACT * QUALIFIED, key)
        words = self.words.content(key.split())
        if found or not words:
            return
        for language in languages:
            self._collect(found, self.stemmed(words, language), kinds, STEMMED * QUALIFIED, " ".join(words))

    def _parts(
        self, found: dict[int, Match], words: list[str], kinds: frozenset[ConceptKind], languages: tuple[str, ...]
    ) -> None:
        """Labels equal to a run of the phrase's words when the words left out are none that labels
        use ("kokkina ravintolassa" → cook: an inflected place, not part of another concept's name),
        longest run first, scored by the share of the phrase they cover. Of runs alike long, one
        ending where something is done comes after the rest ("lähihoitajana vanhainkodissa" is the
        nurse assistant, whatever the home names alone)."""
        total = sum(len(word) for word in words)
        known = [i for i, word in enumerate(words) if word in self.words.vocabulary and word not in CONTEXT]
        first, last = (known[0], known[-1]) if known else (len(words), -1)
        located = INESSIVE if "fi" in languages else ()
        for size in range(len(words) - 1, max(last - first, 0), -1):
            # a run must hold every word labels use: start at or before the first, end after the last
            starts = range(max(0, last - size + 1), min(first, len(words) - size) + 1)
            for where in (False, True):
                for start in starts:
                    run = words[start : start + size]
                    if run[-1].endswith(located) != where or self._whose(words, start + size, languages):
                        continue
                    share = sum(len(word) for word in run) / total
                    score = round(PART * (0.85 + 0.15 * share), 1)
                    for language in languages:
                        self._collect(found, self.stemmed(run, language), kinds, score, " ".join(run))
                if found:
                    return

    def _whose(self, words: list[str], end: int, languages: tuple[str, ...]) -> bool:
        """Whether the Finnish phrase's word before ``end`` is the genitive of a place or thing whose
        head, a word the labels know, follows ("päiväkodin keittiössä" is a kitchen); a person's stays
        ("lähihoitajan opinnot"), and so does the object of a verb ("ajoluvan omaava") or of a word
        that is only context ("excelin käyttö" is Excel)."""
        if "fi" not in languages or end >= len(words) or words[end] in CONTEXT:
            return False
        return whose(words[end - 1]) and self.words.knows(words[end], "fi")

    @cached_property
    def _without_marks(self) -> tuple[dict[str, list[int]], dict[tuple[str, str], list[int]]]:
        """The labels with å, ä or ö, by their keys and stems spelt with a and o."""
        marked = [label for label in self.data.labels if MARKED.search(label.key)]
        exact = _index((label.key.translate(UNMARK), label.concept) for label in marked)
        stems = _index(((label.lang, label.stem.translate(UNMARK)), label.concept) for label in marked if label.stem)
        return exact, stems

    def _before_where(
        self, found: dict[int, Match], words: list[str], kinds: frozenset[ConceptKind], languages: tuple[str, ...]
    ) -> None:
        """A phrase naming the work and then where it is done ("städare på hotell", "kock i
        restaurang") or with what ("Chaufför med C-körkort"): what names the words before the place,
        scored as a run of the phrase's words is; where only noise comes before ("experience with
        Excel"), what names the words after it."""
        cuts = [i for i, word in enumerate(words) if i and word in WHERE][:1]
        # "kaupan kassalla": whose, not what (a word in -nen is no genitive: "keittiöapulainen lounasravintolaan")
        genitives = all(genitive(word) for word in words[:-1])
        if not cuts and "fi" in languages and words[-1].endswith(WHERE_ENDS) and not genitives:
            cuts = list(range(len(words) - 1, 0, -1))  # the place may have attributes: "kuorma-autolle"
        for cut in cuts:
            before, after = self.words.content(words[:cut]), self.words.content(words[cut:])
            if CONTEXT.issuperset(before) and words[cut] in WHERE:  # "experience with Excel": what comes after
                before, after = self.words.content(words[cut + 1 :]), []
            if not before:
                continue
            share = sum(len(word) for word in before) / sum(len(word) for word in before + after)
            score = round(PART * (0.85 + 0.15 * share), 1)
            self._collect(found, self._exact.get(" ".join(before), []), kinds, score, " ".join(before))
            for language in languages:
                self._collect(found, self.stemmed(before, language), kinds, score, " ".join(before))
            if found:
                return

    def _restated(
        self, found: dict[int, Match], words: list[str], kinds: frozenset[ConceptKind], languages: tuple[str, ...]
    ) -> None:
        """A phrase whose every word names the same concept, said twice over ("ensiapukortti EA1",
        "trukkikortti trukki"): that concept, a little below a label naming the whole."""
        if not all(word in self.words.vocabulary for word in words):
            return  # a word no label has names nothing alone
        named: set[int] | None = None
        for word in words:
            alone = {c for language in languages for c in self.stemmed([word], language)}
            named = alone if named is None else named & alone
            if not named:
                return
        self._collect(found, sorted(named or ()), kinds, PART, " ".join(words))

    @cached_property
    def _graded(self) -> dict[str, list[int]]:
        """The Finnish labels by their stems with consonant gradation undone."""
        finnish = [label for label in self.data.labels if label.lang == "fi" and label.stem]
        return _index((grade(label.stem), label.concept) for label in finnish)

    @cached_property
    def _reordered(self) -> dict[tuple[str, str], list[int]]:
        """The labels of several words by their stems in any order."""
        labels = self.data.labels
        return _index(((label.lang, _sorted_words(label.stem)), label.concept) for label in labels if " " in label.stem)

    def _head(
        self, found: dict[int, Match], words: list[str], kinds: frozenset[ConceptKind], languages: tuple[str, ...]
    ) -> bool:
        """A Finnish noun phrase whose head word follows an attribute in the genitive ("varaston
        keräilijä", "kaupan kassalla", "kuorma-auton lastaus"), or a compound of known words
        ("levyseppähitsaaja" is a welder, "python-ohjelmointi" is programming in Python), that no
        label names whole: the head's concept, the attributes saying whose or where or which kind,
        scored as a run of the phrase's words is. A head that is only context
        ("ensiapukoulutus": training) names nothing so. True where the attributes name a kind of
        the head's concept."""
        head = words[-1]
        if head in CONTEXT:
            return False
        score = round(PART * (0.85 + 0.15 * len(head) / sum(len(word) for word in words)), 1)
        self._collect(found, self.stemmed([head], "fi"), kinds, score, head)
        if not found:
            self._collect(found, self.inflected(head), kinds, min(score, INFLECTED), head)
        return self._narrowed(found, words[:-1], kinds, languages)

    def _narrowed(
        self, found: dict[int, Match], words: list[str], kinds: frozenset[ConceptKind], languages: tuple[str, ...]
    ) -> bool:
        """Where the rest of a phrase names a kind of what was found ("python-ohjelmointi",
        "ohjelmointi (Java)"), that kind a little above it: the phrase says which one. True if so."""
        if not found or not words:
            return False
        general = set(found)
        score = max(match.score for match in found.values()) + 0.1
        joined = " ".join(words)
        named = self._exact.get(joined, []) + [c for language in languages for c in self.stemmed(words, language)]
        kinds_of = [concept for concept in named if not general.isdisjoint(self._ancestors(concept))]
        self._collect(found, kinds_of, kinds, score, joined)
        return len(found) > len(general)

    def _ancestors(self, concept: int) -> frozenset[int]:
        """The concepts above ``concept`` in the skill and occupation hierarchies."""
        known = self._above.get(concept)
        if known is None:
            parents = self._parents.get(concept, [])
            known = frozenset(parents).union(*(self._ancestors(parent) for parent in parents))
            self._above[concept] = known
        return known

    @cached_property
    def _parents(self) -> dict[int, list[int]]:
        return _index((child, parent) for child, parent in self.data.broader)

    def _collect(
        self, found: dict[int, Match], concepts: list[int], kinds: frozenset[ConceptKind], score: float, matched: str
    ) -> None:
        for index in concepts:
            concept = self.concepts[index]
            if concept.kind in kinds and (index not in found or found[index].score < score):
                found[index] = Match(
                    uri=concept.uri, label=concept.preferred, kind=concept.kind, score=score, matched_label=matched
                )

    def forget(self) -> None:
        """Drop what was learned from the phrases seen so far (answers, word analyses), keeping
        the indexes: as a service that has never seen these phrases, so speed can be measured."""
        self._cache.clear()
        self.words.forget()
        self._alike.forget()

    def warm(self) -> None:
        """Build the lazily built indexes now (the service does this in the background at start)."""
        with _collector_paused():
            self._alike.families()
            self.words.warm()
            _ = (self._sorted_keys, self._compounds, self._without_marks, self._reordered, self._graded)
            _ = (self._english_forms, self._foreign_to_english, self._swedish_doers, self.punctuated)


def _shared(items: list[str]) -> list[str]:
    """Items of an English title sharing words: heads after a first item of several words share its
    beginning ("Civil Engineering Technologists and Technicians": civil engineering technicians);
    words before a last item of several words share its head ("Forest and Conservation Workers":
    forest workers). A single word in the plural is a head of its own ("Butchers and Meat Cutters")."""
    words = [item.split() for item in items]
    if len(words) < 2:
        return items
    first, last = words[0], words[-1]
    if len(first) > 1 and all(len(w) == 1 and w[0].endswith("s") for w in words[1:]):
        return [items[0], *(" ".join([*first[:-1], w[0]]) for w in words[1:])]
    if len(last) > 1 and all(len(w) == 1 and not w[0].endswith("s") for w in words[:-1]):
        return [*(" ".join([w[0], last[-1]]) for w in words[:-1]), items[-1]]
    return items


def _acronym(text: str) -> bool:
    """A label written as an acronym of letters alone ("STAF", "CISO"; not "EA1" or "SAP R3")."""
    return text.isalpha() and text.isupper()


def _named_words(key: str) -> list[str]:
    """The words of a normalised phrase that name something, not only its context."""
    return [word for word in content_words(key) if word not in CONTEXT]


def _lowest(found: dict[int, Match]) -> float:
    """The lowest score among what a label names outright (an exact match's where none)."""
    return min((match.score for match in found.values()), default=EXACT)


def _naming(match: Match) -> tuple[float, float, float]:
    """How well a match names its concept: its score, then (for one that counts) how much of the
    concept's own name the matched label holds and how like it it is as a whole ("sushi chef"
    names the chef, not Chef the configuration tool)."""
    if match.score < MIN_SCORE:
        return match.score, 0.0, 0.0
    own = match.label.casefold()
    return match.score, fuzz.token_set_ratio(match.matched_label, own), fuzz.ratio(match.matched_label, own)


def _sorted_words(words: str) -> str:
    return " ".join(sorted(words.split()))


def _index(pairs: Iterable[tuple[K, int]]) -> dict[K, list[int]]:
    """The concepts under each key, each once, in the order given."""
    index: dict[K, list[int]] = {}
    for key, concept in pairs:
        found = index.get(key)
        if found is None:
            index[key] = [concept]
        elif concept not in found:
            found.append(concept)
    return index


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused while indexes are built: they make hundreds of thousands
    of small lists and no cycles, and the collections those would set off walk the whole heap again
    and again (about a third of the time of loading and of warming up)."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


@cache
def bundled() -> Taxonomy:
    """The taxonomy shipped with the service, loaded once per process."""
    return Taxonomy.load()


def configured(path: Path | None) -> Taxonomy:
    """The taxonomy file a deployment names, else the bundled one."""
    return Taxonomy.load(path) if path else bundled()
