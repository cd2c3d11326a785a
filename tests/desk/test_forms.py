"""Declaring the desk's forms and pages (``desk.forms.Forms``, ``desk.admin_pages``): an
action or a read takes the path's parameters by name, checked when it is declared."""

from __future__ import annotations

from typing import Any

import pytest

from parley.desk.admin_pages import AdminPages
from parley.desk.forms import Forms
from parley.desk.scope import Desk

WIDGETS = AdminPages("/admin/widgets")
CONVERSATION = Forms("/conversations/{conversation_id:int}", "/conversations/{conversation_id}")


def test_an_action_taking_the_path_parameters_is_declared() -> None:
    @WIDGETS.form("/{widget_id:str}/parts/{part_id:str}/remove")
    async def remove_part(desk: Desk, widget_id: str, part_id: str) -> None:
        return None

    @WIDGETS.view("/{widget_id:str}", "admin_widget.html")
    async def widget_page(desk: Desk, widget_id: str) -> dict[str, Any]:
        return {}

    assert remove_part.paths == {"/admin/widgets/{widget_id:str}/parts/{part_id:str}/remove"}
    assert widget_page.paths == {"/admin/widgets/{widget_id:str}"}


def test_an_action_or_a_read_that_does_not_take_them_is_refused() -> None:
    with pytest.raises(TypeError, match="widget_id"):

        @WIDGETS.form("/{widget_id:str}/delete")
        async def delete_widget(desk: Desk, widget: str) -> None:
            return None

    with pytest.raises(TypeError, match="widget_id"):

        @WIDGETS.view("/{widget_id:str}", "admin_widget.html")
        async def widget_page(desk: Desk) -> dict[str, Any]:
            return {}

    with pytest.raises(TypeError, match="conversation_id"):

        @CONVERSATION.form("/reply")
        async def reply(desk: Desk) -> None:
            return None
