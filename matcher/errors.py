"""Domain errors and their RFC 9457 problem-details form.

Every error the service raises on purpose is a :class:`Problem`; one function turns it (and
Litestar's own validation and HTTP errors) into ``application/problem+json``.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

import msgspec

PROBLEM_MEDIA_TYPE = "application/problem+json"


class FieldError(msgspec.Struct, frozen=True):
    field: str
    message: str


class ProblemDetails(msgspec.Struct, kw_only=True, omit_defaults=True):
    type: str
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    errors: list[FieldError] | None = None


class Problem(Exception):
    """Base of the errors the service raises; subclasses set status, title and type."""

    status: ClassVar[int] = 500
    title: ClassVar[str] = "Internal error"
    slug: ClassVar[str] = "internal"

    def __init__(self, detail: str | None = None, errors: list[FieldError] | None = None) -> None:
        super().__init__(detail or self.title)
        self.detail = detail
        self.errors = errors

    def details(self, instance: str | None = None) -> ProblemDetails:
        return ProblemDetails(
            type=f"/problems/{self.slug}",
            title=self.title,
            status=self.status,
            detail=self.detail,
            instance=instance,
            errors=self.errors,
        )


class InvalidBody(Problem):
    status, title, slug = 400, "Invalid request body", "invalid-body"


class InvalidField(InvalidBody):
    """One field is wrong: the problem names it with a JSON path such as ``$.skills[2]``."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{message} - at `{field}`", [FieldError(field=field, message=message)])


class Unauthorised(Problem):
    status, title, slug = 401, "Authentication required", "unauthorised"


class Forbidden(Problem):
    status, title, slug = 403, "Not allowed for this role", "forbidden"


class NotFound(Problem):
    status, title, slug = 404, "Not found", "not-found"


class Gone(Problem):
    status, title, slug = 410, "Erased", "erased"


class Conflict(Problem):
    status, title, slug = 409, "Conflict with the current state", "conflict"


class UnsupportedMediaType(Problem):
    status, title, slug = 415, "Unsupported media type", "unsupported-media-type"


_PATH = re.compile(r" - at `(?P<path>[^`]+)`$")


def from_msgspec(error: msgspec.ValidationError | msgspec.DecodeError) -> InvalidBody:
    """Turn msgspec's message (``Expected `int`, got `str` - at `$.openings```) into a field error."""
    text = str(error)
    if isinstance(error, msgspec.DecodeError) and not isinstance(error, msgspec.ValidationError):
        return InvalidBody(f"Body is not valid JSON: {text}", [FieldError(field="$", message=text)])
    match = _PATH.search(text)
    message = _PATH.sub("", text)
    return InvalidBody(
        text, [FieldError(field=_field(match.group("path") if match else "$", message), message=message)]
    )


_NAMED = re.compile(r"(?:unknown|missing required) field `(?P<name>[^`]+)`")


def _field(path: str, message: str) -> str:
    """The path of the offending field; for an unknown or a missing field, the path of that field itself."""
    named = _NAMED.search(message)
    return f"{path}.{named.group('name')}" if named else path


def from_litestar_extra(detail: str, extra: Any) -> InvalidBody:
    """Litestar's validation errors carry ``[{"key": ..., "message": ...}]``; keep the field."""
    errors = []
    for item in extra if isinstance(extra, list) else []:
        if isinstance(item, dict):
            key = str(item.get("key") or "")
            message = str(item.get("message") or detail)
            path = _PATH.search(message)
            field = _field(path.group("path") if path else (f"$.{key}" if key and key != "data" else "$"), message)
            source = str(getattr(item.get("source"), "value", item.get("source")) or "")
            if source in ("query", "path", "header", "cookie"):
                field = f"{source}.{key}"
            errors.append(FieldError(field=field, message=_PATH.sub("", message)))
    return InvalidBody(errors[0].message if errors else detail, errors or None)
