"""A message takes a bounded number of attachments of a bounded total size."""

from __future__ import annotations

from typing import Any

import pytest

from file_server import FILE_BODY, file_server, large_file_server
from fixtures.hardening import new_conversation


def test_attachment_count_and_total_size_are_limited(harness: Any, app_with: Any) -> None:
    org = harness.new_org()
    auth = {"Authorization": org.token}
    client = app_with(attachments_per_message_max=2, attachments_total_max_bytes=20)
    cid = new_conversation(client, org.token)

    def message(count: int) -> Any:
        with file_server() as files:
            attachments = [{"url": files.url("/file.pdf")} for _ in range(count)]
            body = {"_type": "Inbound", "content": {"_type": "Text", "value": "files"}}
            return client.post(
                f"/v1/conversations/{cid}/messages",
                json={**body, "attachments": attachments},
                headers=auth,
            )

    r = message(3)
    assert r.status_code == 400
    assert r.json()["message"] == "Invalid value for: body, at most 2 attachments per message"
    assert 2 * len(FILE_BODY) > 20
    r = message(2)  # each file fits, both together do not
    assert r.status_code == 400 and r.json()["message"] == "Failure to download attachment"
    r = message(1)
    assert r.status_code in (200, 201), r.text


@pytest.mark.parametrize("declare_length", [True, False])
def test_large_attachments_stream_to_disk_and_stop_at_the_total(
    harness: Any, app_with: Any, declare_length: bool
) -> None:
    """Files are streamed to temporary files; the download that passes the message's
    total stops with Dixa's 400 and leaves no file behind, whether or not the server said
    how large the file is."""
    mib = 1024 * 1024
    org = harness.new_org()
    auth = {"Authorization": org.token}
    client = app_with(attachment_max_bytes=4 * mib, attachments_total_max_bytes=5 * mib)
    settings = harness.settings
    cid = new_conversation(client, org.token)
    blobs_before = {p for p in settings.blob_dir.rglob("*") if p.is_file()}
    with large_file_server(3 * mib, declare_length=declare_length) as files:
        body = {"_type": "Inbound", "content": {"_type": "Text", "value": "files"}}
        two = [{"url": files.url("a.bin")}, {"url": files.url("b.bin")}]
        r = client.post(
            f"/v1/conversations/{cid}/messages", json={**body, "attachments": two}, headers=auth
        )
        assert r.status_code == 400 and r.json() == {"message": "Failure to download attachment"}
        assert not any(settings.incoming_dir.iterdir())
        assert {p for p in settings.blob_dir.rglob("*") if p.is_file()} == blobs_before
        messages = client.get(f"/v1/conversations/{cid}/messages", headers=auth).json()["data"]
        assert len(messages) == 1

        r = client.post(
            f"/v1/conversations/{cid}/messages",
            json={**body, "attachments": two[:1]},
            headers=auth,
        )
        assert r.status_code in (200, 201), r.text
    assert not any(settings.incoming_dir.iterdir())
    added = {p for p in settings.blob_dir.rglob("*") if p.is_file()} - blobs_before
    assert [p.stat().st_size for p in added] == [3 * mib]
