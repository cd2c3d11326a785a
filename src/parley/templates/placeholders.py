"""Template placeholders: ``{{requester_firstname}}``, ``{{agent_name}}``, ``{{csid}}`` ….

Names come from the person's first and last name, else from the display name (its first
word is the first name, the rest the last name). A placeholder without a value (an unknown
one, or a person without a name) is left in the text as written, so a missing name shows
instead of vanishing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_]+)\s*\}\}")


def person(
    prefix: str, display_name: str | None, first: str | None, last: str | None
) -> dict[str, str]:
    """``{prefix}_firstname``, ``{prefix}_lastname`` and ``{prefix}_name`` of one person."""
    first, last = (first or "").strip(), (last or "").strip()
    display = (display_name or "").strip()
    if not first and not last and display:
        head, _, tail = display.partition(" ")
        first, last = head, tail.strip()
    full = display or f"{first} {last}".strip()
    values = {"firstname": first, "lastname": last, "name": full}
    return {f"{prefix}_{key}": value for key, value in values.items() if value}


def fill(text: str, values: Mapping[str, str]) -> str:
    """The text with every known placeholder replaced (names are case-insensitive)."""

    def one(match: re.Match[str]) -> str:
        return values.get(match.group(1).lower(), match.group(0))

    return PLACEHOLDER.sub(one, text)
