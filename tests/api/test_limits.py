"""Rate limits per token: 429 with problem details, shared through Redis by every API process."""

from __future__ import annotations

from pathlib import Path

from matcher.app import create_app
from matcher.bench.servers import RedisServer
from matcher.domain.enums import Role
from matcher.sealing import new_key
from matcher.settings import Settings
from taxonomy import Taxonomy
from tests.harness import serving


async def test_a_token_over_its_limit_gets_429_and_others_carry_on(database_url: str, taxonomy: Taxonomy) -> None:
    settings = Settings(database_url=database_url, job_poll_seconds=3600, data_key=new_key(), rate_limit_per_minute=5)
    async with serving(create_app(settings, taxonomy=taxonomy)) as api:
        coach, other = await api.coach(), await api.user("tampere", Role.COORDINATOR)
        answers = [(await coach.get("/v1/candidates")).status_code for _ in range(6)]
        assert answers == [200] * 5 + [429]
        refused = await coach.get("/v1/candidates")
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert refused.json()["status"] == 429
        assert int(refused.headers["ratelimit-reset"]) > 0
        assert (await other.get("/v1/candidates")).status_code == 200  # a limit per token
        assert (await api.client.get("/health")).status_code == 200  # health checks are never limited
        anonymous = [(await api.client.post("/login", data={"token": "guess"})).status_code for _ in range(6)]
        assert anonymous == [401] * 5 + [429]  # no token: counted per address


async def test_the_count_is_shared_through_redis_and_survives_redis_going_away(
    database_url: str, taxonomy: Taxonomy, tmp_path: Path
) -> None:
    redis_server = RedisServer(tmp_path / "redis")
    redis_server.start()
    settings = Settings(
        database_url=database_url,
        redis_url=redis_server.url,
        job_poll_seconds=3600,
        data_key=new_key(),
        rate_limit_per_minute=6,
    )
    async with (
        serving(create_app(settings, taxonomy=taxonomy)) as first,
        serving(create_app(settings, taxonomy=taxonomy)) as second,
    ):
        coach = await first.coach()
        on_second = type(coach)(second.client, coach.token, coach.role, coach.org)
        answers = []
        for _ in range(4):
            answers.append((await coach.get("/v1/candidates")).status_code)
            answers.append((await on_second.get("/v1/candidates")).status_code)
        assert answers == [200] * 6 + [429, 429]

        # Redis gone: each process counts on its own, and nobody gets a 500 because of the limiter.
        redis_server.kill()
        coordinator = await first.user("tampere", Role.COORDINATOR)
        alone = [(await coordinator.get("/v1/candidates")).status_code for _ in range(7)]
        assert alone == [200] * 6 + [429]
