"""The project's own additions to ESCO: local concepts (Finnish cards, licences, languages) and
labels written by the project, addressed by English preferred label so that the files stay readable.
"""

from __future__ import annotations

from pathlib import Path

import msgspec

from taxonomy.model import ALL_KINDS, Concept, Label, LabelSource, TaxonomyFile

HERE = Path(__file__).parent
LOCAL_CONCEPTS = HERE / "local" / "concepts.tsv"
PROJECT_LABELS = {lang: HERE / "labels" / f"{lang}.txt" for lang in ("en", "fi", "sv")}
SET_ASIDE = HERE / "local" / "set_aside.txt"


class LocalDataError(ValueError):
    """A local data file names a concept the taxonomy does not have (or names it ambiguously)."""


def _lines(path: Path) -> list[tuple[int, str]]:
    """The file's lines that say something, each with its line number in the file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [(number, line) for number, line in enumerate(lines, start=1) if line.strip() and not line.startswith("#")]


def _by_preferred(data: TaxonomyFile) -> dict[str, list[int]]:
    """Concepts by preferred label; where a group shares its name with a concept a lookup returns
    (the field "mathematics" and the knowledge), the name is the concept's."""
    found: dict[str, list[int]] = {}
    for index, concept in enumerate(data.concepts):
        found.setdefault(concept.preferred, []).append(index)
    for name, indices in found.items():
        answering = [index for index in indices if data.concepts[index].kind in ALL_KINDS]
        if len(indices) > 1 and len(answering) == 1:
            found[name] = answering
    return found


def _resolve(names: dict[str, list[int]], name: str, where: str) -> int:
    matches = names.get(name, [])
    if len(matches) != 1:
        problem = "no concept" if not matches else f"{len(matches)} concepts"
        raise LocalDataError(f"{where}: {problem} with the preferred label {name!r}")
    return matches[0]


def add_local_concepts(data: TaxonomyFile, path: Path = LOCAL_CONCEPTS) -> TaxonomyFile:
    """Append the local concepts, their English labels and their links to related ESCO concepts."""
    concepts, labels, related = list(data.concepts), list(data.labels), list(data.related)
    names = _by_preferred(data)
    known = {concept.uri for concept in concepts}
    for number, line in _lines(path):
        uri, preferred, links = [*line.split("\t"), ""][:3]
        if uri in known:
            raise LocalDataError(f"{path.name} line {number}: {uri} exists already")
        index = len(concepts)
        concepts.append(Concept(uri=uri, kind="local", preferred=preferred))
        labels.append(Label(concept=index, lang="en", text=preferred, source="kohtaanto"))
        for name in filter(None, (part.strip() for part in links.split(";"))):
            related.append((index, _resolve(names, name, f"{path.name} line {number}")))
    return msgspec.structs.replace(data, concepts=concepts, labels=labels, related=related)


def _named_lines(data: TaxonomyFile, path: Path) -> list[tuple[str, int, list[str]]]:
    """The lines ``English preferred label = label; label; ...`` of ``path``: where, the concept,
    the labels. A concept named on two lines or a label given twice on one is an error."""
    names = _by_preferred(data)
    seen: dict[int, int] = {}
    found = []
    for number, line in _lines(path):
        name, separator, texts = line.partition("=")
        where = f"{path.name} line {number}"
        if not separator:
            raise LocalDataError(f"{where}: expected 'English label = labels'")
        index = _resolve(names, name.strip(), where)
        if index in seen:
            raise LocalDataError(f"{where}: {name.strip()!r} has its labels on line {seen[index]}")
        seen[index] = number
        if data.concepts[index].kind not in ALL_KINDS:
            raise LocalDataError(f"{where}: {name.strip()!r} is a group, which no lookup returns")
        written = [text.strip() for text in texts.split(";") if text.strip()]
        twice = sorted({text for text in written if written.count(text) > 1})
        if twice:
            raise LocalDataError(f"{where}: {', '.join(map(repr, twice))} given twice")
        found.append((where, index, written))
    return found


def add_named_labels(data: TaxonomyFile, lang: str, path: Path, source: LabelSource = "kohtaanto") -> TaxonomyFile:
    """Add labels from lines ``English preferred label = label; label; ...``."""
    labels = list(data.labels)
    for _, index, written in _named_lines(data, path):
        labels.extend(Label(concept=index, lang=lang, text=text, source=source) for text in written)
    languages = data.languages if lang in data.languages else [*data.languages, lang]
    return msgspec.structs.replace(data, labels=labels, languages=languages)


def set_aside(data: TaxonomyFile, path: Path = SET_ASIDE) -> TaxonomyFile:
    """Leave out the ESCO English labels that lines ``English preferred label = labels`` name; a
    label the concept does not have in ESCO is an error (the list must say what it removes)."""
    held = {(label.concept, label.text.casefold()) for label in data.labels if label.lang == "en"}
    dropped: set[tuple[int, str]] = set()
    for where, index, written in _named_lines(data, path):
        missing = [text for text in written if (index, text.casefold()) not in held]
        if missing:
            raise LocalDataError(f"{where}: {data.concepts[index].preferred!r} has no label {missing[0]!r}")
        dropped.update((index, text.casefold()) for text in written)
    labels = [
        label
        for label in data.labels
        if not (label.lang == "en" and label.source == "esco" and (label.concept, label.text.casefold()) in dropped)
    ]
    return msgspec.structs.replace(data, labels=labels)


def with_project_data(data: TaxonomyFile) -> TaxonomyFile:
    """ESCO plus everything the project adds: local concepts first, then its own labels, less the
    ESCO labels it sets aside."""
    data = set_aside(add_local_concepts(data))
    for lang, path in PROJECT_LABELS.items():
        data = add_named_labels(data, lang, path)
    return data
