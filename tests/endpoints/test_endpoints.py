from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import quote

import pytest

from fixtures.endpoints import email_endpoint, phone_endpoint
from fixtures.harness import Api, Harness


def test_create_and_get_each_kind(api: Api, harness: Harness) -> None:
    r = api.post(
        "/v1/contact-endpoints",
        json=email_endpoint(
            address="Support@Acme.email.dixa.io", name="Support", senderOverride="help@acme.com"
        ),
    )
    assert r.status_code == 201, r.text
    email = r.json()["data"]
    assert email == {
        "_type": "EmailEndpoint",
        "address": "support@acme.email.dixa.io",
        "name": "Support",
        "senderOverride": "help@acme.com",
    }
    r = api.get("/v1/contact-endpoints/support@acme.email.dixa.io")
    assert r.status_code == 200 and r.json()["data"] == email
    assert (
        api.get(f"/v1/contact-endpoints/{quote(email['address'], safe='')}").json()["data"] == email
    )

    phone = api.post(
        "/v1/contact-endpoints",
        json=phone_endpoint(name="Main line", functionality=["Voice", "Sms"]),
    ).json()["data"]
    assert phone == {
        "_type": "TelephonyEndpoint",
        "number": "+4512345678",
        "name": "Main line",
        "functionality": ["Voice", "Sms"],
    }
    r = api.get(f"/v1/contact-endpoints/{quote('+4512345678', safe='')}")
    assert r.status_code == 200 and r.json()["data"] == phone

    bare = api.post("/v1/contact-endpoints", json=phone_endpoint(number="+4587654321")).json()[
        "data"
    ]
    assert bare == {"_type": "TelephonyEndpoint", "number": "+4587654321", "functionality": []}
    minimal = api.post("/v1/contact-endpoints", json=email_endpoint(address="a@b.io")).json()[
        "data"
    ]
    assert minimal == {"_type": "EmailEndpoint", "address": "a@b.io"}

    widget = api.post(
        "/v1/contact-endpoints", json={"_type": "ChatWidget", "name": "Web chat"}
    ).json()["data"]
    assert widget["_type"] == "ChatWidget" and widget["name"] == "Web chat"
    assert uuid.UUID(widget["id"])
    assert api.get(f"/v1/contact-endpoints/{widget['id']}").json()["data"] == widget

    events = harness.fetch("SELECT fqn FROM events WHERE org_id = :org", {"org": api.org.id})
    assert events.count(("CONTACT_ENDPOINT_CREATED",)) == 5


def test_list_and_type_filter(api: Api) -> None:
    email = api.post("/v1/contact-endpoints", json=email_endpoint()).json()["data"]
    phone = api.post("/v1/contact-endpoints", json=phone_endpoint()).json()["data"]
    widget = api.post("/v1/contact-endpoints", json={"_type": "ChatWidget", "name": "W"}).json()[
        "data"
    ]
    body = api.get("/v1/contact-endpoints").json()
    # oldest first; endpoints created in the same millisecond are ordered by id
    assert sorted(body["data"], key=repr) == sorted([email, phone, widget], key=repr)
    assert len(body["data"]) == 3 and "next" not in body["meta"]
    assert api.get("/v1/contact-endpoints?_type=EmailEndpoint").json()["data"] == [email]
    assert api.get("/v1/contact-endpoints?_type=TelephonyEndpoint").json()["data"] == [phone]
    assert api.get("/v1/contact-endpoints?_type=ChatWidget").json()["data"] == [widget]


def test_paging_keeps_filter(api: Api) -> None:
    numbers = [f"+45111111{i:02d}" for i in range(5)]
    for n in numbers:
        api.post("/v1/contact-endpoints", json=phone_endpoint(number=n))
        api.post("/v1/contact-endpoints", json=email_endpoint(address=f"x{n[1:]}@acme.io"))
    seen: list[str] = []
    url = "/v1/contact-endpoints?_type=TelephonyEndpoint&pageLimit=2"
    pages = 0
    while url:
        body = api.get(url).json()
        seen += [e["number"] for e in body["data"]]
        url = body["meta"].get("next")
        pages += 1
    assert seen == numbers and pages == 3


def test_duplicates(api: Api) -> None:
    assert api.post("/v1/contact-endpoints", json=email_endpoint()).status_code == 201
    r = api.post("/v1/contact-endpoints", json=email_endpoint(address="SUPPORT@acme.email.dixa.io"))
    assert r.status_code == 400
    assert r.json()["message"] == (
        "Invalid value for: body, contact endpoint 'support@acme.email.dixa.io' already exists"
    )
    assert api.post("/v1/contact-endpoints", json=phone_endpoint()).status_code == 201
    r = api.post("/v1/contact-endpoints", json=phone_endpoint(name="again"))
    assert r.status_code == 400 and "already exists" in r.json()["message"]
    # chat widgets may share a name
    for _ in range(2):
        r = api.post("/v1/contact-endpoints", json={"_type": "ChatWidget", "name": "Same"})
        assert r.status_code == 201


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ({"_type": "SmsEndpoint", "number": "+4512345678"}, ""),
        ({"address": "a@b.io"}, ""),
        (email_endpoint(address="not-an-email"), ", address is not a valid email address"),
        (email_endpoint(address=""), ", address is not a valid email address"),
        (phone_endpoint(number="call me"), ", number is not a valid phone number"),
        ({"_type": "EmailEndpoint"}, ""),
        ({"_type": "ChatWidget"}, ""),
        ({"_type": "ChatWidget", "name": " "}, ", name must not be empty"),
    ],
)
def test_bad_bodies(api: Api, body: dict[str, Any], reason: str) -> None:
    r = api.post("/v1/contact-endpoints", json=body)
    assert r.status_code == 400, r.text
    message = r.json()["message"]
    assert message.startswith("Invalid value for: body" + reason)
    assert api.get("/v1/contact-endpoints").json()["data"] == []


def test_bad_query_and_404(api: Api) -> None:
    r = api.get("/v1/contact-endpoints?_type=Fax")
    assert r.status_code == 400
    assert r.json()["message"].startswith("Invalid value for: query parameter _type")
    r = api.get("/v1/contact-endpoints?pageLimit=-1")
    assert r.status_code == 400
    assert r.json()["message"].startswith("Invalid value for: query parameter pageLimit")
    r = api.get(f"/v1/contact-endpoints/{quote('+4500000000', safe='')}")
    assert r.status_code == 404
    assert r.json() == {"message": "An entity in this request could not be found"}
    assert api.get("/v1/contact-endpoints/nobody@acme.io").status_code == 404


def test_other_org_isolation(api: Api, other_api: Api) -> None:
    email = api.post("/v1/contact-endpoints", json=email_endpoint()).json()["data"]
    phone = api.post("/v1/contact-endpoints", json=phone_endpoint()).json()["data"]
    widget = api.post("/v1/contact-endpoints", json={"_type": "ChatWidget", "name": "W"}).json()[
        "data"
    ]
    for ident in (email["address"], quote(phone["number"], safe=""), widget["id"]):
        assert other_api.get(f"/v1/contact-endpoints/{ident}").status_code == 404
    assert other_api.get("/v1/contact-endpoints").json()["data"] == []
    for t in ("EmailEndpoint", "TelephonyEndpoint", "ChatWidget"):
        assert other_api.get(f"/v1/contact-endpoints?_type={t}").json()["data"] == []
    # ids are unique per organisation only
    assert other_api.post("/v1/contact-endpoints", json=email_endpoint()).status_code == 201
    assert other_api.post("/v1/contact-endpoints", json=phone_endpoint()).status_code == 201
