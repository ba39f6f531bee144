"""Referral state machine, JobPosting mapping, settings and error shapes."""

from __future__ import annotations

import msgspec
import pytest

from matcher.domain.enums import Role
from matcher.domain.jobposting import JobPosting, to_vacancy
from matcher.domain.referrals import FINAL, TRANSITIONS, ReferralState, allowed, reachable
from matcher.errors import InvalidField, from_msgspec
from matcher.settings import DEFAULT_SQLITE, Settings, SettingsError


def test_final_states_lead_nowhere() -> None:
    for state in FINAL:
        assert reachable(state) == []


def test_every_state_is_reachable_from_proposed() -> None:
    seen, frontier = {ReferralState.PROPOSED}, [ReferralState.PROPOSED]
    while frontier:
        for target in reachable(frontier.pop()):
            if target not in seen:
                seen.add(target)
                frontier.append(target)
    assert seen == set(ReferralState)


def test_only_coaches_approve_and_only_recruiters_record_outcomes() -> None:
    assert allowed(ReferralState.PROPOSED, ReferralState.APPROVED, Role.COACH)
    for role in (Role.RECRUITER, Role.COORDINATOR, Role.TEAM, Role.ADMIN):
        assert not allowed(ReferralState.PROPOSED, ReferralState.APPROVED, role)
    for (_, target), roles in TRANSITIONS.items():
        if target in (ReferralState.HIRED, ReferralState.NOT_HIRED, ReferralState.NO_SHOW):
            assert roles == {Role.RECRUITER}


def posting(**changes: object) -> JobPosting:
    body: dict[str, object] = {
        "@type": "JobPosting",
        "title": "Siivooja",
        "jobLocation": {"address": {"addressLocality": "Espoo"}},
    }
    body.update(changes)
    return msgspec.convert(body, JobPosting)


def test_job_posting_shapes() -> None:
    assert to_vacancy(posting()).municipality == "Espoo"
    assert to_vacancy(posting(jobLocation=[{"address": "Vantaa, Finland"}])).municipality == "Vantaa"
    assert to_vacancy(posting(employmentType="PART_TIME")).hours == "part_time"
    assert to_vacancy(posting(employmentType="INTERN")).contract == "apprenticeship"
    assert to_vacancy(posting(skills="siivous, hygieniapassi")).required_skills == ["siivous", "hygieniapassi"]
    assert to_vacancy(posting(name="Siivooja", title=None)).title == "Siivooja"
    with pytest.raises(InvalidField) as error:
        to_vacancy(posting(jobStartDate="soon"))
    assert error.value.errors is not None
    assert error.value.errors[0].field == "$.jobStartDate"


def test_settings_from_the_environment() -> None:
    assert Settings.from_env({}).database_url == DEFAULT_SQLITE
    assert Settings.from_env({}).redis_url is None
    pg = Settings.from_env({"MATCHER_DATABASE_URL": "postgresql://u@h/db", "MATCHER_FEEDBACK_AFTER_DAYS": "5"})
    assert pg.database_url == "postgresql+asyncpg://u@h/db"
    assert pg.feedback_after_days == 5
    assert not pg.is_sqlite
    for bad in (
        {"MATCHER_DATABASE_URL": "mysql://x"},
        {"MATCHER_FEEDBACK_AFTER_DAYS": "soon"},
        {"MATCHER_JOB_POLL_SECONDS": "-1"},
    ):
        with pytest.raises(SettingsError):
            Settings.from_env(bad)


class Small(msgspec.Struct, forbid_unknown_fields=True):
    n: int


def test_msgspec_errors_become_field_errors() -> None:
    for raw, field in ((b'{"n": "x"}', "$.n"), (b'{"n": 1, "m": 2}', "$.m"), (b"{", "$")):
        try:
            msgspec.json.decode(raw, type=Small)
        except (msgspec.ValidationError, msgspec.DecodeError) as error:
            problem = from_msgspec(error)
            assert problem.errors is not None
            assert problem.errors[0].field == field
            assert problem.status == 400
        else:
            raise AssertionError("should not decode")
