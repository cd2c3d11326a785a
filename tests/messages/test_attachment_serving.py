"""A stored attachment is served from its file, a chunk at a time: a multi-MiB file's bytes
and headers on both stores, another organisation's attachment a 404, and the answer sent
in many parts none larger than a chunk (a body read whole into memory is sent as one)."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from file_server import large_file_server, patterned
from fixtures.asgi import body_parts
from fixtures.builders import chat_conversation, inbound
from fixtures.harness import Api, Harness
from parley.kit.blobs import CHUNK

SIZE = 3 * 1024 * 1024 + 123  # not a whole number of chunks
NAME = "Q3 report é.bin"


@pytest.fixture
def stored(api: Api) -> str:
    """The id of a ``SIZE``-byte attachment (``patterned``) of a message of ``api``'s
    organisation."""
    cid = chat_conversation(api)
    with large_file_server(SIZE, body=patterned(SIZE)) as files:
        attachment = {"url": files.url("report.bin"), "prettyName": NAME}
        r = api.post(f"/v1/conversations/{cid}/messages", json=inbound(attachments=[attachment]))
        assert r.status_code == 200, r.text
    message = api.get(f"/v1/conversations/{cid}/messages").json()["data"][-1]
    url: str = message["attributes"]["attachments"][0]["url"]
    return url.rsplit("/", 1)[-1]


def test_a_large_attachment_is_served_whole_with_its_headers(api: Api, stored: str) -> None:
    r = api.get(f"/v1/attachments/{stored}")
    assert r.status_code == 200
    assert r.content == patterned(SIZE)
    assert r.headers["content-length"] == str(SIZE)
    assert r.headers["content-type"] == "application/octet-stream"
    assert r.headers["content-disposition"] == f"inline; filename*=UTF-8''{quote(NAME)}"


def test_another_organisations_attachment_is_a_404(harness: Harness, api: Api, stored: str) -> None:
    other = harness.api("Other org")
    r = other.get(f"/v1/attachments/{stored}")
    assert r.status_code == 404 and r.json() == {
        "message": "An entity in this request could not be found"
    }
    assert api.get(f"/v1/attachments/{stored}").status_code == 200


def test_the_file_is_sent_in_chunks_not_as_one_body(
    harness: Harness, api: Api, stored: str
) -> None:
    """Through the ASGI app itself: the response's body messages, as the server gets them."""
    status, parts = body_parts(harness, f"/v1/attachments/{stored}", api.org.token)
    assert status == 200
    assert b"".join(parts) == patterned(SIZE)
    assert len(parts) >= SIZE // CHUNK and max(len(p) for p in parts) <= CHUNK
