"""Pages for people at a screen: sign in with a token, and the weekly report."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from litestar import Controller, Request, get, post
from litestar.datastructures import Cookie, State
from litestar.params import QueryParameter
from litestar.response import Redirect, Template

from matcher.api.deps import TOKEN_COOKIE, SessionDep, TaxonomyDep, provide_principal, require
from matcher.domain.enums import Role
from matcher.errors import Unauthorised
from matcher.reports.page import page
from matcher.store.users import authenticate

Lang = Annotated[Literal["fi", "sv", "en"], QueryParameter(description="Page language (Finnish by default)")]
Week = Annotated[str | None, QueryParameter(description="ISO week, e.g. 2026-W48; the current week if left out")]
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
    "form-action 'self'",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


def _local(path: str) -> str:
    """Only a path on this service may be a place to go back to."""
    return path if path.startswith("/") and not path.startswith("//") else "/reports/weekly"


class PageController(Controller):
    include_in_schema = False

    @get("/login")
    async def login_form(self, next_page: Annotated[str, QueryParameter(name="next")] = "/reports/weekly") -> Template:
        context = {"next": _local(next_page), "error": None}
        return Template("login.html.j2", context=context, headers=HEADERS)

    @post("/login", status_code=303)
    async def login(self, request: Request[Any, Any, State], session: SessionDep) -> Redirect | Template:
        """Check the token and keep it in an HttpOnly, same-site cookie that only GET pages read."""
        form = await request.form()
        token, target = str(form.get("token", "")).strip(), _local(str(form.get("next", "/reports/weekly")))
        if not token or await authenticate(session, token) is None:
            context = {"next": target, "error": "Tunniste ei kelpaa / The token is not valid"}
            return Template("login.html.j2", context=context, status_code=401, headers=HEADERS)
        cookie = Cookie(key=TOKEN_COOKIE, value=token, httponly=True, samesite="strict", path="/", max_age=12 * 3600)
        return Redirect(target, cookies=[cookie], status_code=303)

    @get("/reports/weekly")
    async def weekly_page(
        self,
        request: Request[Any, Any, State],
        session: SessionDep,
        taxonomy: TaxonomyDep,
        week: Week = None,
        lang: Lang = "fi",
    ) -> Template | Redirect:
        """The week's report for the rekrytiimi meeting (team, coordinator, admin)."""
        try:
            principal = await provide_principal(request, session)
        except Unauthorised:
            return Redirect(f"/login?next={request.url.path}", status_code=303)
        require(principal, Role.TEAM, Role.COORDINATOR, Role.ADMIN)
        context = await page(session, principal, week, date.today(), taxonomy, lang)
        return Template("report_weekly.html.j2", context=context, headers=HEADERS)
