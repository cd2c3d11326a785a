"""Fair background work: a receiver that never answers holds up only its own lane, and a
crashed worker's claims are taken over once their lease runs out."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from fixtures.hardening import (
    copy_deliveries,
    new_conversation,
    note_event,
    probe_job,
    silent_receiver,
    subscribe_to_notes,
    would_claim,
)
from fixtures.testkit import receiver
from parley.kit.clock import now_ms
from parley.uow import Ctx
from parley.worker.registry import register


def test_a_silent_receiver_does_not_delay_another_organisation(harness: Any, app_with: Any) -> None:
    hung, other = harness.new_org("Hung"), harness.new_org("Other")
    quiet = app_with()  # no worker yet: the hung organisation's events queue up
    with silent_receiver() as hung_url, receiver() as (url, received):
        subscribe_to_notes(quiet, hung.token, hung_url)
        note_event(quiet, hung.token)
        copy_deliveries(harness, hung.id, 99)
        try:
            client = app_with(
                embedded_worker=True, webhook_timeout_seconds=5.0, worker_poll_seconds=0.1
            )
            subscribe_to_notes(client, other.token, url)
            time.sleep(0.5)  # the worker is busy with the silent receiver's deliveries
            sent = time.monotonic()
            note_event(client, other.token)
            deadline = sent + 10
            while not received and time.monotonic() < deadline:
                time.sleep(0.05)
            arrived = time.monotonic()
            assert received, "the other organisation's delivery never arrived"
            assert arrived - sent < 5.0, arrived - sent  # 125 s with batches of 4
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


def test_a_crashed_workers_claim_is_taken_over_after_its_lease(harness: Any) -> None:
    assert harness.settings.job_claim_timeout_seconds == 30
    org = harness.new_org()
    held = probe_job(harness, org.id, "lease-probe", claimed_ago_ms=20_000)
    lapsed = probe_job(harness, org.id, "lease-probe", claimed_ago_ms=31_000)
    try:
        assert not would_claim(harness, held)  # its lease has 10 s left
        assert would_claim(harness, lapsed)  # 31 s without a heartbeat: taken over
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
    job_id = probe_job(harness, org.id, SLOW_KIND, claimed_ago_ms=None)
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
