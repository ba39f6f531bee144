"""Service settings, read once from the environment by the caller (never at import time)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import msgspec

DEFAULT_SQLITE = "sqlite+aiosqlite:///kohtaanto.db"


class SettingsError(ValueError):
    """An environment variable has a value the service cannot use."""


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    """Everything configurable. ``from_env`` documents the variable for each field."""

    database_url: str = DEFAULT_SQLITE
    redis_url: str | None = None
    feedback_after_days: int = 3
    reminder_after_days: int = 4
    reminders: int = 2
    follow_up_after_days: int = 91
    stale_after_days: int = 21
    retention_days: int = 365
    public_url: str = "http://127.0.0.1:8000"
    secret_key: str | None = None
    job_poll_seconds: float = 2.0
    job_timeout_seconds: float = 60.0
    worker_concurrency: int = 20
    max_body_bytes: int = 1_000_000
    rate_limit_per_minute: int = 600
    referral_cap: int = 3
    taxonomy_path: Path | None = None
    data_key: str | None = None
    data_key_file: Path = Path("kohtaanto.key")
    data_keys_retired: tuple[str, ...] = ()
    debug: bool = False

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        """Build settings from ``MATCHER_*`` variables.

        ``MATCHER_DATABASE_URL`` (SQLite file ``kohtaanto.db`` when unset; ``postgresql://`` URLs use
        asyncpg), ``MATCHER_REDIS_URL`` (jobs run in-process when unset),
        ``MATCHER_FEEDBACK_AFTER_DAYS`` (interview to feedback request), ``MATCHER_REMINDER_AFTER_DAYS``
        (first reminder; each next one waits twice as long), ``MATCHER_REMINDERS`` (then the request is
        escalated to the weekly report), ``MATCHER_FOLLOW_UP_AFTER_DAYS`` (hire to 3-month follow-up),
        ``MATCHER_STALE_AFTER_DAYS`` (an unmoved referral is closed), ``MATCHER_RETENTION_DAYS`` (end of
        service to erasure), ``MATCHER_PUBLIC_URL`` (base of answer links), ``MATCHER_SECRET_KEY`` (signs
        answer links; a key kept in the database when unset), ``MATCHER_JOB_POLL_SECONDS``,
        ``MATCHER_JOB_TIMEOUT_SECONDS``, ``MATCHER_WORKER_CONCURRENCY``,
        ``MATCHER_MAX_BODY_BYTES``, ``MATCHER_RATE_LIMIT_PER_MINUTE`` (requests per token, or per address
        without one; 0 turns the limit off), ``MATCHER_REFERRAL_CAP`` (open referrals a job seeker may have
        at once), ``MATCHER_TAXONOMY_PATH``, ``MATCHER_DATA_KEY`` (seals the
        work-capacity note; 32 bytes in URL-safe base64), ``MATCHER_DATA_KEY_FILE`` (where the key is
        kept when the variable is unset: ``kohtaanto.key``, created once), ``MATCHER_DATA_KEYS_RETIRED``
        (comma-separated earlier keys, to open and re-seal older notes), ``MATCHER_DEBUG``.
        """

        def number(name: str, default: float, kind: type[int] | type[float]) -> float:
            raw = env.get(f"MATCHER_{name}")
            if raw is None or raw == "":
                return default
            try:
                value = kind(raw)
            except ValueError:
                raise SettingsError(f"MATCHER_{name} must be a number, not {raw!r}") from None
            if value < 0:
                raise SettingsError(f"MATCHER_{name} must not be negative")
            return value

        taxonomy = env.get("MATCHER_TAXONOMY_PATH")
        return cls(
            database_url=normalise_database_url(env.get("MATCHER_DATABASE_URL") or DEFAULT_SQLITE),
            redis_url=env.get("MATCHER_REDIS_URL") or None,
            feedback_after_days=int(number("FEEDBACK_AFTER_DAYS", 3, int)),
            reminder_after_days=int(number("REMINDER_AFTER_DAYS", 4, int)),
            reminders=int(number("REMINDERS", 2, int)),
            follow_up_after_days=int(number("FOLLOW_UP_AFTER_DAYS", 91, int)),
            stale_after_days=max(1, int(number("STALE_AFTER_DAYS", 21, int))),
            retention_days=int(number("RETENTION_DAYS", 365, int)),
            public_url=(env.get("MATCHER_PUBLIC_URL") or "http://127.0.0.1:8000").rstrip("/"),
            secret_key=env.get("MATCHER_SECRET_KEY") or None,
            job_poll_seconds=number("JOB_POLL_SECONDS", 2.0, float),
            job_timeout_seconds=number("JOB_TIMEOUT_SECONDS", 60.0, float),
            worker_concurrency=max(1, int(number("WORKER_CONCURRENCY", 20, int))),
            max_body_bytes=int(number("MAX_BODY_BYTES", 1_000_000, int)),
            rate_limit_per_minute=int(number("RATE_LIMIT_PER_MINUTE", 600, int)),
            referral_cap=max(1, int(number("REFERRAL_CAP", 3, int))),
            taxonomy_path=Path(taxonomy) if taxonomy else None,
            data_key=env.get("MATCHER_DATA_KEY") or None,
            data_key_file=Path(env.get("MATCHER_DATA_KEY_FILE") or "kohtaanto.key"),
            data_keys_retired=tuple(k for k in env.get("MATCHER_DATA_KEYS_RETIRED", "").split(",") if k.strip()),
            debug=env.get("MATCHER_DEBUG", "").lower() in ("1", "true", "yes"),
        )


def normalise_database_url(url: str) -> str:
    """Accept plain ``postgresql://`` and ``sqlite://`` URLs and pick the async driver."""
    for prefix, driver in (
        ("postgresql://", "postgresql+asyncpg://"),
        ("postgres://", "postgresql+asyncpg://"),
        ("sqlite://", "sqlite+aiosqlite://"),
    ):
        if url.startswith(prefix):
            return driver + url[len(prefix) :]
    if url.startswith(("postgresql+asyncpg://", "sqlite+aiosqlite://")):
        return url
    raise SettingsError(f"MATCHER_DATABASE_URL must be a PostgreSQL or SQLite URL, not {url.split(':')[0]}://...")
