"""The least an authenticated read of one conversation does on Parley's stack: a Litestar
handler that looks the API token up and reads the conversation's row, in one read
transaction on a stdlib ``sqlite3`` connection to the run's copy of the generated store,
and answers the row's columns as JSON (msgspec, Litestar's encoder).

No Parley code runs: no unit of work, no custom attributes, no wire shape, no request log
or metrics. Served by granian like the other ceilings, it shows what a ``GET
/v1/conversations/{id}`` that authenticates and reads SQLite can reach on this machine, so
Parley's ``get_conversation`` is read against it as well as against the static ceilings.

``BENCH_STORE_PATH`` names the SQLite file (opened read-only: ``query_only``).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from typing import Any

from litestar import Litestar, Request, get
from litestar.exceptions import NotAuthorizedException, NotFoundException

_conn = sqlite3.connect(
    os.environ["BENCH_STORE_PATH"], isolation_level=None, check_same_thread=False
)
_conn.execute("PRAGMA query_only=ON")

_TOKEN = "SELECT org_id FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL"
_CONVERSATION = "SELECT * FROM conversations WHERE org_id = ? AND id = ?"


@get("/v1/conversations/{conversation_id:int}", sync_to_thread=False)
def conversation(request: Request[Any, Any, Any], conversation_id: int) -> dict[str, Any]:
    token = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
    if not token:
        raise NotAuthorizedException()
    token_hash = hashlib.sha256(token.encode()).hexdigest()
    _conn.execute("BEGIN")
    try:
        org = _conn.execute(_TOKEN, (token_hash,)).fetchone()
        if org is None:
            raise NotAuthorizedException()
        cursor = _conn.execute(_CONVERSATION, (org[0], conversation_id))
        row = cursor.fetchone()
        if row is None:
            raise NotFoundException()
        names = [d[0] for d in cursor.description]
    finally:
        _conn.execute("COMMIT")
    return {"data": dict(zip(names, row, strict=True))}


app = Litestar(route_handlers=[conversation], openapi_config=None, logging_config=None)
