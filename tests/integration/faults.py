"""What the fault tests share besides the benchmark's seeding: a partner system, and what is stuck."""

from __future__ import annotations

import http.server
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import select

from matcher.store.db import create_engine, sessions
from matcher.store.tables import JobRow, utcnow


async def stuck(url: str) -> str:
    """The jobs not done, with their state, attempts and last error (for a failure message)."""
    engine = create_engine(url)
    try:
        async with sessions(engine)() as session:
            rows = await session.execute(
                select(JobRow.id, JobRow.state, JobRow.attempts, JobRow.last_error, JobRow.updated_at)
                .where(JobRow.state != "done", JobRow.run_at < utcnow())
                .limit(20)
            )
            return "\n".join(str(tuple(r)) for r in rows)
    finally:
        await engine.dispose()


class Receiver(http.server.BaseHTTPRequestHandler):
    """A partner system: counts every POST by its delivery id."""

    posts: Counter[str]
    lock: threading.Lock

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        with type(self).lock:
            type(self).posts[self.headers["X-Kohtaanto-Delivery"]] += 1
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@contextmanager
def partner_system() -> Iterator[tuple[str, Counter[str]]]:
    posts: Counter[str] = Counter()
    handler = type("Handler", (Receiver,), {"posts": posts, "lock": threading.Lock()})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/events", posts
    finally:
        server.shutdown()
        server.server_close()
