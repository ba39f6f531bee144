"""Shortlists from 100,000 and 1,000,000 job seekers, and the market plan for 1,000 vacancies.

People come from the synthetic ESCO market (a base of real-looking profiles, repeated with new
ids and shuffled places, availability and consents). The baseline is the naive way: the
transparent scorer called once per person in Python, timed on a sample in the same run and
scaled to the pool (it grows linearly), so every figure is printed beside its ratio.
"""

from __future__ import annotations

import gc
import statistics
import time
from datetime import UTC, datetime, timedelta

import numpy as np
import scipy.sparse as sp

from matcher.bench import figure, http
from matcher.domain.candidates import Candidate
from matcher.matching.scoring import score
from matcher.ranking import allocation
from matcher.ranking.features import compute, prior
from matcher.ranking.index import CandidateIndex, Consents, stack
from matcher.ranking.market import SETTINGS, TODAY, Market, build
from matcher.ranking.model import Artifact
from matcher.ranking.pool import Places, Pool, encode, query
from matcher.ranking.space import codes, space_for
from matcher.ranking.training import Outcomes, fit
from taxonomy import Taxonomy
from taxonomy.lookup import bundled

BASE = 20_000
PARTNERS = 20
SAMPLE = 2_000  # people the naive baseline scores
EDGES = 40


def _people(market: Market, taxonomy: Taxonomy, places: Places, count: int) -> tuple[Pool, list[Candidate], float]:
    """``count`` profiles as arrays, and the seconds the encoding (not the making up) took."""
    made = [market.candidate() for _ in range(count)]
    started = time.perf_counter()
    pool = encode(space_for(taxonomy), [c for c, _, _ in made], places, codes(taxonomy))
    took = time.perf_counter() - started
    pool.hired = np.array([h for _, h, _ in made], np.float32)
    pool.not_hired = np.array([n for _, _, n in made], np.float32)
    return pool, [c for c, _, _ in made], took


def _tiled(base: Pool, n: int, rng: np.random.Generator) -> tuple[Pool, np.ndarray, Consents]:
    copies = -(-n // len(base))
    pool = stack([base] * copies)
    keep = np.arange(n)
    pool = Pool(
        ids=[f"p{i:07d}" for i in keep],
        **{
            k: (v[keep] if isinstance(v, np.ndarray) or sp.issparse(v) else v)
            for k, v in vars(pool).items()
            if k != "ids"
        },
    )
    pool.place = rng.permutation(pool.place)
    pool.available_from = np.where(rng.random(n) < 0.75, 0, TODAY.toordinal() + rng.integers(1, 60, n))
    pool.active = rng.integers(0, 4, n).astype(np.float32)
    organisation = (rng.random(n) < 0.1).astype(np.int32)  # 90 % of the city's own organisation (0)
    rows, cols = np.nonzero(rng.random((n, PARTNERS)) < 0.3)
    until = sp.csc_matrix(
        (np.full(len(rows), (TODAY + timedelta(days=180)).toordinal()), (rows, cols)), shape=(n, PARTNERS)
    )
    return pool, organisation, Consents({f"employer-{k}": k for k in range(PARTNERS)}, until)


def _model(market: Market, taxonomy: Taxonomy, base: Pool) -> Artifact:
    """A learned model, trained on the oracle's outcomes for interviews in the market."""
    places = Places()
    rng = np.random.default_rng(1)
    parts, labels = [], []
    for number in range(60):
        vacancy, employer = market.vacancy(1, number)
        q = query(space_for(taxonomy), vacancy, places, codes(taxonomy), TODAY)
        rows = np.argsort(-prior(compute(base, q, np.arange(len(base)))))[:20]
        values = compute(base, q, rows)
        chance = 1 / (1 + np.exp(-market.hire_logit(employer, values, [base.ids[r] for r in rows])))
        parts.append(values)
        labels.append((rng.random(len(rows)) < chance).astype(int))
    features = np.vstack(parts)
    hired = np.concatenate(labels)
    at = [datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=i) for i in range(len(hired))]
    return fit(Outcomes(features, hired, np.ones(len(hired)), at))


def _naive_ms(people: list[Candidate], market: Market, taxonomy: Taxonomy, n: int) -> float:
    """Milliseconds the per-person Python loop would take for ``n`` people."""
    isco = codes(taxonomy)
    vacancy, _ = market.vacancy(2, 0)
    sample = people[:SAMPLE]
    started = time.perf_counter()
    ranked = sorted((score(c, vacancy, isco)[0], c.id) for c in sample)
    elapsed = time.perf_counter() - started
    assert ranked
    return elapsed / len(sample) * n * 1000


def _shortlists(index: CandidateIndex, market: Market, taxonomy: Taxonomy, model: Artifact, count: int) -> list[float]:
    places = Places()
    times = []
    for number in range(count):
        vacancy, employer = market.vacancy(3, number)
        started = time.perf_counter()
        q = query(space_for(taxonomy), vacancy, places, codes(taxonomy), TODAY)
        found = index.shortlist(q, 0, f"employer-{employer}", TODAY, vacancy.interview_slots, model)
        times.append((time.perf_counter() - started) * 1000)
        assert len(found.people) <= vacancy.interview_slots
    return times


def main(candidates: int | None) -> int:
    taxonomy = bundled()
    market = build(taxonomy, SETTINGS["default"])
    places = Places()
    base, people, encode_s = _people(market, taxonomy, places, BASE)
    figure("profiles_encoded_per_s", f"{BASE / encode_s:.0f}", "1/s")
    model = _model(market, taxonomy, base)
    rng = np.random.default_rng(5)
    sizes = [candidates] if candidates else [100_000, 1_000_000]
    for n in sizes:
        label = f"{n // 1000}k" if n < 1_000_000 else f"{n // 1_000_000}M"
        pool, organisation, consents = _tiled(base, n, rng)
        gc.collect()
        started = time.perf_counter()
        index = CandidateIndex(pool, organisation, consents)
        build_s = time.perf_counter() - started
        figure(f"index_build_s@{label}", f"{build_s:.2f}", "s")
        figure(f"index_build_with_encoding_s@{label}", f"{build_s + n / (BASE / encode_s):.1f}", "s")
        figure(f"index_mem_mb@{label}", f"{index.memory_bytes() / 2**20:.0f}", "MB")
        times = _shortlists(index, market, taxonomy, model, 200)
        p50, p99 = statistics.median(times), float(np.percentile(times, 99))
        naive = _naive_ms(people, market, taxonomy, n)
        figure(f"shortlist_p50_ms@{label}", f"{p50:.1f}", "ms")
        figure(f"shortlist_p99_ms@{label}", f"{p99:.1f}", "ms")
        figure(f"naive_shortlist_ms@{label}", f"{naive:.0f}", "ms")
        figure(f"shortlist_speedup@{label}", f"{naive / p50:.0f}", "x")
        started = time.perf_counter()
        index.upsert(_tiled(base, 100, rng)[0], np.zeros(100, np.int32), consents_for(100))
        figure(f"update_100_people_ms@{label}", f"{(time.perf_counter() - started) * 1000:.1f}", "ms")
        if n <= 100_000:
            figure(f"retrieval_agreement@{label}", f"{_agreement(index, market, taxonomy, model):.3f}")
        if n == 100_000:
            _allocation(index, market, taxonomy, model, people, label)
        del index, pool
    for n in sizes:
        if n <= 100_000:
            http.main(n, f"{n // 1000}k")
    return 0


def _agreement(index: CandidateIndex, market: Market, taxonomy: Taxonomy, model: Artifact) -> float:
    """The share of shortlisted people the index finds that scoring everyone in full also finds."""
    places = Places()
    shared = total = 0
    for number in range(50):
        vacancy, employer = market.vacancy(5, number)
        q = query(space_for(taxonomy), vacancy, places, codes(taxonomy), TODAY)
        args = (q, 0, f"employer-{employer}", TODAY, vacancy.interview_slots, model)
        fast = index.shortlist(*args).people
        full = index.shortlist(*args, retrieve=index.size).people
        shared += len(set(fast) & set(full))
        total += len(full)
    return shared / total if total else 1.0


def consents_for(n: int) -> Consents:
    until = sp.csc_matrix(np.full((n, 1), (TODAY + timedelta(days=90)).toordinal()))
    return Consents({"employer-0": 0}, until)


def _allocation(
    index: CandidateIndex, market: Market, taxonomy: Taxonomy, model: Artifact, people: list[Candidate], label: str
) -> None:
    """Plan 1,000 vacancies at once: each vacancy's best ``EDGES`` pairs, then the linear program."""
    places = Places()
    started = time.perf_counter()
    pairs_v, pairs_c, values, slots, openings = [], [], [], [], []
    position: dict[str, int] = {}
    for number in range(1000):
        vacancy, employer = market.vacancy(4, number)
        q = query(space_for(taxonomy), vacancy, places, codes(taxonomy), TODAY)
        found = index.shortlist(q, 0, f"employer-{employer}", TODAY, EDGES, model)
        pairs_v += [number] * len(found.people)
        pairs_c += [position.setdefault(p, len(position)) for p in found.people]
        values += found.scores.tolist()
        slots.append(vacancy.interview_slots)
        openings.append(vacancy.openings)
    cap = np.full(len(position), 3)
    edges = (np.array(pairs_v), np.array(pairs_c), np.array(values), np.array(slots), cap)
    plan = allocation.allocate(*edges, np.array(openings))
    elapsed = time.perf_counter() - started
    figure(f"allocation_s@1000x{label}", f"{elapsed:.2f}", "s")
    figure(f"allocation_slot_fill@1000x{label}", f"{plan.filled:.3f}")
    figure(f"allocation_most_per_person@1000x{label}", str(int(np.bincount(plan.candidate).max())))
    naive_s = _naive_ms(people, market, taxonomy, index.size)  # ms per vacancy x 1,000 vacancies = s
    figure(f"naive_allocation_s@1000x{label}", f"{naive_s:.0f}", "s")
    figure(f"allocation_speedup@1000x{label}", f"{naive_s / elapsed:.0f}", "x")
