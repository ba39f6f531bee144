"""Pair features of (vacancy, job seeker), computed for many job seekers at once.

The first seven are the transparent prior's components (``matcher.matching.scoring`` computes
the same for one person, and says which skills matched); the rest are what outcomes can teach.
Age, gender, origin and health are not in a pool, so they can never become features.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from matcher.matching.scoring import WEIGHTS
from matcher.ranking.pool import REASONS, Pool, Query

HELPS, HURTS, EITHER = 1, -1, 0
# Each feature, and which way it may move a hire, all else equal: having a required skill never
# counts against a person, a language gap or a later start never counts for them. A model learned
# from few, correlated outcomes could otherwise say so (skills and implied skills move together),
# and its explanations would tell a coach that skills held someone back.
FEATURES = {
    "required_skills": HELPS,
    "occupation": HELPS,
    "languages": HELPS,
    "location": HELPS,
    "nice_to_have": HELPS,
    "hours": HELPS,
    "driving_licences": HELPS,
    "implied_skills": HELPS,
    "similarity": HELPS,
    "isco_closeness": HELPS,
    "language_gap": HURTS,
    "commute_excess": HURTS,
    "availability_gap": HURTS,
    "experience": HELPS,
    "similar_hire_rate": HELPS,
    "similar_outcomes": EITHER,
    "employer_concern": HURTS,
    "active_referrals": EITHER,
    "concern_skills": HURTS,
    "concern_language": HURTS,
    "concern_location": HURTS,
    "concern_hours": HURTS,
    "concern_experience": HURTS,
    "concern_availability": HURTS,
    "employability": HELPS,
    "hire_rate": HELPS,
}
NAMES = list(FEATURES)
PRIOR = np.array([WEIGHTS.get(name, 0.0) for name in NAMES])
DIRECTIONS = np.array(list(FEATURES.values()))
EARTH_RADIUS_KM = 6371.0
_REASON = {reason.value: i for i, reason in enumerate(REASONS)}


def idf(pool: Pool) -> np.ndarray:
    """Inverse document frequency of every column over the pool (rare concepts weigh more)."""
    present = pool.expanded.copy()
    present.data = np.ones_like(present.data)
    df = np.asarray(present.sum(axis=0)).ravel()
    return np.log((len(pool) + 1) / (df + 1)) + 1.0


def _columns(matrix: sp.csr_matrix, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """Dense values of ``columns`` for ``rows``; columns the matrix has not seen yet are zero."""
    inside = columns[columns < matrix.shape[1]]
    values = np.zeros((len(rows), len(columns)))
    if len(inside):
        values[:, : len(inside)] = matrix[rows][:, inside].toarray()
    return values


def _coverage(matrix: sp.csr_matrix, rows: np.ndarray, columns: np.ndarray, graded: bool = False) -> np.ndarray:
    if not len(columns):
        return np.ones(len(rows))
    values = _columns(matrix, rows, columns)
    return np.asarray((np.minimum(values, 1.0) if graded else values > 0).mean(axis=1), dtype=float)


def _distance(pool: Pool, rows: np.ndarray, query: Query) -> np.ndarray:
    lat1, lon1 = np.radians(pool.lat[rows]), np.radians(pool.lon[rows])
    lat2, lon2 = np.radians(query.lat), np.radians(query.lon)
    h = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    raw = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0, 1)))
    same = pool.place[rows] == query.place
    unknown = np.isnan(raw) | (same & ~(pool.precise[rows] & query.precise))
    return np.where(unknown, np.where(same, 0.0, np.nan), raw)


def _isco_level(codes: np.ndarray, target: int) -> np.ndarray:
    """4 = same unit group, 3 = minor, 2 = sub-major, 1 = major group, 0 = none; best of a row."""
    if not target:
        return np.zeros(len(codes))
    level = np.zeros(codes.shape)
    for digits, value in ((1000, 1), (100, 2), (10, 3), (1, 4)):
        level = np.where((codes > 0) & (codes // digits == target // digits), value, level)
    return level.max(axis=1) if codes.shape[1] else np.zeros(len(codes))


def compute(pool: Pool, query: Query, rows: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
    """The feature matrix (len(rows) x len(NAMES)); ``weights`` is the pool's IDF when known."""
    n = len(rows)
    out = np.zeros((n, len(NAMES)))
    out[:, 0] = _coverage(pool.has, rows, query.required)
    # occupation
    level = _isco_level(pool.isco[rows], query.isco)
    if query.occupation < 0:
        out[:, 1] = 0.5
    else:
        exact = _columns(pool.occupations, rows, np.array([query.occupation]))[:, 0] > 0
        out[:, 1] = np.where(exact, 1.0, np.where(level == 4, 0.7, np.where(level >= 2, 0.3, 0.0)))
    # languages
    if query.languages:
        has = _columns(pool.languages, rows, np.array([col for col, _ in query.languages]))
        need = np.array([rank for _, rank in query.languages], float)
        out[:, 2] = (has >= need).mean(axis=1)
        out[:, 10] = np.maximum(need - has, 0).mean(axis=1) / 7
    else:
        out[:, 2] = 1.0
    # location
    distance = _distance(pool, rows, query)
    allowed = pool.commute[rows]
    with np.errstate(invalid="ignore"):
        within = distance <= allowed
        beyond = np.maximum(0.0, 1.0 - (distance - allowed) / np.maximum(allowed, 1))
    out[:, 3] = np.where(np.isnan(distance), 0.3, np.where(within, 1.0, beyond))
    out[:, 11] = np.nan_to_num(np.clip(distance / np.maximum(allowed, 1) - 1, 0, 3), nan=0.0)
    out[:, 4] = _coverage(pool.has, rows, query.nice)
    hours = pool.hours[rows]
    out[:, 5] = np.where(hours & query.hours, 1.0, np.where(hours == 0, 0.5, 0.0))
    if query.licence_count:
        missing = np.bitwise_count(query.licences & ~pool.licences[rows])
        out[:, 6] = 1.0 - missing / query.licence_count
    else:
        out[:, 6] = 1.0
    out[:, 7] = _coverage(pool.expanded, rows, query.required, graded=True)
    out[:, 8] = _similarity(pool, rows, query, idf(pool) if weights is None else weights)
    out[:, 9] = level / 4
    later = pool.available_from[rows] - query.start
    out[:, 12] = np.clip(np.where(pool.available_from[rows] > 0, later, 0) / 30, 0, 6)
    major = query.isco // 1000 if query.isco else -1
    codes = pool.isco[rows]
    out[:, 13] = ((codes > 0) & (codes // 1000 == major)).sum(axis=1) / codes.shape[1] if major >= 0 else 0.0
    hired = pool.hired[rows, major] if major >= 0 else pool.hired[rows].sum(axis=1)
    not_hired = pool.not_hired[rows, major] if major >= 0 else pool.not_hired[rows].sum(axis=1)
    out[:, 14] = (hired + 1) / (hired + not_hired + 2)
    out[:, 15] = np.log1p(hired + not_hired)
    # The employer's reasons so far, each met by this person's gap of that kind.
    share = query.concerns
    out[:, 18] = share[_REASON["skills"]] * (1 - out[:, 7])
    out[:, 19] = share[_REASON["language"]] * (1 - out[:, 2] + out[:, 10])
    out[:, 20] = share[_REASON["location"]] * (1 - out[:, 3])
    out[:, 21] = share[_REASON["hours"]] * (1 - out[:, 5])
    out[:, 22] = share[_REASON["experience"]] * (1 - out[:, 9])
    out[:, 23] = share[_REASON["availability"]] * np.minimum(out[:, 12], 1)
    out[:, 16] = out[:, 18:24].sum(axis=1)
    out[:, 17] = np.minimum(pool.active[rows], 5)
    # How ready for work earlier employers found the person after an interview, -1 to 1: the mean
    # rating, drawn towards the middle while ratings are few (one is a weak sign).
    rated = pool.rated[rows]
    out[:, 24] = rated[:, 0] / (2 * (rated[:, 1] + 1))
    # How often earlier interviews in any field ended in a hire, drawn towards even while they are few.
    everywhere = pool.hired[rows].sum(axis=1)
    out[:, 25] = (everywhere + 1) / (everywhere + pool.not_hired[rows].sum(axis=1) + 2)
    return out


def _similarity(pool: Pool, rows: np.ndarray, query: Query, weights: np.ndarray) -> np.ndarray:
    """Cosine of the IDF-weighted concept vectors of the person and the vacancy."""
    columns = query.vector[query.vector < len(weights)]
    if not len(columns):
        return np.zeros(len(rows))
    q = query.weights[query.vector < len(weights)] * weights[columns]
    sub = pool.expanded[rows]
    w = np.zeros(sub.shape[1])
    w[: min(len(weights), sub.shape[1])] = weights[: sub.shape[1]]
    norms = np.sqrt(np.asarray(sub.multiply(sub) @ (w**2)).ravel())
    dot = _columns(sub, np.arange(len(rows)), columns) @ (q * weights[columns])
    return np.where(norms > 0, dot / (norms * np.linalg.norm(q) + 1e-12), 0.0)


def prior(features: np.ndarray) -> np.ndarray:
    """The transparent prior: the weighted sum of the first components, in [0, 1]."""
    return np.asarray(np.round(features @ PRIOR, 4), dtype=float)
