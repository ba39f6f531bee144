"""Read an official ESCO CSV download (any languages) into a :class:`TaxonomyFile`.

The download holds ``skills_<lang>.csv``, ``occupations_<lang>.csv`` and ``ISCOGroups_<lang>.csv``
per language, plus language-independent relation files. Files may sit in one folder or in
sub-folders; they are found by name. Label packs of several languages join on the concept URI.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from taxonomy.model import Concept, ConceptKind, Label, OccupationSkill, TaxonomyFile
from taxonomy.text import normalise

ATTRIBUTION = "This service uses the ESCO classification of the European Commission."
csv.field_size_limit(1 << 24)
_PACK = re.compile(r"^(skills|occupations|ISCOGroups|skillGroups)_([a-z]{2,3})\.csv$")
COMMON = 50  # a one-word hidden label whose word labels of this many concepts use is too vague to match by


class EscoImportError(ValueError):
    """The folder does not hold a usable ESCO download."""


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def _split(labels: str) -> list[str]:
    return [label.strip() for label in labels.split("\n") if label.strip()]


def _find(root: Path, name: str) -> Path | None:
    return next(iter(sorted(root.rglob(name))), None)


def language_packs(root: Path) -> dict[str, dict[str, Path]]:
    """Map each language found under ``root`` to its label files by kind."""
    packs: dict[str, dict[str, Path]] = {}
    for path in sorted(root.rglob("*.csv")):
        if match := _PACK.match(path.name):
            packs.setdefault(match.group(2), {})[match.group(1)] = path
    return packs


class _Builder:
    def __init__(self) -> None:
        self.concepts: list[Concept] = []
        self.index: dict[str, int] = {}
        self.labels: list[Label] = []
        self.seen: set[tuple[int, str, str]] = set()
        self.hidden: list[tuple[int, str, str]] = []

    def concept(self, uri: str, kind: ConceptKind, preferred: str, code: str = "") -> int:
        if uri not in self.index:
            self.index[uri] = len(self.concepts)
            self.concepts.append(Concept(uri=uri, kind=kind, preferred=preferred.strip(), code=code))
        return self.index[uri]

    def label(self, concept: int, lang: str, text: str) -> None:
        text = text.strip()  # ESCO has a label or two with a space before: " food service worker"
        key = (concept, lang, text.casefold())
        if text and key not in self.seen:
            self.seen.add(key)
            self.labels.append(Label(concept=concept, lang=lang, text=text))

    def labels_of(self, concept: int, lang: str, row: dict[str, str]) -> None:
        for text in [row["preferredLabel"], *_split(row["altLabels"])]:
            self.label(concept, lang, text)
        self.hidden += [(concept, lang, text) for text in _split(row.get("hiddenLabels", ""))]

    def add_hidden(self) -> None:
        """ESCO's hidden labels (other spellings, older and informal terms: "physician", "team spirit",
        "punctuality") are matched as its other labels are, except a one word that labels of many
        other concepts use ("care" is hidden for attend to detail, "planning" for plan)."""
        users: dict[tuple[str, str], set[int]] = defaultdict(set)
        for label in self.labels:
            for word in normalise(label.text).split():
                users[label.lang, word].add(label.concept)
        for concept, lang, text in self.hidden:
            words = normalise(text).split()
            if len(words) != 1 or len(users[lang, words[0]] - {concept}) < COMMON:
                self.label(concept, lang, text)


def _skill_kind(skill_type: str) -> ConceptKind:
    return "knowledge" if skill_type == "knowledge" else "skill"


def import_esco(root: Path, languages: list[str] | None = None, version: str = "") -> TaxonomyFile:
    """Import the ESCO download under ``root``.

    Args:
        root: folder of the CSV download.
        languages: which label packs to read, the first being the one whose preferred labels name
            the concepts; all packs found when omitted (English first if present).
        version: the ESCO version, recorded in the file (``conceptSchemes`` is read when empty).

    Raises:
        EscoImportError: no label pack, or a requested language is missing.
    """
    packs = language_packs(root)
    if not packs:
        raise EscoImportError(f"no skills_<lang>.csv / occupations_<lang>.csv under {root}")
    if languages is None:
        languages = sorted(packs, key=lambda lang: (lang != "en", lang))
    missing = [lang for lang in languages if lang not in packs]
    if missing:
        raise EscoImportError(f"no ESCO files for language(s) {', '.join(missing)} under {root}")
    builder = _Builder()
    for lang in languages:
        files = packs[lang]
        if "ISCOGroups" in files:
            for row in _rows(files["ISCOGroups"]):
                idx = builder.concept(row["conceptUri"], "isco_group", row["preferredLabel"], row["code"])
                builder.label(idx, lang, row["preferredLabel"])
        if "occupations" in files:
            for row in _rows(files["occupations"]):
                idx = builder.concept(row["conceptUri"], "occupation", row["preferredLabel"], row["iscoGroup"])
                builder.labels_of(idx, lang, row)
        if "skillGroups" in files:
            for row in _rows(files["skillGroups"]):
                idx = builder.concept(row["conceptUri"], "skill_group", row["preferredLabel"], row["code"])
                builder.label(idx, lang, row["preferredLabel"])
        if "skills" in files:
            for row in _rows(files["skills"]):
                kind = _skill_kind(row["skillType"])
                idx = builder.concept(row["conceptUri"], kind, row["preferredLabel"])
                builder.labels_of(idx, lang, row)
    builder.add_hidden()
    return TaxonomyFile(
        version=version or _version(root),
        attribution=ATTRIBUTION,
        languages=languages,
        concepts=builder.concepts,
        labels=builder.labels,
        occupation_skills=list(_occupation_skills(root, builder.index)),
        broader=list(_broader(root, builder.index)),
    )


def _version(root: Path) -> str:
    for path in sorted(root.rglob("conceptSchemes_*.csv")):
        head = path.read_text(encoding="utf-8")[:4096]
        if found := re.search(r"ESCO[^\n,]*?(v\d+(\.\d+)+)", head):
            return found.group(1)
    match = re.search(r"v\d+(\.\d+)+", str(root))
    return match.group(0) if match else "unknown"


def _occupation_skills(root: Path, index: dict[str, int]) -> Iterator[OccupationSkill]:
    path = _find(root, "occupationSkillRelations.csv")
    if path is None:
        return
    for row in _rows(path):
        occupation, skill = index.get(row["occupationUri"]), index.get(row["skillUri"])
        if occupation is not None and skill is not None:
            yield OccupationSkill(occupation, skill, row["relationType"] == "essential")


def _broader(root: Path, index: dict[str, int]) -> Iterator[tuple[int, int]]:
    for name in ("broaderRelationsSkillPillar.csv", "broaderRelationsOccPillar.csv"):
        path = _find(root, name)
        if path is None:
            continue
        for row in _rows(path):
            child, parent = index.get(row["conceptUri"]), index.get(row["broaderUri"])
            if child is not None and parent is not None:
                yield child, parent
