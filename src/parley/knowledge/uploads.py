"""Article attachments: images uploaded for use in articles, stored as Parley stores every
attachment (a blob file and an ``attachments`` row without a message) and served from
``/v1/attachments/{id}``.

Dixa's limits: at most 5 files per request, 4 MB each, PNG, JPEG, GIF or WebP (recognised
by their first bytes, not by the name or the declared type). A file that breaks a rule is
reported in ``partialErrors`` with code 400; the others are stored.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from litestar import Request
from litestar.datastructures import UploadFile

from parley.errors import invalid_body
from parley.journal.service import emit
from parley.kit.ids import new_id
from parley.knowledge.schemas import AttachmentError, AttachmentResult, UploadedAttachments
from parley.messages import repository as messages
from parley.messages.attachments import url_of, write_blob
from parley.uow import Ctx

MAX_FILES = 5
MAX_BYTES = 4 * 1024 * 1024


def image_type(body: bytes) -> str | None:
    if body.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if body.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if body[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if body[:4] == b"RIFF" and body[8:12] == b"WEBP":
        return "image/webp"
    return None


async def files_of(request: Request[Any, Any, Any]) -> list[UploadFile]:
    """The ``files`` parts of a multipart body (400 when the body is not one)."""
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise invalid_body("send the files as multipart/form-data")
    try:
        form = await request.form()
    except Exception:  # a malformed body: the parser's errors are not a stable set
        raise invalid_body("not a readable multipart body") from None
    return [v for k, v in form.multi_items() if k == "files" and isinstance(v, UploadFile)]


async def upload(ctx: Ctx, files: list[UploadFile]) -> UploadedAttachments:
    if not files:
        raise invalid_body("files: at least one file is required")
    if len(files) > MAX_FILES:
        raise invalid_body(f"files: at most {MAX_FILES} files per request")
    stored: list[AttachmentResult] = []
    errors: list[AttachmentError] = []
    for f in files:
        name = f.filename or "file"
        body = await f.read(MAX_BYTES + 1)
        kind = image_type(body)
        if len(body) > MAX_BYTES:
            errors.append(AttachmentError(name, "The file is larger than 4 MB", 400))
        elif kind is None:
            errors.append(AttachmentError(name, "Only PNG, JPEG, GIF and WebP images", 400))
        else:
            stored.append(AttachmentResult(name, await _store(ctx, name, kind, body)))
    if stored:
        data = {"attachments": [s.url for s in stored], "by": ctx.user_id}
        await emit(ctx.tx, ctx.org_id, "KnowledgeAttachmentsUploaded", data, at=ctx.now)
    return UploadedAttachments(data=stored, partialErrors=errors or None)


async def _store(ctx: Ctx, name: str, content_type: str, body: bytes) -> str:
    attachment_id = new_id()
    rel = Path(ctx.org_id) / attachment_id[:2] / attachment_id
    write_blob(ctx, ctx.settings.blob_dir / rel, body)
    row = messages.AttachmentRow(
        attachment_id, None, name, None, content_type, len(body), str(rel), ctx.now, None
    )
    await messages.insert_attachment(ctx.tx, ctx.org_id, row)
    return url_of(ctx, attachment_id)
