"""Base structs: inputs reject unknown fields, outputs are plain keyword structs."""

from __future__ import annotations

from typing import Annotated

import msgspec


class Input(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A request body: unknown fields are an error, never silently ignored."""


class Output(msgspec.Struct, kw_only=True):
    """A response body."""


# Free text may hold any printable character, line breaks and tabs, but no other control characters
# (PostgreSQL cannot store NUL, and nobody types the others).
PRINTABLE = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
Text = Annotated[str, msgspec.Meta(min_length=1, max_length=200, pattern=PRINTABLE)]
LongText = Annotated[str, msgspec.Meta(max_length=5000, pattern=PRINTABLE)]
TERM_LENGTH = 120
Term = Annotated[str, msgspec.Meta(min_length=1, max_length=TERM_LENGTH, pattern=PRINTABLE)]
Terms = Annotated[list[Term], msgspec.Meta(max_length=100)]
Slug = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9][a-z0-9_-]{0,62}$")]
Id = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
