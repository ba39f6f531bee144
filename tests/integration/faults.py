"""What the fault tests share: many interviews waiting for feedback, and counting what happened."""

from __future__ import annotations

import datetime as dt
import http.server
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import msgspec
from sqlalchemy import func, insert, select

from matcher.domain.access import Principal
from matcher.domain.enums import OrgKind, Role
from matcher.domain.vacancies import VacancyCreate
from matcher.store import jobs, vacancies
from matcher.store.db import create_engine, sessions
from matcher.store.ids import new_id
from matcher.store.referrals import CHASE_FEEDBACK
from matcher.store.tables import JobRow, NotificationRow, ReferralRow, WebhookRow, utcnow
from matcher.store.users import create_user
from taxonomy import Taxonomy
from tests.harness import VACANCY


async def seed_interviews(url: str, count: int, taxonomy: Taxonomy, webhook: str | None = None) -> None:
    """``count`` referrals whose interview was five days ago, each with its feedback request due now."""
    engine = create_engine(url)
    try:
        async with sessions(engine)() as session:
            await create_user(session, org="tampere", role=Role.COACH, name="coach")
            user, _ = await create_user(session, org="staffpoint", role=Role.RECRUITER, name="recruiter")
            recruiter = Principal(user.id, "recruiter", Role.RECRUITER, "staffpoint", OrgKind.PARTNER)
            vacancy = await vacancies.create(session, recruiter, msgspec.convert(VACANCY, VacancyCreate), taxonomy)
            if webhook:
                session.add(WebhookRow(organisation_id="staffpoint", url=webhook, secret="s" * 64))
            interview = utcnow() - dt.timedelta(days=5)
            ids = [new_id() for _ in range(count)]
            await session.execute(
                insert(ReferralRow),
                [
                    {
                        "id": i,
                        "vacancy_id": vacancy.id,
                        "city_org_id": "tampere",
                        "partner_org_id": "staffpoint",
                        "state": "interview_scheduled",
                        "interview_at": interview,
                    }
                    for i in ids
                ],
            )
            request = interview.isoformat()
            await session.execute(
                insert(JobRow),
                [
                    {
                        "id": jobs.job_id(CHASE_FEEDBACK, f"{i}:{request}:0"),
                        "function": CHASE_FEEDBACK,
                        "payload": {"referral_id": i, "request": request, "round": 0},
                        "state": "pending",
                        "run_at": utcnow(),
                    }
                    for i in ids
                ],
            )
            await session.commit()
    finally:
        await engine.dispose()


async def tally(url: str) -> dict[str, Any]:
    """Job states, feedback requests sent, and how many referrals got more than one."""
    engine = create_engine(url)
    try:
        async with sessions(engine)() as session:
            states = dict(
                (
                    await session.execute(
                        select(JobRow.function + "/" + JobRow.state, func.count()).group_by(
                            JobRow.function, JobRow.state
                        )
                    )
                ).all()
            )
            per_referral = Counter(
                (
                    await session.execute(
                        select(NotificationRow.referral_id).where(NotificationRow.kind == "feedback_requested")
                    )
                ).scalars()
            )
    finally:
        await engine.dispose()
    return {
        "states": states,
        "requests": sum(per_referral.values()),
        "referrals_asked": len(per_referral),
        "asked_twice": sum(1 for n in per_referral.values() if n > 1),
    }


async def stuck(url: str) -> str:
    """The jobs not done, with their state, attempts and last error (for a failure message)."""
    engine = create_engine(url)
    try:
        async with sessions(engine)() as session:
            rows = await session.execute(
                select(JobRow.id, JobRow.state, JobRow.attempts, JobRow.last_error, JobRow.updated_at)
                .where(JobRow.state != "done", JobRow.run_at < utcnow())
                .limit(20)
            )
            return "\n".join(str(tuple(r)) for r in rows)
    finally:
        await engine.dispose()


class Receiver(http.server.BaseHTTPRequestHandler):
    """A partner system: counts every POST by its delivery id."""

    posts: Counter[str]
    lock: threading.Lock

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        with type(self).lock:
            type(self).posts[self.headers["X-Kohtaanto-Delivery"]] += 1
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@contextmanager
def partner_system() -> Iterator[tuple[str, Counter[str]]]:
    posts: Counter[str] = Counter()
    handler = type("Handler", (Receiver,), {"posts": posts, "lock": threading.Lock()})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/events", posts
    finally:
        server.shutdown()
        server.server_close()
