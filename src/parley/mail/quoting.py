"""Marking quoted history and signatures in a mail's text, so a reader can fold them.

Rules: the signature starts at the first line that is exactly ``-- `` (or ``--``) after
some text; the quoted history starts at the first ``On … wrote:`` line (also split over
two lines), an ``-----Original Message-----`` line, or the first line of a run of ``>``
lines that goes on to the end (before any signature). The reply is what comes before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WROTE = re.compile(r"^\s*On\b.{0,300}\bwrote:\s*$", re.IGNORECASE | re.DOTALL)
_ORIGINAL = re.compile(r"^\s*-{2,}\s*Original Message\s*-{2,}\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Split:
    reply: str
    quoted: str
    signature: str


def _quote_start(lines: list[str]) -> int | None:
    for i, line in enumerate(lines):
        if _WROTE.match(line) or _ORIGINAL.match(line):
            return i
        if line.strip().lower().startswith("on "):
            two = line + " " + lines[i + 1] if i + 1 < len(lines) else line
            if _WROTE.match(two):
                return i
    tail = len(lines)
    while tail > 0 and (lines[tail - 1].startswith(">") or not lines[tail - 1].strip()):
        tail -= 1
    if tail < len(lines) and any(line.startswith(">") for line in lines[tail:]):
        return tail
    return None


def split(text: str) -> Split:
    lines = text.replace("\r\n", "\n").split("\n")
    quote_at = _quote_start(lines)
    body = lines if quote_at is None else lines[:quote_at]
    quoted = "" if quote_at is None else "\n".join(lines[quote_at:]).strip()
    signature = ""
    for i, line in enumerate(body):
        if line in ("-- ", "--") and any(b.strip() for b in body[:i]):
            signature = "\n".join(body[i + 1 :]).strip()
            body = body[:i]
            break
    return Split("\n".join(body).strip(), quoted, signature)
