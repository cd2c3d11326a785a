"""A ``Table`` with fixed columns (``parley.store.rows``): the rows of ``users`` of one
kind, read, listed, inserted, updated and deleted without touching the other kind, on both
stores."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest

from fixtures.harness import Api, Harness
from parley.store.rows import Table


@dataclass(frozen=True)
class _User:
    id: str
    display_name: str | None
    email: str | None
    created_at: int


_AGENTS = Table("users", _User, fixed={"kind": "Agent"})
_END_USERS = Table("users", _User, fixed={"kind": "EndUser"})
_BY_EMAIL = _AGENTS.lister(email="email = :email")


def test_a_fixed_table_sees_and_writes_only_its_kind(harness: Harness, api: Api) -> None:
    org = api.org.id
    agent = _User(str(uuid.uuid4()), "Ann", "ann@example.com", 1000)
    end_user = _User(str(uuid.uuid4()), "Bob", "ann@example.com", 2000)

    async def work() -> tuple[object, ...]:
        async with harness.db.transaction() as tx:
            await _AGENTS.insert(tx, org, agent)
            await _END_USERS.insert(tx, org, end_user)
            renamed = _User(end_user.id, "Rob", end_user.email, end_user.created_at)
            return (
                await _AGENTS.get(tx, org, agent.id),
                await _AGENTS.get(tx, org, end_user.id),
                await _BY_EMAIL(tx, org, after=None, limit=10, email="ann@example.com"),
                await _AGENTS.update(tx, org, renamed, "display_name"),
                await _AGENTS.delete(tx, org, end_user.id),
                await _END_USERS.get(tx, org, end_user.id),
            )

    found, other, listed, updated, deleted, kept = harness.call(work)
    assert (found, other, listed, updated, deleted, kept) == (agent, None, [agent], 0, 0, end_user)
    kinds = harness.fetch("SELECT id, kind FROM users WHERE org_id = :o", {"o": org})
    assert (agent.id, "Agent") in kinds and (end_user.id, "EndUser") in kinds


def test_a_fixed_value_is_a_plain_word() -> None:
    with pytest.raises(ValueError, match="plain words"):
        Table("users", _User, fixed={"kind": "Agent' OR '1"})
