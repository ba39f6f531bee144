"""The feedback loop as partners and coaches meet it: answer links, follow-ups, webhooks, housekeeping."""

from __future__ import annotations

import hashlib
import hmac
import http.server
import json
import threading
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlparse

import pytest
from sqlalchemy import select, update

from matcher.domain.enums import Role
from matcher.store import jobs
from matcher.store.tables import JobRow, ReferralRow, ReportSnapshotRow, utcnow
from tests.harness import Api, candidate_body, created, interviewed, time_passes, vacancy_body


def _path(link: str) -> str:
    return urlparse(link).path


async def _request_link(api: Api, recruiter: Any, kind: str) -> str:
    await api.run_jobs()
    [item] = [n for n in (await recruiter.get("/v1/notifications")).json()["items"] if n["kind"] == kind]
    assert item["link"].startswith("http://127.0.0.1:8000/answers/")
    return str(item["link"])


async def test_a_partner_answers_through_the_link_once_and_the_coach_hears_of_it(api: Api) -> None:
    coach, recruiter, referral = await interviewed(api, days_ago=5)
    link = _path(await _request_link(api, recruiter, "feedback_requested"))

    page = await api.client.get(link)
    assert page.status_code == 200
    assert "Varastotyöntekijä" in page.text  # the vacancy, not the person
    assert referral in page.text
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["cache-control"] == "no-store"
    for private in ("TRE-2026-0412", "asiakaspalvelu", "Excel", "2026-12-01"):  # nothing of the person
        assert private not in page.text

    # A non-hire without a reason: the form comes back with the error, and nothing is recorded.
    refused = await api.client.post(link, data={"outcome": "not_hired", "feedback": "Hyvä asenne"})
    assert refused.status_code == 422
    assert "reason" in refused.text
    assert "Hyvä asenne" in refused.text  # what was typed is kept
    assert (await coach.get(f"/v1/referrals/{referral}")).json()["outcome"] is None

    answered = await api.client.post(
        link,
        data={"outcome": "not_hired", "reasons": ["language", "hours"], "employability": "4", "feedback": "Kiitos"},
    )
    assert answered.status_code == 200, answered.text
    seen = (await coach.get(f"/v1/referrals/{referral}")).json()
    assert seen["state"] == "not_hired"
    assert seen["outcome"]["reasons"] == ["language", "hours"]
    assert seen["outcome"]["employability"] == 4
    assert seen["history"][-1]["by_organisation"] == "staffpoint"
    assert "feedback_received" in [n["kind"] for n in (await coach.get("/v1/notifications")).json()["items"]]

    # Spent: a second use is refused, and an altered link is not ours.
    assert (await api.client.get(link)).status_code == 410
    assert (await api.client.post(link, data={"outcome": "hired"})).status_code == 410
    assert (await api.client.get(link[:-3] + "AAA")).status_code == 404
    assert (await api.client.get("/answers/not-a-token")).status_code == 404


async def test_moving_the_interview_retires_the_old_link(api: Api) -> None:
    _, recruiter, referral = await interviewed(api, days_ago=5)
    link = _path(await _request_link(api, recruiter, "feedback_requested"))
    moved = await recruiter.post(
        f"/v1/referrals/{referral}/transitions", {"to": "interview_scheduled", "interview_at": utcnow().isoformat()}
    )
    assert moved.status_code == 200
    assert (await api.client.get(link)).status_code == 410


async def test_a_hire_is_followed_up_after_three_months_and_counted(api: Api) -> None:
    coach, recruiter, referral = await interviewed(api, days_ago=5)
    assert (await recruiter.post(f"/v1/referrals/{referral}/outcome", {"outcome": "hired"})).status_code == 200
    async with api.app.state.sessions() as session:
        [run_at] = (await session.execute(select(JobRow.run_at).where(JobRow.function == "chase_follow_up"))).scalars()
    assert timedelta(days=90) < run_at - utcnow() < timedelta(days=92)
    await api.run_jobs()
    assert "follow_up_requested" not in [n["kind"] for n in (await recruiter.get("/v1/notifications")).json()["items"]]

    await time_passes(api, "chase_follow_up")
    link = _path(await _request_link(api, recruiter, "follow_up_requested"))
    assert (await api.client.post(link, data={"status": "employed"})).status_code == 422  # working time missing
    answered = await api.client.post(link, data={"status": "employed", "working_time_percent": "60"})
    assert answered.status_code == 200, answered.text
    follow_up = (await coach.get(f"/v1/referrals/{referral}")).json()["follow_up"]
    assert (follow_up["status"], follow_up["working_time_percent"], follow_up["full_time"]) == ("employed", 60, False)
    assert (await api.client.get(link)).status_code == 410

    again = await recruiter.post(f"/v1/referrals/{referral}/follow-up", {"status": "study_place"})
    assert again.status_code == 409
    team = await api.user("tampere", Role.TEAM)
    assert (await team.get("/v1/reports/weekly")).json()["confirmed_outcomes"] == {"employed_part_time": 1}


async def test_follow_up_through_the_api_checks_its_fields(api: Api) -> None:
    coach, recruiter, referral = await interviewed(api, days_ago=5)
    early = await recruiter.post(f"/v1/referrals/{referral}/follow-up", {"status": "work_trial"})
    assert early.status_code == 409  # not hired (yet)
    await recruiter.post(f"/v1/referrals/{referral}/outcome", {"outcome": "hired"})
    missing = await recruiter.post(f"/v1/referrals/{referral}/follow-up", {"status": "employed"})
    assert missing.status_code == 400
    assert missing.json()["errors"][0]["field"] == "$.working_time_percent"
    wrong = await recruiter.post(
        f"/v1/referrals/{referral}/follow-up", {"status": "own_business", "working_time_percent": 50}
    )
    assert wrong.json()["errors"][0]["field"] == "$.working_time_percent"
    ok = await coach.post(f"/v1/referrals/{referral}/follow-up", {"status": "employed", "working_time_percent": 100})
    assert ok.json()["follow_up"]["full_time"] is True


class Receiver(http.server.BaseHTTPRequestHandler):
    received: list[tuple[dict[str, str], bytes]]
    failures_left: int

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append(({k.lower(): v for k, v in self.headers.items()}, body))
        failing = type(self).failures_left > 0
        type(self).failures_left -= 1
        self.send_response(503 if failing else 204)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[tuple[str, type[Receiver]]]:
    handler = type("Handler", (Receiver,), {"received": [], "failures_left": 1})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook", handler
    server.shutdown()
    server.server_close()


async def test_webhooks_are_signed_retried_with_backoff_and_logged(
    api: Api, receiver: tuple[str, type[Receiver]]
) -> None:
    url, handler = receiver
    recruiter = await api.recruiter()
    coach = await api.coach()
    assert (await coach.post("/v1/webhook", {"url": url})).status_code == 405  # PUT only
    hook = await recruiter.client.put("/v1/webhook", json={"url": url}, headers=recruiter.headers)
    assert hook.status_code == 200, hook.text
    secret = hook.json()["secret"]
    bad = await recruiter.client.put("/v1/webhook", json={"url": "ftp://x"}, headers=recruiter.headers)
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "$.url"
    assert (await recruiter.get("/v1/webhook")).json().get("secret") is None  # shown once only

    _, _, referral = await interviewed(api, days_ago=5)
    await api.run_jobs()  # the request, and a first delivery that the receiver refuses
    [log] = (await recruiter.get("/v1/webhook/deliveries")).json()["items"]
    assert (log["state"], log["attempts"], log["last_status"]) == ("pending", 1, 503)
    async with api.app.state.sessions() as session:
        [row] = (await session.execute(select(JobRow).where(JobRow.function == "deliver_webhook"))).scalars()
    assert row.state == "pending"
    assert row.run_at > utcnow()  # backed off

    await time_passes(api, "deliver_webhook")
    await api.run_jobs()
    [log] = (await recruiter.get("/v1/webhook/deliveries")).json()["items"]
    assert (log["state"], log["attempts"], log["last_status"]) == ("delivered", 2, 204)
    assert len(handler.received) == 2
    headers, body = handler.received[-1]
    stamp, mac = (part.split("=", 1)[1] for part in headers["x-kohtaanto-signature"].split(","))
    expected = hmac.new(secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(mac, expected)
    event = json.loads(body)
    assert event["event"] == "feedback_requested"
    assert event["referral_id"] == referral
    assert event["delivery_id"] == headers["x-kohtaanto-delivery"] == log["id"]
    assert (await api.client.get(_path(event["link"]))).status_code == 200  # the link in the event works
    # Only ids travel: nothing of the person.
    assert set(event) == {"event", "notification_id", "referral_id", "vacancy_id", "created_at", "link", "delivery_id"}


async def test_stale_referrals_are_closed_with_a_message_to_both_sides(api: Api) -> None:
    coach, recruiter = await api.coach(), await api.recruiter()
    await created(await coach.post("/v1/candidates", candidate_body()))
    await created(await coach.post("/v1/candidates", candidate_body()))
    vacancy = await created(await recruiter.post("/v1/vacancies", vacancy_body()))
    items = (await created(await coach.post(f"/v1/vacancies/{vacancy['id']}/shortlists")))["items"]
    proposed, approved = items[0]["referral_id"], items[1]["referral_id"]
    await coach.post(f"/v1/referrals/{approved}/transitions", {"to": "approved"})
    async with api.app.state.sessions() as session:
        await session.execute(update(ReferralRow).values(updated_at=utcnow() - timedelta(days=30)))
        await jobs.schedule(session, jobs.CLOSE_STALE_REFERRALS, "test", {"day": "test"}, utcnow())
        await session.commit()
    await api.run_jobs()
    for referral in (proposed, approved):
        seen = (await coach.get(f"/v1/referrals/{referral}")).json()
        assert seen["state"] == "expired"
        assert "no move in 21 days" in seen["history"][-1]["note"]
    city = [n["referral_id"] for n in (await coach.get("/v1/notifications")).json()["items"]]
    partner = [n["referral_id"] for n in (await recruiter.get("/v1/notifications")).json()["items"]]
    assert sorted(city) == sorted([proposed, approved])
    assert partner == [approved]  # the partner never saw the unapproved one


async def test_retention_erases_people_whose_service_ended_long_ago_with_their_jobs(api: Api) -> None:
    coach, _, referral = await interviewed(api, days_ago=5)
    # Today's housekeeping (due early this morning) has run, whenever the app's own sweep first came
    # round: the retention asked for below is the one that must find the person.
    await api.run_jobs()
    [candidate] = (await coach.get("/v1/candidates")).json()["items"]
    kept = await created(await coach.post("/v1/candidates", candidate_body()))
    ended = (date.today() - timedelta(days=400)).isoformat()
    assert (await coach.patch(f"/v1/candidates/{candidate['id']}", {"service_ended_on": ended})).status_code == 200
    recent = (date.today() - timedelta(days=10)).isoformat()
    await coach.patch(f"/v1/candidates/{kept['id']}", {"service_ended_on": recent})
    async with api.app.state.sessions() as session:
        await api.run_jobs()  # the feedback request goes out, a reminder waits
        chase = (
            await session.execute(
                select(JobRow.id).where(JobRow.function == "chase_feedback", JobRow.state == "pending")
            )
        ).scalar_one()
        await jobs.schedule(session, jobs.APPLY_RETENTION, "test", {"day": date.today().isoformat()}, utcnow())
        await session.commit()
    await api.run_jobs()
    assert (await coach.get(f"/v1/candidates/{candidate['id']}")).status_code == 410
    assert (await coach.get(f"/v1/candidates/{kept['id']}")).status_code == 200
    async with api.app.state.sessions() as session:
        cancelled = await session.get(JobRow, chase)
        assert cancelled is not None
        assert (cancelled.state, cancelled.payload) == ("cancelled", {})
    assert (await coach.get(f"/v1/referrals/{referral}")).json()["candidate_id"] is None


async def test_a_past_week_is_shown_as_it_was_stored(api: Api) -> None:
    team = await api.user("tampere", Role.TEAM)
    year, week, _ = (date.today() - timedelta(days=7)).isocalendar()
    label = f"{year}-W{week:02d}"
    await api.run_jobs()  # the weekly snapshot of last week is due on Monday morning: planned and run
    async with api.app.state.sessions() as session:
        stored = await session.get(ReportSnapshotRow, ("tampere", label))
    if stored is None:  # the organisation did not exist when the snapshot ran: take it now
        async with api.app.state.sessions() as session:
            await jobs.schedule(session, jobs.SNAPSHOT_WEEKLY_REPORTS, f"{label}-again", {"week": label}, utcnow())
            await session.commit()
        await api.run_jobs()
    before = (await team.get("/v1/reports/weekly", params={"week": label})).json()
    assert before["snapshot_taken_at"] is not None
    # Later data about that week does not change what was shown.
    await interviewed(api, days_ago=7)
    async with api.app.state.sessions() as session:
        await session.execute(update(JobRow).values(created_at=utcnow()))
        await session.commit()
    assert (await team.get("/v1/reports/weekly", params={"week": label})).json() == before
