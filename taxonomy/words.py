"""How the words of a phrase are read against the words of the labels: stemmed in each language (a
Finnish word whose stem no label word has, as the label word it inflects), with consonant gradation
folded, and split where a compound joins known words. Each answer is remembered for the phrases
still to come (up to ``CACHE_SIZE`` words) until :meth:`Words.forget`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator
from functools import cached_property

from rapidfuzz.distance import Prefix

from taxonomy.model import Label
from taxonomy.retrieval import Spelling
from taxonomy.text import CONTEXT, LANGUAGES, NOISE, UNMARK, content_words, stem, stem_key

MIN_PART = 3  # letters: a compound's parts are at least this long
MIN_HEAD = 5  # letters: the word a compound is a kind of is at least this long
STEM_CHANGE = 2  # letters at the end of a word's stem that an ending may change
INFLECTION_ENDS = frozenset("aeiouyäönt")  # the last letters of Finnish inflected forms
CACHE_SIZE = 100_000
MARKED = re.compile("[åäö]")
WORKS = re.compile(r"(?<=\w)töi(?:tä|ssä|stä|hin|den|lle|llä|ltä|nä|ksi)$")  # työ's plural forms, after a beginning
# Finnish consonant gradation, strong and weak grade folded together (hoito, hoidon; kauppa, kaupan;
# ranta, rannalla): a stemmer keeps the grade of the form it is given.
_GRADES = re.compile(r"([kpt])\1|([nlrm])(?:\2|[tp])|d")


class Words:
    """The words of the labels (their normalised keys and stems) and the reading of other words."""

    def __init__(self, labels: list[Label], keys: Collection[str], answering: Collection[str]) -> None:
        """Args: labels: every label, keyed; keys: the labels' normalised texts; answering: those of
        the labels of concepts a lookup answers with (not of ISCO or skill groups)."""
        self.labels = labels
        self.keys = keys
        self.answering = answering
        self._known: Spelling | None = None
        self._stem_memo: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
        self._grades: dict[str, str] = {}
        self._parts_of: dict[str, tuple[str, ...]] = {}

    @cached_property
    def vocabulary(self) -> set[str]:
        """The words of the labels that may name something."""
        return {w for key in self.keys for w in key.split() if len(w) >= MIN_PART and w not in NOISE}

    @cached_property
    def _answering_words(self) -> set[str]:
        """The words of the labels of concepts a lookup answers with: a word only a group's name
        has is split as a compound."""
        return {w for key in self.answering for w in key.split() if len(w) >= MIN_PART and w not in NOISE}

    @cached_property
    def _answering_stems(self) -> dict[str, set[str]]:
        return _stems_by_language(label for label in self.labels if label.key in self.answering)

    @cached_property
    def known_stems(self) -> dict[str, set[str]]:
        """Each word of each label, stemmed in the label's language (and spelt without å, ä and ö),
        by language: words a compound split must keep."""
        return _stems_by_language(self.labels)

    @cached_property
    def _heads(self) -> dict[str, str]:
        """Finnish label words by their stem, for the last part of an inflected compound."""
        return {
            stem_key([w], "fi"): w
            for label in self.labels
            if label.lang == "fi"
            for w in label.key.split()
            if len(w) >= MIN_HEAD and w not in NOISE
        }

    def knows(self, word: str, lang: str) -> bool:
        """Whether ``word`` stems in ``lang`` as a word of that language's labels does."""
        return stem(word, lang) in self.known_stems[lang]

    def spelling(self) -> Spelling:
        """The words of the labels with their stems in every language, built on first need."""
        if self._known is None:
            words = {w for key in self.keys for w in content_words(key)}
            self._known = Spelling({w: {lang: stem_key([w], lang) for lang in LANGUAGES} for w in words})
            for memo in self._stem_memo.values():  # label words are now read from the table
                memo.clear()
        return self._known

    def stems(self, words: list[str], lang: str, endings: bool = True) -> str:
        """The words stemmed in ``lang``, joined: label words from the table once it is built, each
        word worked out once (a phrase's words are stemmed again for every variant tried). Without
        ``endings``, a word the labels lack is only stemmed, not read as an inflection of one they
        have (a compound made of a phrase's words: "siivous kotona" is no "siivouskone")."""
        memo = self._stem_memo[lang]
        stems = []
        for word in words:
            known = self._known.words.get(word) if self._known is not None else None
            if known or not endings:
                stems.append(known[lang] if known else stem(word, lang))
                continue
            stemmed = memo.get(word)
            if stemmed is None:
                if len(memo) >= CACHE_SIZE:
                    memo.clear()
                stemmed = memo[word] = self._stem(word, lang)
            stems.append(stemmed)
        return " ".join(stems)

    def _stem(self, word: str, lang: str) -> str:
        """A word the labels do not have, stemmed; in Finnish, where the stemmer leaves a stem no
        label word has, the stem of the label word it inflects ("vastaanottamista" → vastaanotto)."""
        stemmed = stem(word, lang)
        if lang != "fi" or stemmed in self.known_stems["fi"]:
            return stemmed
        closest = next(iter(self.inflections(word)), [])
        return self.spelling().words[closest[0]]["fi"] if closest else stemmed

    def graded(self, stems: str) -> str:
        """Finnish stems with consonant gradation folded (:func:`grade`), each worked out once."""
        graded = self._grades.get(stems)
        if graded is None:
            if len(self._grades) >= CACHE_SIZE:
                self._grades.clear()
            graded = self._grades[stems] = grade(stems)
        return graded

    def inflections(self, word: str) -> Iterator[list[str]]:
        """The label words ``word`` may be an inflection of, by the length of the beginning they
        share, longest first. Past that beginning, the known word may differ in its last two letters
        at most (an ending changes a stem's end: hoito → hoidon, kirvesmies → kirvesmiehiä; three of
        a word in -nen: apulainen → apulaisena); a verb is not the one who does it (kuljettaa is no
        kuljettaja); a known word that goes on further is another word
        that begins alike (hotellissa is not hotellisiivous), and so is a word whose stem goes on
        further (rakennusliike is not rakennus)."""
        if word[-1] not in INFLECTION_ENDS:  # painter is not an inflection of paint
            return
        stemmed = stem(word, "fi")
        for found in self.spelling().beginnings(word):
            close = [
                known
                for known in found
                if len(known) - Prefix.similarity(known, word) <= STEM_CHANGE + _nen(known, word)
                and len(stemmed) - Prefix.similarity(known, stemmed) <= STEM_CHANGE
                and not _agent(known, word)
            ]
            if close:
                yield close

    def split_compound(self, word: str) -> list[str]:
        """``asiakaspalvelukokemus`` → ``[asiakaspalvelu, kokemus]``: the longest known beginning
        whose rest is itself known (or a noise word); failing that, the longest known ending, the
        word a Finnish compound is a kind of (``toimistosiivous`` → ``[toimisto, siivous]``), also
        inflected (``rakennusasentajana`` → ``[rakennus, asentaja]``). Tried
        only for words the labels do not contain."""
        if word in self._answering_words or word in CONTEXT or len(word) < 2 * MIN_PART:
            return [word]
        if any(stem(word, lang) in self._answering_stems[lang] for lang in LANGUAGES):
            return [word]  # a known word, inflected: trukkikorttia, underwriters
        # "työ" in the plural changes its vowels, which the stemmer does not undo: pihatöitä → pihatyöt
        works = WORKS.sub("työt", word)
        if works != word and self.knows(works, "fi"):
            return [works]
        for cut in range(len(word) - MIN_PART, MIN_PART - 1, -1):
            head, rest = word[:cut], word[cut:]
            if rest in self.vocabulary or rest in CONTEXT or not content_words(rest):
                # a Swedish beginning drops its -e, adds an -s or turns or drops its -a: närvårdarexamen,
                # fastighetsarbete, undersköterskeexamen
                if head in self.vocabulary:
                    return [head, rest]
                turned = head[:-1] + "a" if head[-1] in "eou" else head + "a"
                for beginning in (head + "e", head[:-1] if head.endswith("s") else "", turned):
                    if beginning in self.vocabulary and self.knows(beginning, "sv") and not self.knows(beginning, "en"):
                        return [beginning, rest]
        for cut in range(2, len(word) - MIN_HEAD + 1):  # a kind of a known thing: kotisiivous, yövartija
            ending = word[cut:]
            if ending in self.vocabulary:
                return [word[:cut], ending]
            if (known := self._heads.get(stem(ending, "fi"))) is not None:  # inflected: rakennusasentajana
                return [word[:cut], known]
        return [word]

    def sharing_head(self, first: str, following: str) -> str:
        """The first of two Finnish compounds that share their head, written once after the second
        ("hygienia- ja anniskelupassi", "EA1- ja EA2-kortti", "varasto- ja logistiikka-ala"), with
        that head: the longest ending of ``following`` that makes a word the labels know with it
        (hygieniapassi), or the part after its hyphen (EA1-kortti, varasto-ala); ``first`` as it is
        where none does."""
        if "-" in following:
            return f"{first}-{following.rsplit('-', 1)[1]}"
        for cut in range(MIN_PART, len(following) - MIN_PART + 1):
            whole = (first + following[cut:]).casefold()
            if whole in self.vocabulary or any(self.knows(whole, lang) for lang in LANGUAGES):
                return whole
            # an abbreviation takes its head after a hyphen: "MAG- ja puikkohitsaus"
            spelt = f"{first}-{following[cut:]}"
            if not first[-1:].islower() and spelt.casefold().replace("-", " ") in self.keys:
                return spelt
        return first

    def content(self, words: list[str]) -> list[str]:
        """The content of a phrase's words: noise and numbers left out, compounds split."""
        return [part for word in words for part in self._parts(word)]

    def _parts(self, word: str) -> tuple[str, ...]:
        """A word's content: nothing for a noise word or number, else its compound parts."""
        known = self._parts_of.get(word)
        if known is None:
            if len(self._parts_of) >= CACHE_SIZE:
                self._parts_of.clear()
            known = self._parts_of[word] = tuple(
                part
                for content in content_words(word)
                for part in content_words(" ".join(self.split_compound(content)))
            )
        return known

    def forget(self) -> None:
        """Drop what was learned of the words seen so far, keeping the label words' tables."""
        self._parts_of.clear()
        for memo in self._stem_memo.values():
            memo.clear()
        self._grades.clear()
        stem.cache_clear()

    def warm(self) -> None:
        """Build the tables now rather than for a first phrase."""
        self.spelling().prepare()
        _ = (self.vocabulary, self.known_stems, self._heads, self._answering_words, self._answering_stems)


def grade(stems: str) -> str:
    """Finnish stems with their consonant grades folded to one (kk, pp, tt as k, p, t; nn, nt and np
    as n, and so for l, r and m; d as t)."""
    return _GRADES.sub(lambda m: m.group(1) or m.group(2) or "t", stems)


def _stems_by_language(labels: Iterable[Label]) -> dict[str, set[str]]:
    """The labels' words stemmed in their language (and spelt without å, ä and ö), by language."""
    known: dict[str, set[str]] = {lang: set() for lang in LANGUAGES}
    for label in labels:
        known.setdefault(label.lang, set()).update(label.stem.split())
    for stems in known.values():
        stems |= {part.translate(UNMARK) for part in stems if MARKED.search(part)}
    return known


def _agent(known: str, word: str) -> bool:
    """Whether ``known`` is an agent noun ("kuljettaja", "myyjä") whose -j- ``word`` lacks past the
    beginning they share: a verb ("kuljettaa", "opettaa"), not the one who does it."""
    shared = Prefix.similarity(known, word)
    return "j" in known[shared:] and "j" not in word[shared:]


def _nen(known: str, word: str) -> int:
    """1 where ``word`` inflects the Finnish -nen word ``known`` on its -s- stem ("keittiöapulainen",
    "keittiöapulaisena"; "avustaminen", "avustamista"): one letter more changes."""
    return int(known.endswith("nen") and word[len(known) - 3 : len(known) - 2] == "s")
