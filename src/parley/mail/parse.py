"""Reading a received mail (stdlib ``email``) into what a conversation needs.

Rules:
- Parsing never raises: a header or part that cannot be read is skipped and named in
  ``problems``; a mail with no readable sender has ``sender = None`` (the caller stores it
  with that error).
- A text part in an unknown or wrong charset is decoded as UTF-8 with replacement
  characters (never dropped).
- The first ``text/plain`` and the first ``text/html`` outside attachments are the bodies;
  every other leaf part with a filename, or any non-text part, is an attachment (inline
  images included, with their Content-ID).
- ``auto_reply``: ``Auto-Submitted`` other than ``no``, ``Precedence`` bulk / auto_reply /
  list / junk, ``X-Autoreply``, ``X-Autorespond``. ``bounce``: a delivery status report
  (``multipart/report; report-type=delivery-status``) or a ``MAILER-DAEMON`` /
  ``postmaster`` sender with an empty envelope sender; ``bounced_ids`` are the Message-IDs
  it refers to (its returned message or headers, then its own References).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from email import policy
from email.header import decode_header, make_header
from email.message import Message
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr

_ID = re.compile(r"<([^<>\s]+)>")
_AUTO_PRECEDENCE = {"bulk", "auto_reply", "list", "junk"}
_DAEMONS = ("mailer-daemon", "postmaster")


@dataclass
class Part:
    filename: str | None
    content_type: str
    body: bytes
    content_id: str | None = None


@dataclass
class Parsed:
    sender: str | None = None
    sender_name: str | None = None
    to: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    subject: str = ""
    header_id: str | None = None
    in_reply_to: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    text: str = ""
    html: str | None = None
    attachments: list[Part] = field(default_factory=list)
    auto_reply: bool = False
    bounce: bool = False
    bounced_ids: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def thread_ids(self) -> list[str]:
        """Message-IDs this mail answers, the most direct first."""
        return list(dict.fromkeys([*self.in_reply_to, *reversed(self.references)]))


def message_ids(value: str | None) -> list[str]:
    """The ids in a Message-ID / In-Reply-To / References header, without brackets."""
    if not value:
        return []
    found = _ID.findall(str(value))
    if found:
        return [f[:500] for f in found]
    bare = str(value).strip()
    return [bare[:500]] if bare and " " not in bare else []


def _header(msg: Message, name: str, problems: list[str]) -> str:
    try:
        value = msg.get(name)
        return "" if value is None else str(value)
    except Exception as exc:  # a malformed header: skipped, named
        problems.append(f"header {name}: {exc}")
        return ""


def decoded(value: str) -> str:
    """A header's text with its RFC 2047 encoded words decoded (left as is when they are
    malformed)."""
    if "=?" not in value:
        return value
    try:
        return str(make_header(decode_header(value)))
    except Exception:
        return value


def _addresses(value: str) -> list[tuple[str, str]]:
    return [(decoded(n), a.strip().lower()) for n, a in getaddresses([value]) if "@" in a]


def _decode_text(part: Message, problems: list[str]) -> str:
    payload = part.get_payload(decode=True)
    raw = payload if isinstance(payload, bytes) else b""
    charset = part.get_content_charset() or "utf-8"
    try:
        text = raw.decode(charset)
    except (LookupError, UnicodeDecodeError) as exc:
        problems.append(f"charset {charset}: {exc.__class__.__name__}")
        text = raw.decode("utf-8", errors="replace")
    return text.replace("\r\n", "\n").strip()


def _filename(part: Message) -> str | None:
    try:
        name = part.get_filename()
    except Exception:
        return None
    return decoded(str(name)) if name else None


def _walk_bodies(msg: Message, out: Parsed) -> None:
    for part in msg.walk():
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        disposition = (part.get_content_disposition() or "").lower()
        name = _filename(part)
        if ctype == "text/plain" and not name and disposition != "attachment" and not out.text:
            out.text = _decode_text(part, out.problems)
        elif ctype == "text/html" and not name and disposition != "attachment" and not out.html:
            out.html = _decode_text(part, out.problems)
        elif ctype in ("message/delivery-status", "text/rfc822-headers"):
            continue
        elif name or not ctype.startswith("text/"):
            body = part.get_payload(decode=True)
            cid = message_ids(str(part.get("Content-ID") or ""))
            out.attachments.append(
                Part(
                    name,
                    ctype,
                    body if isinstance(body, bytes) else b"",
                    cid[0] if cid else None,
                )
            )


def _is_auto_reply(msg: Message, problems: list[str]) -> bool:
    auto = _header(msg, "Auto-Submitted", problems).strip().lower()
    precedence = _header(msg, "Precedence", problems).strip().lower()
    return (
        (bool(auto) and auto != "no")
        or precedence in _AUTO_PRECEDENCE
        or bool(_header(msg, "X-Autoreply", problems))
        or bool(_header(msg, "X-Autorespond", problems))
    )


def _bounce(msg: Message, envelope_from: str | None, out: Parsed) -> None:
    report = msg.get_content_type() == "multipart/report" and (
        str(msg.get_param("report-type") or "").lower() == "delivery-status"
    )
    daemon = (out.sender or "").split("@")[0] in _DAEMONS and not envelope_from
    out.bounce = report or daemon
    if not out.bounce:
        return
    ids: list[str] = []
    for part in msg.walk():
        ctype = part.get_content_type()
        if ctype == "message/rfc822" and part.is_multipart():
            inner = part.get_payload(0)
            if isinstance(inner, Message):
                ids += message_ids(_header(inner, "Message-ID", out.problems))
        elif ctype == "text/rfc822-headers":
            payload = part.get_payload(decode=True)
            headers = BytesParser(policy=policy.compat32).parsebytes(
                payload if isinstance(payload, bytes) else b"", headersonly=True
            )
            ids += message_ids(str(headers.get("Message-ID") or ""))
    out.bounced_ids = list(dict.fromkeys([*ids, *out.thread_ids()]))


def parse(raw: bytes, envelope_from: str | None = None) -> Parsed:
    try:
        return _parse(raw, envelope_from)
    except Exception as exc:  # whatever is left: the mail is kept, unread
        return Parsed(problems=[f"unreadable message: {exc!r}"])


def _parse(raw: bytes, envelope_from: str | None) -> Parsed:
    out = Parsed()
    # compat32: headers are read as text and decoded here, several times faster than the
    # header registry of ``policy.default``.
    msg = BytesParser(policy=policy.compat32).parsebytes(raw)
    problems = out.problems
    name, address = parseaddr(_header(msg, "From", problems))
    out.sender = address.strip().lower() if "@" in address else None
    out.sender_name = decoded(name).strip() or None
    out.to = [a for _, a in _addresses(_header(msg, "To", problems))]
    out.cc = [a for _, a in _addresses(_header(msg, "Cc", problems))]
    out.subject = " ".join(decoded(_header(msg, "Subject", problems)).split())
    ids = message_ids(_header(msg, "Message-ID", problems))
    out.header_id = ids[0] if ids else None
    out.in_reply_to = message_ids(_header(msg, "In-Reply-To", problems))
    out.references = message_ids(_header(msg, "References", problems))
    try:
        _walk_bodies(msg, out)
    except Exception as exc:
        problems.append(f"body: {exc}")
    out.auto_reply = _is_auto_reply(msg, problems)
    try:
        _bounce(msg, envelope_from, out)
    except Exception as exc:
        problems.append(f"report: {exc}")
    problems.extend(str(d) for d in msg.defects)
    return out
