"""Who is asking, and the rules of what each role may reach.

Objects of another organisation are reported as not found (404), so that their existence does
not leak; a route the role may never use is forbidden (403).
"""

from __future__ import annotations

import msgspec

from matcher.domain.enums import CITY_ROLES, PARTNER_ROLES, OrgKind, Role


class Principal(msgspec.Struct, frozen=True):
    """The authenticated user behind a request."""

    user_id: str
    name: str
    role: Role
    organisation: str
    org_kind: OrgKind

    @property
    def is_city(self) -> bool:
        return self.org_kind is OrgKind.CITY


def role_fits(role: Role, kind: OrgKind) -> bool:
    """Coaches and coordinators work for the city, recruiters for partners; team and admin for either."""
    if role in CITY_ROLES:
        return kind is OrgKind.CITY
    if role in PARTNER_ROLES:
        return kind is OrgKind.PARTNER
    return True


def default_kind(role: Role) -> OrgKind:
    return OrgKind.PARTNER if role in PARTNER_ROLES else OrgKind.CITY


# Which roles may see each kind of object at all; others are told it does not exist (404).
CANDIDATE_READERS = frozenset({Role.COACH, Role.COORDINATOR})
SHORTLIST_READERS = CANDIDATE_READERS
VACANCY_READERS = frozenset({Role.RECRUITER, Role.COACH, Role.COORDINATOR})
REFERRAL_READERS = VACANCY_READERS
