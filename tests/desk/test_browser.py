"""The desk in real Chromium against a real ``parley serve --demo`` process: sign in, the
inbox, a conversation, a reply, and a conversation created through the API appearing
live. With CI=true a missing Chromium fails the run; otherwise these tests are skipped.

Screenshots of the sign-in, inbox and conversation screens are written to
``docs/screenshots/`` when PARLEY_SCREENSHOTS=1 (else to a temporary folder).
"""

from __future__ import annotations

import json
import re
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

from fixtures.desk_browser import Server, api_conversation, mail_conversation, sign_in_page


def test_sign_in_inbox_conversation_reply_and_live(
    new_page: Any, server: Server, shots: Path
) -> None:
    from playwright.sync_api import expect

    page = new_page(1280, 800)
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    page.goto(f"{server.base}/")
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    page.get_by_label("Email").fill(server.email)
    page.get_by_label("Password").fill(server.password)
    page.screenshot(path=str(shots / "sign-in.png"))
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", name="Unassigned")).to_be_visible()
    expect(page.locator("html[data-ready]")).to_have_count(1)
    rows = page.locator("[data-row] > a")
    expect(rows.first).to_be_visible()
    # times are shown in the browser's zone, converted from <time datetime>
    assert not re.search(r"\d{4}-\d\d-\d\dT", page.locator("ol.rows time").first.inner_text())
    page.keyboard.press("j")
    expect(rows.first).to_be_focused()
    page.screenshot(path=str(shots / "inbox.png"))

    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Close conversation")).to_be_visible()
    expect(page.locator("html[data-ready]")).to_have_count(1)
    page.keyboard.press("r")
    expect(page.locator("#reply-text")).to_be_focused()
    page.keyboard.type("Thanks for writing, we are looking into it.")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("#thread")).to_contain_text("we are looking into it")
    page.screenshot(path=str(shots / "conversation.png"), full_page=True)

    page.goto(f"{server.base}/?view=open")
    expect(page.locator("body[data-live=open]")).to_have_count(1)
    page.evaluate("window.__stayed = true")
    subject = f"Live arrival {uuid.uuid4().hex[:6]}"
    started = time.monotonic()
    api_conversation(server, subject)
    expect(page.locator("#inbox-list")).to_contain_text(subject, timeout=3000)
    assert time.monotonic() - started < 2.0
    assert page.evaluate("window.__stayed") is True  # no reload
    assert refused == []


def test_phone_width(new_page: Any, server: Server) -> None:
    from playwright.sync_api import expect

    page = new_page(390, 844)
    page.goto(f"{server.base}/sign-in")
    page.get_by_label("Email").fill(server.email)
    page.get_by_label("Password").fill(server.password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Unassigned")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator("[data-row] > a").first.click()
    expect(page.get_by_role("button", name="Send")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_template_picker(new_page: Any, server: Server) -> None:
    from playwright.sync_api import expect

    name = f"Apology {uuid.uuid4().hex[:6]}"
    with httpx.Client(base_url=server.base, headers={"Authorization": server.token}) as api:
        r = api.post("/v1/templates", json={"name": name,
                                            "content": "Sorry {{requester_firstname}}, {{agent_firstname}} here."})  # fmt: skip
        assert r.status_code == 201, r.text
    cid = api_conversation(server, "Picker")
    page = new_page(1280, 800)
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    page.goto(f"{server.base}/sign-in")
    page.get_by_label("Email").fill(server.email)
    page.get_by_label("Password").fill(server.password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Unassigned")).to_be_visible()
    page.goto(f"{server.base}/conversations/{cid}")
    page.locator("#reply-text").fill("Hello.")
    page.get_by_label("Template").select_option(label=name)
    page.get_by_role("button", name="Insert template").click()
    expect(page.locator("#reply-text")).to_have_value(
        re.compile(r"^Hello\.\n\nSorry Live, \S+ here\.$")
    )
    page.get_by_role("button", name="Send").click()
    expect(page.locator("#thread")).to_contain_text("Sorry Live")
    assert refused == []


def test_an_agent_works_a_conversation_with_the_keyboard_and_the_buttons(
    new_page: Any, server: Server
) -> None:
    """Claim (a), note (n), reply (r), tag, transfer, close (c) and reopen in the browser,
    each seen through the API as done by the signed-in agent; no administration; sign
    out."""
    from playwright.sync_api import expect

    suffix = uuid.uuid4().hex[:6]
    api = httpx.Client(base_url=server.base, headers={"Authorization": server.token})
    tag = api.post("/v1/tags", json={"name": f"vip-{suffix}"}).json()["data"]["id"]
    queue = api.post("/v1/queues", json={"name": f"Escalations {suffix}"}).json()["data"]["id"]
    agents = api.get("/v1/agents", params={"email": server.email}).json()["data"]
    me = next(a["id"] for a in agents if a["email"] == server.email)
    cid = api_conversation(server, f"Keyboard {suffix}")
    page = new_page(1280, 800)
    sign_in_page(page, server)
    expect(page.get_by_role("heading", name="Unassigned")).to_be_visible()
    expect(page.locator("html[data-ready]")).to_have_count(1)
    rows = page.locator("[data-row] > a")
    assert rows.count() >= 2
    for key, at in (("j", 0), ("j", 1), ("k", 0)):  # next, next, previous
        page.keyboard.press(key)
        expect(rows.nth(at)).to_be_focused()
    outline = rows.nth(0).evaluate("e => getComputedStyle(e).outline")
    assert outline == "rgb(255, 157, 0) solid 3px", outline  # the focus is visible
    page.goto(f"{server.base}/conversations/{cid}")
    expect(page.locator("html[data-ready]")).to_have_count(1)
    page.keyboard.press("a")  # claim
    expect(page.locator("html[data-ready]")).to_have_count(1)
    page.wait_for_load_state()
    conv = api.get(f"/v1/conversations/{cid}").json()["data"]
    assert conv["assignment"]["agentId"] == me
    page.keyboard.press("n")
    expect(page.locator("#note-text")).to_be_focused()
    page.keyboard.type("Checked the courier: parcel is at the depot.")
    page.get_by_role("button", name="Note").click()
    expect(page.locator("#thread")).to_contain_text("parcel is at the depot")
    expect(page.locator("html[data-ready]")).to_have_count(1)  # else "r" is typed, not a key
    notes = api.get(f"/v1/conversations/{cid}/notes").json()["data"]
    assert [(n["message"], n["authorId"]) for n in notes] == [
        ("Checked the courier: parcel is at the depot.", me)
    ]
    page.keyboard.press("r")
    page.keyboard.type("It is on its way.")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("#thread")).to_contain_text("It is on its way.")
    messages = api.get(f"/v1/conversations/{cid}/messages").json()["data"]
    mine = [m for m in messages if m["authorId"] == me]
    assert len(mine) == 1 and "It is on its way." in json.dumps(mine[0]["attributes"])
    page.get_by_label("Add tag").select_option(tag)
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_role("button", name=f"Remove tag vip-{suffix}")).to_be_visible()
    assert [t["id"] for t in api.get(f"/v1/conversations/{cid}/tags").json()["data"]] == [tag]
    page.get_by_label("Transfer to").select_option(queue)
    page.get_by_role("button", name="Transfer").click()
    page.wait_for_load_state()
    expect(page.locator("html[data-ready]")).to_have_count(1)
    assert api.get(f"/v1/conversations/{cid}").json()["data"]["queue"]["id"] == queue
    page.keyboard.press("c")  # close
    expect(page.get_by_role("button", name="Reopen")).to_be_visible()
    assert api.get(f"/v1/conversations/{cid}").json()["data"]["state"] == "Closed"
    page.get_by_role("button", name="Reopen").click()
    expect(page.get_by_role("button", name="Close conversation")).to_be_visible()
    assert api.get(f"/v1/conversations/{cid}").json()["data"]["state"] == "Open"
    log = api.get(f"/v1/conversations/{cid}/activitylog").json()["data"]
    authored = {e["activityType"]: e.get("author", {}).get("id") for e in log}
    for kind in ("Assigned", "Closed", "Reopened", "NoteAdded", "TagAdded"):
        found = [k for k in authored if kind in k]
        assert found and all(authored[k] == me for k in found), (kind, authored)
    response = page.goto(f"{server.base}/admin/agents")
    assert response is not None and response.status == 403
    expect(page.get_by_text("Only administrators can do this")).to_be_visible()
    page.goto(f"{server.base}/")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    page.goto(f"{server.base}/")
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    api.close()


def test_wrong_password_csrf_refusal_and_session_expiry(new_page: Any, server: Server) -> None:
    import sqlite3

    from playwright.sync_api import expect

    page = new_page(1280, 800)
    sign_in_page(page, server, password="not the password")
    expect(page.get_by_role("alert")).to_have_text("Wrong email or password")
    sign_in_page(page, server)
    expect(page.get_by_role("heading", name="Unassigned")).to_be_visible()
    cid = api_conversation(server, f"Forged {uuid.uuid4().hex[:6]}")
    page.goto(f"{server.base}/conversations/{cid}")
    page.evaluate("document.querySelectorAll('input[name=csrf]').forEach(e => e.value = 'x')")
    page.locator("#note-text").fill("a forged note")
    page.get_by_role("button", name="Note").click()
    expect(page.get_by_text("did not come from the desk")).to_be_visible()
    with httpx.Client(base_url=server.base, headers={"Authorization": server.token}) as api:
        assert api.get(f"/v1/conversations/{cid}/notes").json()["data"] == []
    con = sqlite3.connect(server.database)
    try:
        con.execute("UPDATE desk_sessions SET expires_at = 1")
        con.commit()
    finally:
        con.close()
    page.goto(f"{server.base}/conversations/{cid}")
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()


def test_a_conversation_appears_live_in_a_second_signed_in_browser(
    new_page: Any, server: Server
) -> None:
    """A conversation created through the API shows in two signed-in desks without a
    reload; then, with one desk on the conversation and the other on the open inbox, a
    customer's reply, an assignment and a close made through the API show in both."""
    from playwright.sync_api import expect

    first, second = new_page(1280, 800), new_page(390, 844)
    for page in (first, second):
        sign_in_page(page, server)
        page.goto(f"{server.base}/?view=open")
        expect(page.locator("body[data-live=open]")).to_have_count(1)
    subject = f"Seen twice {uuid.uuid4().hex[:6]}"
    count = second.locator('#views [data-count="open"]')
    open_before = int(count.inner_text())
    started = time.monotonic()
    cid = api_conversation(server, subject)
    for page in (first, second):
        expect(page.locator("#inbox-list")).to_contain_text(subject, timeout=3000)
    assert time.monotonic() - started < 3.0
    expect(count).to_have_text(str(open_before + 1))  # the view's count is live too

    first.goto(f"{server.base}/conversations/{cid}")
    expect(first.locator("body[data-live=open]")).to_have_count(1)
    for page in (first, second):
        page.evaluate("window.__stayed = true")
    row = second.locator("[data-row]", has_text=subject)
    api = httpx.Client(base_url=server.base, headers={"Authorization": server.token})
    agents = api.get("/v1/agents", params={"email": server.email}).json()["data"]
    me = next(a for a in agents if a["email"] == server.email)
    reply = {"_type": "Inbound", "content": {"_type": "Text", "value": "Any news? It is urgent."}}
    r = api.post(f"/v1/conversations/{cid}/messages", json=reply)
    assert r.status_code in (200, 201), r.text
    expect(first.locator("#thread")).to_contain_text("Any news? It is urgent.", timeout=3000)
    r = api.put(f"/v1/conversations/{cid}/claim", json={"agentId": me["id"]})
    assert r.status_code == 204, r.text
    expect(row.locator(".assignee")).to_have_text(me["displayName"], timeout=3000)
    expect(first.locator("#thread")).to_contain_text("claimed", timeout=3000)
    assert api.put(f"/v1/conversations/{cid}/close", json={}).status_code == 204
    expect(first.get_by_role("button", name="Reopen")).to_be_visible(timeout=3000)
    expect(row).to_have_count(0, timeout=3000)  # no longer open
    expect(count).to_have_text(str(open_before))
    for page in (first, second):
        assert page.evaluate("window.__stayed") is True  # no reload
    api.close()


def test_customer_html_never_runs_script_in_the_browser(new_page: Any, server: Server) -> None:
    from playwright.sync_api import expect

    payload = (
        "<p>Hello <b>team</b></p><script>window.__pwned = 'script'</script>"
        "<img src=x onerror=\"window.__pwned = 'onerror'\">"
        "<a href=\"javascript:window.__pwned = 'link'\">click me</a>"
        "<svg onload=\"window.__pwned = 'svg'\"></svg>"
        "<iframe src=\"javascript:parent.__pwned = 'frame'\"></iframe>"
    )
    message = {"_type": "Inbound", "content": {"_type": "Html", "value": payload}}
    cid = api_conversation(server, f"Payloads {uuid.uuid4().hex[:6]}", message)
    page = new_page(1280, 800)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    sign_in_page(page, server)
    page.goto(f"{server.base}/conversations/{cid}")
    expect(page.locator("#thread")).to_contain_text("Hello team")
    links = page.locator("#thread a", has_text="click me")
    if links.count():
        links.first.click()
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert dialogs == []
    assert page.locator("#thread script, #thread iframe, #thread [onerror]").count() == 0
    # a mail's quoted history stays folded until its toggle is clicked
    cid = mail_conversation(server, "Got it, thanks.\n\nOn Monday, Support wrote:\n> Resent.")
    page.goto(f"{server.base}/conversations/{cid}")
    expect(page.locator("#thread")).to_contain_text("Got it, thanks.")
    quoted = page.locator("#thread details.quoted")
    expect(quoted.get_by_text("> Resent.")).to_be_hidden()
    quoted.get_by_text("Show quoted text").click()
    expect(quoted.get_by_text("> Resent.")).to_be_visible()


def test_times_are_shown_in_the_browsers_zone(chromium: Any, server: Server) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from playwright.sync_api import expect

    shown: dict[str, str] = {}
    for zone in ("Pacific/Auckland", "America/Los_Angeles"):
        context = chromium.new_context(timezone_id=zone, locale="en-US")
        try:
            page = context.new_page()
            sign_in_page(page, server)
            expect(page.locator("html[data-ready]")).to_have_count(1)
            first = page.locator("ol.rows time").first
            stamp = str(first.get_attribute("datetime"))
            title = " ".join(str(first.get_attribute("title")).split())  # U+202F before PM
            at = datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone(ZoneInfo(zone))
            hour = at.hour % 12 or 12
            expected = f"{at:%b} {at.day}, {at.year}, {hour}:{at:%M} {at:%p}"
            assert title == expected, (zone, stamp, title)
            shown[zone] = title
        finally:
            context.close()
    assert shown["Pacific/Auckland"] != shown["America/Los_Angeles"]


def test_inbox_and_conversation_at_1280_px(new_page: Any, server: Server) -> None:
    """At 1,280 by 800 px (the smallest desktop the desk is made for) the inbox and the
    conversation page lay out side by side, scroll only vertically, and show their main
    controls inside the window's width."""
    from playwright.sync_api import expect

    cid = api_conversation(server, f"Wide {uuid.uuid4().hex[:6]}")
    page = new_page(1280, 800)
    sign_in_page(page, server)
    expect(page.get_by_role("heading", name="Unassigned")).to_be_visible()
    expect(page.locator("html[data-ready]")).to_have_count(1)
    inbox = [
        *(page.get_by_role("link", name=re.compile(f"^{v} \\d+$"))
          for v in ("Unassigned", "Mine", "All open", "Pending", "Closed")),
        page.get_by_role("searchbox"),
        page.get_by_role("button", name="Search"),
        page.get_by_role("button", name="Filter"),
        page.locator("[data-row] > a").first,
        page.get_by_role("button", name="Sign out"),
    ]  # fmt: skip
    for control in inbox:
        expect(control).to_be_visible()
        box = control.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 1280, control
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    views, rows = page.locator("#views").bounding_box(), page.locator("#inbox-list").bounding_box()
    assert views and rows and views["x"] + views["width"] <= rows["x"]  # side by side
    page.goto(f"{server.base}/conversations/{cid}")
    expect(page.locator("html[data-ready]")).to_have_count(1)
    conversation = [
        page.get_by_role("button", name=name, exact=True)
        for name in ("Reply", "Claim", "Close conversation", "Transfer", "Follow up",
                     "Send", "Note", "Add")
    ] + [page.locator("#reply-text"), page.locator("#thread")]  # fmt: skip
    for control in conversation:
        expect(control).to_be_visible()
        box = control.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 1280, control
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    thread, side = page.locator(".thread-col").bounding_box(), page.locator("#side").bounding_box()
    assert thread and side and thread["x"] + thread["width"] <= side["x"]  # side by side
    expect(page.get_by_role("button", name="Claim")).to_be_in_viewport()


def test_claim_clicked_with_the_mouse(new_page: Any, server: Server) -> None:
    """The Claim button, clicked with the mouse (not its shortcut), assigns the
    conversation to the signed-in agent."""
    from playwright.sync_api import expect

    api = httpx.Client(base_url=server.base, headers={"Authorization": server.token})
    agents = api.get("/v1/agents", params={"email": server.email}).json()["data"]
    me = next(a["id"] for a in agents if a["email"] == server.email)
    cid = api_conversation(server, f"Mouse {uuid.uuid4().hex[:6]}")
    assert api.get(f"/v1/conversations/{cid}").json()["data"].get("assignment") is None
    page = new_page(1280, 800)
    sign_in_page(page, server)
    expect(page.get_by_role("heading", name="Unassigned")).to_be_visible()
    page.goto(f"{server.base}/conversations/{cid}")
    expect(page.locator("html[data-ready]")).to_have_count(1)
    claim = page.get_by_role("button", name="Claim", exact=True)
    box = claim.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    with page.expect_navigation():
        page.mouse.down()
        page.mouse.up()
    expect(page.locator("html[data-ready]")).to_have_count(1)
    conv = api.get(f"/v1/conversations/{cid}").json()["data"]
    assert conv["assignment"]["agentId"] == me
    log = api.get(f"/v1/conversations/{cid}/activitylog").json()["data"]
    assert any("Assigned" in e["activityType"] and e.get("author", {}).get("id") == me
               for e in log)  # fmt: skip
    api.close()
