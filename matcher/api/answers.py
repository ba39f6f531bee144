"""Answer pages: a partner answers a feedback or follow-up request through the signed link, no login.

The page shows only the vacancy, the interview time and the pseudonymous referral id, so a
forwarded link reveals nobody. Answering closes the request, which spends the link.
"""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Request, get, post
from litestar.datastructures import State
from litestar.params import FromPath
from litestar.response import Template

from matcher.api.deps import DispatcherDep, SessionDep, SettingsDep, commit
from matcher.domain.audit import Action, Purpose
from matcher.domain.enums import NonHireReason
from matcher.domain.referrals import FollowUpCreate, FollowUpStatus, OutcomeCreate
from matcher.errors import Problem, from_msgspec
from matcher.links import Claim, InvalidLink, LinkPurpose, verify
from matcher.store import audit, referrals
from matcher.store.secrets import link_key
from matcher.store.tables import ReferralRow, VacancyRow

HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
    "X-Frame-Options": "DENY",
}
OUTCOMES = [
    ("hired", "Palkattiin / Hired"),
    ("not_hired", "Ei palkattu / Not hired"),
    ("no_show", "Ei saapunut / No show"),
]
REASONS = {
    NonHireReason.SKILLS: "Osaaminen / Skills",
    NonHireReason.EXPERIENCE: "Kokemus / Experience",
    NonHireReason.LANGUAGE: "Kielitaito / Language",
    NonHireReason.AVAILABILITY: "Aloitusaika / Availability",
    NonHireReason.HOURS: "Työajat / Working hours",
    NonHireReason.LOCATION: "Sijainti, työmatka / Location",
    NonHireReason.MOTIVATION: "Motivaatio / Motivation",
    NonHireReason.WORK_CAPACITY: "Työkyky / Work capacity",
    NonHireReason.POSITION_FILLED: "Paikka täytetty / Position filled",
    NonHireReason.CANDIDATE_DECLINED: "Hakija kieltäytyi / Candidate declined",
    NonHireReason.OTHER: "Muu syy / Other",
}
STATUSES = {
    FollowUpStatus.EMPLOYED: "Edelleen töissä / Still employed",
    FollowUpStatus.STUDY_PLACE: "Opiskelupaikka / Study place",
    FollowUpStatus.OWN_BUSINESS: "Oma yritys / Own business",
    FollowUpStatus.LIGHT_ENTREPRENEURSHIP: "Kevytyrittäjä / Light entrepreneur",
    FollowUpStatus.WORK_TRIAL: "Työkokeilu / Work trial",
    FollowUpStatus.NOT_EMPLOYED: "Ei töissä / Not employed",
}


def _message(heading: str, message: str, status: int) -> Template:
    context = {"heading": heading, "message": message}
    return Template("answer_message.html.j2", context=context, status_code=status, headers=HEADERS)


def _form_page(
    claim: Claim, row: ReferralRow, title: str, form: dict[str, Any], error: str | None, status: int
) -> Template:
    context: dict[str, Any] = {"referral_id": row.id, "vacancy_title": title, "form": form, "error": error}
    if claim.purpose is LinkPurpose.FEEDBACK:
        interview = row.interview_at.strftime("%d.%m.%Y %H:%M UTC") if row.interview_at else ""
        context |= {"interview_at": interview, "outcomes": OUTCOMES, "reasons": list(REASONS.items())}
        return Template("answer_feedback.html.j2", context=context, status_code=status, headers=HEADERS)
    context |= {"statuses": list(STATUSES.items())}
    return Template("answer_follow_up.html.j2", context=context, status_code=status, headers=HEADERS)


async def _open_request(session: SessionDep, claim: Claim) -> ReferralRow | None:
    """The referral while the linked request still waits for its answer."""
    row = await session.get(ReferralRow, claim.referral_id)
    awaits = referrals.awaits_feedback if claim.purpose is LinkPurpose.FEEDBACK else referrals.awaits_follow_up
    return row if row is not None and await awaits(session, row, claim.request) else None


async def _title(session: SessionDep, row: ReferralRow) -> str:
    vacancy = await session.get(VacancyRow, row.vacancy_id)
    return vacancy.title if vacancy else ""


SPENT = ("Kiitos, vastaus on jo saatu", "Tähän pyyntöön on jo vastattu tai se ei ole enää avoinna. / Already answered.")
INVALID = ("Linkki ei kelpaa", "Linkki on vanhentunut tai virheellinen. / This link is not valid or has expired.")


class AnswerController(Controller):
    path = "/answers"
    tags = ["answers"]
    include_in_schema = False

    async def _claim(self, state: State, settings: SettingsDep, token: str) -> Claim | None:
        try:
            return verify(await link_key(state.sessions, settings), token)
        except (InvalidLink, msgspec.DecodeError, msgspec.ValidationError):
            return None

    @get("/{token:str}")
    async def show(self, token: FromPath[str], state: State, session: SessionDep, settings: SettingsDep) -> Template:
        claim = await self._claim(state, settings, token)
        if claim is None:
            return _message(*INVALID, status=404)
        row = await _open_request(session, claim)
        if row is None:
            return _message(*SPENT, status=410)
        return _form_page(claim, row, await _title(session, row), {"reasons": []}, None, 200)

    @post("/{token:str}", status_code=200)
    async def answer(
        self,
        token: FromPath[str],
        request: Request[Any, Any, State],
        state: State,
        session: SessionDep,
        settings: SettingsDep,
        dispatcher: DispatcherDep,
    ) -> Template:
        claim = await self._claim(state, settings, token)
        if claim is None:
            return _message(*INVALID, status=404)
        row = await _open_request(session, claim)
        if row is None:
            return _message(*SPENT, status=410)
        form = await request.form()
        values: dict[str, Any] = {k: form.get(k, "") for k in form}
        values["reasons"] = form.getall("reasons") if "reasons" in form else []
        try:
            if claim.purpose is LinkPurpose.FEEDBACK:
                data = {**values, "employability": values.get("employability") or None}
                outcome = msgspec.convert(data, OutcomeCreate, strict=False)
                await referrals.record_outcome(session, referrals.link_principal(row), row, outcome, settings)
                written = ["outcome"]
            else:
                data = {**values, "working_time_percent": values.get("working_time_percent") or None}
                data.pop("reasons")
                follow_up = msgspec.convert(data, FollowUpCreate, strict=False)
                await referrals.record_follow_up(session, referrals.link_principal(row), row, follow_up)
                written = ["follow_up"]
        except (msgspec.ValidationError, Problem) as error:
            problem = from_msgspec(error) if isinstance(error, msgspec.ValidationError) else error
            message = "; ".join(f"{e.field}: {e.message}" for e in problem.errors or []) or str(problem.detail)
            page = _form_page(claim, row, await _title(session, row), values, message, 422)
            await session.rollback()  # nothing of a refused answer is kept
            return page
        person = [(row.candidate_id or "", row.city_org_id)]
        await audit.record(session, referrals.link_principal(row), Action.UPDATE, Purpose.FEEDBACK, person, written)
        await commit(session, dispatcher)
        return _message(
            "Kiitos! / Thank you!", "Vastaus välitettiin työnhakijan valmentajalle. / Sent to the coach.", 200
        )
