"""Sealing the work-capacity note: keys, binding to the person, the key file."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from matcher.sealing import Sealer, SealingError, key_from, new_key


def test_a_sealed_note_opens_only_for_its_person_and_differs_each_time() -> None:
    sealer = Sealer(new_key())
    sealed = sealer.seal("Ei yötöitä", "person-1")
    assert sealed is not None
    assert "yötöitä" not in sealed
    assert sealer.open(sealed, "person-1") == "Ei yötöitä"
    assert sealer.seal("Ei yötöitä", "person-1") != sealed  # a fresh nonce every time
    with pytest.raises(SealingError, match="does not belong"):
        sealer.open(sealed, "person-2")
    altered = sealed[:-4] + ("AAAA" if not sealed.endswith("AAAA") else "BBBB")
    with pytest.raises(SealingError):
        sealer.open(altered, "person-1")
    assert sealer.seal(None, "person-1") is None
    assert sealer.open(None, "person-1") is None


def test_retired_keys_open_old_notes_and_unknown_keys_are_named() -> None:
    old, current = new_key(), new_key()
    sealed = Sealer(old).seal("Selkävaiva", "p")
    assert sealed is not None
    rotated = Sealer(current, [old])
    assert rotated.open(sealed, "p") == "Selkävaiva"
    assert not rotated.is_current(sealed)
    resealed = rotated.seal("Selkävaiva", "p")
    assert resealed is not None
    assert rotated.is_current(resealed)
    with pytest.raises(SealingError, match="which the service does not have"):
        Sealer(new_key()).open(sealed, "p")


@pytest.mark.parametrize("bad", ["", "short", "x" * 44, new_key()[:-4]])
def test_a_malformed_key_is_refused(bad: str) -> None:
    with pytest.raises(SealingError, match="32 bytes"):
        Sealer(bad)


def test_the_key_file_is_created_once_private_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "kohtaanto.key"
    key = key_from(None, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert key_from(None, path) == key
    assert key_from("from-the-environment", path) == "from-the-environment"
    Sealer(key)  # a usable key
