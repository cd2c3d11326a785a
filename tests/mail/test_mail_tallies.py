"""Mail that opens a conversation keeps the analytics tallies equal to a fresh
recomputation."""

from __future__ import annotations

from typing import Any

from fixtures.mail import Mail, message
from fixtures.reads import tallies


def test_inbound_mail_keeps_tallies_equal(harness: Any, mail: Mail, api: Any) -> None:
    to = mail.endpoint(api)
    assert mail.send(message(to), to) == {}
    mail.run_jobs()
    [row] = mail.inbound(api.org.id)
    cid = row[3]
    assert cid is not None, row
    stored, fresh = tallies(harness, api.org.id)
    assert stored == fresh
    assert ("created", cid) in {(r[1], r[3]) for r in stored if r[0] == "fact"}
