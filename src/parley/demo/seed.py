"""Fill the demo organisation through the API itself (every write takes the real path:
activity log, events, search index), so ``make run`` starts with an inbox to explore."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Any, cast

import httpx

from parley.config import Settings
from parley.demo import content

# An API call: (method, path, JSON body or None) -> (status, decoded body or None).
Call = Callable[[str, str, Any], Awaitable[tuple[int, Any]]]
Report = Callable[[int, int], None]


class SeedFailed(Exception):
    pass


@dataclass
class Seeded:
    agents: int = 0
    end_users: int = 0
    conversations: int = 0
    messages: int = 0


async def _ok(call: Call, method: str, path: str, body: Any = None) -> Any:
    status, payload = await call(method, path, body)
    if status >= 300:
        raise SeedFailed(f"{method} {path}: {status} {payload}")
    return payload


async def _people(call: Call, path: str, people: list[tuple[str, str]]) -> list[str]:
    """Each (name, email) of ``people`` made at ``path`` (agents or end users); their ids."""
    made = []
    for name, email in people:
        body = {"displayName": name, "email": email}
        made.append((await _ok(call, "POST", path, body))["data"]["id"])
    return made


def _text(value: str) -> dict[str, str]:
    return {"_type": "Text", "value": value}


async def seed(call: Call, report: Report | None = None) -> Seeded:
    """Agents, customers, queues, tags, endpoints and ``content.THREADS`` conversations;
    ``report(done, total)`` after each step."""
    out = Seeded()
    total = 4 + len(content.THREADS)
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if report is not None:
            report(done, total)

    agents = await _people(call, "/v1/agents", content.AGENTS)
    out.agents = len(agents)
    step()
    customers = await _people(call, "/v1/endusers", content.CUSTOMERS)
    out.end_users = len(customers)
    step()
    queues = {}
    for name in content.QUEUES:
        queues[name] = (await _ok(call, "POST", "/v1/queues", {"name": name}))["data"]["id"]
    tags = {}
    for name in content.TAGS:
        tags[name] = (await _ok(call, "POST", "/v1/tags", {"name": name}))["data"]["id"]
    step()
    endpoint = {"_type": "EmailEndpoint", "address": content.EMAIL_ADDRESS, "name": "Support"}
    await _ok(call, "POST", "/v1/contact-endpoints", endpoint)
    widget = {"_type": "ChatWidget", "name": "Website chat"}
    widget_id = (await _ok(call, "POST", "/v1/contact-endpoints", widget))["data"]["id"]
    step()
    for i, thread in enumerate(content.THREADS):
        customer = customers[i % len(customers)]
        agent = agents[i % len(agents)]
        out.messages += await _conversation(call, thread, customer, agent, widget_id, queues, tags)
        out.conversations += 1
        step()
    return out


async def _conversation(
    call: Call,
    thread: dict[str, Any],
    customer: str,
    agent: str,
    widget_id: str,
    queues: dict[str, str],
    tags: dict[str, str],
) -> int:
    texts: list[str] = thread["thread"]
    first = {"_type": "Inbound", "content": _text(texts[0])}
    body: dict[str, Any] = {"_type": thread["channel"], "requesterId": customer, "message": first}
    if thread["channel"] == "Chat":
        body["widgetId"] = widget_id
    else:
        body["emailIntegrationId"] = content.EMAIL_ADDRESS
        body["subject"] = thread["subject"]
    cid = (await _ok(call, "POST", "/v1/conversations", body))["data"]["id"]
    base = f"/v1/conversations/{cid}"
    if thread["queue"]:  # a new email or chat starts in the default queue: routed on here
        await _ok(call, "PUT", f"{base}/transfer/queue", {"queueId": queues[thread["queue"]]})
    if len(texts) > 1 or thread["state"] == "claimed":
        await _ok(call, "PUT", f"{base}/claim", {"agentId": agent})
    for n, value in enumerate(texts[1:], start=1):
        if n % 2:
            message = {"_type": "Outbound", "agentId": agent, "content": _text(value)}
        else:
            message = {"_type": "Inbound", "content": _text(value)}
        await _ok(call, "POST", f"{base}/messages", message)
    for name in thread["tags"]:
        await _ok(call, "PUT", f"{base}/tags/{tags[name]}")
    if thread.get("note"):
        await _ok(call, "POST", f"{base}/notes", {"message": thread["note"], "agentId": agent})
    if thread["state"] == "pending":
        await _ok(call, "PUT", f"{base}/followup", {"timestamp": "2099-01-01T09:00:00Z"})
    if thread["state"] == "closed":
        await _ok(call, "PUT", f"{base}/close", {"userId": agent})
    if thread.get("rating"):
        offer = {"userId": customer, "agentId": agent, "ratingType": "Csat"}
        rating = (await _ok(call, "POST", f"{base}/ratings/offer", offer))["data"]["id"]
        result = {"_type": "Csat", "value": thread["rating"]}
        submit = {"userId": customer, "ratingResult": result}
        await _ok(call, "POST", f"{base}/ratings/{rating}/submit", submit)
    return len(texts)


async def fill(settings: Settings, token: str, report: Report | None = None) -> Seeded:
    """``seed`` the organisation of ``token`` through an in-process instance of the app
    (no socket, no background worker)."""
    from parley.app import create_app  # the app imports every domain: only when seeding

    app = create_app(replace(settings, embedded_worker=False))
    transport = httpx.ASGITransport(app=cast(Any, app))  # an ASGI app, typed otherwise
    async with (
        app.lifespan(),
        httpx.AsyncClient(
            transport=transport, base_url="http://demo.local", headers={"Authorization": token}
        ) as client,
    ):

        async def call(method: str, path: str, body: Any) -> tuple[int, Any]:
            r = await client.request(method, path, json=body)
            return r.status_code, (r.json() if r.content else None)

        return await seed(call, report)
