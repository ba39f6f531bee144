"""Encryption at rest for the health-adjacent work-capacity note (AES-256-GCM).

The key comes from ``MATCHER_DATA_KEY`` (32 bytes, URL-safe base64); without it, from a key file
that the service creates once (``MATCHER_DATA_KEY_FILE``), never from the database, so a dump or a
backup of the database alone does not open the notes. Each sealed value names its key by a short
id, so retired keys (``MATCHER_DATA_KEYS_RETIRED``) still open old values until they are sealed
again with the current key. The job seeker's id is the associated data: a sealed note copied onto
another person's row does not open.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
import os
import secrets
import time
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from matcher.settings import Settings

log = logging.getLogger(__name__)

PREFIX = "k1"
NONCE = 12


class SealingError(RuntimeError):
    """A key is malformed, or a sealed value does not open with any key the service has."""


def new_key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def _decode(text: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(text.strip().encode())
    except (binascii.Error, ValueError):
        raise SealingError("a data key must be 32 bytes in URL-safe base64") from None
    if len(key) != 32:
        raise SealingError("a data key must be 32 bytes in URL-safe base64")
    return key


def _key_id(key: bytes) -> str:
    return hashlib.sha256(b"kohtaanto-data-key:" + key).hexdigest()[:8]


class Sealer:
    """Seals and opens short texts bound to one job seeker."""

    def __init__(self, current: str, retired: list[str] | None = None) -> None:
        keys = [_decode(current), *(_decode(k) for k in retired or [])]
        self.current = _key_id(keys[0])
        self.keys = {_key_id(k): AESGCM(k) for k in keys}

    def seal(self, text: str | None, subject: str) -> str | None:
        if text is None:
            return None
        nonce = secrets.token_bytes(NONCE)
        sealed = self.keys[self.current].encrypt(nonce, text.encode(), subject.encode())
        return f"{PREFIX}:{self.current}:{base64.urlsafe_b64encode(nonce + sealed).decode()}"

    def open(self, value: str | None, subject: str) -> str | None:
        if value is None:
            return None
        prefix, key_id, body = self.parts(value)
        if prefix != PREFIX or key_id not in self.keys:
            raise SealingError(f"a sealed value needs data key {key_id or '?'}, which the service does not have")
        raw = base64.urlsafe_b64decode(body.encode())
        try:
            return self.keys[key_id].decrypt(raw[:NONCE], raw[NONCE:], subject.encode()).decode()
        except InvalidTag:
            raise SealingError("a sealed value does not belong to this record, or was altered") from None

    def is_current(self, value: str) -> bool:
        prefix, key_id, _ = self.parts(value)
        return prefix == PREFIX and key_id == self.current

    @staticmethod
    def parts(value: str) -> tuple[str, str, str]:
        prefix, _, rest = value.partition(":")
        key_id, _, body = rest.partition(":")
        return prefix, key_id, body


def key_from(environment_key: str | None, key_file: Path) -> str:
    """The data key: the environment's, else the key file's (created with a new key if missing)."""
    if environment_key:
        return environment_key
    try:
        return key_file.read_text().strip()
    except FileNotFoundError:
        pass
    key = new_key()
    try:
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process created it a moment ago
        for _ in range(50):
            if written := key_file.read_text().strip():
                return written
            time.sleep(0.02)
        raise SealingError(f"the data key file {key_file} is empty") from None
    with os.fdopen(descriptor, "w") as handle:
        handle.write(key + "\n")
    log.warning("created data key file %s: keep it apart from database backups, or set MATCHER_DATA_KEY", key_file)
    return key


def sealer_for(settings: Settings) -> Sealer:
    return Sealer(key_from(settings.data_key, settings.data_key_file), list(settings.data_keys_retired))
