"""Deleting a tag applied to many conversations (set-based): every live conversation gets
exactly one TagRemoved entry and one event, each event its webhook delivery and snapshot,
as untagging one conversation writes them; anonymized ones lose the tag silently."""

from __future__ import annotations

from fixtures.harness import Api, Harness
from fixtures.tags import delete_many


def test_deleting_a_tag_on_many_conversations(harness: Harness, api: Api) -> None:
    try:
        delete_many(harness, api)
    finally:  # the deliveries (to no receiver) are not left for other tests' workers
        harness.execute("DELETE FROM jobs WHERE org_id = :o", {"o": api.org.id})
