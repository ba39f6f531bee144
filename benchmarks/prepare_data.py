"""Copy the public benchmark sets this repository uses into benchmarks/data (run once, from the repo).

    python benchmarks/prepare_data.py ../shared/data/benchmarks

Sources and licences are recorded in benchmarks/data/README.md. The MELO set is reduced to what the
benchmark reads: each query with the ESCO URIs of its positive answers.
"""

from __future__ import annotations

import csv
import shutil
import sys
from collections import defaultdict
from pathlib import Path

OUT = Path(__file__).parent / "data"


def main(source: Path) -> None:
    OUT.mkdir(exist_ok=True)
    shutil.copy(source / "title-normalization" / "jobbert_v1_titles.dev.csv", OUT)
    for name in ("house_validation_annotations.csv", "tech_validation_annotations.csv"):
        shutil.copy(source / "skill-extraction" / name, OUT)
    melo = source / "occupation-linking-en"
    mapping = dict(line.rstrip("\n").split("\t") for line in (melo / "concept_mapping.tsv").open(encoding="utf-8"))
    positives: dict[str, set[str]] = defaultdict(set)
    for line in (melo / "annotations.tsv").open(encoding="utf-8"):
        query, _, element, relevant = line.rstrip("\n").split("\t")
        if relevant == "1":
            positives[query].add(mapping[element])
    with (OUT / "melo_usa_q_en_c_en.tsv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t")
        writer.writerow(["query", "uris"])
        for line in (melo / "queries.tsv").open(encoding="utf-8"):
            query_id, text = line.rstrip("\n").split("\t", 1)
            if positives[query_id]:
                writer.writerow([text, " ".join(sorted(positives[query_id]))])
    shutil.copy(melo / "LICENSE.MIT", OUT / "LICENSE.melo")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
