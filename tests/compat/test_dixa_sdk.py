"""`dixa` 0.1.0 (PyPI, unchanged but for its base URL) against a running Parley.

The client runs in its own virtual environment (.venv/clients/dixa). It fetches follow-up
pages by joining `meta.next` onto the host, so its server runs with
PARLEY_PAGE_LINKS=relative. It has no conversation methods and cannot create agents or
tags; the script creates those with plain HTTP. Known client bugs are worked around in
the script (see its comments) and are not asserted on.
"""

from __future__ import annotations

from typing import Any

import pytest

from fixtures.compat import Target, client_executable, run_script, step_value


@pytest.fixture(scope="module")
def results(relative_target: Target) -> dict[str, Any]:
    python = client_executable("dixa")
    return run_script(relative_target, python, "dixa_run.py")


def test_end_users(results: dict[str, Any]) -> None:
    created = step_value(results, "endusers_create")
    assert [u["displayName"] for u in created] == ["Customer 0", "Customer 1", "Customer 2"]
    assert all(u["id"] and u["createdAt"] and not u["is_agent"] for u in created)
    bulk = step_value(results, "endusers_create_bulk")
    assert [b["_type"] for b in bulk] == ["BulkActionSuccess", "BulkActionSuccess"]
    assert step_value(results, "enduser_get") == created[0]
    assert step_value(results, "enduser_by_email") == created[1]
    assert step_value(results, "enduser_put")["displayName"] == "Put name"
    assert step_value(results, "enduser_patch")["displayName"] == "Patched"


def test_end_user_paging_with_relative_links(results: dict[str, Any]) -> None:
    created = step_value(results, "endusers_create")
    bulk = step_value(results, "endusers_create_bulk")
    everyone = {u["id"] for u in created} | {b["data"]["id"] for b in bulk}
    first_page = step_value(results, "endusers_first_page_http")
    assert len(first_page["data"]) == 2 and first_page["meta"]["next"].startswith("/v1/endusers?")
    pages = step_value(results, "endusers_pages")
    assert len(pages["first"]) == 3 and len(pages["second"]) == 2 and pages["second_next"] is None
    assert set(pages["first"]) | set(pages["second"]) == everyone
    every = step_value(results, "endusers_all")  # get_all_end_users follows the relative links
    assert len(every) == len(set(every)) == 5 and set(every) == everyone


def test_tags(results: dict[str, Any]) -> None:
    created = step_value(results, "tags_create_http")
    listed = step_value(results, "tags_list")
    assert [t["id"] for t in listed] == [t["id"] for t in created]
    assert all(t["color"] == "red" for t in listed)  # "#ff0000", parsed by the client
    assert step_value(results, "tag_get")["id"] == created[0]["id"]
    assert step_value(results, "tag_deactivate_activate") == [204, "Inactive", 204, "Active"]


def test_teams(results: dict[str, Any]) -> None:
    teams = step_value(results, "teams_create")
    agents = step_value(results, "agents_create_http")
    assert [t["id"] for t in teams] == step_value(results, "teams_list")
    assert step_value(results, "team_get") == teams[0]
    assert sorted(step_value(results, "team_agents")) == sorted([agents[0]["id"], agents[1]["id"]])
    assert sorted(step_value(results, "team_presence")) == sorted(
        [agents[0]["id"], agents[1]["id"]]
    )
    assert sorted(t["id"] for t in step_value(results, "agent_teams")) == sorted(
        t["id"] for t in teams
    )
    assert sorted(step_value(results, "agent_teams_objects")) == sorted(t["id"] for t in teams)
    assert step_value(results, "team_delete") == {"status": 204, "remaining": [teams[0]["id"]]}


def test_agent_get_and_presence(results: dict[str, Any]) -> None:
    agents = step_value(results, "agents_create_http")
    got = step_value(results, "agent_get")
    assert got["id"] == agents[0]["id"] and got["is_agent"] and got["email"] == agents[0]["email"]
    presence = step_value(results, "agent_presence")
    assert presence["userId"] == agents[0]["id"] and presence["requestTime"]
    assert {a["id"] for a in agents} <= {
        p["userId"] for p in step_value(results, "agents_presence")
    }


def test_agent_listing(results: dict[str, Any]) -> None:
    """Lists every agent of the organisation, the admin that `parley orgs create` made included.

    The client validates each agent's email (email-validator), so every agent Parley
    returns must carry a valid, non-reserved address.
    """
    agents = step_value(results, "agents_create_http")
    listed = step_value(results, "agents_all_default_limit")
    assert len(listed) == 4 and {a["id"] for a in agents} <= set(listed)
    every = step_value(results, "agents_all")  # pages of two, relative links
    assert sorted(every) == sorted(listed)
