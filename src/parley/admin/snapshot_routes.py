"""The admin API's snapshots (``parley.admin.snapshot``): an organisation exported as a
snapshot file, a snapshot file imported as an organisation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar import Request, Response, get, post
from litestar.datastructures import State
from litestar.openapi.spec import OpenAPIMediaType, RequestBody, Schema
from litestar.openapi.spec.enums import OpenAPIFormat, OpenAPIType
from litestar.params import FromPath, FromQuery

from parley.admin import schemas as wire
from parley.admin import snapshot
from parley.admin.openapi import BAD_FILE, AdminOperation
from parley.config import Settings
from parley.http.envelope import Data
from parley.http.openapi import TOO_LARGE, error_response

TAGS = ["Parley admin"]
MEDIA_TYPE = "application/x-ndjson"
CLASH = {409: error_response("An organisation with the snapshot's id is already in this store")}


@dataclass
class SnapshotBody(AdminOperation):
    """The import's body in the document: a snapshot file, read whole."""

    def __post_init__(self) -> None:
        super().__post_init__()
        binary = Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY)
        self.request_body = RequestBody(
            content={MEDIA_TYPE: OpenAPIMediaType(schema=binary)},
            description="A snapshot file",
            required=True,
        )


@get(
    "/orgs/{orgId:str}/snapshot", tags=TAGS, summary="Export an organisation", media_type=MEDIA_TYPE
)
async def export_snapshot(state: State, orgId: FromPath[str]) -> Response[bytes]:
    """**Parley extension** (admin API). The organisation's whole state as a snapshot
    file (JSON Lines, version 1: a header with the schema revision, one section per table,
    the attachments' files in base64, a SHA-256 checksum at the end), read in one
    transaction. Load it with `POST /_parley/orgs/snapshot` or `parley orgs import`, into
    this store or another (SQLite or PostgreSQL). `404` for an unknown organisation."""
    settings: Settings = state.settings
    chunks: list[bytes] = []
    await snapshot.export_org(state.db, orgId, settings.blob_dir, chunks.append)
    headers = {"Content-Disposition": f'attachment; filename="parley-{orgId}.jsonl"'}
    return Response(b"".join(chunks), media_type=MEDIA_TYPE, headers=headers)


@post(
    "/orgs/snapshot",
    tags=TAGS,
    summary="Import an organisation",
    status_code=201,
    responses={400: BAD_FILE, **CLASH, 413: TOO_LARGE},
    operation_class=SnapshotBody,
)
async def import_snapshot(
    state: State,
    request: Request[Any, Any, Any],
    *,
    newOrg: FromQuery[bool] = False,
) -> Data[wire.ImportedOrg]:
    """**Parley extension** (admin API). Loads a snapshot file (`GET
    /_parley/orgs/{orgId}/snapshot`, `parley orgs export`) in one transaction: all of it or
    nothing. The organisation keeps its id and its API tokens; `409` when this store
    already has an organisation with that id. With `newOrg=true` it is loaded under a new
    id instead, without its old tokens, with a new API token (`apiToken`). `400` for a file
    that is not a snapshot, is damaged (checksum) or is of another schema revision. The
    conversations and published articles are indexed for search by this store. The file
    is a request body: at most `PARLEY_MAX_BODY_BYTES` (`413` beyond; `parley orgs import`
    has no such limit)."""
    settings: Settings = state.settings
    data = await request.body()
    done = await snapshot.import_org(state.db, data, settings.blob_dir, new_org=newOrg)
    return Data(wire.ImportedOrg(done.org_id, done.name, done.rows, done.api_token))


ROUTES = [export_snapshot, import_snapshot]
