"""Build a taxonomy file from an ESCO CSV download, the project's own data and extra label files.

    python -m taxonomy.build ESCO_DIR [--lang en --lang fi ...] [--labels LANG:SOURCE:FILE.tsv ...] [--out PATH]

``ESCO_DIR`` is an official ESCO CSV download (any languages; all found are read unless ``--lang``
names some). The project's local concepts and its Finnish and Swedish labels are always added. Each ``--labels``
file adds labels in ``LANG`` to concepts by URI (TSV: concept URI, label; ``#`` lines are comments);
``SOURCE`` records whose labels they are (``esco`` or ``kohtaanto``). ``matcher taxonomy import``
is the same command.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import msgspec

from taxonomy.esco_import import import_esco
from taxonomy.local import with_project_data
from taxonomy.lookup import BUNDLED
from taxonomy.model import Label, LabelSource, TaxonomyFile, write


def read_label_file(path: Path) -> list[tuple[str, str]]:
    """Return the (concept URI, label) rows of a label file."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            uri, _, label = line.partition("\t")
            if uri != "conceptUri":
                rows.append((uri.strip(), label.strip()))
    return rows


def add_labels(data: TaxonomyFile, lang: str, source: LabelSource, rows: list[tuple[str, str]]) -> TaxonomyFile:
    """Attach extra labels; a row naming an unknown concept is an error, not silently skipped."""
    index = {concept.uri: i for i, concept in enumerate(data.concepts)}
    unknown = sorted({uri for uri, _ in rows if uri not in index})
    if unknown:
        raise ValueError(f"labels for concepts not in the taxonomy: {', '.join(unknown[:5])}")
    extra = [Label(concept=index[uri], lang=lang, text=text, source=source) for uri, text in rows if text]
    languages = data.languages if lang in data.languages else [*data.languages, lang]
    return msgspec.structs.replace(data, labels=[*data.labels, *extra], languages=languages)


def label_source(text: str) -> LabelSource:
    if text == "esco":
        return "esco"
    if text == "kohtaanto":
        return "kohtaanto"
    raise ValueError(f"label source must be esco or kohtaanto, not {text!r}")


def build(
    esco_dir: Path,
    out: Path,
    languages: list[str] | None = None,
    label_specs: list[str] | None = None,
    project_data: bool = True,
) -> str:
    """Import, add the project's data and the extra label files, write ``out``; return a summary."""
    data = import_esco(esco_dir, languages)
    if project_data:
        data = with_project_data(data)
    for spec in label_specs or []:
        lang, source, file = spec.split(":", 2)
        data = add_labels(data, lang, label_source(source), read_label_file(Path(file)))
    out.parent.mkdir(parents=True, exist_ok=True)
    write(data, out)
    own = sum(label.source == "kohtaanto" for label in data.labels)
    return (
        f"{out}: ESCO {data.version}, {len(data.concepts)} concepts, {len(data.labels)} labels "
        f"({own} the project's own), {len(data.occupation_skills)} occupation-skill relations, "
        f"languages {', '.join(data.languages)}"
    )


def arguments(parser: argparse.ArgumentParser, default_out: Path = BUNDLED) -> None:
    parser.add_argument("esco_dir", type=Path, help="folder of an ESCO CSV download")
    parser.add_argument("--lang", action="append", dest="languages", help="label packs to read (default: all)")
    parser.add_argument("--labels", action="append", default=[], metavar="LANG:SOURCE:FILE")
    parser.add_argument("--out", type=Path, default=default_out)
    parser.add_argument(
        "--no-project-data",
        dest="project_data",
        action="store_false",
        help="leave out the project's local concepts and Finnish and Swedish labels (for partial downloads)",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m taxonomy.build", description=__doc__.split("\n")[0])
    arguments(parser)
    args = parser.parse_args(argv)
    print(build(args.esco_dir, args.out, args.languages, args.labels, args.project_data))
    return 0


if __name__ == "__main__":
    sys.exit(main())
