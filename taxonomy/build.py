"""Build the bundled taxonomy file from an ESCO CSV download and extra label files.

    python -m taxonomy.build ESCO_DIR [--labels LANG:SOURCE:FILE.tsv ...] [--out PATH]

``ESCO_DIR`` is an official ESCO CSV download (any languages). Each ``--labels`` file adds labels
in ``LANG`` to concepts already imported (TSV: concept URI, label; ``#`` lines are comments);
``SOURCE`` records whose labels they are (``esco`` or ``kohtaanto``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from taxonomy.esco_import import import_esco
from taxonomy.lookup import BUNDLED
from taxonomy.model import Label, LabelSource, TaxonomyFile, write

LABELS_DIR = Path(__file__).parent / "labels"


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
    return TaxonomyFile(
        version=data.version,
        attribution=data.attribution,
        languages=languages,
        concepts=data.concepts,
        labels=[*data.labels, *extra],
        occupation_skills=data.occupation_skills,
        broader=data.broader,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m taxonomy.build", description=__doc__.split("\n")[0])
    parser.add_argument("esco_dir", type=Path)
    parser.add_argument("--labels", action="append", default=[], metavar="LANG:SOURCE:FILE")
    parser.add_argument("--out", type=Path, default=BUNDLED)
    args = parser.parse_args(argv)
    data = import_esco(args.esco_dir)
    for spec in args.labels:
        lang, source, file = spec.split(":", 2)
        if source not in ("esco", "kohtaanto"):
            parser.error(f"label source must be esco or kohtaanto, not {source!r}")
        data = add_labels(data, lang, source, read_label_file(Path(file)))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    write(data, args.out)
    print(
        f"{args.out}: ESCO {data.version}, {len(data.concepts)} concepts, {len(data.labels)} labels, "
        f"{len(data.occupation_skills)} occupation-skill relations, languages {', '.join(data.languages)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
