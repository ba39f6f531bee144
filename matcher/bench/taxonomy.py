"""Taxonomy quality and speed on the public sets in benchmarks/data, beside a plain rapidfuzz baseline.

Quality: job title → occupation (JobBERT dev, MELO en: acc@1, acc@5, MRR), skill span → skill
(TECH and HOUSE validation: acc@1, acc@5) and coach phrase → concept (the project's own set of
Finnish, Swedish and English phrases as coaches write them: acc@1, acc@5). Speed: distinct phrases
normalised per second on one core (warm index, no result cache), in batches and one per call; load
time and memory of the index.
"""

from __future__ import annotations

import csv
import gc
import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from rapidfuzz import fuzz, process

from taxonomy import Taxonomy
from taxonomy.lookup import BUNDLED
from taxonomy.model import ALL_KINDS, OCCUPATION_KINDS, SKILL_KINDS, ConceptKind
from taxonomy.text import normalise

DATA = Path(__file__).resolve().parents[2] / "benchmarks" / "data"
SPECIAL = {"LABEL NOT PRESENT", "UNDERSPECIFIED"}
COMPARED = 1000
BATCH = 1000
Ranker = Callable[[list[str], frozenset[ConceptKind]], list[list[str]]]


def emit(name: str, value: float, unit: str = "") -> None:
    shown = str(value) if isinstance(value, int) else f"{value:.4g}"
    print(f"{name}: {shown} {unit}".rstrip(), flush=True)


def _csv(name: str, delimiter: str = ",") -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter))


def title_sets(taxonomy: Taxonomy) -> dict[str, list[tuple[str, set[str]]]]:
    preferred = {c.preferred: c.uri for c in taxonomy.concepts if c.kind == "occupation"}
    jobbert = [
        (r["text"], {preferred[r["label"]]}) for r in _csv("jobbert_v1_titles.dev.csv") if r["label"] in preferred
    ]
    melo = [(r["query"], set(r["uris"].split())) for r in _csv("melo_usa_q_en_c_en.tsv", "\t")]
    return {"jobbert": jobbert, "melo_en": melo}


def skill_sets(taxonomy: Taxonomy) -> dict[str, list[tuple[str, set[str]]]]:
    preferred = {c.preferred: c.uri for c in taxonomy.concepts if c.kind in ("skill", "knowledge")}
    sets = {}
    for name in ("tech", "house"):
        rows = _csv(f"{name}_validation_annotations.csv")
        sets[name] = [
            (r["span"], {preferred[r["label"]]}) for r in rows if r["label"] not in SPECIAL and r["label"] in preferred
        ]
    return sets


def coach_phrases() -> list[tuple[str, str, str]]:
    """Phrases as coaches write them: (phrase, language or "", English preferred label of its concept)."""
    with (DATA / "coach_phrases.tsv").open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return [(row["phrase"], row["lang"], row["label"]) for row in rows]


def coach_set(taxonomy: Taxonomy) -> list[tuple[str, set[str]]]:
    preferred = {c.preferred: c.uri for c in taxonomy.concepts}
    return [(text, {preferred[label]}) for text, _, label in coach_phrases()]


def evaluate(ranker: Ranker, pairs: list[tuple[str, set[str]]], kinds: frozenset[ConceptKind]) -> dict[str, float]:
    hits1 = hits5 = reciprocal = 0.0
    batches = [_texts(pairs[start : start + BATCH]) for start in range(0, len(pairs), BATCH)]
    ranks = [found for texts in batches for found in ranker(texts, kinds)]
    for (_, gold), found in zip(pairs, ranks, strict=True):
        ranked = found[:5]
        rank = next((i for i, uri in enumerate(ranked, start=1) if uri in gold), 0)
        hits1 += rank == 1
        hits5 += rank > 0
        reciprocal += 1 / rank if rank else 0
    n = max(len(pairs), 1)
    return {"acc1": hits1 / n, "acc5": hits5 / n, "mrr": reciprocal / n}


def _texts(pairs: list[tuple[str, set[str]]]) -> list[str]:
    return [text for text, _ in pairs]


def ours(taxonomy: Taxonomy, lang: str | None = "en") -> Ranker:
    def rank(texts: list[str], kinds: frozenset[ConceptKind]) -> list[list[str]]:
        return [[m.uri for m in found] for found in taxonomy.matches_many(texts, kinds, lang, limit=5)]

    return rank


def baseline(taxonomy: Taxonomy) -> Ranker:
    """Plain rapidfuzz over every label of the wanted kinds (WRatio), best concept per label."""
    choices: dict[frozenset[ConceptKind], tuple[list[str], list[str]]] = {}

    def rank_one(text: str, kinds: frozenset[ConceptKind]) -> list[str]:
        if kinds not in choices:
            pairs = [
                (normalise(label.text), taxonomy.concepts[label.concept].uri)
                for label in taxonomy.data.labels
                if taxonomy.concepts[label.concept].kind in kinds
            ]
            choices[kinds] = ([p[0] for p in pairs], [p[1] for p in pairs])
        keys, uris = choices[kinds]
        found: list[str] = []
        for _, _, position in process.extract(normalise(text), keys, scorer=fuzz.WRatio, limit=25):
            if uris[position] not in found:
                found.append(uris[position])
        return found[:5]

    def rank(texts: list[str], kinds: frozenset[ConceptKind]) -> list[list[str]]:
        return [rank_one(text, kinds) for text in texts]

    return rank


PEER = Path(__file__).resolve().parents[2] / "benchmarks" / "peer_esco_skill_extractor.py"


def peer(python: Path, sets: list[tuple[str, list[tuple[str, set[str]]], frozenset[ConceptKind]]]) -> dict[str, float]:
    """Run the embedding peer once over every compared sample; return its figures by name."""
    queries = [
        (name, text, "occupation" if kinds == OCCUPATION_KINDS else "skill")
        for name, pairs, kinds in sets
        for text, _ in pairs
    ]
    payload = "".join(json.dumps({"text": text, "kind": kind}) + "\n" for _, text, kind in queries)
    result = subprocess.run(
        [str(python), str(PEER)], input=payload, capture_output=True, text=True, check=True, timeout=3600
    )
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    *tops, figures = lines
    by_text: dict[tuple[str, str], list[str]] = {
        (name, text): top["top"] for (name, text, _), top in zip(queries, tops, strict=True)
    }
    results: dict[str, float] = {}
    for name, pairs, kinds in sets:

        def rank(texts: list[str], _: frozenset[ConceptKind], name: str = name) -> list[list[str]]:
            return [by_text[(name, text)] for text in texts]

        for metric, value in evaluate(rank, pairs, kinds).items():
            results[f"{name}_{metric}_peer"] = value
    results.update({f"peer_{k}": v for k, v in figures.items()})
    return results


def throughput(taxonomy: Taxonomy, phrases: Iterable[str], batch: int, seconds: float = 5.0) -> float:
    """Distinct phrases per second in batches of ``batch`` (as ``matcher taxonomy match`` and the
    batch endpoint take them; 1 is one call a phrase), all that was learned from earlier passes
    (answers, word analyses) forgotten before each pass: only the indexes are warm."""
    texts = list(dict.fromkeys(phrases))
    done, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        taxonomy.forget()
        for start in range(0, len(texts), batch):
            taxonomy.matches_many(texts[start : start + batch], SKILL_KINDS, limit=1)
        done += len(texts)
    return done / (time.perf_counter() - started)


def run(quick: bool = False, with_baseline: bool = True, peer_python: Path | None = None) -> int:
    if not DATA.exists():
        print(f"benchmark data not found at {DATA}: run from a checkout of the repository", file=sys.stderr)
        return 2
    figures: dict[str, float] = {}

    def record(name: str, value: float, unit: str = "") -> None:
        figures[name] = value
        emit(name, value, unit)

    gc.collect()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    taxonomy = Taxonomy.load(BUNDLED)
    record("taxonomy_load_s", time.perf_counter() - started, "s")
    record("taxonomy_rss_mb", (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024, "MB")
    started = time.perf_counter()
    taxonomy.warm()  # as the service does in the background after loading
    record("taxonomy_warm_s", time.perf_counter() - started, "s")
    record("taxonomy_warm_rss_mb", (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024, "MB")
    systems = {"ours": ours(taxonomy)}
    if with_baseline:
        systems["rapidfuzz_baseline"] = baseline(taxonomy)
    compared: list[tuple[str, list[tuple[str, set[str]]], frozenset[ConceptKind]]] = []
    for kind, sets, kinds in (
        ("title", title_sets(taxonomy), OCCUPATION_KINDS),
        ("skill", skill_sets(taxonomy), SKILL_KINDS),
    ):
        for set_name, pairs in sets.items():
            compared.append((f"{kind}_{set_name}", pairs[:COMPARED], kinds))
            # Every system on the same sample (the baseline is slow); ours on the whole set as well.
            sample = pairs[:COMPARED]
            runs = [(system, ranker, sample, "") for system, ranker in systems.items()]
            if len(pairs) > len(sample) and not quick:
                runs.append(("ours", systems["ours"], pairs, "_all"))
            for system, ranker, items, suffix in runs:
                record(f"{kind}_{set_name}{suffix}_n", len(items))
                started = time.perf_counter()
                scores = evaluate(ranker, items, kinds)
                rate = len(items) / (time.perf_counter() - started)
                for metric, value in scores.items():
                    if kind == "skill" and metric == "mrr":
                        continue
                    record(f"{kind}_{set_name}{suffix}_{metric}_{system}", value)
                record(f"{kind}_{set_name}{suffix}_phrases_per_s_{system}", rate, "1/s")
    coach = coach_set(taxonomy)  # the language not given: a coach's phrase may be Finnish, Swedish or English
    for system, ranker in {**systems, "ours": ours(taxonomy, None)}.items():
        started = time.perf_counter()
        scores = evaluate(ranker, coach, ALL_KINDS)
        record(f"coach_phrases_n_{system}", len(coach))
        record(f"coach_phrases_acc1_{system}", scores["acc1"])
        record(f"coach_phrases_acc5_{system}", scores["acc5"])
        record(f"coach_phrases_phrases_per_s_{system}", len(coach) / (time.perf_counter() - started), "1/s")
    phrases = [text for pairs in title_sets(taxonomy).values() for text, _ in pairs]
    phrases += [text for pairs in skill_sets(taxonomy).values() for text, _ in pairs]
    if peer_python is not None:
        for name, value in peer(peer_python, compared).items():
            record(name, value, "1/s" if name.endswith("per_s") else "s" if name.endswith("_s") else "")
    seconds = 2.0 if quick else 5.0
    record("phrases_per_s", throughput(taxonomy, phrases, BATCH, seconds), "1/s")
    record("phrases_per_s_one_per_call", throughput(taxonomy, phrases, 1, seconds), "1/s")
    record("coach_phrases_per_s", throughput(taxonomy, _texts(coach), BATCH, seconds), "1/s")
    record("coach_phrases_per_s_one_per_call", throughput(taxonomy, _texts(coach), 1, seconds), "1/s")
    compare(figures, [name for name, *_ in compared])
    if peer_python is None:
        print("# the embedding peer (esco-skill-extractor) was not run: see --peer", flush=True)
    return 0


def compare(figures: dict[str, float], sets: list[str]) -> None:
    """The figures the targets are set against, worked out from those of the same run: quality
    against the embedding peer (MRR for titles, acc@5 for skills) and speed against the peer and
    the plain rapidfuzz baseline on the same samples."""
    for name in sets:
        metric = "mrr" if name.startswith("title") else "acc5"
        if (theirs := figures.get(f"{name}_{metric}_peer")) is not None:
            emit(f"{name}_{metric}_minus_peer", figures[f"{name}_{metric}_ours"] - theirs)
        if (slow := figures.get(f"{name}_phrases_per_s_rapidfuzz_baseline")) is not None:
            emit(f"{name}_phrases_per_s_vs_baseline", figures[f"{name}_phrases_per_s_ours"] / slow, "x")
    if (theirs := figures.get("peer_phrases_per_s")) is not None:
        emit("phrases_per_s_vs_peer", figures["phrases_per_s"] / theirs, "x")
