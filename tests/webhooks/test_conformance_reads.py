"""Parley's reads against Dixa's published response schemas, on both stores: every
``GET`` of Dixa's that Parley serves, on an organisation holding one of everything
(``dixa_spec.check``: documented status, required fields, types)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fixtures.webhooks import world
from webhooks.dixa_spec import Checker, document

if TYPE_CHECKING:
    from fixtures.harness import Api, Harness

CID = "/v1/conversations/{conversationId}"


def test_every_read(harness: Harness, api: Api) -> None:
    document()
    w = world(api)
    cid = w["cid"]
    c = Checker(api)
    c("GET", "/v1/agents", "/v1/agents")
    c("GET", "/v1/agents/presence", "/v1/agents/presence")
    c("GET", "/v1/agents/{agentId}", f"/v1/agents/{w['agent']}")
    c("GET", "/v1/agents/{agentId}/teams", f"/v1/agents/{w['agent']}/teams")
    c("GET", "/v1/agents/{agentId}/presence", f"/v1/agents/{w['agent']}/presence")
    c("GET", "/v1/endusers", "/v1/endusers")
    c("GET", "/v1/endusers/{userId}", f"/v1/endusers/{w['user']}")
    c("GET", "/v1/endusers/{userId}/conversations", f"/v1/endusers/{w['user']}/conversations")
    c("GET", "/v1/queues", "/v1/queues")
    c("GET", "/v1/queues/{queueId}", f"/v1/queues/{w['queue']}")
    c("GET", "/v1/queues/{queueId}/members", f"/v1/queues/{w['queue']}/members")
    c("GET", "/v1/tags", "/v1/tags")
    c("GET", "/v1/tags/{tagId}", f"/v1/tags/{w['tag']}")
    c("GET", "/v1/teams", "/v1/teams")
    c("GET", "/v1/teams/{teamId}", f"/v1/teams/{w['team']}")
    c("GET", "/v1/teams/{teamId}/agents", f"/v1/teams/{w['team']}/agents")
    c("GET", "/v1/teams/{teamId}/presence", f"/v1/teams/{w['team']}/presence")
    c("GET", "/v1/custom-attributes", "/v1/custom-attributes")
    c("GET", "/v1/custom-attributes/{customAttributeId}", f"/v1/custom-attributes/{w['attribute']}")
    c("GET", "/v1/contact-endpoints", "/v1/contact-endpoints")
    c("GET", "/v1/contact-endpoints/{contactEndpointId}", f"/v1/contact-endpoints/{w['endpoint']}")
    c("GET", "/v1/conversations/flows", "/v1/conversations/flows")
    c("GET", "/v1/conversations/activitylog", "/v1/conversations/activitylog")
    c("GET", CID, f"/v1/conversations/{cid}")
    c("GET", CID + "/activitylog", f"/v1/conversations/{cid}/activitylog")
    c("GET", CID + "/linked", f"/v1/conversations/{w['parent']}/linked")
    c("GET", CID + "/messages", f"/v1/conversations/{cid}/messages")
    c("GET", CID + "/notes", f"/v1/conversations/{cid}/notes")
    c("GET", CID + "/tags", f"/v1/conversations/{cid}/tags")
    c("GET", CID + "/ratings", f"/v1/conversations/{cid}/ratings")
    c("GET", CID + "/rating", f"/v1/conversations/{cid}/rating")
    c("GET", "/v1/search/conversations", "/v1/search/conversations?query=ok")
    c("POST", "/v1/search/conversations", "/v1/search/conversations", {"query": {"value": "ok"}})
    assert not c.failures, "\n".join(c.failures)
