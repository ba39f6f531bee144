"""The compact taxonomy file: what the service loads at start-up.

The file is MessagePack compressed with zlib. Concepts are addressed by their index in
``concepts``; relations store index pairs so the file stays small.
"""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import Literal

import msgspec

ConceptKind = Literal["skill", "knowledge", "occupation", "isco_group", "skill_group", "local"]
LabelSource = Literal["esco", "kohtaanto"]


class Concept(msgspec.Struct, array_like=True, frozen=True):
    """One ESCO concept (or a concept of the project's own namespace)."""

    uri: str
    kind: ConceptKind
    preferred: str
    code: str = ""


class Label(msgspec.Struct, array_like=True, frozen=True):
    """A label of a concept in one language, with where it comes from."""

    concept: int
    lang: str
    text: str
    source: LabelSource = "esco"


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


def write(data: TaxonomyFile, path: Path) -> None:
    path.write_bytes(zlib.compress(msgspec.msgpack.encode(data), level=9))


def read(path: Path) -> TaxonomyFile:
    return msgspec.msgpack.decode(zlib.decompress(path.read_bytes()), type=TaxonomyFile)
