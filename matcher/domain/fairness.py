"""The fairness audit: group attributes given for it alone, and what it reports."""

from __future__ import annotations

from datetime import date
from typing import Literal

from matcher.domain.base import Input, Output

Gender = Literal["female", "male", "other"]
AgeBand = Literal["18-29", "30-49", "50+"]
LanguageBackground = Literal["finnish_or_swedish", "other"]
ATTRIBUTES = ("gender", "age_band", "language_background")


class AuditGroups(Input):
    """What the job seeker chose to tell for the fairness audit; leave out what they did not. These
    never reach a profile view, a ranking or a model."""

    gender: Gender | None = None
    age_band: AgeBand | None = None
    language_background: LanguageBackground | None = None


class GroupFigures(Output):
    group: str
    considered: int  # eligible for a ranking (consent for the partner, not already referred)
    selected: int  # ranked onto the shortlist
    selection_rate: float | None
    impact_ratio: float | None  # selection rate against the best-placed group's (four-fifths rule: >= 0.8)
    fisher_p: float | None  # Fisher's exact test, this group against everyone else
    four_fifths_met: bool | None
    mean_exposure: float | None  # position-discounted (1 / log2(1 + rank)) exposure per considered member
    rankings: int  # rankings in which the group had members
    fair_prefix_passed: int  # of those, rankings passing the FA*IR ranked group fairness test


class AttributeAudit(Output):
    attribute: str
    groups: list[GroupFigures]
    unrecorded: int  # considered people who gave nothing for this attribute


class FairnessAudit(Output):
    since: date
    until: date
    rankings: int
    alpha: float  # significance level of the FA*IR prefix test
    attributes: list[AttributeAudit]
