"""A received mail in the desk's thread: its new text shown, its quoted history and its
signature folded under closed ``<details>`` toggles, for text and HTML mail; customer
HTML still sanitized inside its fold; a message without marks shown as before."""

from __future__ import annotations

from fixtures.desk import Browser, DeskOrg
from fixtures.mail import Mail, message, shown_messages, statuses

TEXT = (
    "Thanks, the parcel came today.\n"
    "\n"
    "-- \n"
    "Carla Customer\n"
    "Head of Parcels, Customer Ltd\n"
    "\n"
    "On Mon, 1 Jun 2026 at 10:00, Support <support@mail.example.test> wrote:\n"
    "> We have sent it again.\n"
    "> Tracking number 42.\n"
)
HTML = (
    "<p>Thanks, the <b>parcel</b> came today.</p><script>window.__pwned = 1</script>"
    '<img src=x onerror="window.__pwned = 2">'
    "<p>On Mon, 1 Jun 2026 at 10:00, Support wrote:</p>"
    "<blockquote>We have sent it again.</blockquote>"
)


def test_a_text_mails_quote_and_signature_are_folded(
    mail: Mail, org: DeskOrg, agent: Browser
) -> None:
    to = mail.endpoint(org.api)
    assert mail.send(message(to, text=TEXT), to) == {}
    [(status, cid)] = statuses(mail, org.org_id)
    assert status == "created"
    page = agent.get(f"/conversations/{cid}")
    assert page.status_code == 200
    [shown] = shown_messages(page.text)
    assert "Thanks, the parcel came today." in shown.text
    for hidden in ("Tracking number 42", "wrote:", "Head of Parcels"):
        assert hidden not in shown.text
    summary, quoted, is_open = shown.folds["quoted"]
    assert summary == "Show quoted text" and not is_open
    assert "> We have sent it again." in quoted and "> Tracking number 42." in quoted
    assert "Head of Parcels" not in quoted
    summary, signature, is_open = shown.folds["signature"]
    assert summary == "Show signature" and not is_open
    assert "Carla Customer" in signature and "Head of Parcels" in signature
    assert "formatted" not in shown.folds


def test_an_html_mail_folds_its_quote_and_its_formatted_body_stays_sanitized(
    mail: Mail, org: DeskOrg, agent: Browser
) -> None:
    to = mail.endpoint(org.api)
    text = "Thanks, the parcel came today.\n\nOn Mon, 1 Jun 2026, Support wrote:\n> Sent again."
    mail.send(message(to, text=text, html=HTML), to)
    [(_status, cid)] = statuses(mail, org.org_id)
    [shown] = shown_messages(agent.get(f"/conversations/{cid}").text)
    assert "Thanks, the parcel came today." in shown.text and "Sent again" not in shown.text
    assert shown.folds["quoted"][0] == "Show quoted text" and not shown.folds["quoted"][2]
    assert "> Sent again." in shown.folds["quoted"][1]
    assert "signature" not in shown.folds
    summary, formatted, is_open = shown.folds["formatted"]
    assert summary == "Show formatted mail" and not is_open
    assert "We have sent it again." in formatted
    assert "<b>parcel</b>" in shown.inner
    for unsafe in ("<script", "__pwned", "onerror", "<img"):
        assert unsafe not in shown.inner


def test_a_mail_without_quote_or_signature_shows_as_before(
    mail: Mail, org: DeskOrg, agent: Browser
) -> None:
    to = mail.endpoint(org.api)
    mail.send(message(to, text="Where is my parcel?\nOrder 7."), to)
    [(_status, cid)] = statuses(mail, org.org_id)
    [shown] = shown_messages(agent.get(f"/conversations/{cid}").text)
    assert shown.folds == {} and "<details" not in shown.inner
    assert '<p class="pre">Where is my parcel?\nOrder 7.</p>' in shown.inner
