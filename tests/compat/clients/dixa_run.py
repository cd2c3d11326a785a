"""Drive Parley with the published `dixa` 0.1.0 client, unchanged but for its base URL.

Run by .venv/clients/dixa/bin/python with PARLEY_BASE_URL and PARLEY_TOKEN, against a
server started with PARLEY_PAGE_LINKS=relative: this client joins `meta.next` onto the
host, so it needs relative links. `DixaClient(base_url=...)` is the client's own option.
The client has no conversation methods and cannot create agents or tags: those are made
with plain HTTP (`http(...)`). Prints one JSON object (see _common.py).
"""

from __future__ import annotations

import uuid
import warnings

from _common import BASE_URL, TOKEN, Recorder, http

warnings.simplefilter("ignore")  # pydantic v1-style validators in the client warn on import

from dixa import DixaClient, Team, User, UserList  # noqa: E402
from dixa.utils import _get_params  # noqa: E402
from pydantic import ValidationError  # noqa: E402

client = DixaClient(api_key=TOKEN, base_url=BASE_URL)
rec = Recorder()
run = uuid.uuid4().hex[:8]


def dump(model):
    return model.dict(by_alias=True, exclude_none=True)


def user_ids(user_list):
    return [u.user_id for u in user_list.user_list]


# --- end users ---------------------------------------------------------------------------

created = rec.step(
    "endusers_create",
    lambda: [
        dump(
            client.post_end_user(
                user=User(displayName=f"Customer {i}", email=f"c{i}-{run}@example.com")
            )
        )
        for i in range(3)
    ],
)
rec.step(
    "endusers_create_bulk",
    lambda: client.post_end_users_bulk(
        user_list=UserList(
            data=[
                User(displayName="Bulk A", email=f"bulk-a-{run}@example.com"),
                User(displayName="Bulk B"),
            ]
        )
    ),
)
rec.step("enduser_get", lambda: dump(client.get_end_users(user_id=created[0]["id"])))
rec.step("enduser_by_email", lambda: dump(client.get_end_users(email=created[1]["email"])))
rec.step("endusers_first_page_http", lambda: http("GET", "/v1/endusers", pageLimit=2))


def manual_pages():
    # Five end users, pages of three: page 1 has `meta.next`, page 2 is the last.
    try:
        first = client.get_end_users(page_limit=3)
        second = client.get_end_users(page_limit=3, page_key=first.next_page_key)
        return {
            "first": user_ids(first),
            "second": user_ids(second),
            "second_next": second.next_page_key,
            "client_bug_worked_around": False,
        }
    except ValidationError as exc:
        # Client bug (not in the facts' list; appears with pydantic 2, which the client
        # does not exclude): get_end_users()/get_agents() without an id or email always
        # build UserList(next_page_key=..., previous_page_key=...) and pass None for a
        # missing link, which the `str` fields reject. Parley sends no `previous` (keyset
        # paging), so this listing fails on every page; against any server it fails
        # unless both links are present. The same pages are fetched with the client's own
        # api_call and cursor helper (_get_params), exactly what get_end_users does.
        if "page_key" not in str(exc):
            raise
    first = client.api_call("endusers", params={"pageLimit": 3}, return_data=False).json()
    key = _get_params(first["meta"]["next"])["pageKey"][0]
    second = client.api_call(
        "endusers", params={"pageLimit": 3, "pageKey": key}, return_data=False
    ).json()
    return {
        "first": [u["id"] for u in first["data"]],
        "second": [u["id"] for u in second["data"]],
        "second_next": (second.get("meta") or {}).get("next"),
        "client_bug_worked_around": True,
    }


rec.step("endusers_pages", manual_pages)
rec.step("endusers_all", lambda: user_ids(client.get_all_end_users(page_limit=2)))
rec.step(
    "enduser_put",
    lambda: client.put_end_user(
        user_id=created[2]["id"],
        user_data={"displayName": "Put name", "email": created[2]["email"]},
    ),
)
rec.step(
    "enduser_patch",
    lambda: client.patch_end_user(user_id=created[1]["id"], user_data={"displayName": "Patched"}),
)

# --- agents ------------------------------------------------------------------------------

agents = rec.step(
    "agents_create_http",
    lambda: [
        http(
            "POST", "/v1/agents", {"displayName": f"Agent {i}", "email": f"a{i}-{run}@acme.example"}
        )["data"]
        for i in range(3)
    ],
)
# Not called: get_agents() without an id (the UserList page-key bug, see manual_pages).
# get_all_agents() lists every agent, following relative `meta.next` links.
rec.step("agents_all", lambda: user_ids(client.get_all_agents(page_limit=2)))
rec.step("agents_all_default_limit", lambda: user_ids(client.get_all_agents()))
rec.step("agent_get", lambda: dump(client.get_agents(agent_id=agents[0]["id"])))
rec.step("agents_presence", lambda: [dump(p) for p in client.get_agents_presence().presence_list])
rec.step("agent_presence", lambda: dump(client.get_agents_presence(agent_id=agents[0]["id"])))

# --- tags --------------------------------------------------------------------------------

tags = rec.step(
    "tags_create_http",
    lambda: [
        http("POST", "/v1/tags", {"name": f"tag-{i}-{run}", "color": "#ff0000"})["data"]
        for i in range(2)
    ],
)
rec.step("tags_list", lambda: [dump(t) for t in client.get_tags().tag_list])
rec.step("tag_get", lambda: dump(client.get_tags(tag_id=tags[0]["id"])))


def deactivate_activate():
    r1 = client.patch_tag(action="deactivate", tag_id=tags[1]["id"])
    after_deactivate = client.get_tags(tag_id=tags[1]["id"]).state
    r2 = client.patch_tag(action="activate", tag_id=tags[1]["id"])
    return [
        r1.status_code,
        after_deactivate,
        r2.status_code,
        client.get_tags(tag_id=tags[1]["id"]).state,
    ]


rec.step("tag_deactivate_activate", deactivate_activate)

# --- teams -------------------------------------------------------------------------------

teams = rec.step(
    "teams_create",
    lambda: [dump(client.post_team(team=Team(name=f"Team {i} {run}"))) for i in range(2)],
)
rec.step("teams_list", lambda: [t.team_id for t in client.get_teams().team_list])
rec.step("team_get", lambda: dump(client.get_teams(team_id=teams[0]["id"])))


def team_agents():
    # The client cannot add members: plain HTTP PATCH (the documented method).
    http(
        "PATCH",
        f"/v1/teams/{teams[0]['id']}/agents",
        {"agentIds": [agents[0]["id"], agents[1]["id"]]},
    )
    http("PATCH", f"/v1/teams/{teams[1]['id']}/agents", {"agentIds": [agents[0]["id"]]})
    return user_ids(client.get_team_agents(team_id=teams[0]["id"]))


rec.step("team_agents", team_agents)
rec.step(
    "team_presence",
    lambda: [p.user_id for p in client.get_team_presence(team_id=teams[0]["id"]).presence_list],
)
rec.step("agent_teams", lambda: client.get_agent_teams(agent_id=agents[0]["id"]))
rec.step(
    "agent_teams_objects",
    lambda: [
        t.team_id
        for t in client.get_agent_teams(agent_id=agents[0]["id"], return_team=True).team_list
    ],
)


def delete_team():
    status = client.delete_team(team_id=teams[1]["id"]).status_code
    return {"status": status, "remaining": [t.team_id for t in client.get_teams().team_list]}


rec.step("team_delete", delete_team)

rec.done()
