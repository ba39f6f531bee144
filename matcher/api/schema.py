"""The served OpenAPI document, made exact where the generator is not: request bodies as msgspec
validates them (every constraint, unknown fields refused), the problem responses every operation
can give, union responses as ``anyOf``, and the routes that need no token."""

from __future__ import annotations

import re
from typing import Any

import msgspec
from litestar import Litestar
from litestar._openapi.plugin import OpenAPIPlugin
from litestar.types import Message, Scope

from matcher.domain.base import Input
from matcher.errors import PROBLEM_MEDIA_TYPE, ProblemDetails
from matcher.reports.exports import XLSX

REF = "#/components/schemas/{name}"
PROBLEMS = {
    "400": "The request is malformed: `errors` names each field that was wrong",
    "401": "No valid token",
    "403": "The caller's role may not use this route",
    "404": "No such object (or another organisation's)",
    "405": "Method not allowed",
    "409": "The object's state does not allow this",
    "410": "The person was erased",
    "413": "The body is too large",
    "429": "Too many requests for this token: wait for `RateLimit-Reset` seconds",
}
PUBLIC = {"/health", "/ready"}
EXPORTS = {
    "/v1/reports/weekly": {
        "text/csv": {"schema": {"type": "string"}},
        XLSX: {"schema": {"type": "string", "format": "binary"}},
    }
}


def _inputs() -> list[type[Input]]:
    found: list[type[Input]] = []
    stack: list[type[Input]] = [Input]
    while stack:
        for sub in stack.pop().__subclasses__():
            found.append(sub)
            stack.append(sub)
    return found


def _any_of(node: Any) -> None:
    """A body that is one of several shapes (the city's or the partner's view, a report or its export)
    may satisfy more than one, say when it is empty, which ``oneOf`` forbids."""
    if isinstance(node, dict):
        if "oneOf" in node:
            node["anyOf"] = node.pop("oneOf")
        for value in node.values():
            _any_of(value)
    elif isinstance(node, list):
        for value in node:
            _any_of(value)


def complete(app: Litestar) -> None:
    """Amend the generated document in place, once, before it is first served."""
    document = app.plugins.get(OpenAPIPlugin).provide_openapi_schema()
    components: dict[str, Any] = document.setdefault("components", {}).setdefault("schemas", {})
    inputs = [t for t in _inputs() if t.__name__ in components]
    _, exact = msgspec.json.schema_components([*inputs, ProblemDetails], ref_template=REF)
    for name, schema in exact.items():
        if name in {t.__name__ for t in inputs} or name not in components:
            components[name] = schema
    problem = {"content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": REF.format(name="ProblemDetails")}}}}
    for path, item in document.get("paths", {}).items():
        for operation in item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            if path in PUBLIC:
                operation["security"] = []
                continue
            for status, description in PROBLEMS.items():
                operation["responses"][status] = {"description": description, **problem}
            if path in EXPORTS:
                operation["responses"]["200"]["content"].update(EXPORTS[path])
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
            if any(option.get("type") == "null" for option in body.get("schema", {}).get("oneOf", [])):
                operation["requestBody"]["required"] = False  # an optional body: none, null, or the shape
    _any_of(document.get("paths", {}))


def allowed_methods(app: Litestar, path: str) -> str:
    """Every method some route serves at ``path`` (a path served by several handlers included)."""
    methods: set[str] = set()
    for route in app.routes:
        if re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", route.path), path):
            methods |= route.methods
    return ", ".join(sorted(methods))


async def exact_allow(message: Message, scope: Scope) -> None:
    """Litestar answers OPTIONS and 405 with the methods of one handler; list those of the path."""
    if message["type"] != "http.response.start":
        return
    headers = message.get("headers")
    if isinstance(headers, list) and any(name == b"allow" for name, _ in headers):
        methods = allowed_methods(scope["app"], scope["path"])
        message["headers"] = [(n, v) for n, v in headers if n != b"allow"] + [(b"allow", methods.encode())]
