"""The application factory: ``create_app(settings)`` builds everything from its arguments."""

from __future__ import annotations

import asyncio
import contextlib
import importlib.resources
import logging
import time
from collections.abc import AsyncGenerator
from datetime import date
from pathlib import Path
from typing import Any

import msgspec
from litestar import Litestar, Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme
from litestar.static_files import create_static_files_router
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from matcher.api.admin import AdminController
from matcher.api.answers import AnswerController
from matcher.api.audit import AuditController
from matcher.api.candidates import CandidateController
from matcher.api.deps import DEPENDENCIES
from matcher.api.limits import close as close_limits
from matcher.api.limits import rate_limit, stores
from matcher.api.misc import HealthController, NotificationController, ReportController
from matcher.api.pages import PageController
from matcher.api.referrals import ReferralController
from matcher.api.schema import complete, exact_allow
from matcher.api.shortlists import ShortlistController
from matcher.api.taxonomy import TaxonomyController
from matcher.api.vacancies import VacancyController
from matcher.api.webhooks import WebhookController
from matcher.errors import (
    PROBLEM_MEDIA_TYPE,
    Conflict,
    FieldError,
    InvalidBody,
    Problem,
    ProblemDetails,
    from_litestar_extra,
)
from matcher.jobs import Dispatcher, InProcessDispatcher, RedisDispatcher, keep_sweeping
from matcher.pages import template_config
from matcher.sealing import sealer_for
from matcher.settings import Settings
from matcher.store import candidates
from matcher.store.db import create_engine, sessions, upgrade
from matcher.store.warm import Warm
from taxonomy import Taxonomy
from taxonomy.lookup import configured
from workers.context import close as close_job_context
from workers.functions import FUNCTIONS
from workers.settings import queue_client

log = logging.getLogger(__name__)
VERSION = "0.1.0"


def _problem(request: Request[Any, Any, Any], problem: Problem) -> Response[bytes]:
    body = msgspec.json.encode(problem.details(instance=request.url.path))
    headers = {"WWW-Authenticate": "Bearer"} if problem.status == 401 else None
    return Response(body, status_code=problem.status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


def _on_problem(request: Request[Any, Any, Any], exc: Exception) -> Response[bytes]:
    assert isinstance(exc, Problem)
    return _problem(request, exc)


def _on_validation(request: Request[Any, Any, Any], exc: Exception) -> Response[bytes]:
    assert isinstance(exc, ValidationException)
    return _problem(request, from_litestar_extra(exc.detail, exc.extra))


def _on_http(request: Request[Any, Any, Any], exc: Exception) -> Response[bytes]:
    assert isinstance(exc, HTTPException)
    status = exc.status_code
    if status == 400:
        return _problem(request, InvalidBody(exc.detail, [FieldError(field="$", message=exc.detail)]))
    if status >= 500:
        log.error("server error on %s %s", request.method, request.url.path, exc_info=exc)
    title = exc.detail if status < 500 else "Internal error"
    details = ProblemDetails(type="about:blank", title=title, status=status, instance=request.url.path)
    return Response(
        msgspec.json.encode(details), status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=exc.headers
    )


def _on_integrity(request: Request[Any, Any, Any], exc: Exception) -> Response[bytes]:
    log.warning("integrity conflict on %s %s: %s", request.method, request.url.path, exc)
    return _problem(request, Conflict("a concurrent change got there first; read the current state and retry"))


def _on_error(request: Request[Any, Any, Any], exc: Exception) -> Response[bytes]:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    details = ProblemDetails(type="about:blank", title="Internal error", status=500, instance=request.url.path)
    return Response(msgspec.json.encode(details), status_code=500, media_type=PROBLEM_MEDIA_TYPE)


# The API viewer's scripts and styles, served from the installed Swagger UI distribution (no CDN).
SWAGGER_UI = Path(str(importlib.resources.files("swagger_ui") / "static"))
DOCS_ASSETS = "/docs/assets"


def _openapi() -> OpenAPIConfig:
    return OpenAPIConfig(
        title="Kohtaanto",
        version=VERSION,
        description="Recruitment matching between a city's employment services and staffing partners. "
        "Every /v1 route needs `Authorization: Bearer <token>`. This service uses the ESCO classification "
        "of the European Commission.",
        path="/docs",
        render_plugins=[
            SwaggerRenderPlugin(
                path="/",
                js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
                css_url=f"{DOCS_ASSETS}/swagger-ui.css",
                standalone_preset_js_url=f"{DOCS_ASSETS}/swagger-ui-standalone-preset.js",
                favicon=f"<link rel='icon' type='image/png' href='{DOCS_ASSETS}/favicon-32x32.png'>",
            )
        ],
        components=[Components(security_schemes={"bearer": SecurityScheme(type="http", scheme="bearer")})],
        security=[{"bearer": []}],
    )


async def _prepare(warm: Warm, sessions: async_sessionmaker[AsyncSession]) -> None:
    started = time.perf_counter()
    try:
        built = await warm.prepare(sessions, date.today())
    except Exception:  # the shortlists build the index themselves then
        log.exception("the candidate indexes could not be built at start")
        return
    if built:
        log.info("candidate indexes of %s built in %.1f s", ", ".join(built), time.perf_counter() - started)


def create_app(settings: Settings, *, taxonomy: Taxonomy | None = None) -> Litestar:
    """Build the service. Resources are created in the lifespan and kept on ``app.state``."""

    @contextlib.asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncGenerator[None, None]:
        engine = create_engine(settings.database_url)
        if settings.is_sqlite:
            await upgrade(engine)
        app.state.settings = settings
        complete(app)
        app.state.engine = engine
        app.state.sessions = sessions(engine)
        app.state.sealer = sealer_for(settings)
        async with app.state.sessions() as session:
            if resealed := await candidates.reseal_notes(session, app.state.sealer):
                log.info("sealed %d work-capacity notes with the current data key", resealed)
            await session.commit()
        app.state.taxonomy = taxonomy or configured(settings.taxonomy_path)
        app.state.warm = Warm(app.state.taxonomy)
        app.state.warming = warming = asyncio.get_running_loop().run_in_executor(None, app.state.taxonomy.warm)
        app.state.indexes = indexes = asyncio.create_task(_prepare(app.state.warm, app.state.sessions))
        app.state.redis = None
        context: dict[str, Any] = {
            "sessions": app.state.sessions,
            "settings": settings,
            "taxonomy": app.state.taxonomy,
            "warm": app.state.warm,
        }
        dispatcher: Dispatcher
        if settings.redis_url:
            app.state.redis = queue_client(settings)
            dispatcher = RedisDispatcher(app.state.sessions, app.state.redis)
        else:
            dispatcher = InProcessDispatcher(app.state.sessions, FUNCTIONS, context)
            context["dispatcher"] = dispatcher
        app.state.dispatcher = dispatcher
        stop = asyncio.Event()
        sweeper = asyncio.create_task(keep_sweeping(dispatcher, settings.job_poll_seconds, stop))
        try:
            yield
        finally:
            stop.set()
            await sweeper
            await warming
            indexes.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await indexes
            await close_job_context(context)
            await close_limits(app)
            if app.state.redis is not None:
                await app.state.redis.aclose(close_connection_pool=True)
            await engine.dispose()

    return Litestar(
        route_handlers=[
            AnswerController,
            AuditController,
            CandidateController,
            PageController,
            VacancyController,
            WebhookController,
            ShortlistController,
            ReferralController,
            NotificationController,
            ReportController,
            TaxonomyController,
            AdminController,
            HealthController,
            create_static_files_router(DOCS_ASSETS, [SWAGGER_UI], include_in_schema=False, name="docs-assets"),
        ],
        dependencies=DEPENDENCIES,
        lifespan=[lifespan],
        openapi_config=_openapi(),
        template_config=template_config(),
        exception_handlers={
            Problem: _on_problem,
            ValidationException: _on_validation,
            HTTPException: _on_http,
            IntegrityError: _on_integrity,
            Exception: _on_error,
        },
        request_max_body_size=settings.max_body_bytes,
        middleware=[limit.middleware] if (limit := rate_limit(settings)) else [],
        stores=stores(settings),
        before_send=[exact_allow],
        debug=settings.debug,
    )
