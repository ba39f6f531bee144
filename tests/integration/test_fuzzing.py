"""Schemathesis against the served OpenAPI document of a real `matcher serve` with demo data: every
operation, positive and negative data, the coverage, fuzzing and stateful phases, as each role."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from matcher.bench.servers import free_port
from tests.integration.processes import database, environment, run, service, wait_for

ST = str(Path(sys.executable).parent / "st")
ROLES = ("demo-coach", "demo-coordinator", "demo-recruiter-staffpoint", "demo-team", "demo-admin")
# Requests the schema allows but the service refuses for a reason beyond the schema: a referral that
# is already decided, a person erased a step earlier, a language code no language has.
BUSINESS_RULES = "ST202"


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_fuzzing_every_operation_as_every_role_finds_no_server_error(
    tmp_path: Path, backend: str, request: pytest.FixtureRequest, figures: list[str]
) -> None:
    env = environment(database_url=database(backend, tmp_path, request), rate_limit_per_minute="0")
    seeded = run("demo", env=env)
    assert seeded.returncode == 0, seeded.stderr
    tokens = {
        line.split()[0]: line.split()[-1] for line in seeded.stdout.splitlines() if line.strip().startswith("demo-")
    }
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    cases = 0
    failures: Counter[str] = Counter()
    with service("serve", "--port", str(port), env=env, log=tmp_path / "serve.log") as server:
        wait_for(f"{base}/health", server, tmp_path / "serve.log")
        for role in ROLES:
            report = tmp_path / f"{role}.json"
            result = subprocess.run(
                [
                    ST,
                    "run",
                    f"{base}/docs/openapi.json",
                    "--header",
                    f"Authorization: Bearer {tokens[role]}",
                    "--checks",
                    "all",
                    "--max-examples",
                    "8",
                    "--seed",
                    "2026",
                    "--continue-on-failure",
                    "--report",
                    "json",
                    "--report-json-path",
                    str(report),
                ],
                capture_output=True,
                text=True,
                timeout=600,
                check=False,
                cwd=tmp_path,  # its cache of earlier failures stays out of the checkout
            )
            assert report.exists(), result.stdout[-3000:] + result.stderr[-3000:]
            outcome = json.loads(report.read_text())
            assert outcome["test_cases"]["errored"] == 0, result.stdout[-3000:]
            cases += outcome["test_cases"]["generated"]
            for failure in outcome["failures"]:
                failures[f"{failure['code']} {failure['title']}"] += failure["count"]
    refused = sum(n for name, n in failures.items() if name.startswith(BUSINESS_RULES))
    others = {name: n for name, n in failures.items() if not name.startswith(BUSINESS_RULES)}
    figures.append(
        f"fuzzing on {backend}: {cases} cases as {len(ROLES)} roles (examples, coverage, fuzzing and stateful phases, "
        f"positive and negative data); server errors, schema violations and other failures: {sum(others.values())}; "
        f"schema-valid requests refused by a business rule: {refused}"
    )
    assert others == {}
    assert cases > 5000
