"""The conversation page's custom attributes, edited by the signed-in agent through the
conversation-attributes service the REST API's ``PATCH
/v1/conversations/{id}/custom-attributes`` uses (see desk/attribute_form.py)."""

from __future__ import annotations

from parley.conversation_attributes.service import list_values, patch
from parley.desk import attribute_form
from parley.desk.routes_conversation import CONVERSATION
from parley.desk.scope import Desk


@CONVERSATION.form("/attributes")
async def edit_attributes(desk: Desk, conversation_id: int) -> None:
    form = await attribute_form.load(desk.ctx, await list_values(desk.ctx, conversation_id))
    await patch(desk.ctx, conversation_id, attribute_form.patch_body(form, dict(desk.form)))


HANDLERS = [edit_attributes]
