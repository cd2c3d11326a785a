"""The search index functions (used by writers and by anonymization), the rebuild, the
``parley search reindex`` command and the index migration, on both stores."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command

from fixtures.builders import add_message, conversation_about, create_end_user, word
from fixtures.harness import Api, Harness, create_pg_database, drop_pg_database
from fixtures.reads import hit_ids, search
from fixtures.search import count_docs, in_tx, search_objects, set_text, wipe_index
from parley.search import index
from parley.store import Tx, open_database
from parley.store.migrate import alembic_config, upgrade

PARLEY = str(Path(sys.executable).parent / "parley")


def test_refresh_conversation_follows_the_rows(harness: Harness, api: Api) -> None:
    old, new = word("zi"), word("zi")
    cid = conversation_about(api, f"Subject {old}", f"text {old}")
    mid = add_message(api, cid, f"second {old}")
    set_text(harness, api, mid, f"second {new}")
    assert hit_ids(search(api, new)) == []  # the index follows writes made through it only
    in_tx(harness, lambda tx: index.refresh_conversation(tx, api.org.id, cid))
    assert hit_ids(search(api, new)) == [cid]
    body = search(api, old)
    assert hit_ids(body) == [cid]
    inner = [h["id"] for h in body["data"][0]["innerHits"]]
    assert len(inner) == 1 and mid not in inner  # the first message only


def test_drop_and_reindex_one_message(harness: Harness, api: Api) -> None:
    w = word("zi")
    cid = conversation_about(api, "Keep", "first message")
    mid = add_message(api, cid, f"secret {w}")
    assert hit_ids(search(api, w)) == [cid]
    in_tx(harness, lambda tx: index.drop_message(tx, api.org.id, mid))
    assert hit_ids(search(api, w)) == []
    assert hit_ids(search(api, "first message")) != []
    in_tx(harness, lambda tx: index.index_message(tx, api.org.id, cid, mid))
    assert hit_ids(search(api, w)) == [cid]
    set_text(harness, api, mid, None)
    in_tx(harness, lambda tx: index.index_message(tx, api.org.id, cid, mid))
    assert hit_ids(search(api, w)) == []


def test_anonymized_rows_are_not_indexed(harness: Harness, api: Api) -> None:
    w = word("zi")
    cid = conversation_about(api, f"Private {w}", f"my secret {w}")
    mid = add_message(api, cid, f"more {w}")

    async def anonymize_message(tx: Tx) -> None:
        await tx.execute(
            "UPDATE messages SET anonymized_at = 1 WHERE org_id = :o AND id = :m",
            {"o": api.org.id, "m": mid},
        )
        await index.index_message(tx, api.org.id, cid, mid)

    in_tx(harness, anonymize_message)
    inner = search(api, w)["data"][0]["innerHits"]
    assert mid not in [h["id"] for h in inner] and len(inner) == 1

    async def anonymize_conversation(tx: Tx) -> None:
        await tx.execute(
            "UPDATE conversations SET anonymized_at = 1 WHERE org_id = :o AND id = :c",
            {"o": api.org.id, "c": cid},
        )
        await index.refresh_conversation(tx, api.org.id, cid)

    in_tx(harness, anonymize_conversation)
    assert hit_ids(search(api, f"private {w}")) == []


def test_refresh_requester(harness: Harness, api: Api) -> None:
    old, new = word("zi"), word("zi")
    user = create_end_user(api, f"Name {old}")
    cid = conversation_about(api, "Hello", "there", requester=user)

    async def rename(tx: Tx) -> None:
        await tx.execute(
            "UPDATE users SET display_name = :n WHERE org_id = :o AND id = :u",
            {"n": f"Name {new}", "o": api.org.id, "u": user},
        )
        await index.refresh_requester(tx, api.org.id, user)

    in_tx(harness, rename)
    assert hit_ids(search(api, old)) == []
    assert hit_ids(search(api, new)) == [cid]


def test_imported_conversations_are_searchable(api: Api) -> None:
    w = word("zi")
    requester = create_end_user(api, f"Imported {w}")
    r = api.post(
        "/v1/conversations/import",
        json={
            "_type": "GenericConversationImport",
            "genericChannelName": "Legacy",
            "requesterId": requester,
            "requesterConnectionStatus": "Connected",
            "direction": "Inbound",
            "createdAt": "2021-12-01T11:00:00Z",
            "messages": [
                {
                    "_type": "InboundImport",
                    "content": {"_type": "Text", "value": f"old message {w}x"},
                    "attachments": [],
                    "createdAt": "2021-12-01T12:00:00Z",
                }
            ],
        },
    )
    assert r.status_code == 201, r.text
    cid = r.json()["data"]["id"]
    assert hit_ids(search(api, w)) == [cid]
    assert hit_ids(search(api, f"{w}x")) == [cid]


def test_rebuild_restores_the_index_of_one_organisation(
    harness: Harness, api: Api, other_api: Api
) -> None:
    w = word("zi")
    mine = [conversation_about(api, f"{w} {i}", f"text {w} {i}") for i in range(3)]
    add_message(api, mine[0], f"extra {w}")
    theirs = conversation_about(other_api, w, w)
    before = search(api, w)
    docs = count_docs(harness, api)
    assert docs == 3 + 4  # three headers, four messages
    wipe_index(harness, api)
    assert search(api, w)["data"] == []
    progress: list[tuple[int, int]] = []

    async def run() -> int:
        return await index.rebuild(
            harness.db, api.org.id, lambda d, t: progress.append((d, t)), batch=2
        )

    assert harness.call(run) == docs
    assert progress[0] == (0, 3) and progress[-1] == (3, 3) and len(progress) == 3
    assert search(api, w) == before
    assert hit_ids(search(other_api, w)) == [theirs]
    # Rebuilding again changes nothing (documents are replaced, not added twice).
    assert harness.call(run) == docs
    assert count_docs(harness, api) == docs


def test_reindex_command(harness: Harness, api: Api) -> None:
    w = word("zi")
    cid = conversation_about(api, w, "body")
    wipe_index(harness, api)
    assert search(api, w)["data"] == []
    env = dict(os.environ, PARLEY_DATABASE_URL=harness.settings.database_url)
    done = subprocess.run(
        [PARLEY, "search", "reindex", "--org", api.org.id],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "indexed 2 documents" in done.stdout
    assert hit_ids(search(api, w)) == [cid]


@pytest.mark.parametrize("store", ["sqlite", "postgres"])
def test_migration_down_and_up(store: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    if store == "sqlite":
        url, name = f"sqlite:///{tmp_path / 'm.db'}", ""
    else:
        request.getfixturevalue("pg_url")  # skips (or fails on CI) without PostgreSQL
        url, name = create_pg_database()
    try:
        upgrade(url)
        present = search_objects(open_database(url))
        expected = (
            {"search_fts", "search_fts_data", "search_fts_content"}
            if store == "sqlite"
            else {"search_docs", "parley_search"}
        )
        assert expected <= present
        command.downgrade(alembic_config(url), "0001")
        assert search_objects(open_database(url)) == set()
        upgrade(url)
        assert search_objects(open_database(url)) == present
    finally:
        if name:
            drop_pg_database(name)
