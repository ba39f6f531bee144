"""Weekly recruitment rounds in a synthetic market: the prior against the learned ranker, and
separate shortlists against the market plan.

Every variant meets the same job seekers, vacancies and luck (an interview's luck is a fixed
number per person and vacancy), so differences come from the ranking alone. After each round
the learned variant retrains on every outcome so far and, as the service's weekly job does, ranks
with the new model only if it beats the current ranking on the latest outcomes; the prior never
changes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta

import numpy as np

from matcher.bench import figure
from matcher.domain.candidates import Candidate
from matcher.domain.vacancies import Vacancy
from matcher.matching.shortlist import AVAILABILITY_GRACE_DAYS, MIN_SCORE
from matcher.ranking import allocation
from matcher.ranking.allocation import expected_hires
from matcher.ranking.features import compute, idf, prior
from matcher.ranking.market import SETTINGS, TODAY, Market, Setting, build
from matcher.ranking.model import Artifact, rank_scores, reason_weight
from matcher.ranking.pool import MIDDLE_RATING, NO_FIELD, REASONS, Places, encode, query
from matcher.ranking.space import codes, space_for
from matcher.ranking.training import NotEnoughOutcomes, Outcomes, retrain
from taxonomy import Taxonomy

EDGES = 40  # pairs per vacancy the market plan chooses from


@dataclass
class Round:
    interviews: int = 0
    hires: int = 0
    expected: float = 0.0  # hires the interviews should bring (the oracle's probabilities, openings counted)
    expected_separate: float = 0.0  # the same, had each vacancy taken its own best from the same pairs
    expected_prior: float = 0.0  # the same, had the prior ranked this very market (same people, same week)
    interviews_prior: int = 0
    expected_best: float = 0.0  # the same, had each vacancy taken the people most likely to be hired
    interviews_best: int = 0
    # The same, had each vacancy taken those most likely to be hired by what the records show: its
    # employer's true weights, and each person's trait as far as their records tell it.
    expected_informed: float = 0.0
    interviews_informed: int = 0
    slots: int = 0
    ndcg: list[float] = field(default_factory=list)
    ndcg_oracle: list[float] = field(default_factory=list)  # ranking by the employer's weights of what profiles show
    precision: list[float] = field(default_factory=list)
    most_interviews: int = 0  # for one person in the round

    @property
    def hires_per_interview(self) -> float:
        return self.hires / self.interviews if self.interviews else 0.0

    @property
    def filled(self) -> float:
        return self.interviews / self.slots if self.slots else 1.0

    @property
    def expected_per_interview(self) -> float:
        return self.expected / self.interviews if self.interviews else 0.0

    @property
    def prior_per_interview(self) -> float:
        """Hires per interview, had the prior ranked this very market."""
        return self.expected_prior / self.interviews_prior if self.interviews_prior else 0.0

    @property
    def informed_per_interview(self) -> float:
        """Hires per interview, had each vacancy interviewed those most likely to be hired by what
        the records show."""
        return self.expected_informed / self.interviews_informed if self.interviews_informed else 0.0

    @property
    def best_per_interview(self) -> float:
        """Hires per interview, had each vacancy interviewed those most likely to be hired."""
        return self.expected_best / self.interviews_best if self.interviews_best else 0.0


@dataclass
class Variant:
    name: str
    learned: bool
    planned: bool
    rounds: list[Round] = field(default_factory=list)


def _ndcg(order: np.ndarray, gains: np.ndarray, k: int = 10) -> float:
    discount = 1 / np.log2(np.arange(2, k + 2))
    ideal = np.sort(gains)[::-1][:k]
    best = float((ideal * discount[: len(ideal)]).sum())
    got = gains[order[:k]]
    return float((got * discount[: len(got)]).sum()) / best if best > 0 else 1.0


def _luck(serials: np.ndarray, vacancy: int, seed: int) -> np.ndarray:
    """A fixed uniform number per (person, vacancy): the same luck in every variant."""
    x = (serials.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)) ^ np.uint64(vacancy * 0x85EBCA6B + seed)
    x ^= x >> np.uint64(31)
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(29)
    return np.asarray((x >> np.uint64(11)).astype(np.float64) / float(1 << 53))


class Simulation:
    def __init__(self, taxonomy: Taxonomy, market: Market) -> None:
        self.taxonomy = taxonomy
        self.market = market
        self.space = space_for(taxonomy)
        self.isco = codes(taxonomy)
        setting = market.setting
        # One stream of people for all variants: the first ``candidates`` start, the rest arrive as others leave.
        self.stream = [market.candidate() for _ in range(setting.candidates * (1 + setting.rounds))]
        self.vacancies = [
            [market.vacancy(r, v) for v in range(setting.vacancies)] for r in range(1, setting.rounds + 1)
        ]

    def run(self, variant: Variant) -> Variant:
        setting = self.market.setting
        people = list(range(setting.candidates))  # indices into the stream
        arrived = setting.candidates
        hired = {i: list(self.stream[i][1]) for i in range(len(self.stream))}
        not_hired = {i: list(self.stream[i][2]) for i in range(len(self.stream))}
        rated = {i: [0.0, 0.0] for i in range(len(self.stream))}
        learned: list[tuple[np.ndarray, int, float, int, str]] = []
        model: Artifact | None = None
        reasons_given: list[Counter[str]] = [Counter() for _ in range(setting.employers)]
        for round_no, vacancies in enumerate(self.vacancies, start=1):
            today = self.market_today(round_no)
            candidates: list[Candidate] = [self.stream[i][0] for i in people]
            places = Places()
            pool = encode(self.space, candidates, places, self.isco)
            pool.hired = np.array([hired[i] for i in people], np.float32)
            pool.not_hired = np.array([not_hired[i] for i in people], np.float32)
            pool.rated = np.array([rated[i] for i in people], np.float32)
            weights = idf(pool)
            trait = self.market.trait_estimate(pool.hired.sum(axis=1), pool.not_hired.sum(axis=1), pool.rated)
            serials = np.array(people, np.int64)
            result = Round()
            pairs_v, pairs_c, pairs_value, slots = [], [], [], []
            others: dict[str, tuple[list[int], list[int], list[float]]] = {
                name: ([], [], []) for name in ("prior", "best", "informed")
            }
            truth: dict[tuple[int, int], float] = {}
            feature_of: dict[tuple[int, int], np.ndarray] = {}
            for v, (vacancy, employer) in enumerate(vacancies):
                told = reasons_given[employer]
                shares = np.array([told[r.value] for r in REASONS], float) / max(1, sum(told.values()))
                q = query(self.space, vacancy, places, self.isco, today, shares)
                rows = np.arange(len(people))
                values = compute(pool, q, rows, weights)
                suitability = prior(values)
                start = max(vacancy.start or today, today).toordinal() + AVAILABILITY_GRACE_DAYS
                open_now = (pool.available_from == 0) | (pool.available_from <= start)
                eligible = np.flatnonzero((suitability >= MIN_SCORE) & open_now)
                score, _ = rank_scores(model, values[eligible], suitability[eligible], employer=vacancy.organisation)
                oracle = 1 / (
                    1
                    + np.exp(-self.market.hire_logit(employer, values[eligible], [candidates[i].id for i in eligible]))
                )
                order = np.lexsort((eligible, -score))
                result.ndcg.append(_ndcg(order, oracle))
                seen = values[eligible] @ self.market.employer_weights[employer]
                result.ndcg_oracle.append(_ndcg(np.argsort(-seen, kind="stable"), oracle))
                k = vacancy.interview_slots
                best = set(np.argsort(-oracle, kind="stable")[:k].tolist())
                result.precision.append(len(best & set(order[:k].tolist())) / k)
                top = order[:EDGES]
                value = score[top]
                pairs_v += [v] * len(top)
                pairs_c += eligible[top].tolist()
                pairs_value += value.tolist()
                slots.append(k)
                for j, i in zip(top, eligible[top], strict=True):
                    truth[(v, int(i))] = float(oracle[j])
                    feature_of[(v, int(i))] = values[eligible[j]]
                informed = seen + self.market.setting.hidden_trait * trait[eligible]
                for name, ranking in (("prior", suitability[eligible]), ("best", oracle), ("informed", informed)):
                    chosen = np.lexsort((eligible, -ranking))[:EDGES]
                    others[name][0].extend([v] * len(chosen))
                    others[name][1].extend(eligible[chosen].tolist())
                    others[name][2].extend(ranking[chosen].tolist())
                    for j, i in zip(chosen, eligible[chosen], strict=True):
                        truth[(v, int(i))] = float(oracle[j])
            cap = np.full(len(people), setting.cap)
            openings = [vacancy.openings for vacancy, _ in vacancies]
            edges = (np.array(pairs_v), np.array(pairs_c), np.array(pairs_value), np.array(slots), cap)
            separate = allocation.greedy(*edges)
            plan = allocation.allocate(*edges, np.array(openings)) if variant.planned else separate
            result.expected_separate = self._expected(separate, truth, openings)
            by_prior, by_truth, by_records = (
                allocation.greedy(np.array(v_), np.array(c_), np.array(value_), np.array(slots), cap)
                for v_, c_, value_ in others.values()
            )
            result.expected_prior, result.interviews_prior = (
                self._expected(by_prior, truth, openings),
                len(by_prior.vacancy),
            )
            result.expected_best, result.interviews_best = (
                self._expected(by_truth, truth, openings),
                len(by_truth.vacancy),
            )
            result.expected_informed, result.interviews_informed = (
                self._expected(by_records, truth, openings),
                len(by_records.vacancy),
            )
            result.slots = plan.slots
            result.interviews = len(plan.vacancy)
            result.most_interviews = int(np.bincount(plan.candidate).max()) if len(plan.candidate) else 0
            # Interviews: a success is a hire while the vacancy has openings and the person is free.
            order = np.lexsort((plan.candidate, plan.vacancy))
            gone: set[int] = set()
            result.expected = self._expected(plan, truth, openings)
            for pair in order:
                v, i = int(plan.vacancy[pair]), int(plan.candidate[pair])
                p = truth[(v, i)]
                interview = round_no * 100_000 + v
                lucky = _luck(serials[[i]], interview, setting.seed)[0] < p
                group = self._group(vacancies[v][0])
                if lucky and openings[v] > 0 and i not in gone:
                    openings[v] -= 1
                    gone.add(i)
                    result.hires += 1
                    learned.append((feature_of[(v, i)], 1, 1.0, round_no, vacancies[v][0].organisation))
                    hired[people[i]][group] += 1
                else:
                    reason = self.market.reason(vacancies[v][1], feature_of[(v, i)], lucky, openings[v] == 0)
                    reasons_given[vacancies[v][1]][reason] += 1
                    weight = reason_weight([reason])
                    learned.append((feature_of[(v, i)], 0, weight, round_no, vacancies[v][0].organisation))
                    if weight > 0:  # a filled position or a declined offer says nothing against the person
                        not_hired[people[i]][group] += 1
                    rating = self.market.rating(candidates[i].id, interview)
                    if rating is not None:
                        rated[people[i]][0] += rating - MIDDLE_RATING
                        rated[people[i]][1] += 1
            variant.rounds.append(result)
            # The hired leave; as many newcomers arrive.
            people = [p for k, p in enumerate(people) if k not in gone] + list(range(arrived, arrived + len(gone)))
            arrived += len(gone)
            if variant.learned:
                model = self._retrain(learned, model)
        return variant

    @staticmethod
    def _expected(plan: allocation.Plan, truth: dict[tuple[int, int], float], openings: list[int]) -> float:
        """The hires a plan's interviews should bring, each vacancy's openings counted."""
        chances: dict[int, list[float]] = {}
        for v, i in zip(plan.vacancy.tolist(), plan.candidate.tolist(), strict=True):
            chances.setdefault(v, []).append(truth[(v, i)])
        return sum(expected_hires(ps, openings[v]) for v, ps in chances.items())

    @staticmethod
    def market_today(round_no: int) -> date:
        return TODAY + timedelta(days=7 * round_no)

    def _group(self, vacancy: Vacancy) -> int:
        occupation = vacancy.occupation
        code = self.space.isco(occupation.uri, self.isco) if occupation is not None else 0
        return code // 1000 if code else NO_FIELD

    @staticmethod
    def _retrain(learned: list[tuple[np.ndarray, int, float, int, str]], current: Artifact | None) -> Artifact | None:
        """As the weekly job: a model trained on every outcome so far ranks from next week only if
        one of its kind beats the current ranking on the latest outcomes."""
        data = Outcomes(
            np.array([f for f, *_ in learned]),
            np.array([y for _, y, *_ in learned]),
            np.array([w for _, _, w, *_ in learned]),
            [datetime(2026, 1, 1, tzinfo=UTC) + timedelta(weeks=r) for *_, r, _ in learned],
            [employer for *_, employer in learned],
        )
        try:
            found = retrain(data, current)
        except NotEnoughOutcomes:
            return current
        return found.model if found.better else current


def simulate(
    taxonomy: Taxonomy, market_name: str = "default", seed: int | None = None, rounds: int | None = None
) -> dict[str, Variant]:
    setting = SETTINGS[market_name]
    if seed is not None:
        setting = replace(setting, seed=seed)
    if rounds is not None:
        setting = replace(setting, rounds=rounds)
    return run_market(taxonomy, setting)


def run_market(taxonomy: Taxonomy, setting: Setting) -> dict[str, Variant]:
    """The prior, the learned ranker, and the learned ranker with the market plan, over one market."""
    sim = Simulation(taxonomy, build(taxonomy, setting))
    variants = [
        Variant("prior", learned=False, planned=False),
        Variant("learned", learned=True, planned=False),
        Variant("learned_planned", learned=True, planned=True),
    ]
    return {v.name: sim.run(v) for v in variants}


def report(results: dict[str, Variant], market_name: str = "default") -> None:
    """Print the figures: the last round's, and the learning curve."""
    at = "" if market_name == "default" else f"@{market_name}"
    prior_v, learned_v, planned_v = results["prior"], results["learned"], results["learned_planned"]
    last = len(prior_v.rounds)
    base, learned, planned = prior_v.rounds[-1], learned_v.rounds[-1], planned_v.rounds[-1]

    def show(name: str, value: float, unit: str = "") -> None:
        figure(f"{name}{at}", f"{value:.3f}", unit)

    show(f"hires_per_interview_prior_round{last}", base.expected_per_interview)
    show(f"hires_per_interview_learned_round{last}", learned.expected_per_interview)
    show(f"hires_per_interview_lift_round{last}", _lift(learned.expected_per_interview, base.expected_per_interview))
    # The same week's market (the learned variant's people and vacancies) ranked by the prior instead.
    same = learned.prior_per_interview
    show(f"hires_per_interview_prior_same_market_round{last}", same)
    show(f"hires_per_interview_lift_same_market_round{last}", _lift(learned.expected_per_interview, same))
    show(f"hires_per_interview_lift_same_market_best_possible_round{last}", _lift(learned.best_per_interview, same))
    show(f"hires_per_interview_lift_same_market_best_informed_round{last}", _lift(learned.informed_per_interview, same))
    show(f"realised_hires_per_interview_prior_round{last}", base.hires_per_interview)
    show(f"realised_hires_per_interview_learned_round{last}", learned.hires_per_interview)
    show(f"precision_at_k_prior_round{last}", float(np.mean(base.precision)))
    show(f"precision_at_k_learned_round{last}", float(np.mean(learned.precision)))
    show("ndcg10_prior", float(np.mean(base.ndcg)))
    show("ndcg10_learned", float(np.mean(learned.ndcg)))
    show("ndcg10_oracle", float(np.mean(learned.ndcg_oracle)))
    show("ndcg10_vs_oracle", float(np.mean(learned.ndcg)) / float(np.mean(learned.ndcg_oracle)))
    show("slot_fill", planned.filled)
    show("slot_fill_separate", learned.filled)
    show(f"hires_per_interview_planned_round{last}", planned.expected_per_interview)
    show(f"hires_planned_round{last}", planned.expected)
    show(f"hires_separate_round{last}", learned.expected)
    # The same rounds' pairs, planned together or taken by each vacancy in turn.
    gain = sum(r.expected for r in planned_v.rounds) / sum(r.expected_separate for r in planned_v.rounds) - 1
    show("plan_gain_same_pairs", gain)
    figure(f"most_interviews_per_person{at}", str(max(r.most_interviews for r in planned_v.rounds)))
    for number, (p, q) in enumerate(zip(prior_v.rounds, learned_v.rounds, strict=True), start=1):
        show(f"learning_curve_round{number}", _lift(q.expected_per_interview, p.expected_per_interview))
    # Each week's learned ranking against the prior on that same week's market: free of the drift
    # between the two variants' markets (whom each hired has left), so the curve shows the learning.
    for number, q in enumerate(learned_v.rounds, start=1):
        show(f"learning_curve_same_market_round{number}", _lift(q.expected_per_interview, q.prior_per_interview))


def _lift(value: float, base: float) -> float:
    return value / base - 1 if base else 0.0
