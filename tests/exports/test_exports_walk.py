"""The export walk on both stores: windows larger than one batch come out whole (no gaps,
no duplicates, ties on time broken by id), the walk reads one snapshot while writes go
on, and ``parley export`` writes JSON Lines for any span."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from fixtures.builders import DAY, HOUR, T, create_agent, email_conversation, outbound, set_times
from fixtures.exports import messages_at, run_parley
from fixtures.harness import Api, Harness
from fixtures.reads import export, ids
from parley.exports import service
from parley.exports.filters import Bounds, ConversationFilter


@pytest.mark.parametrize("batch", [1, 3, 5])
def test_a_window_larger_than_a_batch(
    harness: Harness, api: Api, monkeypatch: pytest.MonkeyPatch, batch: int
) -> None:
    monkeypatch.setattr(service, "BATCH_SIZE", batch)
    agent = create_agent(api)
    cids = [email_conversation(api) for _ in range(10)]
    for i, cid in enumerate(cids):
        set_times(harness, api, cid, created_at=T + (i // 3) * HOUR)  # threes share a time
        if i % 2:
            r = api.post(f"/v1/conversations/{cid}/messages", json=outbound(agent, f"r{i}"))
            assert r.status_code == 200, r.text
    messages_at(harness, api, T + HOUR)  # every message at one time
    window = {"created_after": T, "created_before": T + DAY}
    assert ids(export(api, "conversation_export", **window)) == cids
    assert ids(export(api, "conversation_export", csids=",".join(map(str, cids)))) == cids
    expected = [
        m["id"] for cid in cids for m in api.get(f"/v1/conversations/{cid}/messages").json()["data"]
    ]
    assert len(expected) == 15
    # Messages come oldest first; these all share one time, so they come by id.
    assert ids(export(api, "message_export", **window)) == sorted(expected)
    # A window on updated_at walks by update time: a reverse order of updates.
    for i, cid in enumerate(cids):
        set_times(harness, api, cid, updated_at=T + 2 * DAY - (i // 2) * HOUR)
    updated = {"updated_after": T + DAY, "updated_before": T + 3 * DAY}
    by_update = sorted(cids, key=lambda c: (T + 2 * DAY - (cids.index(c) // 2) * HOUR, c))
    assert ids(export(api, "conversation_export", **updated)) == by_update
    assert ids(export(api, "conversation_export", **updated, created_after=T + HOUR)) == [
        c for c in by_update if cids.index(c) >= 3
    ]


def test_the_walk_reads_one_snapshot(
    harness: Harness, api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows moved across the walk's position after it began are seen once, where they
    were when it began: one moved ahead is not repeated, one moved behind not lost, a
    new one not seen."""
    monkeypatch.setattr(service, "BATCH_SIZE", 2)
    cids = [email_conversation(api) for _ in range(5)]
    for i, cid in enumerate(cids):
        set_times(harness, api, cid, created_at=T + i)
    late = email_conversation(api)
    set_times(harness, api, late, created_at=T - DAY)  # outside the window for now
    f = ConversationFilter(created=Bounds(T, T + DAY))

    async def walk() -> list[int]:
        seen: list[int] = []
        async with service.snapshot(harness.db) as tx:
            batches = service.conversation_batches(tx, api.org.id, f)
            seen += [r.id for r in await anext(batches)]
            async with harness.db.transaction() as w:
                move = "UPDATE conversations SET created_at = :at WHERE org_id = :org AND id = :id"
                for cid, at in ((cids[0], T + 100), (cids[4], T - 1), (late, T + 50)):
                    await w.execute(move, {"at": at, "org": api.org.id, "id": cid})
            async for batch in batches:
                seen += [r.id for r in batch]
        return seen

    assert harness.call(walk) == cids
    # a new walk sees the new state
    window = {"created_after": T, "created_before": T + DAY}
    assert ids(export(api, "conversation_export", **window)) == [*cids[1:4], late, cids[0]]


def test_cli_export(harness: Harness, api: Api, tmp_path: Path) -> None:
    cids = [email_conversation(api) for _ in range(3)]
    # 100 days apart: a span the HTTP API refuses
    for cid, at in ((cids[0], T), (cids[1], T + 100 * DAY)):
        set_times(harness, api, cid, created_at=at, updated_at=at + HOUR)
        messages_at(harness, api, at, cid)
    org = ("--org", api.org.id)
    out = tmp_path / "conversations.jsonl"
    span = ("--from", "2024-03-01", "--to", str(T + 100 * DAY))
    r = run_parley(harness, "conversations", *org, *span, "--out", str(out))
    assert r.returncode == 0, r.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert ids(rows) == cids[:2]
    assert rows[0] == export(api, "conversation_export", csids=str(cids[0]))[0]
    assert "exported 2 conversations" in r.stderr

    # messages to standard output: JSON Lines only (progress and summary go to stderr)
    r = run_parley(harness, "messages", *org, "--from", str(T), "--to", "2024-06-09T00:00:00Z")
    assert r.returncode == 0, r.stderr
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert [m["csid"] for m in rows] == cids[:2]
    assert "exported 2 messages" in r.stderr

    by_update = ("--from", str(T + HOUR), "--to", str(T + HOUR), "--by", "updated")
    r = run_parley(harness, "conversations", *org, *by_update)
    assert [json.loads(line)["id"] for line in r.stdout.splitlines()] == cids[:1]

    r = run_parley(harness, "conversations", "--org", "no-such-org", *span, "--out", str(out))
    assert r.returncode != 0 and "no organisation" in r.stderr and not out.exists()
    r = run_parley(harness, "messages", *org, "--from", "soon", "--to", "2024-01-01")
    assert r.returncode != 0 and "--from" in r.stderr
    r = run_parley(harness, "messages", *org, "--from", "2024-02-01", "--to", "2024-01-01")
    assert r.returncode != 0 and "--to is before --from" in r.stderr


def test_a_client_gone_mid_export_gives_its_turn_back(
    harness: Harness, api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A client that disconnects in the middle of an export body: the walk is closed at
    once (its turn, connection and snapshot given back), not when garbage is collected."""
    import asyncio
    from urllib.parse import urlencode

    monkeypatch.setattr(service, "BATCH_SIZE", 1)
    monkeypatch.setattr(service, "CONCURRENT_STREAMS", 1)
    for _ in range(3):
        set_times(harness, api, email_conversation(api), created_at=T)
    app = harness.client.app
    db = app.state.db
    service._turns.pop(db, None)
    sent: list[dict[str, Any]] = []

    async def go() -> None:
        first_chunk = asyncio.Event()
        requested = False

        async def receive() -> dict[str, Any]:
            nonlocal requested
            if not requested:
                requested = True
                return {"type": "http.request", "body": b"", "more_body": False}
            await first_chunk.wait()
            return {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)
            if message["type"] == "http.response.body" and message.get("more_body"):
                first_chunk.set()
                await asyncio.sleep(0.5)  # the client is gone while this chunk is sent

        query = urlencode({"created_after": T, "created_before": T + DAY})
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "GET",
            "scheme": "http",
            "path": "/v1/conversation_export",
            "raw_path": b"/v1/conversation_export",
            "query_string": query.encode(),
            "root_path": "",
            "headers": [(b"host", b"testserver"), (b"authorization", api.org.token.encode())],
            "client": ("127.0.0.1", 50000),
            "server": ("testserver", 80),
        }
        await app(scope, receive, send)

    harness.call(go)
    assert sent[0]["status"] == 200
    assert not any(m["type"] == "http.response.body" and not m.get("more_body") for m in sent)
    assert not service._turns[db].locked()  # the turn is free again
    rows = export(api, "conversation_export", created_after=T, created_before=T + DAY)
    assert len(rows) == 3
    service._turns.pop(db, None)
