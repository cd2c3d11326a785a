"""A received mail's folds in the thread: its new text shown, its quoted history and its
signature folded under a toggle (``<details>``, closed), from the marks the mail channel
stored with the message (``attributes.mail``: ``replyText``, ``quotedText``,
``signature``; see parley.mail.quoting).

Rules: a message folds only when its marks hold a reply and a quote or a signature (a
mail that is all quote, or has no marks, shows as it is). A text body is replaced by its
three parts. An HTML body's marks are text (the mail's text part, or its HTML reduced to
text), so the new text shows as text, the quote and signature fold as text, and the
whole formatted mail folds as well, sanitized as any customer HTML. The marks come with
the message's row: no query of their own.
"""

from __future__ import annotations

from dataclasses import dataclass

import msgspec


@dataclass(frozen=True)
class Folds:
    reply: str
    quoted: str
    signature: str


def marked(attributes: str) -> Folds | None:
    """The folds marked in a message's stored attributes (JSON), if it has any."""
    if '"mail"' not in attributes:
        return None
    try:
        stored = msgspec.json.decode(attributes)
    except msgspec.DecodeError:
        return None
    mail = stored.get("mail") if isinstance(stored, dict) else None
    if not isinstance(mail, dict):
        return None
    parts = [mail.get(k) for k in ("replyText", "quotedText", "signature")]
    reply, quoted, signature = (p if isinstance(p, str) else "" for p in parts)
    if not reply.strip() or not (quoted.strip() or signature.strip()):
        return None
    return Folds(reply, quoted, signature)
