"""The ``matcher`` command: serve, worker, db upgrade, users create, audit verify, demo."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import sys
import time
from collections.abc import AsyncIterator, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast

import msgspec
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.domain.audit import ChainCheck
from matcher.domain.enums import OrgKind, Role
from matcher.errors import NotFound
from matcher.settings import Settings, SettingsError
from matcher.store import audit, records
from matcher.store.db import create_engine, sessions, upgrade, upgrade_url
from matcher.store.records import Replay
from matcher.store.users import AccountError, create_user, revoke
from taxonomy.build import arguments
from taxonomy.lookup import configured


def _settings() -> Settings:
    try:
        return Settings.from_env(os.environ)
    except SettingsError as error:
        raise SystemExit(f"matcher: {error}") from None


@contextlib.asynccontextmanager
async def _session(settings: Settings, migrate: bool = False) -> AsyncIterator[AsyncSession]:
    """A session for one command, its engine disposed of after (SQLite migrated first if asked)."""
    engine = create_engine(settings.database_url)
    try:
        if migrate and settings.is_sqlite:
            await upgrade(engine)
        async with sessions(engine)() as session:
            yield session
    finally:
        await engine.dispose()


async def _create_user(
    settings: Settings, org: str, role: Role, name: str, kind: OrgKind | None, days: int | None
) -> tuple[str, str]:
    expires_at = datetime.now(UTC) + timedelta(days=days) if days else None
    async with _session(settings, migrate=True) as session:
        user, token = await create_user(session, org=org, role=role, name=name, kind=kind, expires_at=expires_at)
        await session.commit()
    return user.id, token


async def _revoke(settings: Settings, user_id: str) -> None:
    async with _session(settings) as session:
        await revoke(session, user_id)
        await session.commit()


def cmd_users_revoke(args: argparse.Namespace) -> int:
    try:
        asyncio.run(_revoke(_settings(), args.user_id))
    except AccountError as error:
        print(f"matcher: {error}", file=sys.stderr)
        return 2
    print(f"revoked: the token of user {args.user_id} no longer works")
    return 0


def cmd_users_create(args: argparse.Namespace) -> int:
    settings = _settings()
    kind = OrgKind(args.kind) if args.kind else None
    try:
        user_id, token = asyncio.run(
            _create_user(settings, args.org, Role(args.role), args.name, kind, args.expires_in_days)
        )
    except AccountError as error:
        print(f"matcher: {error}", file=sys.stderr)
        return 2
    ends = f", valid for {args.expires_in_days} days" if args.expires_in_days else ""
    print(f"Created {args.role} {args.name!r} (user {user_id}) in organisation {args.org!r}{ends}.")
    print("The token is shown only now:")
    print(token)
    return 0


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    settings = _settings()
    upgrade_url(settings.database_url, args.revision)
    print(f"database at revision {args.revision}")
    return 0


async def _verify_audit(settings: Settings) -> ChainCheck:
    async with _session(settings) as session:
        return await audit.verify(session)


def cmd_audit_verify(args: argparse.Namespace) -> int:
    check = asyncio.run(_verify_audit(_settings()))
    if check.intact:
        print(f"audit trail intact: {check.entries} entries")
        return 0
    print(f"audit trail broken at entry {check.first_broken}: {check.problem} ({check.entries} entries check out)")
    return 1


async def _replay(settings: Settings, shortlist_id: str) -> Replay:
    async with _session(settings) as session:
        return await records.replay(session, shortlist_id, configured(settings.taxonomy_path))


def cmd_replay(args: argparse.Namespace) -> int:
    """0: the same order again; 1: a different one (or another model); 2: no such record."""
    try:
        result = asyncio.run(_replay(_settings(), args.shortlist_id))
    except NotFound as error:
        print(f"matcher: {error.detail}", file=sys.stderr)
        return 2
    print(msgspec.json.format(msgspec.json.encode(result)).decode())
    return 0 if result.identical and result.same_model else 1


async def _model(settings: Settings, args: argparse.Namespace) -> int:
    from matcher import lifecycle
    from matcher.ranking.training import NotEnoughOutcomes
    from matcher.store import models

    taxonomy = configured(settings.taxonomy_path)
    async with _session(settings) as session:
        try:
            if args.model_command == "train":
                trained = await lifecycle.train(session, taxonomy, promote=args.promote)
                await session.commit()
                print(f"model: {trained.hash}")
                _print_metrics("holdout", trained.holdout)
                _print_metrics("current_on_holdout", trained.current)
                print(f"better: {trained.better}\npromoted: {trained.promoted}")
                return 0
            if args.model_command == "evaluate":
                for name, values in (await lifecycle.evaluate(session, taxonomy, args.hash)).items():
                    _print_metrics(name, values)
                return 0
            if args.model_command == "promote":
                better, new, old = await lifecycle.promote(session, taxonomy, args.hash)
                await session.commit()
                _print_metrics("challenger_on_holdout", new)
                _print_metrics("current_on_holdout", old)
                print(
                    "promoted"
                    if better
                    else "not promoted: it does not beat the current ranking on the latest outcomes"
                )
                return 0 if better else 1
            for info in await models.listing(session):
                mark = "*" if info.current else " "
                auc = info.metrics.get("holdout_auc")
                print(
                    f"{mark} {info.hash[:16]}  trained on {info.trained_on} outcomes until "
                    f"{info.trained_until:%Y-%m-%d}  holdout AUC {'-' if auc is None else f'{auc:.3f}'}  "
                    f"promoted {'-' if info.promoted_at is None else f'{info.promoted_at:%Y-%m-%d %H:%M}'}"
                )
            return 0
        except NotEnoughOutcomes as error:
            print(f"matcher: {error}", file=sys.stderr)
            return 2
        except NotFound as error:
            print(f"matcher: {error.detail}", file=sys.stderr)
            return 2


def _print_metrics(prefix: str, values: dict[str, float]) -> None:
    for key, value in values.items():
        print(f"{prefix}_{key}: {value:.4g}")


def cmd_model(args: argparse.Namespace) -> int:
    """0: done; 1: a model not promoted because it is not better; 2: no such model or too few outcomes."""
    return asyncio.run(_model(_settings(), args))


def cmd_simulate(args: argparse.Namespace) -> int:
    from matcher.ranking.market import SETTINGS
    from matcher.ranking.simulate import report, simulate

    taxonomy = configured(_settings().taxonomy_path)
    for name in list(SETTINGS) if args.market == "all" else [args.market]:
        report(simulate(taxonomy, name, args.seed, args.rounds), name)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from matcher.app import create_app

    settings = _settings()
    if args.demo:
        from matcher.demo import seed_and_print

        asyncio.run(seed_and_print(settings, f"http://{args.host}:{args.port}"))
    uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level="info")
    return 0


def _exit_now(signum: int, frame: object) -> None:
    raise SystemExit(0)


def cmd_worker(args: argparse.Namespace) -> int:
    """Run jobs until SIGTERM; when Redis goes away, wait and start again (the outbox keeps the jobs)."""
    from arq.worker import create_worker
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    from workers.settings import worker_settings

    try:
        options = worker_settings(_settings())
    except ValueError as error:
        print(f"matcher: {error}", file=sys.stderr)
        return 2
    delay = 1.0
    while True:
        worker = create_worker(cast(Any, options))
        stopped: list[int] = []
        worker.on_stop = stopped.append
        try:
            worker.run()
        except (RedisConnectionError, RedisTimeoutError, OSError) as error:
            if stopped:
                return 0
            logging.getLogger("matcher.worker").warning(
                "Redis is unreachable (%s): trying again in %.0f s", error, delay
            )
            # No job runs now: SIGTERM or SIGINT while waiting simply ends the process.
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, _exit_now)
            time.sleep(delay)
            delay = min(delay * 2, 30.0)
            continue
        return 0


def cmd_taxonomy_import(args: argparse.Namespace) -> int:
    from taxonomy.build import build

    try:
        print(build(args.esco_dir, args.out, args.languages, args.labels, args.project_data))
    except (ValueError, OSError) as error:
        print(f"matcher: {error}", file=sys.stderr)
        return 2
    print(f"Set MATCHER_TAXONOMY_PATH={args.out} for the service to load it.")
    return 0


def cmd_taxonomy_match(args: argparse.Namespace) -> int:
    """One phrase per line on stdin, one JSON object per line on stdout, up to five matches each.

    Lines are taken in batches of what has arrived, so a file is matched at batch speed and a
    program writing one phrase at a time gets each answer before it sends the next.
    """
    import msgspec

    from taxonomy.lookup import configured
    from taxonomy.model import ALL_KINDS, OCCUPATION_KINDS, SKILL_KINDS

    taxonomy = configured(_settings().taxonomy_path)
    kinds = {"skill": SKILL_KINDS, "occupation": OCCUPATION_KINDS}.get(args.kind or "", ALL_KINDS)
    encoder = msgspec.json.Encoder()
    out = sys.stdout
    for phrases in _arrived_lines(sys.stdin.fileno()):
        for phrase, found in zip(phrases, taxonomy.matches_many(phrases, kinds, args.lang, limit=5), strict=True):
            matches = [{"uri": m.uri, "label": m.label, "kind": m.family, "score": m.score} for m in found]
            out.write(encoder.encode({"input": phrase, "matches": matches}).decode() + "\n")
        out.flush()
    return 0


def _arrived_lines(fd: int, chunk: int = 1 << 16) -> Iterator[list[str]]:
    """The complete lines read from ``fd``, a batch for each read (the last may lack its newline)."""
    pending = b""
    while data := os.read(fd, chunk):
        *lines, pending = (pending + data).split(b"\n")
        if lines:
            yield [line.decode("utf-8", errors="replace") for line in lines]
    if pending:
        yield [pending.decode("utf-8", errors="replace")]


def cmd_bench(args: argparse.Namespace) -> int:
    from matcher.bench import taxonomy

    return taxonomy.run(quick=args.quick, with_baseline=args.baseline, peer_python=args.peer)


def cmd_bench_workers(args: argparse.Namespace) -> int:
    from matcher.bench import workers

    try:
        counts = [int(n) for n in args.workers.split(",") if n.strip()]
    except ValueError:
        print("matcher: --workers takes counts such as 1,2,4", file=sys.stderr)
        return 2
    if not counts or min(counts) < 1:
        print("matcher: --workers takes counts such as 1,2,4", file=sys.stderr)
        return 2
    return workers.main(args.quick, counts)


def cmd_bench_ranking(args: argparse.Namespace) -> int:
    from matcher.bench.ranking import main as bench_ranking

    return bench_ranking(args.candidates)


def cmd_bench_report(args: argparse.Namespace) -> int:
    from matcher.bench import report

    return report.main(args.quick)


def cmd_demo(args: argparse.Namespace) -> int:
    from matcher.demo import seed_and_print

    asyncio.run(seed_and_print(_settings(), args.url))
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="matcher", description="Kohtaanto recruitment matching service")
    commands = root.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the HTTP API (and, without Redis, the jobs)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--demo", action="store_true", help="load demo data first and print demo tokens")
    serve.set_defaults(run=cmd_serve)

    worker = commands.add_parser("worker", help="run background jobs from Redis (MATCHER_REDIS_URL)")
    worker.set_defaults(run=cmd_worker)

    db = commands.add_parser("db", help="database schema").add_subparsers(dest="db_command", required=True)
    up = db.add_parser("upgrade", help="apply migrations")
    up.add_argument("revision", nargs="?", default="head")
    up.set_defaults(run=cmd_db_upgrade)

    users = commands.add_parser("users", help="accounts").add_subparsers(dest="users_command", required=True)
    create = users.add_parser("create", help="create a user and print its API token")
    create.add_argument("--org", required=True, help="organisation identifier, e.g. tampere or staffpoint")
    create.add_argument("--role", required=True, choices=[r.value for r in Role])
    create.add_argument("--name", required=True)
    create.add_argument(
        "--kind",
        choices=[k.value for k in OrgKind],
        help="organisation kind when it is new (default: partner for recruiters, else city)",
    )
    create.add_argument("--expires-in-days", type=int, metavar="N", help="the token stops working after N days")
    create.set_defaults(run=cmd_users_create)
    revoke_user = users.add_parser("revoke", help="stop a user's token from working")
    revoke_user.add_argument("user_id")
    revoke_user.set_defaults(run=cmd_users_revoke)

    audit_trail = commands.add_parser("audit", help="the audit trail of personal-data access")
    audit_commands = audit_trail.add_subparsers(dest="audit_command", required=True)
    verify = audit_commands.add_parser("verify", help="recompute the hash chain; exit 1 if it is broken")
    verify.set_defaults(run=cmd_audit_verify)

    replay = commands.add_parser("replay", help="rank a recorded shortlist again from its inputs; exit 1 if it differs")
    replay.add_argument("shortlist_id")
    replay.set_defaults(run=cmd_replay)

    model = commands.add_parser("model", help="the learned ranking model")
    model_commands = model.add_subparsers(dest="model_command", required=True)
    train = model_commands.add_parser("train", help="train on recorded interview outcomes and store the model")
    train.add_argument("--promote", action="store_true", help="promote it if it beats the current ranking")
    evaluate = model_commands.add_parser("evaluate", help="a model and the prior on the recorded outcomes")
    evaluate.add_argument("hash", nargs="?", help="a stored model (default: the promoted one)")
    promote = model_commands.add_parser("promote", help="let a model rank if it beats the current one; exit 1 if not")
    promote.add_argument("hash")
    model_commands.add_parser("list", help="stored models, the current one marked *")
    for command in (train, evaluate, promote, model_commands.choices["list"]):
        command.set_defaults(run=cmd_model)

    simulate = commands.add_parser("simulate", help="weekly rounds in a synthetic market: prior, learned, planned")
    simulate.add_argument("--seed", type=int, default=None, help="the market's random seed (default: its own)")
    simulate.add_argument("--rounds", type=int, default=None, help="weekly rounds (default 5)")
    simulate.add_argument("--market", default="all", choices=["all", "default", "scarce", "picky"])
    simulate.set_defaults(run=cmd_simulate)

    taxonomy = commands.add_parser("taxonomy", help="the skills and occupations taxonomy")
    taxonomy_commands = taxonomy.add_subparsers(dest="taxonomy_command", required=True)
    importer = taxonomy_commands.add_parser("import", help="build the taxonomy file from an ESCO CSV download")
    arguments(importer, default_out=Path("kohtaanto-taxonomy.msgpack.z"))
    importer.set_defaults(run=cmd_taxonomy_import)
    match = taxonomy_commands.add_parser("match", help="match phrases from stdin, one JSON line each")
    match.add_argument("--lang", choices=["fi", "sv", "en"])
    match.add_argument("--kind", choices=["skill", "occupation"])
    match.set_defaults(run=cmd_taxonomy_match)

    bench = commands.add_parser("bench", help="benchmarks (from a checkout of the repository)")
    bench_commands = bench.add_subparsers(dest="bench_command", required=True)
    bench_taxonomy = bench_commands.add_parser("taxonomy", help="taxonomy quality and speed beside a baseline")
    bench_taxonomy.add_argument("--quick", action="store_true", help="at most 1,000 items per set")
    bench_taxonomy.add_argument(
        "--no-baseline", dest="baseline", action="store_false", help="skip the (slow) rapidfuzz baseline"
    )
    bench_taxonomy.add_argument(
        "--peer", type=Path, metavar="PYTHON", help="also run esco-skill-extractor with this interpreter (benchmarks/)"
    )
    bench_taxonomy.set_defaults(run=cmd_bench)
    bench_workers = bench_commands.add_parser("workers", help="feedback jobs per second with 1, 2 and 4 workers")
    bench_workers.add_argument("--quick", action="store_true", help="300 jobs per run instead of 2,000")
    bench_workers.add_argument(
        "--workers", default="1,2,4", metavar="N,N", help="worker process counts; the first is the baseline"
    )
    bench_workers.set_defaults(run=cmd_bench_workers)
    bench_ranking = bench_commands.add_parser(
        "ranking", help="shortlists from 100k and 1M job seekers, the market plan"
    )
    bench_ranking.add_argument("--candidates", type=int, default=None, help="one pool size instead of 100k and 1M")
    bench_ranking.set_defaults(run=cmd_bench_ranking)
    bench_report = bench_commands.add_parser("report", help="weekly page load time with a year of data")
    bench_report.add_argument("--quick", action="store_true", help="fewer repeated loads")
    bench_report.set_defaults(run=cmd_bench_report)

    demo = commands.add_parser("demo", help="load demo data and print demo tokens")
    demo.add_argument("--url", default="http://127.0.0.1:8000")
    demo.set_defaults(run=cmd_demo)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    args = parser().parse_args(argv)
    code: int = args.run(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
