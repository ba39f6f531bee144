"""Gaps a job seeker can close quickly: the cards and certificates a short course gives."""

from __future__ import annotations

from functools import cache
from pathlib import Path

COURSES = Path(__file__).parent / "data" / "courses.tsv"


@cache
def courses() -> dict[str, tuple[str, str]]:
    """Concept URI -> the course that bridges it (Finnish, English)."""
    table = {}
    for line in COURSES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            uri, fi, en = line.split("\t")
            table[uri] = (fi, en)
    return table
