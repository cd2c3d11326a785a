"""Agents: thin handlers (decode, call the service, encode)."""

from __future__ import annotations

from typing import Any

from litestar.params import FromPath, FromQuery, JSONBody

from parley.agents import presence, service
from parley.agents import schemas as wire
from parley.http.context import READ, WRITE, Context
from parley.http.declare import Routes
from parley.http.envelope import Data, Page
from parley.http.listing import Paging
from parley.http.params import uuid_path

AGENTS = Routes("Agents")
AGENT = Routes("Agents", prefix="/agents/{agentId:str}")


def _items(body: wire.BulkBody | list[dict[str, Any]]) -> list[dict[str, Any]]:
    return body if isinstance(body, list) else body.data


@AGENTS.get("/agents", "List agents", READ)
async def list_agents(
    ctx: Context,
    *,
    email: FromQuery[str | None] = None,
    phone: FromQuery[str | None] = None,
    paging: Paging,
) -> Page[wire.Agent]:
    """The agents (and administrators) of the organisation, oldest first; deleted agents
    are not listed. Filter by primary `email` (case-insensitive) or by `phone` (exact), not
    both (400 `Invalid value for: query parameter email`). Paged with `pageKey`/`pageLimit`
    (default 50, maximum 10,000); 400 on a bad `pageLimit` or `pageKey`."""
    return await service.list_agents(ctx, email=email, phone=phone, **paging.window)


@AGENTS.post("/agents", "Create an agent", WRITE)
async def create_agent(ctx: Context, data: JSONBody[wire.NewAgent]) -> Data[wire.Agent]:
    """Creates an agent. `email` is required and must be a valid address not used by
    another agent of the organisation; `displayName` is required unless `firstName` or
    `lastName` is given (it is then made from the names); `phoneNumber`,
    `additionalEmails`, `additionalPhoneNumbers` are validated; `roles` defaults to
    `["Agent"]`. Errors: 400 `Invalid value for: body, <reason>` (missing field, bad email or
    phone, email already used by another agent)."""
    return Data(await service.create(ctx, data))


@AGENTS.post("/agents/bulk", "Create agents in bulk", WRITE)
async def create_agents_bulk(
    ctx: Context, data: JSONBody[wire.BulkBody | list[dict[str, Any]]]
) -> Data[list[wire.BulkItem]]:
    """Creates agents from `{"data": [agent input, …]}` and answers one `BulkActionSuccess`
    (with the agent) or `BulkActionFailure` (with `error.message`) per item, in order. Valid
    items are written even when others fail; item rules are those of `POST /agents`.
    400 only for a body that is not a list of objects."""
    return Data(await service.create_bulk(ctx, _items(data)))


@AGENTS.put("/agents", "Replace agents in bulk", WRITE)
async def replace_agents_bulk(
    ctx: Context, data: JSONBody[wire.BulkBody | list[dict[str, Any]]]
) -> Data[list[wire.BulkItem]]:
    """Replaces agents from `{"data": [{"id": …, agent input…}, …]}` (a bare array is also
    accepted); one BulkActionSuccess/BulkActionFailure per item, in order (`error.id` names
    the item). Item rules are those of `PUT /agents/{agentId}`; an unknown id fails with
    `An entity in this request could not be found`."""
    return Data(await service.replace_bulk(ctx, _items(data)))


@AGENTS.patch("/agents", "Update agents in bulk", WRITE)
async def update_agents_bulk(
    ctx: Context, data: JSONBody[wire.BulkBody | list[dict[str, Any]]]
) -> Data[list[wire.BulkItem]]:
    """Patches agents from `{"data": [{"id": …, fields…}, …]}` (a bare array is also
    accepted); one BulkActionSuccess/BulkActionFailure per item, in order. Item rules are
    those of `PATCH /agents/{agentId}`."""
    return Data(await service.update_bulk(ctx, _items(data)))


@AGENTS.get("/agents/presence", "List the presence of all agents", READ)
async def list_presence(ctx: Context) -> list[wire.Presence]:
    """The presence of every agent of the organisation, as a bare JSON array (no `data`
    envelope, as in Dixa). An agent that never reported a status is `Away`/`Offline`."""
    return await presence.list_presence(ctx)


@AGENT.get("", "Get an agent", READ)
async def get_agent(ctx: Context, agentId: FromPath[str]) -> Data[wire.Agent]:
    """One agent. 400 `Invalid value for: path parameter agentId` for a non-UUID id; 404 when
    it is not an agent of the organisation (also after it was deleted)."""
    return Data(await service.get(ctx, uuid_path("agentId", agentId)))


@AGENT.put("", "Replace an agent", WRITE)
async def replace_agent(
    ctx: Context, agentId: FromPath[str], data: JSONBody[wire.CreateAgent]
) -> Data[wire.Agent]:
    """Replaces every field with the body (rules of `POST /agents`; a field left out is
    cleared, except `roles` and `email`, which are kept unless given: Dixa's input has no
    email). 400 for bad input or an email used by another agent; 404 for an unknown agent."""
    return Data(await service.replace(ctx, uuid_path("agentId", agentId), data))


@AGENT.patch("", "Update an agent", WRITE)
async def update_agent(
    ctx: Context, agentId: FromPath[str], data: JSONBody[wire.PatchAgent]
) -> Data[wire.Agent]:
    """Changes only the fields present in the body; `null` clears an optional field
    (`email` cannot be cleared, `displayName` only when a name remains). The result must
    satisfy the rules of `POST /agents`. 400 for bad input; 404 for an unknown agent."""
    return Data(await service.update(ctx, uuid_path("agentId", agentId), data))


@AGENT.delete("", "Delete an agent", WRITE)
async def delete_agent(ctx: Context, agentId: FromPath[str]) -> None:
    """Downgrades the agent to an end user: it leaves `/agents`, its teams, queues and
    presence, and its id keeps working as the author of past changes. Its conversations that
    are not closed are unassigned (ConversationUnassigned) and stay in their queue, or go
    back to their last queue (else the default queue). 400 `The agent of the API token cannot
    be deleted` for the token's own user; 404 for an unknown agent (or one already deleted)."""
    await service.delete(ctx, uuid_path("agentId", agentId))


@AGENT.get("/teams", "List an agent's teams", READ)
async def list_agent_teams(ctx: Context, agentId: FromPath[str]) -> Data[list[wire.AgentTeam]]:
    """The teams the agent is a member of (`[{id, name}]`, oldest team first). 400 for a
    non-UUID id; 404 for an unknown agent."""
    return Data(await service.teams(ctx, uuid_path("agentId", agentId)))


@AGENT.get("/presence", "Get an agent's presence", READ)
async def get_presence(ctx: Context, agentId: FromPath[str]) -> Data[wire.Presence]:
    """The agent's stored presence (`Away`/`Offline` when it never reported one). 400 for a
    non-UUID id; 404 for an unknown agent."""
    return Data(await presence.get_presence(ctx, uuid_path("agentId", agentId)))


@AGENT.put("/presence", "Set an agent's presence", WRITE, status_code=204)
async def set_presence(
    ctx: Context, agentId: FromPath[str], data: JSONBody[wire.SetPresence]
) -> None:
    """**Parley extension.** Stores the agent's presence: `presenceStatus` Working|Away
    (required), `connectionStatus` Online|Offline (default: unchanged, else Online),
    `activeChannels` (default: unchanged). Going Online sets `lastSeen` to now. 204; 400 for
    bad input; 404 for an unknown agent."""
    await presence.set_presence(ctx, uuid_path("agentId", agentId), data)


@AGENT.put("/presence/working-channel", "Set an agent's working channel", WRITE, status_code=204)
async def set_working_channel(
    ctx: Context, agentId: FromPath[str], data: JSONBody[wire.SetWorkingChannel]
) -> None:
    """Marks whether the agent works on `channel` (Email, InteractiveChat, Messaging or
    Speak): `working` true adds it to the presence's `activeChannels`, false removes it;
    `presenceStatus`, `connectionStatus` and `lastSeen` are kept (an agent that never
    reported a presence stays Away/Offline). Idempotent: a call that changes nothing writes
    nothing. Body as in Dixa: `{"channel": …, "working": true|false}`. 204; 400
    `Invalid value for: body, …` for a missing or unknown `channel` or a non-boolean
    `working`, `Invalid value for: path parameter agentId` for a non-UUID id; 404 for an
    unknown agent."""
    await presence.set_working_channel(ctx, uuid_path("agentId", agentId), data)


ROUTES = [
    list_agents,
    create_agent,
    create_agents_bulk,
    replace_agents_bulk,
    update_agents_bulk,
    list_presence,
    get_agent,
    replace_agent,
    update_agent,
    delete_agent,
    list_agent_teams,
    get_presence,
    set_presence,
    set_working_channel,
]
