"""Templates: thin handlers (decode, call the service, encode)."""

from __future__ import annotations

from typing import Annotated

from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from parley.errors import invalid_query
from parley.http.context import READ, WRITE, Context
from parley.http.declare import Routes
from parley.http.envelope import Data, Page
from parley.http.listing import Paging, paged
from parley.http.params import int64_query, one_of, uuid_path
from parley.templates import schemas as wire
from parley.templates import service

TEMPLATES = Routes("Templates")
TEMPLATE = Routes("Templates", prefix="/templates/{templateId:str}")
TID = "templateId"
# A conversation id as ``int64_query`` reads it (ASCII digits, no sign or spaces); the
# lookahead keeps Python's ``$`` from taking a trailing newline, as ECMA's never does.
_CONVERSATION_ID = r"^[1-9][0-9]{0,17}(?!\n)$"


@TEMPLATES.get("/templates", "List templates", READ)
async def list_templates(
    ctx: Context,
    *,
    type_: Annotated[str | None, one_of(service.TYPES, name="type")] = None,
    paging: Paging,
) -> Page[wire.Template]:
    """All templates of the organisation, oldest first, each `{id, name, content, createdBy,
    createdAt, lastEditedBy?, lastEditedAt?, translations?, subject?, _type}`; only one type
    with `type=QuickResponse|EmailAutoReply`. Paged with `pageKey`/`pageLimit`. Errors:
    `400` `Invalid value for: query parameter type` (or `pageLimit`, `pageKey`)."""
    return paged(await service.list_templates(ctx, type_=type_, **paging.window))


@TEMPLATE.delete("", "Delete template", WRITE)
async def delete_template(ctx: Context, templateId: FromPath[str]) -> None:
    """Deletes the template (irreversible). Errors: `400` `Invalid value for: path
    parameter templateId`, `404` unknown template."""
    await service.delete(ctx, uuid_path(TID, templateId))


@TEMPLATES.post("/templates", "Create a template (Parley extension)", WRITE)
async def create_template(ctx: Context, data: JSONBody[wire.CreateTemplate]) -> Data[wire.Template]:
    """**Parley extension** (Dixa creates templates in its own interface): `{name, content,
    _type?, subject?, translations?}`; `_type` is QuickResponse unless given. Placeholders
    such as `{{requester_firstname}}`, `{{agent_name}}` or `{{csid}}` are kept as written
    and filled when the template is rendered for a conversation. `400` on an empty name or
    content, a bad or repeated translation locale, or an unknown field."""
    return Data(await service.create(ctx, data))


@TEMPLATE.get("", "Get a template (Parley extension)", READ)
async def get_template(ctx: Context, templateId: FromPath[str]) -> Data[wire.Template]:
    """**Parley extension**: one template, as listed. `400` bad templateId, `404` unknown."""
    return Data(await service.get(ctx, uuid_path(TID, templateId)))


@TEMPLATE.patch("", "Edit a template (Parley extension)", WRITE)
async def patch_template(
    ctx: Context, templateId: FromPath[str], data: JSONBody[wire.PatchTemplate]
) -> Data[wire.Template]:
    """**Parley extension**: changes `name`, `content`, `_type`, `subject` (`null` removes
    it) or `translations` (the whole list); fields left out are kept. A change sets
    `lastEditedBy`/`lastEditedAt`. `400` as for create, `404` unknown template."""
    return Data(await service.update(ctx, uuid_path(TID, templateId), data))


@TEMPLATE.get("/render", "Render a template for a conversation (Parley extension)", READ)
async def render_template(
    ctx: Context,
    templateId: FromPath[str],
    conversationId: Annotated[
        str | None,
        QueryParameter(required=True, schema_extra={"pattern": _CONVERSATION_ID}),
    ] = None,
    locale: FromQuery[str | None] = None,
) -> Data[wire.RenderedTemplate]:
    """**Parley extension**: the template's `content` and `subject` for the conversation,
    in the translation for `locale` (else the conversation's language, else the template's
    own text; a deactivated translation is never used), with `{{requester_firstname}}`,
    `{{requester_lastname}}`, `{{requester_name}}`, the same for `agent_` (the caller) and
    `{{csid}}` filled in; a placeholder without a value is left as written. `400` bad
    templateId or conversationId (or a conversation of no such id), `404` unknown template."""
    template_id = uuid_path(TID, templateId)
    if conversationId is None:
        raise invalid_query("conversationId", "required")
    cid = int64_query("conversationId", conversationId)
    return Data(await service.render(ctx, template_id, cid, locale))


ROUTES = [
    list_templates,
    delete_template,
    create_template,
    get_template,
    patch_template,
    render_template,
]
