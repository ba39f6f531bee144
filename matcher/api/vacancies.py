"""Vacancies: partners' recruiters write their own; the city side reads all of them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import msgspec
from litestar import Controller, Request, get, patch, post
from litestar.datastructures import State
from litestar.openapi.spec import OpenAPIMediaType, Operation, RequestBody
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.status_codes import HTTP_200_OK

from matcher.api.deps import DispatcherDep, Limit, Offset, PrincipalDep, SessionDep, TaxonomyDep, commit, require
from matcher.domain.enums import Role, VacancyStatus
from matcher.domain.jobposting import JobPosting, to_vacancy
from matcher.domain.vacancies import Vacancy, VacancyCreate, VacancyPage, VacancyUpdate
from matcher.errors import UnsupportedMediaType, from_msgspec
from matcher.store import vacancies

JSON_LD = "application/ld+json"


@dataclass
class VacancyBodyOperation(Operation):
    """Documents the two body types the create route accepts."""

    def __post_init__(self) -> None:
        _, schemas = msgspec.json.schema_components(
            [VacancyCreate, JobPosting], ref_template="#/components/schemas/{name}"
        )
        self.request_body = RequestBody(
            required=True,
            content={
                "application/json": OpenAPIMediaType(schema=schemas["VacancyCreate"]),
                JSON_LD: OpenAPIMediaType(schema=schemas["JobPosting"]),
            },
        )


def decode_vacancy(content_type: str, body: bytes) -> VacancyCreate:
    """Our own JSON schema, or schema.org JobPosting JSON-LD; anything else is 415."""
    media = content_type.split(";")[0].strip().lower()
    try:
        if media in ("", "application/json"):
            return msgspec.json.decode(body, type=VacancyCreate)
        if media == JSON_LD:
            return to_vacancy(msgspec.json.decode(body, type=JobPosting))
    except (msgspec.ValidationError, msgspec.DecodeError) as error:
        raise from_msgspec(error) from None
    raise UnsupportedMediaType(f"send application/json or {JSON_LD}, not {media}")


class VacancyController(Controller):
    path = "/v1/vacancies"
    tags = ["vacancies"]

    @post("", operation_class=VacancyBodyOperation)
    async def create(
        self,
        request: Request[Any, Any, State],
        principal: PrincipalDep,
        session: SessionDep,
        taxonomy: TaxonomyDep,
        dispatcher: DispatcherDep,
    ) -> Vacancy:
        """Publish a vacancy (recruiter). The body is our JSON or a schema.org ``JobPosting`` sent as
        ``application/ld+json``. ``interview_slots`` defaults to three per opening."""
        require(principal, Role.RECRUITER)
        data = decode_vacancy(request.headers.get("content-type", ""), await request.body())
        row = await vacancies.create(session, principal, data, taxonomy)
        await commit(session, dispatcher)
        return vacancies.to_vacancy(row)

    @get("")
    async def list_vacancies(
        self,
        principal: PrincipalDep,
        session: SessionDep,
        status: FromQuery[VacancyStatus | None] = None,
        offset: Offset = 0,
        limit: Limit = 50,
    ) -> VacancyPage:
        """Vacancies the caller may see: a partner its own, the city side all partners'."""
        require(principal, Role.RECRUITER, Role.COACH, Role.COORDINATOR)
        rows, total = await vacancies.page(session, principal, status, offset, limit)
        return VacancyPage(items=[vacancies.to_vacancy(r) for r in rows], total=total, offset=offset, limit=limit)

    @get("/{vacancy_id:str}")
    async def read(self, vacancy_id: FromPath[str], principal: PrincipalDep, session: SessionDep) -> Vacancy:
        """One vacancy."""
        return vacancies.to_vacancy(await vacancies.get(session, principal, vacancy_id))

    @patch("/{vacancy_id:str}")
    async def update(
        self,
        vacancy_id: FromPath[str],
        data: JSONBody[VacancyUpdate],
        principal: PrincipalDep,
        session: SessionDep,
        taxonomy: TaxonomyDep,
        dispatcher: DispatcherDep,
    ) -> Vacancy:
        """Change an open vacancy (its recruiters); fields left out stay as they are."""
        row = await vacancies.get(session, principal, vacancy_id)
        require(principal, Role.RECRUITER)
        vacancies.apply_update(row, data, taxonomy)
        await commit(session, dispatcher)
        return vacancies.to_vacancy(row)

    @post("/{vacancy_id:str}/close", status_code=HTTP_200_OK)
    async def close(
        self, vacancy_id: FromPath[str], principal: PrincipalDep, session: SessionDep, dispatcher: DispatcherDep
    ) -> Vacancy:
        """Close a vacancy (its recruiters): no new shortlists; referrals in progress go on."""
        row = await vacancies.get(session, principal, vacancy_id)
        require(principal, Role.RECRUITER)
        vacancies.close(row)
        await commit(session, dispatcher)
        return vacancies.to_vacancy(row)
