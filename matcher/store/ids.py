"""Identifiers of stored objects: random UUIDs, so that ids say nothing about the person or order."""

from __future__ import annotations

import uuid


def new_id() -> str:
    return str(uuid.uuid4())


def valid_id(value: str) -> bool:
    """Whether ``value`` can name a stored object at all (anything else is simply not found)."""
    try:
        return str(uuid.UUID(value)) == value
    except ValueError:
        return False
