"""Fair background work: a receiver that never answers holds up only its own lane, and a
crashed worker's claims are taken over once their lease runs out."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from parley.kit.clock import now_ms
from parley.store import Database
from parley.uow import Ctx
from parley.worker import repository as repo
from parley.worker.registry import register

from .support import new_conversation

KIND = "webhook.deliver"


@contextmanager
def silent_receiver() -> Iterator[str]:
    """A loopback port that takes connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(512)
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/hook"
    finally:
        listener.close()  # queued connections are reset: the hung deliveries end at once


@contextmanager
def receiver() -> Iterator[tuple[str, list[float]]]:
    arrivals: list[float] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", "0")))
            arrivals.append(time.monotonic())
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook", arrivals
    finally:
        server.shutdown()
        server.server_close()


def _subscribe(client: Any, token: str, url: str) -> None:
    body = {"name": "hook", "url": url, "events": ["ConversationNoteAdded"]}
    r = client.post("/v1/webhooks", json=body, headers={"Authorization": token})
    assert r.status_code == 201, r.text


def _note_event(client: Any, token: str) -> None:
    """A conversation with a note (one ConversationNoteAdded delivery)."""
    cid = new_conversation(client, token)
    auth = {"Authorization": token}
    r = client.post(f"/v1/conversations/{cid}/notes", json={"message": "n"}, headers=auth)
    assert r.status_code in (200, 201), r.text


def _copy_deliveries(harness: Any, org_id: str, copies: int) -> None:
    """``copies`` more queued deliveries like the organisation's pending one."""

    async def run() -> None:
        db: Database = harness.db
        async with db.transaction() as tx:
            row = await tx.fetch_one(
                "SELECT kind, payload, dedupe_key FROM jobs WHERE org_id = :o "
                "AND kind = :k AND status = 'pending'",
                {"o": org_id, "k": KIND},
            )
            assert row is not None
            await tx.execute_many(
                "INSERT INTO jobs (id, org_id, kind, payload, status, run_at, attempts, "
                "max_attempts, dedupe_key, created_at) VALUES (:id, :o, :k, :p, 'pending', "
                "0, 0, 12, :d, 0)",
                [
                    {"id": str(uuid.uuid4()), "o": org_id, "k": row[0], "p": row[1], "d": row[2]}
                    for _ in range(copies)
                ],
            )

    harness.call(run)


def test_a_silent_receiver_does_not_delay_another_organisation(harness: Any, app_with: Any) -> None:
    hung, other = harness.new_org("Hung"), harness.new_org("Other")
    quiet = app_with()  # no worker yet: the hung organisation's events queue up
    with silent_receiver() as hung_url, receiver() as (url, arrivals):
        _subscribe(quiet, hung.token, hung_url)
        _note_event(quiet, hung.token)
        _copy_deliveries(harness, hung.id, 99)
        try:
            client = app_with(
                embedded_worker=True, webhook_timeout_seconds=5.0, worker_poll_seconds=0.1
            )
            _subscribe(client, other.token, url)
            time.sleep(0.5)  # the worker is busy with the silent receiver's deliveries
            sent = time.monotonic()
            _note_event(client, other.token)
            deadline = sent + 10
            while not arrivals and time.monotonic() < deadline:
                time.sleep(0.05)
            assert arrivals, "the other organisation's delivery never arrived"
            assert arrivals[0] - sent < 5.0, arrivals[0] - sent  # 125 s with batches of 4
            # and another kind of job of the other organisation: an anonymization
            auth = {"Authorization": other.token}
            cid = new_conversation(client, other.token)
            asked = time.monotonic()
            r = client.patch(f"/v1/conversations/{cid}/anonymize?force=true", headers=auth)
            assert r.status_code == 202, r.text  # accepted: a job does it
            status_url = f"/v1/anonymization/request/{r.json()['data']['id']}"
            status = "pending"
            while status == "pending" and time.monotonic() < asked + 10:
                time.sleep(0.05)
                status = client.get(status_url, headers=auth).json()["data"]["status"]
            assert status == "done", status
            assert time.monotonic() - asked < 5.0, time.monotonic() - asked
            running = harness.fetch(
                "SELECT COUNT(*) FROM jobs WHERE org_id = :o AND claimed_by IS NOT NULL "
                "AND status = 'pending'",
                {"o": hung.id},
            )[0][0]
            assert running <= 2  # the silent subscription's lane: at most two at once
        finally:
            harness.execute(
                "UPDATE jobs SET status = 'cancelled' WHERE org_id = :o AND status = 'pending'",
                {"o": hung.id},
            )


def _claims(harness: Any, job_id: str) -> bool:
    """Would a live worker claim this job now? (Other due jobs it claims are given back.)"""

    async def run() -> bool:
        now = now_ms()
        stale = now - harness.settings.job_claim_timeout_seconds * 1000
        async with harness.db.transaction() as tx:
            jobs = await repo.claim_due(
                tx, worker_id="live", now=now, stale_before=stale, limit=10_000
            )
            others = [j.id for j in jobs if j.id != job_id]
            if others:
                await repo.release(tx, others, "live")
        return any(j.id == job_id for j in jobs)

    claimed: bool = harness.call(run)
    return claimed


def _probe_job(harness: Any, org_id: str, kind: str, claimed_ago_ms: int | None) -> str:
    job_id = str(uuid.uuid4())
    now = now_ms()
    harness.execute(
        "INSERT INTO jobs (id, org_id, kind, payload, status, run_at, attempts, max_attempts, "
        "claimed_at, claimed_by, created_at) VALUES (:id, :o, :k, '{}', 'pending', "
        ":t, :a, 3, :c, :by, :t)",
        {
            "id": job_id,
            "o": org_id,
            "k": kind,
            "t": now - 60_000,
            "a": 0 if claimed_ago_ms is None else 1,
            "c": None if claimed_ago_ms is None else now - claimed_ago_ms,
            "by": None if claimed_ago_ms is None else "crashed",
        },
    )
    return job_id


def test_a_crashed_workers_claim_is_taken_over_after_its_lease(harness: Any) -> None:
    assert harness.settings.job_claim_timeout_seconds == 30
    org = harness.new_org()
    held = _probe_job(harness, org.id, "lease-probe", claimed_ago_ms=20_000)
    lapsed = _probe_job(harness, org.id, "lease-probe", claimed_ago_ms=31_000)
    try:
        assert not _claims(harness, held)  # its lease has 10 s left
        assert _claims(harness, lapsed)  # 31 s without a heartbeat: taken over
    finally:
        harness.execute("UPDATE jobs SET status = 'cancelled' WHERE org_id = :o", {"o": org.id})


SLOW_KIND = "hardening.slow-probe"


@register(SLOW_KIND)
async def _slow(ctx: Ctx, payload: dict[str, Any]) -> None:
    await ctx.tx.outside_lock(asyncio.sleep(float(payload.get("seconds", 0))))


def test_a_running_job_keeps_its_lease(harness: Any, app_with: Any) -> None:
    """A job that runs longer than the lease is renewed by its worker's heartbeat, so no
    other worker takes it over."""
    org = harness.new_org()
    job_id = _probe_job(harness, org.id, SLOW_KIND, claimed_ago_ms=None)
    harness.execute("UPDATE jobs SET payload = '{\"seconds\": 4}' WHERE id = :id", {"id": job_id})
    try:
        app_with(embedded_worker=True, job_claim_timeout_seconds=2, worker_poll_seconds=0.1)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            row = harness.fetch("SELECT claimed_by FROM jobs WHERE id = :id", {"id": job_id})
            if row[0][0]:
                break
            time.sleep(0.05)
        time.sleep(2.5)  # past the 2 s lease: renewed by the heartbeat meanwhile
        status, claimed_at, by = harness.fetch(
            "SELECT status, claimed_at, claimed_by FROM jobs WHERE id = :id", {"id": job_id}
        )[0]
        assert status == "pending" and by not in (None, "live")
        assert now_ms() - int(claimed_at) < 2_000
    finally:
        harness.execute("UPDATE jobs SET status = 'cancelled' WHERE id = :id", {"id": job_id})
