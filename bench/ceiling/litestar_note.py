"""The least a note write does on Parley's stack: a Litestar handler that looks the API
token up, checks the conversation, and inserts the note's text, in one write transaction
(``BEGIN IMMEDIATE``, WAL, ``synchronous=NORMAL`` as Parley's writer) on a stdlib
``sqlite3`` connection.

No Parley code runs: no unit of work, no sequences, no activity entry, no event, no
webhook lookup. ``bench/contention.py --floor`` sends its note writer here while the
searchers search through a Parley server in another process.

Its database is a file of its own, ``BENCH_FLOOR_PATH``, made at start from the generated
store ``BENCH_STORE_PATH`` (read only): the tokens and the conversations' ids, so that its
commits and checkpoints never touch the Parley server's files.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
from typing import Any

from litestar import Litestar, Request, post
from litestar.exceptions import NotAuthorizedException, NotFoundException


def _open() -> sqlite3.Connection:
    path = os.environ["BENCH_FLOOR_PATH"]
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.unlink(path + suffix)
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("ATTACH DATABASE ? AS store", (os.environ["BENCH_STORE_PATH"],))
    conn.executescript(
        "CREATE TABLE api_tokens AS SELECT token_hash, org_id, revoked_at FROM store.api_tokens;"
        "CREATE UNIQUE INDEX ix_tokens ON api_tokens (token_hash);"
        "CREATE TABLE conversations (org_id TEXT NOT NULL, id INTEGER NOT NULL, "
        "PRIMARY KEY (org_id, id)) WITHOUT ROWID;"
        "INSERT INTO conversations SELECT org_id, id FROM store.conversations;"
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, org_id TEXT NOT NULL, "
        "conversation_id INTEGER NOT NULL, body TEXT NOT NULL, created_at INTEGER NOT NULL);"
        "DETACH DATABASE store;"
    )
    return conn


_conn = _open()

_TOKEN = "SELECT org_id FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL"
_CONVERSATION = "SELECT 1 FROM conversations WHERE org_id = ? AND id = ?"
_INSERT = (
    "INSERT INTO notes (org_id, conversation_id, body, created_at) VALUES (?, ?, ?, ?) RETURNING id"
)


@post("/v1/conversations/{conversation_id:int}/notes", sync_to_thread=False, status_code=200)
def note(
    request: Request[Any, Any, Any], conversation_id: int, data: dict[str, Any]
) -> dict[str, Any]:
    token = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
    if not token:
        raise NotAuthorizedException()
    token_hash = hashlib.sha256(token.encode()).hexdigest()
    _conn.execute("BEGIN IMMEDIATE")
    try:
        org = _conn.execute(_TOKEN, (token_hash,)).fetchone()
        if org is None:
            raise NotAuthorizedException()
        if _conn.execute(_CONVERSATION, (org[0], conversation_id)).fetchone() is None:
            raise NotFoundException()
        now = int(time.time() * 1000)
        row = _conn.execute(_INSERT, (org[0], conversation_id, str(data["message"]), now))
        note_id = row.fetchone()[0]
    except BaseException:
        _conn.execute("ROLLBACK")
        raise
    _conn.execute("COMMIT")
    return {"data": {"id": note_id, "conversationId": conversation_id, "createdAt": now}}


app = Litestar(route_handlers=[note], openapi_config=None, logging_config=None)
