"""Administration of custom attribute definitions: create, edit, deactivate."""

from __future__ import annotations

from typing import Any

from fixtures.desk import Browser, DeskOrg, attribute_definition, event_count

PAGE = "/admin/attributes"


def test_text_attribute(harness: Any, org: DeskOrg, admin: Browser, agent: Browser) -> None:
    assert agent.get(PAGE).status_code == 403
    r = admin.post(PAGE, {"entity": "Conversation", "kind": "Text", "identifier": "order_no",
                          "label": "Order number", "placeholder": "A-123"}, form_page=PAGE)  # fmt: skip
    assert r.status_code == 303
    made = attribute_definition(org, "order_no")
    assert made["inputDefinition"] == {"_type": "Text", "placeholder": "A-123"}
    assert not made["isRequired"] and "Order number" in admin.get(PAGE).text
    path = f"{PAGE}/{made['id']}"
    assert 'value="A-123"' in admin.get(path).text
    r = admin.post(path, {"label": "Order", "description": "From the shop", "required": "on",
                          "placeholder": "B-1"}, form_page=PAGE)  # fmt: skip
    assert r.status_code == 303 and r.headers["location"] == path
    edited = attribute_definition(org, "order_no")
    assert (edited["label"], edited["description"], edited["isRequired"]) == (
        "Order", "From the shop", True)  # fmt: skip
    assert edited["inputDefinition"]["placeholder"] == "B-1" and edited["updatedAt"]
    assert admin.post(path, {"label": " "}, form_page=PAGE).status_code == 400
    assert agent.post(path, {"label": "Mine"}).status_code == 403
    assert attribute_definition(org, "order_no")["label"] == "Order"

    r = admin.post(f"{path}/state", {"state": "deactivated"}, form_page=PAGE)
    assert r.status_code == 303 and attribute_definition(org, "order_no")["isDeactivated"] is True
    assert "Reactivate" in admin.get(PAGE).text
    admin.post(f"{path}/state", {"state": "active"}, form_page=PAGE)
    assert attribute_definition(org, "order_no")["isDeactivated"] is False
    assert event_count(harness, org, "CUSTOM_ATTRIBUTE_UPDATED") == 3


def test_select_attribute_options(org: DeskOrg, admin: Browser) -> None:
    r = admin.post(PAGE, {"entity": "Contact", "kind": "Select", "identifier": "tier",
                          "label": "Tier", "options": "gold | Gold\nsilver\n\n"}, form_page=PAGE)  # fmt: skip
    assert r.status_code == 303
    made = attribute_definition(org, "tier")
    gold, silver = made["inputDefinition"]["options"]
    assert (gold["value"], gold["label"], silver["label"]) == ("gold", "Gold", "silver")
    path = f"{PAGE}/{made['id']}"
    form = {"label": "Tier", f"label-{gold['id']}": "Gold tier", f"active-{gold['id']}": "on",
            "new_options": "bronze | Bronze"}  # fmt: skip
    assert admin.post(path, form, form_page=PAGE).status_code == 303
    options = attribute_definition(org, "tier")["inputDefinition"]["options"]
    assert [(o["id"], o["value"], o["label"], o["isDeactivated"]) for o in options][:2] == [
        (gold["id"], "gold", "Gold tier", False),
        (silver["id"], "silver", "silver", True),
    ]
    assert (options[2]["value"], options[2]["label"]) == ("bronze", "Bronze")
    r = admin.post(path, {"label": "Tier", "new_options": "gold"}, form_page=PAGE)
    assert r.status_code == 400 and "repeated" in r.text
    assert len(attribute_definition(org, "tier")["inputDefinition"]["options"]) == 3


def test_bad_input_is_400(org: DeskOrg, admin: Browser) -> None:
    form = {"entity": "Conversation", "kind": "Select", "identifier": "x", "label": "X"}
    r = admin.post(PAGE, form, form_page=PAGE)
    assert r.status_code == 400 and "at least one option" in r.text
    assert admin.post(PAGE, {**form, "entity": "Planet"}, form_page=PAGE).status_code == 400
    assert admin.post(PAGE, {**form, "kind": "Date"}, form_page=PAGE).status_code == 400
    ok = {**form, "kind": "Text"}
    assert admin.post(PAGE, ok, form_page=PAGE).status_code == 303
    r = admin.post(PAGE, ok, form_page=PAGE)
    assert r.status_code == 400 and "already exists" in r.text
    assert admin.get(f"{PAGE}/00000000-0000-0000-0000-000000000000").status_code == 404
