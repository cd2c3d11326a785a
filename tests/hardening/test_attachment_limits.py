"""A message takes a bounded number of attachments of a bounded total size."""

from __future__ import annotations

from typing import Any

from file_server import FILE_BODY, file_server

from .support import new_conversation


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
