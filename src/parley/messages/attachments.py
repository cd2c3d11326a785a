"""Attachments: downloaded before anything is written (streamed to temporary files,
``download``), stored under the blob directory, served back from ``/v1/attachments/{id}``
(and the desk's download) straight from the file, a chunk at a time (``read``): serving a
file never holds it in memory.

A blob file belongs to the transaction that inserts its row: it is written under a
temporary name and renamed into place (so a reader never sees half a file), and the
transaction's rollback hook deletes it, so a request that fails after storing files
leaves none behind.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from parley.errors import Invalid, NotFound, invalid_body
from parley.kit.blobs import Blob, open_blob
from parley.kit.ids import new_id
from parley.messages import repository as repo
from parley.messages.download import DownloadFailed, Fetched, discard, fetch
from parley.messages.schemas import File
from parley.uow import Ctx

DOWNLOAD_FAILED = "Failure to download attachment"

D = TypeVar("D")
T = TypeVar("T")


async def download_then_redo(
    ctx: Ctx,
    download: Awaitable[D],
    redo: Callable[[D], Awaitable[T]],
    files_of: Callable[[D], Sequence[Fetched]],
) -> T:
    """A use case whose input names files to download calls this once every check has
    passed and before it writes anything: the files are downloaded without holding the
    store's writer lock (SQLite, ``Tx.outside_lock``), then the use case runs again from
    the start with them (``redo``), so every check is made again on fresh rows. The
    temporary files the use case did not store (``files_of`` the download) are deleted
    when it returns or fails."""
    done = await ctx.tx.outside_lock(download)
    try:
        return await redo(done)
    finally:
        discard(files_of(done))


async def download_all(ctx: Ctx, files: list[File]) -> list[Fetched]:
    """Fetch every file (each streamed to a temporary file) or raise ``400 Failure to
    download attachment`` and leave no file behind. A message takes at most
    ``attachments_per_message_max`` files of at most ``attachments_total_max_bytes``
    together (each file also at most ``attachment_max_bytes``): a download stops as soon
    as the running total passes the limit."""
    settings = ctx.settings
    if len(files) > settings.attachments_per_message_max:
        raise invalid_body(
            f"at most {settings.attachments_per_message_max} attachments per message"
        )
    out: list[Fetched] = []
    left = settings.attachments_total_max_bytes
    try:
        for f in files:
            limit = min(settings.attachment_max_bytes, left)
            try:
                fetched = await fetch(
                    replace(settings, attachment_max_bytes=limit), f.url, f.prettyName
                )
            except DownloadFailed:
                raise Invalid(DOWNLOAD_FAILED) from None
            left -= fetched.size
            out.append(fetched)
    except BaseException:
        discard(out)
        raise
    return out


async def store(ctx: Ctx, message_id: str, fetched: list[Fetched]) -> list[dict[str, str]]:
    """Write the files and their rows; returns the message's attachment list (stored JSON)."""
    stored: list[dict[str, str]] = []
    for f in fetched:
        att_id = new_id()
        rel = Path(ctx.org_id) / att_id[:2] / att_id
        if f.temp is not None:
            move_blob(ctx, f.temp, ctx.settings.blob_dir / rel)
        else:
            write_blob(ctx, ctx.settings.blob_dir / rel, f.body)
        await repo.insert_attachment(
            ctx.tx,
            ctx.org_id,
            repo.AttachmentRow(
                att_id,
                message_id,
                f.pretty_name,
                f.url,
                f.content_type,
                f.size,
                str(rel),
                ctx.now,
                None,
            ),
        )
        item = {"id": att_id}
        if f.pretty_name:
            item["prettyName"] = f.pretty_name
        stored.append(item)
    return stored


def write_blob(ctx: Ctx, path: Path, body: bytes) -> None:
    """Write ``body`` at ``path``, to be deleted again if the request's transaction rolls
    back."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.tmp")
    try:
        temp.write_bytes(body)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    ctx.tx.on_rollback(lambda: path.unlink(missing_ok=True))


def move_blob(ctx: Ctx, temp: Path, path: Path) -> None:
    """Rename the downloaded file ``temp`` to ``path``, to be deleted again if the
    request's transaction rolls back."""
    path.parent.mkdir(parents=True, exist_ok=True)
    os.replace(temp, path)
    ctx.tx.on_rollback(lambda: path.unlink(missing_ok=True))


def url_of(ctx: Ctx, attachment_id: str) -> str:
    return f"{ctx.base_url or ''}/v1/attachments/{attachment_id}"


async def read(ctx: Ctx, attachment_id: str) -> Blob:
    """The organisation's attachment, opened (404 for an unknown or deleted id, another
    organisation's, or a file gone from disk). The file is opened now, inside the request's
    unit of work (``kit.blobs``: a path leading outside the blob directory counts as
    missing)."""
    row = await repo.get_attachment(ctx.tx, ctx.org_id, attachment_id)
    if row is None or row.deleted_at is not None or row.blob_path is None:
        raise NotFound()
    content_type = row.content_type or "application/octet-stream"
    blob = open_blob(ctx.settings.blob_dir, row.blob_path, content_type, row.pretty_name)
    if blob is None:
        raise NotFound()
    return blob
