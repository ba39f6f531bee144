"""Shared pieces of profiles and vacancies: languages, places, recognised terms."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from matcher.domain.base import PRINTABLE, Input, Output
from matcher.domain.enums import Cefr

LanguageCode = Annotated[str, msgspec.Meta(pattern=r"^[a-z]{2,3}$", description="ISO 639 code, e.g. fi")]
DrivingLicence = Literal["AM", "A1", "A2", "A", "B", "BE", "C1", "C1E", "C", "CE", "D1", "D1E", "D", "DE", "T"]
Municipality = Annotated[str, msgspec.Meta(min_length=1, max_length=80, pattern=PRINTABLE)]


class Language(Input):
    code: LanguageCode
    level: Cefr


class Coordinates(Input):
    lat: Annotated[float, msgspec.Meta(ge=-90, le=90)]
    lon: Annotated[float, msgspec.Meta(ge=-180, le=180)]


class RecognisedTerm(Output):
    """A term as typed and the ESCO concept it was recognised as (``uri`` null when unmatched)."""

    text: str
    uri: str | None = None
    label: str | None = None
    kind: str | None = None
    score: float | None = None
