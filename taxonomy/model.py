"""The compact taxonomy file: what the service loads at start-up.

The file is MessagePack compressed with zlib. Concepts are addressed by their index in
``concepts``; relations store index pairs so the file stays small.
"""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import Literal

import msgspec

from taxonomy.text import GRADES, NOISE, content_words, normalise, stem_key

ConceptKind = Literal["skill", "knowledge", "occupation", "isco_group", "skill_group", "local"]
LabelSource = Literal["esco", "kohtaanto"]
SKILL_KINDS: frozenset[ConceptKind] = frozenset({"skill", "knowledge", "local"})
OCCUPATION_KINDS: frozenset[ConceptKind] = frozenset({"occupation"})
ALL_KINDS: frozenset[ConceptKind] = SKILL_KINDS | OCCUPATION_KINDS


class Concept(msgspec.Struct, array_like=True, frozen=True):
    """One ESCO concept (or a concept of the project's own namespace)."""

    uri: str
    kind: ConceptKind
    preferred: str
    code: str = ""


class Label(msgspec.Struct, array_like=True, frozen=True):
    """A label of a concept in one language, with where it comes from.

    ``key`` (normalised text) and ``stem`` (content words stemmed in ``lang``) are filled in when
    the file is written, so that loading it needs no text processing.
    """

    concept: int
    lang: str
    text: str
    source: LabelSource = "esco"
    key: str = ""
    stem: str = ""


class OccupationSkill(msgspec.Struct, array_like=True, frozen=True):
    occupation: int
    skill: int
    essential: bool


class TaxonomyFile(msgspec.Struct, frozen=True):
    """Everything the matcher needs from the taxonomy."""

    version: str
    attribution: str
    languages: list[str]
    concepts: list[Concept]
    labels: list[Label]
    occupation_skills: list[OccupationSkill]
    broader: list[tuple[int, int]]
    keyed: bool = False
    related: list[tuple[int, int]] = msgspec.field(default_factory=list)


def with_keys(data: TaxonomyFile) -> TaxonomyFile:
    """The same file with every label's lookup keys computed."""
    labels = []
    for label in data.labels:
        key = normalise(label.text)
        words = content_words(key)
        named = words and not _modifier_dropped(key, words)
        labels.append(msgspec.structs.replace(label, key=key, stem=stem_key(words, label.lang) if named else ""))
    return msgspec.structs.replace(data, labels=labels, keyed=True)


def _modifier_dropped(key: str, words: list[str]) -> bool:
    """A label whose one content word is its last, after a word read as noise that is no grade: the
    word before the head told which one ("knowledge officer", "AV technician", "till supervisor",
    "skills trainer"), so the head alone ("officer") does not name the concept; the label names it
    as written ("good timekeeping" is timekeeping all the same)."""
    written = key.split()
    modifier = written[-2] if len(written) > 1 else ""
    return len(words) == 1 and written[-1] == words[0] and modifier in NOISE and modifier not in GRADES


def write(data: TaxonomyFile, path: Path) -> None:
    path.write_bytes(zlib.compress(msgspec.msgpack.encode(with_keys(data)), level=9))


def read(path: Path) -> TaxonomyFile:
    return msgspec.msgpack.decode(zlib.decompress(path.read_bytes()), type=TaxonomyFile)
