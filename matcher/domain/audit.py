"""The audit trail of personal-data access, as the admin reads it."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from matcher.domain.base import Output


class Action(StrEnum):
    READ = "read"
    CREATE = "create"
    UPDATE = "update"
    ERASE = "erase"


class Purpose(StrEnum):
    """Why the data was touched: each route serves one purpose of the service."""

    CASE_MANAGEMENT = "case_management"  # a coach keeps the job seeker's profile and consents
    MATCHING = "matching"  # a shortlist ranks job seekers for a vacancy
    REFERRAL = "referral"  # a referral is approved, scheduled and followed
    FEEDBACK = "feedback"  # the employer tells how the interview and the job went
    FAIRNESS_AUDIT = "fairness_audit"  # a coach records the groups a job seeker gave for the audit
    RETENTION = "retention"  # the service erases a profile when its retention time has passed


class AuditEntry(Output):
    seq: int
    at: datetime
    actor: str
    organisation: str
    role: str
    action: Action
    subject: str  # SHA-256 of the pseudonymous id: the trail names nobody, and outlives an erasure
    subject_organisation: str
    fields: list[str]
    purpose: Purpose
    hash: str


class AuditPage(Output):
    items: list[AuditEntry]
    next_after: int | None  # pass as `after` for the next page


class ChainCheck(Output):
    """The result of recomputing the hash chain from the first entry."""

    entries: int
    intact: bool
    first_broken: int | None  # the first sequence number that does not fit, when not intact
    problem: str | None
