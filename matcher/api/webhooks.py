"""An organisation's webhook and its delivery log."""

from __future__ import annotations

from litestar import Controller, delete, get, put
from litestar.params import JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_204_NO_CONTENT

from matcher.api.deps import DispatcherDep, Limit, PrincipalDep, SessionDep, commit, require
from matcher.domain.enums import Role
from matcher.domain.webhooks import DeliveryPage, Webhook, WebhookSet
from matcher.errors import NotFound
from matcher.store import webhooks

ROLES = (Role.RECRUITER, Role.COORDINATOR, Role.ADMIN)


class WebhookController(Controller):
    path = "/v1/webhook"
    tags = ["webhooks"]

    @put("", status_code=HTTP_200_OK)
    async def set_webhook(
        self, data: JSONBody[WebhookSet], principal: PrincipalDep, session: SessionDep, dispatcher: DispatcherDep
    ) -> Webhook:
        """Have the caller's organisation's events (feedback and follow-up requests with their answer
        links, answers received, closed referrals) POSTed to ``url``. The answer holds a new signing
        secret, shown this once; each request carries ``X-Kohtaanto-Signature`` made with it."""
        require(principal, *ROLES)
        hook = await webhooks.configure(session, principal.organisation, data.url)
        await commit(session, dispatcher)
        return hook

    @get("")
    async def read_webhook(self, principal: PrincipalDep, session: SessionDep) -> Webhook:
        """The organisation's webhook (without its secret); 404 when none is set."""
        require(principal, *ROLES)
        row = await webhooks.current(session, principal.organisation)
        if row is None:
            raise NotFound("no webhook is set")
        return Webhook(url=row.url, created_at=row.created_at)

    @delete("", status_code=HTTP_204_NO_CONTENT)
    async def remove_webhook(self, principal: PrincipalDep, session: SessionDep, dispatcher: DispatcherDep) -> None:
        """Stop delivering events; deliveries not yet made are logged as not sent."""
        require(principal, *ROLES)
        if not await webhooks.remove(session, principal.organisation):
            raise NotFound("no webhook is set")
        await commit(session, dispatcher)

    @get("/deliveries")
    async def deliveries(self, principal: PrincipalDep, session: SessionDep, limit: Limit = 50) -> DeliveryPage:
        """The delivery log, newest first: state, attempts, the receiver's last answer."""
        require(principal, *ROLES)
        return DeliveryPage(items=await webhooks.log(session, principal.organisation, limit))
