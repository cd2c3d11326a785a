"""Sending through the configured relay (``PARLEY_SMTP_URL``) with aiosmtplib.

URL forms: ``smtp://host[:25]`` (plain), ``smtp://host:587?starttls=true`` (STARTTLS
required), ``smtps://host[:465]`` (TLS from the start); ``user:password@`` for AUTH
(percent-encoded). Outcome: a 2xx is sent; a 4xx answer, a refused or dropped connection
or a timeout is temporary (retried); a 5xx answer is permanent. The password never
appears in an error text.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import parse_qs, unquote, urlsplit

import aiosmtplib

TIMEOUT_SECONDS = 30.0


@dataclass(frozen=True)
class Relay:
    host: str
    port: int
    tls: bool
    starttls: bool
    username: str | None
    password: str | None


@dataclass(frozen=True)
class Outcome:
    sent: bool
    temporary: bool
    error: str | None


def parse_url(url: str) -> Relay:
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ValueError("PARLEY_SMTP_URL must be smtp://host[:port] or smtps://host[:port]")
    query = parse_qs(parts.query)
    starttls = query.get("starttls", ["false"])[0].lower() in ("1", "true", "yes")
    tls = parts.scheme == "smtps"
    return Relay(
        host=parts.hostname,
        port=parts.port or (465 if tls else 25),
        tls=tls,
        starttls=starttls and not tls,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
    )


def _code_outcome(code: int, text: str) -> Outcome:
    return Outcome(False, 400 <= code < 500, f"{code} {text}"[:500])


async def send(url: str, message: EmailMessage, sender: str, recipients: list[str]) -> Outcome:
    relay = parse_url(url)
    try:
        await aiosmtplib.send(
            message,
            sender=sender,
            recipients=recipients,
            hostname=relay.host,
            port=relay.port,
            username=relay.username,
            password=relay.password,
            use_tls=relay.tls,
            start_tls=relay.starttls,
            timeout=TIMEOUT_SECONDS,
        )
    except aiosmtplib.SMTPRecipientsRefused as exc:
        codes = [r.code for r in exc.recipients]
        worst = min(codes) if codes else 550
        return _code_outcome(worst, "; ".join(r.message for r in exc.recipients))
    except aiosmtplib.SMTPResponseException as exc:
        return _code_outcome(exc.code, exc.message)
    except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
        return Outcome(False, True, f"{type(exc).__name__}: {exc}"[:500])
    return Outcome(True, False, None)
