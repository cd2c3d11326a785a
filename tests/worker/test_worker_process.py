"""`parley worker` runs background jobs as its own process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fixtures.builders import email_conversation
from fixtures.harness import Api, Harness
from fixtures.reads import conversation, routing_types

PARLEY = str(Path(sys.executable).parent / "parley")


def test_worker_process_runs_due_jobs(harness: Harness, api: Api) -> None:
    cid = email_conversation(api)
    at = datetime.now(UTC) + timedelta(seconds=1)
    stamp = at.strftime("%Y-%m-%dT%H:%M:%S.") + f"{at.microsecond // 1000:03d}Z"
    r = api.put(f"/v1/conversations/{cid}/followup", json={"timestamp": stamp})
    assert r.status_code == 204
    env = dict(
        os.environ,
        PARLEY_DATABASE_URL=harness.settings.database_url,
        PARLEY_WORKER_POLL_SECONDS="0.1",
    )
    proc = subprocess.Popen(
        [PARLEY, "worker"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        deadline = time.time() + 30
        while conversation(api, cid)["state"] != "Open":
            assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
            assert time.time() < deadline, "the worker process did not expire the follow-up"
            time.sleep(0.2)
    finally:
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0, out
    assert "worker" in out and "running" in out
    assert routing_types(api, cid)[-1] == "FollowupExpired"
    jobs = harness.fetch(
        "SELECT status, claimed_by FROM jobs WHERE org_id = :o AND dedupe_key = :k",
        {"o": api.org.id, "k": str(cid)},
    )
    assert [j[0] for j in jobs] == ["done"]
    assert f":{proc.pid}:" in jobs[0][1]  # run by the worker process
