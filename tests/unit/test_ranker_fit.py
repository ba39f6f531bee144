"""The learned ranker's fit: scikit-learn's logistic objective, and features held to their direction."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import msgspec
import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from matcher.matching.shortlist import Considered, Context, decide, prepared
from matcher.ranking.features import DIRECTIONS, NAMES, compute
from matcher.ranking.model import INPUTS, Artifact, OutcomeRanker, artifact
from matcher.ranking.training import Outcomes, fit
from tests.unit.test_matching import FORKLIFT, PICKING, TODAY, candidate, isco, vacancy


def test_free_coefficients_are_those_of_scikit_learns_logistic_regression() -> None:
    rng = np.random.default_rng(3)
    X = rng.normal(size=(400, 5))
    y = (rng.random(400) < 1 / (1 + np.exp(-(X @ [1.0, -2.0, 0.5, 0.0, 0.3])))).astype(int)
    weights = rng.uniform(0.2, 1.0, 400)
    ours = OutcomeRanker(C=0.5).fit(X, y, sample_weight=weights)
    Z = (X - ours.mean_) / ours.scale_
    theirs = LogisticRegression(C=0.5, tol=1e-10, max_iter=10_000).fit(Z, y, sample_weight=weights)
    assert np.allclose(ours.coef_, theirs.coef_, atol=1e-3)
    assert np.allclose(ours.intercept_, theirs.intercept_, atol=1e-3)


def test_a_feature_that_only_helps_never_counts_against() -> None:
    # Two features that move together, and outcomes that (as among people picked for interviews by
    # the first) seem to go against the second once the first is known: a free fit gives the second
    # a negative weight; held to "only helps", it gets none, and the first carries the signal.
    rng = np.random.default_rng(5)
    shared = rng.normal(size=2000)
    X = np.column_stack([shared + 0.1 * rng.normal(size=2000), shared + 0.3 * rng.normal(size=2000)])
    y = (rng.random(2000) < 1 / (1 + np.exp(-(2 * X[:, 0] - 0.7 * X[:, 1])))).astype(int)
    free = OutcomeRanker(C=100.0).fit(X, y)
    held = OutcomeRanker(C=100.0, directions=[1, 1]).fit(X, y)
    assert free.coef_[0, 1] < -0.1
    assert held.coef_[0, 1] == 0.0
    assert held.coef_[0, 0] > free.coef_[0, 0] * 0.5
    # The order of the people it was trained on stays as good as the free fit's.
    assert np.corrcoef(held.decision_function(X), free.decision_function(X))[0, 1] > 0.95


def test_directions_must_name_every_feature() -> None:
    X, y = np.eye(4), np.array([0, 1, 0, 1])
    with pytest.raises(ValueError, match="directions name 2 features, X has 4"):
        OutcomeRanker(directions=[1, 1]).fit(X, y)


def test_a_trained_ranking_model_keeps_every_features_direction() -> None:
    # Outcomes that say nothing of skills but much of the rest, noisy enough to tempt a free fit
    # into signs that would tell a coach that skills held someone back.
    rng = np.random.default_rng(11)
    features = rng.random((600, len(NAMES)))
    hired = (rng.random(600) < 0.2).astype(int)
    at = [datetime(2026, 1, 5, tzinfo=UTC) + timedelta(days=int(d)) for d in rng.integers(0, 60, 600)]
    model = fit(Outcomes(features, hired, np.ones(600), at))
    assert model.features == INPUTS
    signs = np.sign(np.array(model.coef))
    wanted = np.append(DIRECTIONS, 1)
    assert np.all(signs[wanted > 0] >= 0)
    assert np.all(signs[wanted < 0] <= 0)


def _model(features: list[str], weights: dict[str, float]) -> Artifact:
    return Artifact(
        features=features,
        mean=[0.0 if name == "employability" else 0.5 for name in features],  # unrated: the middle
        scale=[0.25] * len(features),
        coef=[weights.get(name, 0.0) for name in features],
        intercept=-1.0,
        platt=(1.0, 0.0),
        C=0.1,
        trained_on=400,
        trained_until=datetime(2026, 1, 5, tzinfo=UTC),
        created_at=datetime(2026, 1, 5, tzinfo=UTC),
    )


def test_employability_ratings_from_interviews_move_a_learned_ranking() -> None:
    ready = candidate(id="ready", skills=[PICKING, FORKLIFT])
    far = candidate(id="far", skills=[PICKING, FORKLIFT])
    unrated = candidate(id="unrated", skills=[PICKING, FORKLIFT])
    pool = [
        Considered(candidate=far, consented=True, already_referred=False, ratings=[1, 2]),
        Considered(candidate=ready, consented=True, already_referred=False, ratings=[5]),
        Considered(candidate=unrated, consented=True, already_referred=False),
    ]
    model = _model(INPUTS, {"required_skills": 1.0, "employability": 1.5, "suitability": 1.0})
    decision = decide(vacancy(), pool, isco, TODAY, 3, Context(model=model))
    assert [p.candidate_id for p in decision.proposals] == ["ready", "unrated", "far"]
    words = {p.candidate_id: [r.en for r in p.explanation.reasons] for p in decision.proposals}
    assert "employers who interviewed them rated them ready for work" in words["ready"]
    assert "employers who interviewed them rated them still far from work" in words["far"]
    # The prior does not read ratings: the three are alike to it.
    alike = decide(vacancy(), pool, isco, TODAY, 3)
    assert len({p.score for p in alike.proposals}) == 1
    # Drawn towards the middle while few: one top rating counts less than three.
    thrice = Considered(candidate=unrated, consented=True, already_referred=False, ratings=[5, 5, 5])
    arrays, q = prepared(vacancy(), [*pool[:2], thrice], isco, TODAY, [])
    values = compute(arrays, q, np.arange(3))
    assert values[1, NAMES.index("employability")] == pytest.approx(0.5)
    assert values[2, NAMES.index("employability")] == pytest.approx(0.75)
    assert values[0, NAMES.index("employability")] == pytest.approx(-1 / 2)


def test_hires_after_interviews_in_any_field_count_beside_those_in_similar_work() -> None:
    # The vacancy is warehouse work (ISCO group 9); one person was hired twice in sales (group 5),
    # another turned down twice there; neither was interviewed for warehouse work.
    sales = [0] * 10
    sales[5] = 2
    often = Considered(candidate=candidate(id="often"), consented=True, already_referred=False, hired=sales)
    seldom = Considered(candidate=candidate(id="seldom"), consented=True, already_referred=False, not_hired=sales)
    new = Considered(candidate=candidate(id="new"), consented=True, already_referred=False)
    arrays, q = prepared(vacancy(), [often, seldom, new], isco, TODAY, [])
    values = compute(arrays, q, np.arange(3))
    assert values[:, NAMES.index("hire_rate")] == pytest.approx([0.75, 0.25, 0.5])
    assert values[:, NAMES.index("similar_hire_rate")] == pytest.approx([0.5, 0.5, 0.5])
    model = _model(INPUTS, {"required_skills": 1.0, "hire_rate": 1.0, "suitability": 1.0})
    decision = decide(vacancy(), [seldom, new, often], isco, TODAY, 3, Context(model=model))
    assert [p.candidate_id for p in decision.proposals] == ["often", "new", "seldom"]
    words = {p.candidate_id: [r.en for r in p.explanation.reasons] for p in decision.proposals}
    assert "often hired after an interview" in words["often"]
    assert "seldom hired after an interview" in words["seldom"]


def test_a_model_trained_before_a_feature_existed_ranks_as_it_did() -> None:
    rng = np.random.default_rng(2)
    rows = rng.random((50, len(NAMES)))
    weights = {"required_skills": 1.0, "languages": 0.5, "suitability": 0.8}
    older = _model([name for name in INPUTS if name != "employability"], weights)
    same = _model(INPUTS, weights)
    assert np.allclose(older.probability(rows), same.probability(rows))
    assert np.allclose(older.effects(rows[0]), same.effects(rows[0]))
    # A feature since dropped reads as its training mean: no part in any decision.
    dropped = _model([*INPUTS, "dropped_since"], {**weights, "dropped_since": 3.0})
    assert np.allclose(dropped.probability(rows), same.probability(rows))


def test_an_employer_with_outcomes_of_its_own_gets_its_own_weights() -> None:
    # One employer hires by the language, another by experience in the field; a third has too few
    # outcomes to say anything of its own.
    rng = np.random.default_rng(8)
    n = 2400
    features = rng.random((n, len(NAMES)))
    employer = rng.choice(["language-first", "experience-first"], n).tolist()
    language, experience = features[:, NAMES.index("languages")], features[:, NAMES.index("experience")]
    first = np.where(np.array(employer) == "language-first", language, experience)
    hired = (rng.random(n) < 1 / (1 + np.exp(-(-2.0 + 4.0 * first)))).astype(int)
    employer[:20] = ["newcomer"] * 20
    at = [datetime(2026, 1, 5, tzinfo=UTC) + timedelta(days=int(d)) for d in rng.integers(0, 60, n)]
    model = fit(Outcomes(features, hired, np.ones(n), at, employer))
    assert set(model.employers) == {"language-first", "experience-first"}
    speaks, practised = np.full((1, len(NAMES)), 0.5), np.full((1, len(NAMES)), 0.5)
    speaks[0, NAMES.index("languages")], practised[0, NAMES.index("experience")] = 1.0, 1.0
    both = np.vstack([speaks, practised])
    language_first = model.probability(both, "language-first")
    experience_first = model.probability(both, "experience-first")
    assert language_first[0] > language_first[1]
    assert experience_first[1] > experience_first[0]
    # Without outcomes of its own an employer is ranked by the shared weights; row by row alike.
    assert np.allclose(model.probability(both, "newcomer"), model.probability(both))
    rows = model.probability(both, ["language-first", "experience-first"])
    assert np.allclose(rows, [language_first[0], experience_first[1]])
    # Each feature's direction holds for the weights an employer ranks with.
    for name in model.employers:
        signs = np.sign(model.ranker(name).coef_[0])
        wanted = np.append(DIRECTIONS, 1)
        assert np.all(signs[wanted > 0] >= 0)
        assert np.all(signs[wanted < 0] <= 0)
    # The corrections are part of what the model's hash names; a model without any keeps its hash.
    shared = msgspec.structs.replace(model, employers={})
    assert model.content_hash != shared.content_hash
    # A database may hand the employers back in another order: the hash is the same.
    reordered = msgspec.structs.replace(model, employers=dict(reversed(model.employers.items())))
    assert list(reordered.employers) != list(model.employers)
    assert reordered.content_hash == model.content_hash
    assert shared.content_hash == _hash_without_employers(shared)


def _hash_without_employers(model: Artifact) -> str:
    body = [model.features, model.mean, model.scale, model.coef, model.intercept, model.platt]
    return hashlib.sha256(msgspec.json.encode(body)).hexdigest()


def test_a_stored_model_keeps_its_hash_where_the_database_drops_the_sign_of_zero() -> None:
    # A weight held to its direction can come out as -0.0; PostgreSQL's jsonb gives it back as 0.0.
    rng = np.random.default_rng(4)
    X = rng.normal(size=(300, 3))
    fitted = OutcomeRanker(C=1.0).fit(X, (X[:, 0] > 0).astype(int))
    fitted.coef_[0, 1], fitted.intercept_[0] = -0.0, -0.0
    stored = artifact(fitted, ["a", "b", "c"], datetime(2026, 3, 2, tzinfo=UTC), employers={"x": [-0.0, 1.0, 0.0, 0.0]})
    read_back = msgspec.convert(_unsigned_zeros(msgspec.to_builtins(stored)), Artifact)
    assert read_back.content_hash == stored.content_hash


def _unsigned_zeros(value: object) -> object:
    if isinstance(value, float):
        return 0.0 if value == 0 else value
    if isinstance(value, dict):
        return {key: _unsigned_zeros(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_unsigned_zeros(item) for item in value]
    return value
