"""A received mail in the agent desk, and the desk's reply (the same service as the API's)
reaching the customer's mailbox threaded, from the endpoint's address with the agent's
name."""

from __future__ import annotations

from typing import Any

from fixtures.desk import Browser, desk_org
from fixtures.mail import Mail, message, sent_to, statuses


def test_a_mail_shows_in_the_desk_and_its_reply_reaches_the_customer(
    harness: Any, mail: Mail
) -> None:
    org = desk_org(harness)
    to = mail.endpoint(org.api)
    first = message(to, subject="Seen at the desk?", text="Is anyone reading this?")
    assert mail.send(first, to) == {}
    [(status, cid)] = statuses(mail, org.org_id)
    assert status == "created" and cid is not None
    agent = Browser(harness)
    assert agent.sign_in(org.email).status_code == 303
    inbox = agent.get("/?view=unassigned")
    assert inbox.status_code == 200 and f'href="/conversations/{cid}"' in inbox.text
    page = agent.get(f"/conversations/{cid}")
    assert "Is anyone reading this?" in page.text
    r = agent.post(
        f"/conversations/{cid}/reply", {"text": "Yes, we are."}, form_page=f"/conversations/{cid}"
    )
    assert r.status_code == 303
    mail.run_jobs()
    [out] = sent_to(mail, "carla@customer.test")
    assert out["From"].addresses[0].addr_spec == to
    assert out["From"].addresses[0].display_name == "Agent Smith"
    assert out["In-Reply-To"] == first["Message-ID"]
    assert out.get_body(("plain",)).get_content().strip() == "Yes, we are."  # type: ignore[union-attr]
    # the customer's answer to it threads back into the same conversation
    mail.send(message(to, subject="Re", headers={"In-Reply-To": out["Message-ID"]}), to)
    assert statuses(mail, org.org_id)[-1] == ("threaded", cid)
    assert "Hello, my parcel did not arrive." in agent.get(f"/conversations/{cid}").text
