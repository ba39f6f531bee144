"""Request-scoped dependencies: the database session, the caller, shared resources."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Annotated

from litestar import Request
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.params import QueryParameter
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.domain.access import Principal
from matcher.domain.enums import Role
from matcher.errors import Forbidden, Unauthorised
from matcher.jobs import Dispatcher
from matcher.sealing import Sealer
from matcher.settings import Settings
from matcher.store.db import Sessions
from matcher.store.users import authenticate
from matcher.store.warm import Warm
from taxonomy import Taxonomy

SessionDep = NamedDependency[AsyncSession]
PrincipalDep = NamedDependency[Principal]
SettingsDep = NamedDependency[Settings]
TaxonomyDep = NamedDependency[Taxonomy]
WarmDep = NamedDependency[Warm]
DispatcherDep = NamedDependency[Dispatcher]
SealerDep = NamedDependency[Sealer]
Offset = Annotated[int, QueryParameter(ge=0, le=1_000_000, description="How many items to skip")]
Limit = Annotated[int, QueryParameter(ge=1, le=200, description="Page size (at most 200)")]


async def provide_session(state: State) -> AsyncGenerator[AsyncSession, None]:
    sessions: Sessions = state.sessions
    async with sessions() as session:
        yield session


TOKEN_COOKIE = "kohtaanto_token"  # noqa: S105 - the name of the cookie, not a secret


async def provide_principal(request: Request[object, object, State], session: SessionDep) -> Principal:
    """The bearer token's user; a browser reading a page (GET only) may carry the token in a cookie."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if not header and request.method in ("GET", "HEAD"):
        scheme, token = "bearer", request.cookies.get(TOKEN_COOKIE, "")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorised("send `Authorization: Bearer <token>`")
    principal = await authenticate(session, token.strip())
    if principal is None:
        raise Unauthorised("the token is unknown, expired or revoked")
    return principal


def provide_settings(state: State) -> Settings:
    settings: Settings = state.settings
    return settings


def provide_warm(state: State) -> Warm:
    warm: Warm = state.warm
    return warm


def provide_taxonomy(state: State) -> Taxonomy:
    taxonomy: Taxonomy = state.taxonomy
    return taxonomy


def provide_dispatcher(state: State) -> Dispatcher:
    dispatcher: Dispatcher = state.dispatcher
    return dispatcher


def provide_sealer(state: State) -> Sealer:
    sealer: Sealer = state.sealer
    return sealer


DEPENDENCIES = {
    "sealer": Provide(provide_sealer, sync_to_thread=False),
    "session": Provide(provide_session),
    "principal": Provide(provide_principal),
    "settings": Provide(provide_settings, sync_to_thread=False),
    "taxonomy": Provide(provide_taxonomy, sync_to_thread=False),
    "warm": Provide(provide_warm, sync_to_thread=False),
    "dispatcher": Provide(provide_dispatcher, sync_to_thread=False),
}


def require(principal: Principal, *roles: Role) -> None:
    """Refuse a collection route the caller's role may never use (403)."""
    if principal.role not in roles:
        allowed = ", ".join(role.value for role in roles)
        raise Forbidden(f"this route is for: {allowed}")


async def commit(session: AsyncSession, dispatcher: Dispatcher) -> None:
    """Commit, then hand any jobs the transaction recorded to the dispatcher (never before)."""
    await session.commit()
    await dispatcher.kick()
