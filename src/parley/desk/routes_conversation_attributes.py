"""The conversation page's custom attributes, edited by the signed-in agent through the
conversation-attributes service the REST API's ``PATCH
/v1/conversations/{id}/custom-attributes`` uses (see desk/attribute_form.py)."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, post
from litestar.params import FromPath

from parley.conversation_attributes.service import list_values, patch
from parley.desk import attribute_form
from parley.desk.render import redirect
from parley.desk.scope import desk_scope
from parley.errors import NotFound
from parley.http.params import INT64_MAX


@post("/conversations/{conversation_id:int}/attributes", include_in_schema=False)
async def edit_attributes(
    request: Request[Any, Any, Any], conversation_id: FromPath[int]
) -> Response[Any]:
    if not 0 < conversation_id <= INT64_MAX:
        raise NotFound()
    async with desk_scope(request, write=True) as desk:
        form = await attribute_form.load(desk.ctx, await list_values(desk.ctx, conversation_id))
        await patch(desk.ctx, conversation_id, attribute_form.patch_body(form, dict(desk.form)))
    return redirect(f"/conversations/{conversation_id}")


HANDLERS = [edit_attributes]
