"""The pytest plugin, run as a user runs it: the README's example, and a test of the
clock, jobs and sinks, in a pytest process of their own outside this suite."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"


MORE = """
from datetime import UTC, datetime, timedelta


def test_clock_jobs_and_sink(parley_org, parley_admin):
    sink = parley_admin.sink()
    hook = {"name": "h", "url": sink.url, "events": ["ConversationPendingExpired"]}
    assert parley_org.client.post("/webhooks", json=hook).status_code == 201
    user = parley_org.client.post("/endusers", json={"displayName": "Bo", "email": "bo@x.org"})
    address = "support@acme.email.dixa.io"
    endpoint = {"_type": "EmailEndpoint", "address": address}
    assert parley_org.client.post("/contact-endpoints", json=endpoint).status_code == 201
    conversation = parley_org.client.post("/conversations", json={
        "_type": "Email", "requesterId": user.json()["data"]["id"],
        "emailIntegrationId": address, "subject": "Hi",
        "message": {"_type": "Inbound", "content": {"_type": "Text", "value": "hi"}},
    }).json()["data"]
    later = (datetime.now(UTC) + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    r = parley_org.client.put(f"/conversations/{conversation['id']}/followup",
                              json={"timestamp": later})
    assert r.status_code == 204
    parley_org.advance(2 * 86400)
    parley_org.run_jobs()
    [delivery] = sink.received()
    assert delivery.signature_verified
    assert delivery.json()["event_fqn"] == "CONVERSATION_PENDING_EXPIRED"
    parley_org.reset()
    assert parley_org.client.get("/webhooks").json()["data"] == []


def test_a_snapshot_loads_into_a_fresh_organisation(parley_org, parley_load_snapshot, tmp_path):
    assert parley_org.client.post("/tags", json={"name": "vip"}).status_code == 200
    (tmp_path / "org.jsonl").write_bytes(parley_org.snapshot())
    copy = parley_load_snapshot(tmp_path / "org.jsonl")
    assert copy.id != parley_org.id and copy.token != parley_org.token
    assert [t["name"] for t in copy.client.get("/tags").json()["data"]] == ["vip"]
    assert copy.client.post("/tags", json={"name": "new"}).status_code == 200
    assert len(parley_org.client.get("/tags").json()["data"]) == 1
"""


def test_the_readme_example_runs_with_the_plugin(tmp_path: Path) -> None:
    text = README.read_text()
    example = re.search(
        r"<!-- plugin-example -->\n```python\n(.*?)```\n<!-- /plugin-example -->", text, re.S
    )
    assert example is not None
    (tmp_path / "test_integration.py").write_text(example.group(1) + MORE)
    path = os.pathsep.join(p for p in (str(ROOT / "src"), os.environ.get("PYTHONPATH")) if p)
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"), PYTHONPATH=path)
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:randomly",
            "-p",
            "no:cacheprovider",
            "test_integration.py",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert "3 passed" in r.stdout
