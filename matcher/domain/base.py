"""Base structs: inputs reject unknown fields, outputs are plain keyword structs."""

from __future__ import annotations

from typing import Annotated

import msgspec


class Input(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A request body: unknown fields are an error, never silently ignored."""


class Output(msgspec.Struct, kw_only=True):
    """A response body."""


Text = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
LongText = Annotated[str, msgspec.Meta(max_length=5000)]
Term = Annotated[str, msgspec.Meta(min_length=1, max_length=120)]
Terms = Annotated[list[Term], msgspec.Meta(max_length=100)]
Slug = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9][a-z0-9_-]{0,62}$")]
Id = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
