"""Desk test fixtures: an organisation with a signed-in-able agent, and a cookie-keeping
browser over the shared ASGI test client."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Any

import pytest

from parley.desk.auth import set_password

PASSWORD = "correct horse battery"
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')
_ROW = re.compile(r'<a href="/conversations/(\d+)">')
_NEXT = re.compile(r'class="next" href="([^"]+)"')
_QUEUE = re.compile(
    r'<a href="/\?view=unassigned&amp;queue=([^"]*)">([^<]*) <span class="count">(\d+)</span>'
)


class Browser:
    """Requests with a cookie jar of its own (the test client is shared by every test)."""

    def __init__(self, harness: Any, *, client: Any = None, address: str | None = None) -> None:
        self.harness = harness
        self.client = client or harness.client
        self.address = address or f"2001:db8::{uuid.uuid4().hex[:4]}:{uuid.uuid4().hex[:4]}"
        self.cookies: dict[str, str] = {}

    def request(self, method: str, url: str, **kwargs: Any) -> Any:
        client = self.client
        headers = dict(kwargs.pop("headers", None) or {})
        headers.setdefault("X-Forwarded-For", self.address)
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        client.cookies.clear()
        r = client.request(method, url, headers=headers, follow_redirects=False, **kwargs)
        client.cookies.clear()
        for raw in r.headers.get_list("set-cookie"):
            name, _, rest = raw.partition("=")
            value = rest.split(";", 1)[0].strip('"')
            if not value or "max-age=0" in raw.lower():
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return r

    def get(self, url: str, **kwargs: Any) -> Any:
        return self.request("GET", url, **kwargs)

    def csrf(self, url: str) -> str:
        r = self.get(url)
        assert r.status_code == 200, r.text
        found = _CSRF.search(r.text)
        assert found, r.text
        return found.group(1)

    def post(self, url: str, data: dict[str, str] | None = None, *, form_page: str = "/") -> Any:
        fields = {"csrf": self.csrf(form_page), **(data or {})}
        return self.request("POST", url, data=fields)

    def sign_in(self, email: str, password: str = PASSWORD) -> Any:
        token = self.csrf("/sign-in")
        return self.request(
            "POST", "/sign-in", data={"csrf": token, "email": email, "password": password}
        )


def walk_inbox(browser: Browser, url: str) -> tuple[list[int], int]:
    """Every conversation an inbox list shows, following "Older conversations" to its
    last page: (the ids in the order shown, the number of pages)."""
    seen: list[int] = []
    pages = 0
    while url:
        page = browser.get(url)
        assert page.status_code == 200, (url, page.text[:300])
        pages += 1
        seen += [int(v) for v in _ROW.findall(page.text)]
        found = _NEXT.search(page.text)
        url = found.group(1).replace("&amp;", "&") if found else ""
    return seen, pages


def unassigned_by_queue(browser: Browser) -> list[tuple[str, str, int]]:
    """The inbox's unassigned count per queue as shown: (queue id, name, count)."""
    page = browser.get("/")
    assert page.status_code == 200, page.text[:300]
    return [(q, name, int(n)) for q, name, n in _QUEUE.findall(page.text)]


@dataclass
class DeskOrg:
    api: Any
    agent_id: str
    email: str
    admin_email: str

    @property
    def org_id(self) -> str:
        return str(self.api.org.id)


def set_desk_password(harness: Any, org_id: str, email: str, password: str = PASSWORD) -> None:
    async def run() -> None:
        async with harness.db.transaction() as tx:
            await set_password(tx, org_id, email, password, 1)

    harness.call(run)


def new_agent(api: Any, name: str = "Agent Smith") -> tuple[str, str]:
    email = f"agent-{uuid.uuid4().hex[:10]}@example.com"
    r = api.post("/v1/agents", json={"displayName": name, "email": email})
    assert r.status_code == 201, r.text
    return str(r.json()["data"]["id"]), email


def desk_org(harness: Any) -> DeskOrg:
    api = harness.api("Desk org")
    agent_id, email = new_agent(api)
    set_desk_password(harness, api.org.id, email)
    admin_email = harness.fetch(
        "SELECT email FROM users WHERE org_id = :org AND id = :id",
        {"org": api.org.id, "id": api.org.admin_user_id},
    )[0][0]
    set_desk_password(harness, api.org.id, admin_email)
    return DeskOrg(api, agent_id, email, admin_email)


def new_conversation(api: Any, text: str = "My parcel never arrived") -> int:
    r = api.post("/v1/endusers", json={"displayName": "Carla Customer",
                                       "email": f"c-{uuid.uuid4().hex[:8]}@example.com"})  # fmt: skip
    assert r.status_code == 201, r.text
    requester = r.json()["data"]["id"]
    address = f"support-{uuid.uuid4().hex[:8]}@acme.example"
    r = api.post("/v1/contact-endpoints", json={"_type": "EmailEndpoint", "address": address})
    assert r.status_code == 201, r.text
    r = api.post(
        "/v1/conversations",
        json={
            "_type": "Email",
            "requesterId": requester,
            "emailIntegrationId": address,
            "subject": "Where is my parcel?",
            "message": {"_type": "Inbound", "content": {"_type": "Text", "value": text}},
        },
    )
    assert r.status_code == 201, r.text
    return int(r.json()["data"]["id"])


@pytest.fixture
def org(harness: Any) -> DeskOrg:
    return desk_org(harness)


@pytest.fixture
def browser(harness: Any) -> Browser:
    return Browser(harness)


@pytest.fixture
def agent(harness: Any, org: DeskOrg) -> Browser:
    """A browser signed in as the organisation's (non-administrator) agent."""
    b = Browser(harness)
    r = b.sign_in(org.email)
    assert r.status_code == 303, r.text
    return b


@pytest.fixture
def admin(harness: Any, org: DeskOrg) -> Browser:
    b = Browser(harness)
    r = b.sign_in(org.admin_email)
    assert r.status_code == 303, r.text
    return b
