"""Bulk end-user writes: one outcome per item, in order; valid items are written and
invalid ones answer a BulkActionFailure without stopping the others."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from parley.endusers import repository as repo
from parley.endusers import schemas as wire
from parley.endusers import service
from parley.errors import NOT_FOUND, Duplicate, Invalid, invalid_body
from parley.http.envelope import BulkActionFailure, BulkActionSuccess, BulkError
from parley.uow import Ctx

MAX_ITEMS = 1000


def _check_size(items: Sequence[object]) -> None:
    if not items:
        raise invalid_body("data must contain at least one end user")
    if len(items) > MAX_ITEMS:
        raise invalid_body(f"data may contain at most {MAX_ITEMS} end users")


async def create(ctx: Ctx, items: list[wire.EndUserInput]) -> list[wire.EndUserOutcome]:
    _check_size(items)
    out: list[wire.EndUserOutcome] = []
    for item in items:
        try:
            row = await service.create_row(ctx, item)
        except Duplicate:
            raise  # the transaction is spoilt: the whole request fails
        except Invalid as exc:
            out.append(BulkActionFailure(error=BulkError(message=exc.message)))
            continue
        out.append(BulkActionSuccess(service.to_wire(row)))
    return out


def _norm(raw: str) -> str | None:
    try:
        return str(uuid.UUID(raw))
    except ValueError:
        return None


async def _targets(
    ctx: Ctx, items: Sequence[wire.EndUserPutItem | wire.EndUserPatchItem]
) -> dict[str, repo.EndUserRow]:
    ids = [n for n in (_norm(i.id) for i in items) if n is not None]
    return await repo.get_many(ctx.tx, ctx.org_id, list(dict.fromkeys(ids)))


async def update(
    ctx: Ctx, items: Sequence[wire.EndUserPutItem | wire.EndUserPatchItem], *, replace: bool
) -> list[wire.EndUserOutcome]:
    """PUT (``replace``) or PATCH each ``{id, ...}`` item."""
    _check_size(items)
    rows = await _targets(ctx, items)
    out: list[wire.EndUserOutcome] = []
    for item in items:
        user_id = _norm(item.id)
        if user_id is None:
            failure = BulkError(message="Invalid value for: body, id is not a UUID", id=item.id)
            out.append(BulkActionFailure(error=failure))
            continue
        row = rows.get(user_id)
        if row is None:
            out.append(
                BulkActionFailure(error=BulkError(message=NOT_FOUND, id=item.id, kind="NotFound"))
            )
            continue
        try:
            if replace:
                assert isinstance(item, wire.EndUserPutItem)
                service.apply_input(row, item)
            else:
                assert isinstance(item, wire.EndUserPatchItem)
                service.apply_patch(row, item)
        except Invalid as exc:
            # the row object was not changed: validation precedes assignment
            out.append(BulkActionFailure(error=BulkError(message=exc.message, id=item.id)))
            continue
        out.append(BulkActionSuccess(service.to_wire(await service.save(ctx, row))))
    return out
