from __future__ import annotations

import uuid
from typing import Any

import pytest

from fixtures.attributes import attribute_row, select_definition, text_definition
from fixtures.harness import Api, Harness
from parley.attributes.repository import AttributeRow
from parley.attributes.service import validate_value
from parley.errors import Invalid


def test_create_text_get_list(api: Api, harness: Harness) -> None:
    r = api.post("/v1/custom-attributes", json=text_definition())
    assert r.status_code == 201, r.text
    attr = r.json()["data"]
    assert uuid.UUID(attr["id"])
    assert attr["entityType"] == "Conversation" and attr["identifier"] == "order_id"
    assert attr["label"] == "Order id" and "description" not in attr  # none: left out
    assert attr["isRequired"] is False and attr["isArchived"] is False
    assert attr["isDeactivated"] is False and attr["createdAt"].endswith("Z")
    assert "updatedAt" not in attr
    assert attr["inputDefinition"] == {"_type": "Text", "placeholder": "e.g. 1234"}
    assert api.get(f"/v1/custom-attributes/{attr['id']}").json()["data"] == attr
    listed = api.get("/v1/custom-attributes").json()
    assert listed["data"] == [attr] and "next" not in listed["meta"]
    events = harness.fetch("SELECT fqn FROM events WHERE org_id = :org", {"org": api.org.id})
    assert ("CUSTOM_ATTRIBUTE_CREATED",) in events


def test_create_select_generates_option_ids(api: Api) -> None:
    r = api.post("/v1/custom-attributes", json=select_definition())
    assert r.status_code == 201, r.text
    attr = r.json()["data"]
    assert attr["description"] == "Customer tier" and attr["isRequired"] is True
    opts = attr["inputDefinition"]["options"]
    assert attr["inputDefinition"]["_type"] == "Select"
    assert [o["value"] for o in opts] == ["gold", "silver", "old"]
    assert opts[0] == {
        "id": "opt-gold",
        "value": "gold",
        "label": "Gold",
        "isDeactivated": False,
        "nestedOptions": [],
    }
    assert uuid.UUID(opts[1]["id"]) and opts[2]["isDeactivated"] is True
    nested = opts[1]["nestedOptions"][0]
    assert nested["value"] == "silver-plus" and uuid.UUID(nested["id"])
    assert api.get(f"/v1/custom-attributes/{attr['id']}").json()["data"] == attr
    # no placeholder: the Text definition is just its _type
    text = api.post(
        "/v1/custom-attributes", json=text_definition(inputDefinition={"_type": "Text"})
    ).json()["data"]
    assert text["inputDefinition"] == {"_type": "Text"}


def test_identifier_unique_per_entity_type(api: Api) -> None:
    assert api.post("/v1/custom-attributes", json=text_definition()).status_code == 201
    r = api.post("/v1/custom-attributes", json=text_definition(label="Other"))
    assert r.status_code == 400
    assert r.json()["message"].startswith("Invalid value for: body, identifier 'order_id'")
    # same identifier on the other entity type is fine
    assert (
        api.post("/v1/custom-attributes", json=text_definition(entityType="Contact")).status_code
        == 201
    )
    assert len(api.get("/v1/custom-attributes").json()["data"]) == 2


def test_paging(api: Api) -> None:
    ids = [
        api.post("/v1/custom-attributes", json=text_definition(identifier=f"a{i}")).json()["data"][
            "id"
        ]
        for i in range(5)
    ]
    seen: list[str] = []
    url = "/v1/custom-attributes?pageLimit=2"
    while url:
        body = api.get(url).json()
        seen += [a["id"] for a in body["data"]]
        url = body["meta"].get("next")
    # the store's order (oldest first, ties within a millisecond by id), page by page
    whole = [a["id"] for a in api.get("/v1/custom-attributes?pageLimit=100").json()["data"]]
    assert seen == whole and sorted(seen) == sorted(ids)


@pytest.mark.parametrize(
    "body",
    [
        text_definition(entityType="Ticket"),
        text_definition(inputDefinition={"_type": "Number"}),
        text_definition(inputDefinition={"placeholder": "x"}),
        select_definition(inputDefinition={"_type": "Select", "options": []}),
        select_definition(
            inputDefinition={
                "_type": "Select",
                "options": [{"value": "a", "label": "A"}, {"value": "a", "label": "A again"}],
            }
        ),
        select_definition(
            inputDefinition={
                "_type": "Select",
                "options": [
                    {
                        "value": "a",
                        "label": "A",
                        "nestedOptions": [
                            {"value": "b", "label": "B"},
                            {"value": "b", "label": "B"},
                        ],
                    }
                ],
            }
        ),
        text_definition(identifier="  "),
        text_definition(label=""),
        {"entityType": "Conversation", "label": "x", "inputDefinition": {"_type": "Text"}},
    ],
)
def test_bad_bodies(api: Api, body: dict[str, Any]) -> None:
    r = api.post("/v1/custom-attributes", json=body)
    assert r.status_code == 400, r.text
    assert r.json()["message"].startswith("Invalid value for: body")
    assert api.get("/v1/custom-attributes").json()["data"] == []


def test_bad_path_and_query(api: Api) -> None:
    r = api.get("/v1/custom-attributes/nope")
    assert r.status_code == 400
    assert r.json() == {"message": "Invalid value for: path parameter customAttributeId"}
    assert api.get(f"/v1/custom-attributes/{uuid.uuid4()}").status_code == 404
    r = api.get("/v1/custom-attributes?pageLimit=0")
    assert r.status_code == 400
    assert r.json()["message"].startswith("Invalid value for: query parameter pageLimit")


def test_other_org_isolation(api: Api, other_api: Api) -> None:
    attr = api.post("/v1/custom-attributes", json=text_definition()).json()["data"]
    r = other_api.get(f"/v1/custom-attributes/{attr['id']}")
    assert r.status_code == 404
    assert r.json() == {"message": "An entity in this request could not be found"}
    assert other_api.get("/v1/custom-attributes").json()["data"] == []
    # the identifier is unique per organisation only
    assert other_api.post("/v1/custom-attributes", json=text_definition()).status_code == 201


def test_validate_value() -> None:
    text = attribute_row({"_type": "Text"})
    select = attribute_row(
        {
            "_type": "Select",
            "options": [
                {
                    "id": "1",
                    "value": "a",
                    "label": "A",
                    "isDeactivated": False,
                    "nestedOptions": [
                        {
                            "id": "2",
                            "value": "a1",
                            "label": "A1",
                            "isDeactivated": False,
                            "nestedOptions": [],
                        }
                    ],
                },
                {"id": "3", "value": "b", "label": "B", "isDeactivated": True, "nestedOptions": []},
            ],
        }
    )
    assert validate_value(text, "hello") == "hello"
    assert validate_value(text, None) is None
    assert validate_value(select, ["a", "a1", "a"]) == ["a", "a1"]
    assert validate_value(select, []) == []
    assert validate_value(select, None) is None
    for definition, value in [
        (text, 3),
        (text, ["a"]),
        (select, "a"),
        (select, ["b"]),
        (select, ["zzz"]),
        (select, [1]),
        (attribute_row({"_type": "Text"}, archived=True), "x"),
        (attribute_row({"_type": "Text"}, deactivated=True), "x"),
    ]:
        with pytest.raises(Invalid) as err:
            validate_value(definition, value)
        assert err.value.message == "Invalid input for patching"


def test_get_definitions(api: Api, other_api: Api, harness: Harness) -> None:
    from parley.attributes.service import get_definitions

    conv = api.post("/v1/custom-attributes", json=text_definition()).json()["data"]
    contact = api.post("/v1/custom-attributes", json=select_definition()).json()["data"]
    foreign = other_api.post("/v1/custom-attributes", json=text_definition()).json()["data"]
    ids = [conv["id"], contact["id"], foreign["id"], str(uuid.uuid4())]

    async def run(entity_type: str | None) -> dict[str, AttributeRow]:
        async with harness.db.transaction(readonly=True) as tx:
            return await get_definitions(tx, api.org.id, ids, entity_type)

    assert set(harness.call(run, "Conversation")) == {conv["id"]}
    assert set(harness.call(run, "Contact")) == {contact["id"]}
    both = harness.call(run, None)
    assert set(both) == {conv["id"], contact["id"]}
    row = both[contact["id"]]
    assert validate_value(row, ["gold", "silver-plus"]) == ["gold", "silver-plus"]
    with pytest.raises(Invalid):
        validate_value(row, ["old"])
