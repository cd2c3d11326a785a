"""Attachment downloads and blob files.

Downloads: the host is resolved once and the connection goes to a checked address, with
the hostname kept in the Host header; a refused host is never contacted. Blob files: a
file stored by a transaction that rolls back is deleted with it.
"""

from __future__ import annotations

import asyncio
import threading
import uuid
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from litestar.testing import TestClient

from file_server import FILE_BODY, file_server, http_server, send_pdf
from fixtures.builders import chat_conversation, inbound
from fixtures.harness import Api, Harness, make_settings
from fixtures.messages import blobs, create_body, import_body, sized, store, timed
from fixtures.races import Background
from parley.app import create_app
from parley.messages.download import DownloadFailed, fetch, fetch_from, resolve

FAILED = {"message": "Failure to download attachment"}


# ---- resolving once, connecting to the checked address -----------------------------------


def test_download_connects_to_the_given_address_with_the_hostname(tmp_path: Path) -> None:
    settings = make_settings("sqlite:///unused.db", tmp_path, allow_private_addresses=False)
    with file_server() as files:
        # ".invalid" never resolves (RFC 6761): the download cannot have looked it up again
        url = files.url("/file.pdf", host="pinned.invalid")
        got = asyncio.run(fetch_from(settings, url, ["127.0.0.1"], "Bill.pdf"))
        assert got.temp is not None and got.temp.parent == settings.incoming_dir
        assert got.temp.read_bytes() == FILE_BODY and got.size == len(FILE_BODY)
        assert got.body == b"" and got.url == url and got.pretty_name == "Bill.pdf"
        assert got.content_type == "application/pdf"
        assert files.requests == [("/file.pdf", f"pinned.invalid:{files.port}")]
        # an address that refuses the connection is skipped for the next one
        got = asyncio.run(fetch_from(settings, url, ["127.0.0.2", "127.0.0.1"], None))
        assert got.temp is not None and got.temp.read_bytes() == FILE_BODY
        assert got.pretty_name == "file.pdf"
        assert len(files.requests) == 2
        with pytest.raises(DownloadFailed):
            asyncio.run(fetch_from(settings, url, ["127.0.0.2"], None))
        with pytest.raises(DownloadFailed):
            asyncio.run(fetch_from(settings, files.url("/missing"), ["127.0.0.1"], None))


def test_every_resolved_address_is_checked(tmp_path: Path) -> None:
    with pytest.raises(DownloadFailed, match="non-public"):
        asyncio.run(resolve("localhost", 80, allow_private=False))
    with pytest.raises(DownloadFailed, match="non-public"):
        asyncio.run(resolve("169.254.169.254", 80, allow_private=False))
    addresses = asyncio.run(resolve("localhost", 80, allow_private=True))
    assert addresses and set(addresses) <= {"127.0.0.1", "::1"}
    with pytest.raises(DownloadFailed, match="cannot resolve"):
        asyncio.run(resolve("pinned.invalid", 80, allow_private=True))
    settings = make_settings("sqlite:///unused.db", tmp_path, allow_private_addresses=False)
    with file_server() as files:
        for host in ("localhost", "127.0.0.1"):
            with pytest.raises(DownloadFailed):
                asyncio.run(fetch(settings, files.url("/file.pdf", host=host), None))
        assert files.requests == []  # refused before any connection


def test_message_attachment_by_hostname(harness: Harness, api: Api) -> None:
    cid = chat_conversation(api)
    with file_server() as files:
        url = files.url("/file.pdf", host="localhost")
        r = api.post(f"/v1/conversations/{cid}/messages", json=inbound(attachments=[{"url": url}]))
        assert r.status_code == 200, r.text
        assert files.requests == [("/file.pdf", f"localhost:{files.port}")]
    att = api.get(f"/v1/conversations/{cid}/messages").json()["data"][-1]["attributes"]
    link = att["attachments"][0]["url"]
    assert api.get("/v1/attachments/" + link.rsplit("/", 1)[-1]).content == FILE_BODY


def test_private_host_refused_without_contact(harness: Harness, tmp_path: Path) -> None:
    settings = make_settings(harness.settings.database_url, tmp_path, allow_private_addresses=False)
    with (
        TestClient(create_app(settings), raise_server_exceptions=False) as client,
        file_server() as files,
    ):
        strict = Harness(client, harness.store, settings)
        api = strict.api()
        cid = chat_conversation(api)
        for host in ("localhost", "127.0.0.1"):
            body = inbound(attachments=[{"url": files.url("/file.pdf", host=host)}])
            r = api.post(f"/v1/conversations/{cid}/messages", json=body)
            assert r.status_code == 400 and r.json() == FAILED, host
        assert files.requests == []
        assert len(api.get(f"/v1/conversations/{cid}/messages").json()["data"]) == 1


# ---- blob files follow their transaction -------------------------------------------------


def test_rollback_deletes_the_stored_blob(harness: Harness, api: Api) -> None:
    [lost] = store(harness, api, fail=True)
    assert not lost.exists()
    assert list(lost.parent.iterdir()) == []  # no temporary file either
    count = harness.fetch("SELECT COUNT(*) FROM attachments WHERE org_id = :o", {"o": api.org.id})
    assert int(count[0][0]) == 0
    [kept] = store(harness, api, fail=False)
    assert kept.read_bytes() == FILE_BODY
    count = harness.fetch("SELECT COUNT(*) FROM attachments WHERE org_id = :o", {"o": api.org.id})
    assert int(count[0][0]) == 1


# ---- a slow download holds no store-wide lock ---------------------------------------------


class _SlowFile:
    """A file server whose answer waits until ``release`` (``started`` set on a request)."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.release = threading.Event()

    def respond(self, request: BaseHTTPRequestHandler) -> None:
        self.started.set()
        self.release.wait(8)
        send_pdf(request, FILE_BODY)


@pytest.mark.parametrize("route", ["message", "create", "import"])
def test_other_writes_go_on_during_a_slow_download(harness: Harness, api: Api, route: str) -> None:
    # On SQLite the download no longer holds the writer lock (nothing is written before it);
    # the request still writes everything, with its file, once the download is done.
    slow = _SlowFile()
    with http_server(slow.respond) as port:
        url = f"http://127.0.0.1:{port}/slow.pdf"
        if route == "message":
            cid = chat_conversation(api)
            path, body = f"/v1/conversations/{cid}/messages", inbound(attachments=[{"url": url}])
        elif route == "create":
            path, body = "/v1/conversations", create_body(harness, api, url)
        else:
            path, body = "/v1/conversations/import", import_body(harness, api, url)
        request = Background(lambda: api.post(path, json=body))
        assert slow.started.wait(10)
        r, elapsed = timed(lambda: api.post("/v1/tags", json={"name": "meanwhile"}))
        assert r.status_code == 200 and elapsed < 4, elapsed
        slow.release.set()
        r = request.result()
    assert r.status_code in (200, 201), r.text
    stored = harness.fetch(
        "SELECT COUNT(*) FROM attachments WHERE org_id = :o AND source_url = :u",
        {"o": api.org.id, "u": url},
    )
    assert stored == [(1,)]


def test_checks_are_made_again_after_a_slow_download(harness: Harness, api: Api) -> None:
    # A message with the externalId of one that is downloading its file: on SQLite it is
    # written meanwhile and the downloading one, checked again, is the duplicate; on
    # PostgreSQL it waits for the conversation's row lock and is the duplicate itself.
    cid = chat_conversation(api)
    slow = _SlowFile()
    with http_server(slow.respond) as port:
        url = f"http://127.0.0.1:{port}/slow.pdf"
        messages = f"/v1/conversations/{cid}/messages"
        first = Background(
            lambda: api.post(messages, json=inbound(externalId="x-1", attachments=[{"url": url}]))
        )
        assert slow.started.wait(10)
        second = Background(lambda: api.post(messages, json=inbound(externalId="x-1")))
        if harness.store == "sqlite":
            assert second.result(timeout=4).status_code == 200
        slow.release.set()
        results = [first.result(), second.result()]
    assert sorted(r.status_code for r in results) == [200, 400]
    assert [r.json() for r in results if r.status_code == 400] == [
        {"message": "Duplicate externalId"}
    ]
    listed = api.get(messages).json()["data"]
    assert [m.get("externalId") for m in listed].count("x-1") == 1
    assert harness.fetch(
        "SELECT COUNT(*) FROM attachments WHERE org_id = :o", {"o": api.org.id}
    ) == [(1 if harness.store == "postgres" else 0,)]


def test_a_transaction_that_wrote_keeps_its_lock(harness: Harness) -> None:
    if harness.store != "sqlite":
        pytest.skip("PostgreSQL has no store-wide writer lock to let go")

    async def wait() -> None:
        await asyncio.sleep(0)

    async def run() -> None:
        async with harness.db.transaction() as tx:
            await tx.execute(
                "INSERT INTO id_sequences (name, value) VALUES (:n, 1)",
                {"n": f"test_{uuid.uuid4().hex}"},
            )
            await tx.outside_lock(wait())

    with pytest.raises(RuntimeError, match="has written"):
        harness.call(run)
    assert harness.fetch("SELECT COUNT(*) FROM id_sequences WHERE name LIKE 'test_%'") == [(0,)]
    harness.execute("SELECT 1")  # the writer lock was let go with the transaction


# ---- the size limit ----------------------------------------------------------------------

LIMIT = 64


def test_a_file_over_the_size_limit_is_refused_and_nothing_written(
    harness: Harness, tmp_path: Path
) -> None:
    settings = make_settings(harness.settings.database_url, tmp_path, attachment_max_bytes=LIMIT)
    with (
        TestClient(create_app(settings), raise_server_exceptions=False) as client,
        http_server(sized) as port,
    ):
        small = Harness(client, harness.store, settings)
        api = small.api()
        cid = chat_conversation(api)
        messages = f"/v1/conversations/{cid}/messages"

        def count(table: str) -> int:
            rows = small.fetch(f"SELECT COUNT(*) FROM {table} WHERE org_id = :o", {"o": api.org.id})
            return int(rows[0][0])

        before = (count("conversations"), count("messages"), count("activity"))
        for kind in ("declared", "streamed"):
            url = f"http://127.0.0.1:{port}/{kind}-{LIMIT + 1}"
            r = api.post(messages, json=inbound(attachments=[{"url": url}]))
            assert r.status_code == 400 and r.json() == FAILED, (kind, r.text)
            r = api.post("/v1/conversations", json=create_body(small, api, url))
            assert r.status_code == 400 and r.json() == FAILED, (kind, r.text)
        assert (count("conversations"), count("messages"), count("activity")) == before
        assert count("attachments") == 0 and blobs(settings, api.org.id) == []

        # an import lists it as a partial error and imports the rest, without the file
        url = f"http://127.0.0.1:{port}/streamed-{LIMIT + 1}"
        r = api.post("/v1/conversations/import", json=import_body(small, api, url))
        assert r.status_code == 201, r.text
        assert r.json()["data"]["partialErrors"] == [
            {"message": f"Invalid attachment url in message. url: {url}"}
        ]
        assert count("attachments") == 0 and blobs(settings, api.org.id) == []

        # a file of exactly the limit is stored
        for kind in ("declared", "streamed"):
            url = f"http://127.0.0.1:{port}/{kind}-{LIMIT}"
            r = api.post(messages, json=inbound(attachments=[{"url": url}]))
            assert r.status_code == 200, (kind, r.text)
        assert count("attachments") == 2 and len(blobs(settings, api.org.id)) == 2
