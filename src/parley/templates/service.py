"""Template rules.

A template has a name and a content (both non-empty), a type (QuickResponse or
EmailAutoReply), an optional subject and translations, one per locale (``da``, ``en-US``,
``uz-Arab-AF``; unique in a template). Dixa has no route that creates or edits one; Parley
adds them as extensions. Each change writes an event (TemplateCreated, TemplateUpdated,
TemplateDeleted); an edit that changes nothing writes nothing. ``render`` fills the
placeholders for one conversation (the desk inserts its result into the reply box).
"""

from __future__ import annotations

import dataclasses
import re

import msgspec

from parley.conversation_record import repository as conversations
from parley.errors import found, invalid_body, invalid_query
from parley.http.listing import wire_page
from parley.journal.service import emit
from parley.kit.clock import to_iso
from parley.kit.ids import new_id
from parley.kit.wire import from_row
from parley.templates import placeholders
from parley.templates import repository as repo
from parley.templates import schemas as wire
from parley.uow import Ctx

TYPES = ("QuickResponse", "EmailAutoReply")
_LOCALE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?$")
_TRANSLATIONS = msgspec.json.Decoder(list[wire.Translation])


def to_wire(row: repo.TemplateRow) -> wire.Template:
    translations = _TRANSLATIONS.decode(row.translations)
    return from_row(
        wire.Template,
        row,
        createdAt=to_iso(row.created_at) or "",
        lastEditedBy=row.updated_by,
        lastEditedAt=to_iso(row.updated_at),
        translations=translations or None,
    )


async def require(ctx: Ctx, template_id: str) -> repo.TemplateRow:
    return found(await repo.get(ctx.tx, ctx.org_id, template_id))


def _text(value: str, field: str) -> str:
    if not value.strip():
        raise invalid_body(f"{field} must not be empty")
    return value


def _translations(items: list[wire.Translation]) -> str:
    seen: set[str] = set()
    for item in items:
        if not _LOCALE.match(item.locale):
            raise invalid_body(f"translations: {item.locale!r} is not a locale")
        if item.locale.lower() in seen:
            raise invalid_body(f"translations: locale {item.locale} given twice")
        seen.add(item.locale.lower())
        _text(item.content, "translations.content")
    return msgspec.json.encode(items).decode()


async def create(ctx: Ctx, body: wire.CreateTemplate) -> wire.Template:
    row = repo.TemplateRow(
        id=new_id(),
        type=body.type,
        name=_text(body.name, "name").strip(),
        subject=body.subject,
        content=_text(body.content, "content"),
        translations=_translations(body.translations),
        created_at=ctx.now,
        created_by=ctx.acting_user_id,
        updated_at=None,
        updated_by=None,
    )
    await repo.insert(ctx.tx, ctx.org_id, row)
    await _event(ctx, "TemplateCreated", row)
    return to_wire(row)


async def update(ctx: Ctx, template_id: str, body: wire.PatchTemplate) -> wire.Template:
    old = await require(ctx, template_id)
    changes: dict[str, object] = {}
    if body.name is not msgspec.UNSET:
        changes["name"] = _text(body.name, "name").strip()
    if body.content is not msgspec.UNSET:
        changes["content"] = _text(body.content, "content")
    if body.type is not msgspec.UNSET:
        changes["type"] = body.type
    if body.subject is not msgspec.UNSET:
        changes["subject"] = body.subject
    if body.translations is not msgspec.UNSET:
        changes["translations"] = _translations(body.translations)
    changed = {k: v for k, v in changes.items() if getattr(old, k) != v}
    if not changed:
        return to_wire(old)
    row = dataclasses.replace(old, **changed, updated_at=ctx.now, updated_by=ctx.acting_user_id)  # type: ignore[arg-type]
    await repo.update(ctx.tx, ctx.org_id, row)
    await _event(ctx, "TemplateUpdated", row)
    return to_wire(row)


async def delete(ctx: Ctx, template_id: str) -> None:
    row = await require(ctx, template_id)
    await repo.delete(ctx.tx, ctx.org_id, template_id)
    await _event(ctx, "TemplateDeleted", row)


async def _event(ctx: Ctx, name: str, row: repo.TemplateRow) -> None:
    data = {
        "template": {"id": row.id, "name": row.name, "_type": row.type},
        "by": ctx.acting_user_id,
    }
    await emit(ctx.tx, ctx.org_id, name, data, at=ctx.now)


async def get(ctx: Ctx, template_id: str) -> wire.Template:
    return to_wire(await require(ctx, template_id))


async def list_templates(
    ctx: Ctx, *, type_: str | None, page_key: str | None, page_limit: int | None
) -> tuple[list[wire.Template], str | None]:
    if type_ is not None and type_ not in TYPES:
        raise invalid_query("type")
    return await wire_page(
        ctx,
        page_key,
        page_limit,
        lambda p: repo.list_page(
            ctx.tx, ctx.org_id, type_=p.filters.get("t"), after=p.after, limit=p.rows
        ),
        to_wire,
        filters={"t": type_} if type_ else None,
    )


def _pick(row: repo.TemplateRow, locale: str | None) -> tuple[str | None, str, str | None]:
    """(locale, content, subject): the active translation for ``locale`` (exact, else the
    same language), else the template's own text."""
    if locale:
        active = [t for t in _TRANSLATIONS.decode(row.translations) if not t.isDeactivated]
        wanted = locale.lower()
        exact = [t for t in active if t.locale.lower() == wanted]
        language = [t for t in active if t.locale.lower().split("-")[0] == wanted.split("-")[0]]
        for found in (exact or language)[:1]:
            subject = found.subject if isinstance(found.subject, str) else row.subject
            return found.locale, found.content, subject
    return None, row.content, row.subject


async def render(
    ctx: Ctx, template_id: str, conversation_id: int, locale: str | None = None
) -> wire.RenderedTemplate:
    """The template's text for the conversation: the translation for ``locale`` (else the
    conversation's language, else the template's own text), with the requester's names,
    the acting agent's names and ``{{csid}}`` filled in. A conversation that is not the
    organisation's is a 400 (it is a query parameter, not the path's entity)."""
    row = await require(ctx, template_id)
    conv = await conversations.get(ctx.tx, ctx.org_id, conversation_id)
    if conv is None:
        raise invalid_query("conversationId", "no such conversation")
    values = {"csid": str(conv.id)}
    for prefix, user_id in (("requester", conv.requester_id), ("agent", ctx.acting_user_id)):
        names = await repo.names(ctx.tx, ctx.org_id, user_id)
        if names is not None:
            values.update(
                placeholders.person(prefix, names.display_name, names.first_name, names.last_name)
            )
    chosen, content, subject = _pick(row, locale or conv.language)
    return wire.RenderedTemplate(
        templateId=row.id,
        conversationId=conv.id,
        locale=chosen,
        content=placeholders.fill(content, values),
        subject=None if subject is None else placeholders.fill(subject, values),
    )
