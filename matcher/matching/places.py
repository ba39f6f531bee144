"""Where people live and work: municipality centres and commute distances."""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path

from taxonomy.text import normalise

DATA = Path(__file__).parent / "data" / "municipalities.tsv"
EARTH_RADIUS_KM = 6371.0


@cache
def municipality_centres() -> dict[str, tuple[float, float]]:
    """Centre coordinates by normalised municipality name, in Finnish and Swedish."""
    centres = {}
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, other, lat, lon = line.split("\t")
        for key in (name, other):
            if key:
                centres[normalise(key)] = (float(lat), float(lon))
    return centres


def same_municipality(a: str, b: str) -> bool:
    ka, kb = normalise(a), normalise(b)
    centres = municipality_centres()
    return ka == kb or (ka in centres and centres.get(ka) == centres.get(kb))


def locate(municipality: str, lat: float | None = None, lon: float | None = None) -> tuple[float, float] | None:
    """Explicit coordinates when given, else the municipality's centre, else ``None``."""
    if lat is not None and lon is not None:
        return lat, lon
    return municipality_centres().get(normalise(municipality))


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine); road distance is longer, which the commute limit absorbs."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))
