"""Notifications, the weekly report, and health checks."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from litestar import Controller, Response, get
from litestar.datastructures import State
from litestar.params import QueryParameter
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.api.deps import Limit, PrincipalDep, SessionDep, SettingsDep, TaxonomyDep, require
from matcher.domain.enums import Role
from matcher.domain.notifications import NotificationPage
from matcher.domain.reports import WeeklyReport
from matcher.reports.exports import XLSX, to_csv, to_xlsx
from matcher.reports.labels import words
from matcher.reports.tables import as_json
from matcher.reports.weekly import stored_or_weekly
from matcher.store.notifications import for_organisation
from matcher.store.secrets import link_key

Week = Annotated[str | None, QueryParameter(description="ISO week, e.g. 2026-W48; the current week if left out")]


class NotificationController(Controller):
    tags = ["notifications"]

    @get("/v1/notifications")
    async def list_notifications(
        self, principal: PrincipalDep, session: SessionDep, settings: SettingsDep, state: State, limit: Limit = 50
    ) -> NotificationPage:
        """What the service asks of the caller's organisation (feedback and follow-up requests, each with
        a link to answer it without logging in) or tells it (feedback received, referrals closed)."""
        key = await link_key(state.sessions, settings)
        items = await for_organisation(session, principal.organisation, limit, key, settings.public_url)
        return NotificationPage(items=items)


class ReportController(Controller):
    tags = ["reports"]

    @get("/v1/reports/weekly")
    async def weekly_report(
        self,
        principal: PrincipalDep,
        session: SessionDep,
        taxonomy: TaxonomyDep,
        week: Week = None,
        export: Annotated[
            Literal["csv", "xlsx", "json"] | None,
            QueryParameter(
                name="format",
                description="An export of the page's tables, counts of people below 5 shown as '< 5'",
            ),
        ] = None,
        lang: Annotated[Literal["fi", "sv", "en"], QueryParameter(description="Export language")] = "fi",
    ) -> WeeklyReport | Response[Any]:
        """Counts for one ISO week: open needs by partner and occupation, the referral funnel, lead
        times, non-hire reasons, unanswered and escalated feedback, skills in demand against those
        available, confirmed three-month outcomes, unknown terms. No personal data (team,
        coordinator, admin). A week that has ended is shown as stored when it ended. With
        ``format``, the same figures as the page's tables in CSV, XLSX or JSON."""
        require(principal, Role.TEAM, Role.COORDINATOR, Role.ADMIN)
        report = await stored_or_weekly(session, principal, week, date.today(), taxonomy)
        if export is None:
            return report
        names = words(lang)
        filename = f'attachment; filename="kohtaanto-{report.week}.{export}"'
        if export == "csv":
            return Response(to_csv(report, names), media_type="text/csv", headers={"Content-Disposition": filename})
        if export == "xlsx":
            return Response(to_xlsx(report, names), media_type=XLSX, headers={"Content-Disposition": filename})
        return Response(
            as_json(report, names), media_type="application/json", headers={"Content-Disposition": filename}
        )


class HealthController(Controller):
    tags = ["health"]

    @get("/health", exclude_from_auth=True)
    async def health(self) -> dict[str, str]:
        """Liveness: the process answers."""
        return {"status": "ok"}

    @get("/ready")
    async def ready(self, state: State) -> Response[dict[str, Any]]:
        """Readiness: the database answers, Redis too when configured, and the candidate indexes the
        service builds at start are built (503 otherwise)."""
        checks: dict[str, str] = {}
        try:
            async with state.sessions() as session:
                assert isinstance(session, AsyncSession)
                await session.execute(text("SELECT 1"))
            checks["database"] = "ok"
        except Exception as error:
            checks["database"] = f"error: {type(error).__name__}"
        if state.redis is not None:
            try:
                await state.redis.ping()
                checks["redis"] = "ok"
            except Exception as error:
                checks["redis"] = f"error: {type(error).__name__}"
        checks["indexes"] = "ok" if state.indexes.done() else "building"
        ok = all(value == "ok" for value in checks.values())
        return Response({"status": "ok" if ok else "unavailable", "checks": checks}, status_code=200 if ok else 503)
