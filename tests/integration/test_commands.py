"""The ``matcher`` command end to end: accounts, migrations, the API and the worker as real processes."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from matcher.bench.servers import PostgresServer, RedisServer, free_port
from tests.harness import candidate_body, vacancy_body
from tests.integration.processes import MATCHER, database, environment, eventually, run, service, token


def test_users_create_prints_the_token_alone_on_the_last_line(tmp_path: Path) -> None:
    env = environment(database_url=f"sqlite:///{tmp_path / 'k.db'}")
    result = run("users", "create", "--org", "staffpoint", "--role", "recruiter", "--name", "Rita", env=env)
    assert result.returncode == 0, result.stderr
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("kht_")
    assert len(last) > 40
    assert " " not in last


def test_users_create_refuses_a_role_that_does_not_fit_the_organisation(tmp_path: Path) -> None:
    env = environment(database_url=f"sqlite:///{tmp_path / 'k.db'}")
    token("staffpoint", "recruiter", env)
    result = run("users", "create", "--org", "staffpoint", "--role", "coach", "--name", "Cora", env=env)
    assert result.returncode == 2
    assert "cannot belong" in result.stderr
    bad = run("users", "create", "--org", "Staff Point", "--role", "coach", "--name", "Cora", env=env)
    assert bad.returncode == 2


def test_users_get_tokens_that_expire_and_can_be_revoked(tmp_path: Path) -> None:
    database = tmp_path / "k.db"
    env = environment(database_url=f"sqlite:///{database}")
    args = ("users", "create", "--org", "tampere", "--role", "coach", "--name", "Cora", "--expires-in-days", "30")
    created_user = run(*args, env=env)
    assert created_user.returncode == 0, created_user.stderr
    assert "valid for 30 days" in created_user.stdout
    user_id = created_user.stdout.split("(user ")[1].split(")")[0]
    with sqlite3.connect(database) as connection:
        expires, revoked = connection.execute(
            "SELECT expires_at, revoked_at FROM users WHERE id = ?", (user_id,)
        ).fetchone()
    assert expires is not None
    assert revoked is None
    assert run("users", "revoke", user_id, env=env).returncode == 0
    with sqlite3.connect(database) as connection:
        [revoked] = connection.execute("SELECT revoked_at FROM users WHERE id = ?", (user_id,)).fetchone()
    assert revoked is not None
    unknown = run("users", "revoke", "no-such-user", env=env)
    assert unknown.returncode == 2
    assert "no user" in unknown.stderr


def test_bad_settings_are_reported_not_crashed_on(tmp_path: Path) -> None:
    result = run("db", "upgrade", env=environment(database_url="mysql://x/y"))
    assert result.returncode != 0
    assert "MATCHER_DATABASE_URL" in result.stderr


def test_db_upgrade_creates_the_schema_on_postgresql(postgres: PostgresServer) -> None:
    postgres.create_database("cli_upgrade")
    url = f"postgresql://postgres@127.0.0.1:{postgres.port}/cli_upgrade"
    result = run("db", "upgrade", env=environment(database_url=url))
    assert result.returncode == 0, result.stderr
    again = run("db", "upgrade", env=environment(database_url=url))
    assert again.returncode == 0, again.stderr
    assert token("tampere", "coach", environment(database_url=url)).startswith("kht_")


def _flow(client: httpx.Client, coach: str, recruiter: str) -> str:
    c, r = {"Authorization": f"Bearer {coach}"}, {"Authorization": f"Bearer {recruiter}"}
    assert client.post("/v1/candidates", json=candidate_body(), headers=c).status_code == 201
    vacancy = client.post("/v1/vacancies", json=vacancy_body(), headers=r).json()
    shortlist = client.post(f"/v1/vacancies/{vacancy['id']}/shortlists", headers=c).json()
    referral: str = shortlist["items"][0]["referral_id"]
    assert client.post(f"/v1/referrals/{referral}/transitions", json={"to": "approved"}, headers=c).status_code == 200
    interview = (datetime.now(UTC) - timedelta(days=4)).isoformat()
    moved = client.post(
        f"/v1/referrals/{referral}/transitions",
        headers=r,
        json={"to": "interview_scheduled", "interview_at": interview},
    )
    assert moved.status_code == 200
    return referral


def _feedback_requested(client: httpx.Client, recruiter: str, referral: str) -> bool:
    items = client.get("/v1/notifications", headers={"Authorization": f"Bearer {recruiter}"}).json()["items"]
    return [(n["kind"], n["referral_id"]) for n in items] == [("feedback_requested", referral)]


def test_serve_alone_runs_jobs_in_process_on_sqlite(tmp_path: Path) -> None:
    env = environment(database_url=f"sqlite:///{tmp_path / 'k.db'}", job_poll_seconds="0.2")
    coach, recruiter = token("tampere", "coach", env), token("staffpoint", "recruiter", env)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with (
        service("serve", "--port", str(port), env=env, log=tmp_path / "serve.log", ready_url=f"{base}/ready") as api,
        httpx.Client(base_url=base, timeout=10) as client,
    ):
        referral = _flow(client, coach, recruiter)
        eventually(lambda: _feedback_requested(client, recruiter, referral))
        api.send_signal(signal.SIGTERM)
        api.wait(timeout=30)
    assert "Application shutdown complete" in (tmp_path / "serve.log").read_text()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_api_and_worker_processes_share_the_work_through_redis(
    tmp_path: Path, backend: str, redis_server: RedisServer, request: pytest.FixtureRequest
) -> None:
    env = environment(database_url=database(backend, tmp_path, request), redis_url=redis_server.url)
    coach, recruiter = token("tampere", "coach", env), token("staffpoint", "recruiter", env)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with (
        service("serve", "--port", str(port), env=env, log=tmp_path / "serve.log", ready_url=f"{base}/ready"),
        service("worker", env=env, log=tmp_path / "worker.log") as worker,
        httpx.Client(base_url=base, timeout=10) as client,
    ):
        assert client.get("/ready").json()["checks"] == {"database": "ok", "redis": "ok", "indexes": "ok"}
        referral = _flow(client, coach, recruiter)
        eventually(lambda: _feedback_requested(client, recruiter, referral))
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=30) == 0
    assert "chase_feedback" in (tmp_path / "worker.log").read_text()


def test_demo_loads_once_and_prints_fresh_tokens(tmp_path: Path) -> None:
    database = tmp_path / "k.db"
    env = environment(database_url=f"sqlite:///{database}")
    first = run("demo", env=env)
    assert first.returncode == 0, first.stderr
    second = run("demo", env=env)
    assert second.returncode == 0, second.stderr
    tokens = [line.split()[-1] for line in first.stdout.splitlines() if line.strip().startswith("demo-")]
    again = [line.split()[-1] for line in second.stdout.splitlines() if line.strip().startswith("demo-")]
    assert len(tokens) == 7
    assert set(tokens).isdisjoint(again)
    with sqlite3.connect(database) as connection:  # the market's weeks: loaded once, outcomes decided
        people = connection.execute("SELECT count(*) FROM candidates").fetchone()[0]
        states = dict(connection.execute("SELECT state, count(*) FROM referrals GROUP BY state").fetchall())
        open_now = connection.execute("SELECT count(*) FROM vacancies WHERE status = 'open'").fetchone()[0]
    assert (people, open_now) == (160, 10)
    assert states["hired"] >= 5
    assert states["not_hired"] >= 25
    assert states["interview_scheduled"] >= 1  # this week's, awaiting feedback
    trained = run("model", "train", env=env)  # enough outcomes to learn from
    assert trained.returncode == 0, trained.stdout + trained.stderr
    assert trained.stdout.startswith("model: ")


def test_taxonomy_match_prints_one_json_line_per_phrase(tmp_path: Path) -> None:
    phrases = "trukkikortti\nsiivoojana 3 v\nzorblax\n"
    result = subprocess.run(
        [MATCHER, "taxonomy", "match", "--lang", "fi"],
        input=phrases,
        text=True,
        capture_output=True,
        env=environment(),
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["input"] for line in lines] == ["trukkikortti", "siivoojana 3 v", "zorblax"]
    assert lines[0]["matches"][0] == {
        "uri": "urn:kohtaanto:card:forklift",
        "label": "forklift licence (trukkikortti)",
        "kind": "skill",
        "score": 100.0,
    }
    assert lines[1]["matches"][0]["kind"] == "occupation"
    assert lines[2]["matches"] == []
    only_skills = subprocess.run(
        [MATCHER, "taxonomy", "match", "--kind", "skill"],
        input="siivooja\n",
        text=True,
        capture_output=True,
        env=environment(),
        timeout=120,
    )
    assert all(m["kind"] == "skill" for m in json.loads(only_skills.stdout)["matches"])


def test_taxonomy_match_answers_each_phrase_before_the_next_arrives() -> None:
    """A program that writes a phrase and waits for its answer is not kept waiting for a batch."""
    with subprocess.Popen(
        [MATCHER, "taxonomy", "match", "--lang", "fi"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=environment(),
    ) as process:
        assert process.stdin is not None
        assert process.stdout is not None
        try:
            for phrase, uri in (("trukkikortti", "urn:kohtaanto:card:forklift"), ("hygieniapassi", None)):
                process.stdin.write(phrase + "\n")
                process.stdin.flush()
                answer = json.loads(process.stdout.readline())
                assert answer["input"] == phrase
                assert answer["matches"], answer
                if uri:
                    assert answer["matches"][0]["uri"] == uri
            process.stdin.write("ensiapu")  # the last line may lack its newline
            process.stdin.close()
            assert json.loads(process.stdout.readline())["input"] == "ensiapu"
            assert process.wait(timeout=60) == 0
        finally:
            process.kill()


def test_taxonomy_import_builds_a_file_the_service_loads(tmp_path: Path) -> None:
    out = tmp_path / "taxonomy.z"
    fixtures = Path(__file__).parents[1] / "unit" / "fixtures" / "esco"
    result = run("taxonomy", "import", str(fixtures), "--no-project-data", "--out", str(out), env=environment())
    assert result.returncode == 0, result.stderr
    assert "MATCHER_TAXONOMY_PATH" in result.stdout
    matched = subprocess.run(
        [MATCHER, "taxonomy", "match"],
        input="trukilla ajaminen\n",
        text=True,
        capture_output=True,
        env=environment(taxonomy_path=str(out)),
        timeout=120,
    )
    assert json.loads(matched.stdout)["matches"][0]["label"] == "operate forklift"
    missing = run("taxonomy", "import", str(tmp_path / "nothing"), "--out", str(out), env=environment())
    assert missing.returncode == 2


def test_taxonomy_benchmark_prints_named_figures() -> None:
    result = run("bench", "taxonomy", "--quick", "--no-baseline", env=environment())
    assert result.returncode == 0, result.stderr
    figures = dict(line.split(": ", 1) for line in result.stdout.splitlines() if not line.startswith("#"))
    for name in (
        "taxonomy_load_s",
        "title_jobbert_mrr_ours",
        "title_melo_en_acc5_ours",
        "skill_tech_acc5_ours",
        "phrases_per_s",
    ):
        value = float(figures[name].split()[0])
        assert value > 0, name


def test_audit_verify_exits_non_zero_on_a_forged_entry(tmp_path: Path) -> None:
    database = tmp_path / "k.db"
    env = environment(database_url=f"sqlite:///{database}")
    assert run("demo", env=env).returncode == 0
    intact = run("audit", "verify", env=env)
    assert intact.returncode == 0, intact.stderr
    assert intact.stdout.startswith("audit trail intact:")
    with sqlite3.connect(database) as connection:  # an entry slipped in beside the service
        connection.execute(
            "INSERT INTO audit_log VALUES (1, '2026-11-24 00:00:00', 'u', 'tampere', 'coach', 'read', 'x', "
            "'tampere', '[]', 'matching', :zero, :zero)",
            {"zero": "0" * 64},
        )
    forged = run("audit", "verify", env=env)
    assert forged.returncode == 1
    assert "broken at entry 1: entry altered" in forged.stdout


def test_replay_ranks_a_recorded_shortlist_again(tmp_path: Path) -> None:
    database = tmp_path / "k.db"
    env = environment(database_url=f"sqlite:///{database}")
    assert run("demo", env=env).returncode == 0
    with sqlite3.connect(database) as connection:
        shortlist = connection.execute("SELECT shortlist_id FROM ranking_records LIMIT 1").fetchone()[0]
    replayed = run("replay", shortlist, env=env)
    assert replayed.returncode == 0, replayed.stdout + replayed.stderr
    result = json.loads(replayed.stdout)
    assert result["identical"] is True
    assert result["same_model"] is True
    assert result["ranked"] >= 1
    assert run("replay", "no-such-shortlist", env=env).returncode == 2
