"""Snapshots: an organisation exported to a file and loaded into another store, SQLite to
PostgreSQL and back, compared through the REST API and search."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from fixtures.testkit import Admin, conversation, populated_org
from parley.admin.snapshot import LEFT_OUT, TABLES, uncovered
from parley.admin.snapshot_format import parse
from parley.store.schema import metadata

NDJSON = {"Content-Type": "application/x-ndjson"}
PARLEY = str(Path(sys.executable).parent / "parley")


def test_every_organisation_table_is_in_the_snapshot_or_left_out_with_a_reason() -> None:
    org_tables = {t.name for t in metadata.sorted_tables if "org_id" in t.c}
    assert len(TABLES) == len(set(TABLES))
    assert not set(TABLES) & set(LEFT_OUT)
    assert org_tables == set(TABLES) | set(LEFT_OUT), "a table with org_id is in neither"
    assert all(reason for reason in LEFT_OUT.values())
    assert uncovered() == set()


@pytest.mark.parametrize(("source", "target"), [("sqlite", "postgres"), ("postgres", "sqlite")])
def test_an_organisation_moves_between_stores(
    both_stores: dict[str, Admin], files_url: str, source: str, target: str
) -> None:
    src, dst = both_stores[source], both_stores[target]
    made = populated_org(src, files_url)
    org = made.org
    before: dict[str, Any] = {}
    for path in made.paths:
        r = src.as_org(org, "GET", path)
        assert r.status_code == 200, (path, r.text)
        before[path] = r.json()
    attachment = src.as_org(org, "GET", made.attachment_path).content
    found = src.as_org(org, "GET", "/v1/search/conversations", params={"query": made.search})
    assert len(found.json()["data"]) == 1

    exported = src.call("GET", f"/orgs/{org['id']}/snapshot")
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("application/x-ndjson")
    r = dst.call("POST", "/orgs/snapshot", content=exported.content, headers=NDJSON)
    assert r.status_code == 201, r.text
    assert r.json()["data"]["id"] == org["id"] and "apiToken" not in r.json()["data"]

    for path in made.paths:  # the same token answers the same everywhere
        assert dst.as_org(org, "GET", path).json() == before[path], path
    assert dst.as_org(org, "GET", made.attachment_path).content == attachment
    moved = dst.as_org(org, "GET", "/v1/search/conversations", params={"query": made.search})
    assert moved.json()["data"] == found.json()["data"]
    again = parse(dst.call("GET", f"/orgs/{org['id']}/snapshot").content)
    first = parse(exported.content)
    assert again.org == first.org and again.blobs == first.blobs and len(first.blobs) == 1
    assert again.sections == first.sections
    filled = {s.table for s in first.sections if s.rows}
    assert filled >= {
        "conversations", "messages", "attachments", "notes", "conversation_tags", "ratings",
        "conversation_attributes", "activity", "events", "webhook_subscriptions",
        "desk_credentials", "kb_articles", "kb_translations", "templates",
        "business_hours_schedules", "api_tokens", "users", "jobs",
    }  # fmt: skip
    # the store's sequences moved past the imported ids and positions
    cid = conversation(dst, org)
    r = dst.as_org(org, "POST", f"/v1/conversations/{cid}/notes", json={"message": "after"})
    assert r.status_code in (200, 201), r.text

    clash = dst.call("POST", "/orgs/snapshot", content=exported.content, headers=NDJSON)
    assert clash.status_code == 409 and "already in this store" in clash.json()["message"]
    r = dst.call(
        "POST", "/orgs/snapshot", content=exported.content, headers=NDJSON, params={"newOrg": True}
    )
    assert r.status_code == 201, r.text
    copy = {**org, "id": r.json()["data"]["id"], "apiToken": r.json()["data"]["apiToken"]}
    assert copy["id"] != org["id"]
    renamed = json.loads(json.dumps(before).replace(org["id"], copy["id"]))
    for path in [p for p in made.paths if "/conversations/" not in p]:
        assert dst.as_org(copy, "GET", path).json() == renamed[path], path
    # conversation ids are global in a store: the copy's were drawn again
    hit = dst.as_org(copy, "GET", "/v1/search/conversations", params={"query": made.search})
    [new_cid] = [c["id"] for c in hit.json()["data"]]
    [old_cid] = [c["id"] for c in found.json()["data"]]
    assert new_cid != old_cid
    messages = dst.as_org(copy, "GET", f"/v1/conversations/{new_cid}/messages").json()["data"]
    old_messages = before[f"/v1/conversations/{old_cid}/messages"]["data"]
    assert [m["id"] for m in messages] == [m["id"] for m in old_messages]
    assert dst.as_org(copy, "GET", made.attachment_path).content == attachment
    assert dst.as_org(org, "GET", "/v1/agents").status_code == 200  # the first one stays
    assert dst.call("DELETE", f"/orgs/{copy['id']}").status_code == 204


def test_a_damaged_or_foreign_snapshot_is_refused_whole(both_stores: dict[str, Admin]) -> None:
    admin = both_stores["sqlite"]
    org = admin.new_org("Damaged")
    good = admin.call("GET", f"/orgs/{org['id']}/snapshot").content
    assert admin.call("DELETE", f"/orgs/{org['id']}").status_code == 204
    lines = good.splitlines(keepends=True)
    damaged = b"".join([lines[0].replace(b"Damaged", b"Changed"), *lines[1:]])
    assert damaged != good
    head = lines[0].replace(b'"schemaRevision":"', b'"schemaRevision":"old-')
    body = head + b"".join(lines[1:-1])
    end = {**json.loads(lines[-1]), "sha256": hashlib.sha256(body).hexdigest()}
    foreign = body + json.dumps(end).encode() + b"\n"
    for body, reason in [
        (damaged, "the checksum does not match"),
        (b"".join(lines[:-1]), "no end line"),
        (b"hello\n", "no end line"),
        (good.replace(b'"version":1', b'"version":9', 1), "checksum"),
        (foreign, "upgrade both to the same revision first"),
    ]:
        r = admin.call("POST", "/orgs/snapshot", content=body, headers=NDJSON)
        assert r.status_code == 400 and reason in r.json()["message"], r.text
    assert admin.call("GET", f"/orgs/{org['id']}/clock").status_code == 404  # nothing loaded
    assert admin.call("POST", "/orgs/snapshot", content=good, headers=NDJSON).status_code == 201
    assert admin.as_org(org, "GET", "/v1/agents").status_code == 200


def test_the_command_line_moves_an_organisation(
    both_stores: dict[str, Admin], files_url: str, tmp_path: Path
) -> None:
    src, dst = both_stores["postgres"], both_stores["sqlite"]
    made = populated_org(src, files_url)
    org = made.org
    before = src.as_org(org, "GET", "/v1/webhooks").json()
    file = tmp_path / "org.jsonl"
    settings = [src.client.app.state.settings, dst.client.app.state.settings]
    source = ["--database-url", settings[0].database_url, "--data-dir", str(settings[0].data_dir)]
    exported = subprocess.run(
        [PARLEY, "orgs", "export", "--org", org["id"], str(file), *source],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert exported.returncode == 0, exported.stderr
    assert "exported" in exported.stdout and "1 files" in exported.stdout
    assert "Exporting" in exported.stderr  # the progress bar
    assert parse(file.read_bytes()).org["id"] == org["id"]
    target = ["--database-url", settings[1].database_url, "--data-dir", str(settings[1].data_dir)]
    imported = subprocess.run(
        [PARLEY, "orgs", "import", str(file), "--new-org", "--json", *target],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert imported.returncode == 0, imported.stderr
    copy = {**org, **json.loads(imported.stdout)}
    assert copy["id"] != org["id"]
    after = dst.as_org(copy, "GET", "/v1/webhooks").json()
    assert after == json.loads(json.dumps(before).replace(org["id"], copy["id"]))
    hit = dst.as_org(copy, "GET", "/v1/search/conversations", params={"query": made.search})
    assert len(hit.json()["data"]) == 1
    again = subprocess.run(
        [PARLEY, "orgs", "import", str(file), *target], capture_output=True, text=True, timeout=120
    )
    assert again.returncode != 0 and "already in this store" in again.stderr
