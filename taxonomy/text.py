"""Text normalisation shared by the taxonomy index and the terms users type."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_DIGITS_ONLY = re.compile(r"^\d+$")


def normalise(text: str) -> str:
    """Fold case and punctuation so that spelling variants meet.

    NFC composition keeps å, ä and ö as letters of their own (they are not ``a`` or ``o`` with an
    accent in Finnish or Swedish); punctuation and underscores become single spaces.
    """
    folded = unicodedata.normalize("NFC", text).casefold().replace("_", " ")
    return " ".join(_NON_WORD.sub(" ", folded).split())


def is_meaningful(key: str) -> bool:
    """A normalised term worth looking up: not empty and not just a number."""
    return bool(key) and not _DIGITS_ONLY.match(key.replace(" ", ""))
