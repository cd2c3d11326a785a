"""The query of an export: time bounds and conversation ids, parsed and checked with
Dixa's rules and texts.

A time is epoch milliseconds (``1600087304703``) or a date (``yyyy-mm-dd``, meaning 00:00
UTC of that day). Both bounds are inclusive, so a client that starts its next window 1 ms
after the previous ``_before`` (tap-dixa) gets every row once. Over HTTP a request needs at
least one ``_after`` and one ``_before`` (or ``csids`` for conversations), and the span
from the earliest ``_after`` to the latest ``_before`` may be at most 31 days. The CLI walks
any span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime

from parley.errors import Invalid, invalid_query
from parley.http.params import INT64_MAX
from parley.kit.clock import parse_ms

DAY_MS = 86_400_000
MAX_SPAN_MS = 31 * DAY_MS
# Clients compute a 31-day window with floats (tap-dixa: ``int(dt.timestamp() * 1000)``),
# which may put the end 1 ms past it: up to a second more is still 31 days.
SPAN_SLACK_MS = 999
MAX_CSIDS = 1000
_EPOCH_MS = re.compile(r"[0-9]{1,15}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_CSID = re.compile(r"[0-9]{1,19}")
# What the document says of a time and of csids (a subset of what the parsers take: no
# surrounding spaces, no leap day, no year before 1000, ids of at most 18 digits).
_DAY = (
    r"[1-9][0-9]{3}-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])"
    r"|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)"
)
TIME_PATTERN = rf"^(?:[0-9]{{1,15}}|{_DAY})$"
CSIDS_PATTERN = rf"^[1-9][0-9]{{0,17}}(?:,[1-9][0-9]{{0,17}}){{0,{MAX_CSIDS - 1}}}$"
MISSING = "missing: a query needs at least one _after and one _before parameter"
MISSING_OR_CSIDS = MISSING + " (or csids)"
TOO_LONG = "a query may span at most 31 days"


@dataclass(frozen=True)
class Bounds:
    """An inclusive time range; a missing side is open."""

    after: int | None = None
    before: int | None = None


@dataclass(frozen=True)
class ConversationFilter:
    """Conversations matching every given bound and, with ``csids``, one of those ids."""

    created: Bounds = Bounds()
    updated: Bounds = Bounds()
    closed: Bounds = Bounds()
    last_message_created: Bounds = Bounds()
    csids: tuple[int, ...] | None = None


FAMILIES = tuple(f.name for f in fields(ConversationFilter) if f.name != "csids")


def parse_time(value: str) -> int:
    """Epoch ms or ``yyyy-mm-dd`` (00:00 UTC); ValueError otherwise."""
    text = value.strip()
    if _EPOCH_MS.fullmatch(text):
        return int(text)
    if _DATE.fullmatch(text):
        day = date.fromisoformat(text)
        return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp() * 1000)
    raise ValueError(f"not epoch ms or yyyy-mm-dd: {value!r}")


def parse_cli_time(value: str) -> int:
    """The CLI's ``--from`` / ``--to``: what the API takes, or an ISO 8601 time."""
    try:
        return parse_time(value)
    except ValueError:
        return parse_ms(value)


def _time(name: str, raw: str | None) -> int | None:
    if raw is None:
        return None
    try:
        return parse_time(raw)
    except ValueError:
        raise invalid_query(name) from None


def parse_csids(raw: str | None) -> tuple[int, ...] | None:
    """``1,2,3``: positive int64 ids, at most ``MAX_CSIDS``, duplicates dropped."""
    if raw is None:
        return None
    parts = [p.strip() for p in raw.split(",")]
    if not all(_CSID.fullmatch(p) and 0 < int(p) <= INT64_MAX for p in parts):
        raise invalid_query("csids")
    ids = tuple(dict.fromkeys(int(p) for p in parts))
    if len(ids) > MAX_CSIDS:
        raise invalid_query("csids", f"at most {MAX_CSIDS} ids")
    return ids


def _check_window(bounds: dict[str, Bounds], missing: str) -> None:
    """At least one ``_after`` and one ``_before``, spanning at most 31 days."""
    afters = [(b.after, f"{name}_after") for name, b in bounds.items() if b.after is not None]
    befores = [(b.before, f"{name}_before") for name, b in bounds.items() if b.before is not None]
    if not afters or not befores:
        # name the counterpart of a bound that was given, so the message says what to add
        given = next(
            (name for name, b in bounds.items() if b.after is not None or b.before is not None),
            None,
        )
        family = given or next(iter(bounds))
        raise invalid_query(f"{family}_{'after' if not afters else 'before'}", missing)
    start = min(value for value, _ in afters)
    end, end_name = max(befores)
    if end - start > MAX_SPAN_MS + SPAN_SLACK_MS:
        raise invalid_query(end_name, TOO_LONG)


def conversation_filter(params: dict[str, str | None], csids: str | None) -> ConversationFilter:
    """The filter of ``GET /v1/conversation_export`` (``params``: ``created_after`` … by
    name); 400 with the parameter's name when a value or the window is wrong."""
    bounds = {
        family: Bounds(
            _time(f"{family}_after", params.get(f"{family}_after")),
            _time(f"{family}_before", params.get(f"{family}_before")),
        )
        for family in FAMILIES
    }
    ids = parse_csids(csids)
    if ids is None:
        _check_window(bounds, MISSING_OR_CSIDS)
    return ConversationFilter(**bounds, csids=ids)


def conversations_by(family: str, window: Bounds) -> ConversationFilter:
    """Conversations whose ``family`` time (``created``, ``updated``, ``closed`` or
    ``last_message_created``) is in ``window``."""
    if family not in FAMILIES:
        raise ValueError(f"unknown time: {family}")
    return ConversationFilter(
        created=window if family == "created" else Bounds(),
        updated=window if family == "updated" else Bounds(),
        closed=window if family == "closed" else Bounds(),
        last_message_created=window if family == "last_message_created" else Bounds(),
    )


def message_bounds(created_after: str | None, created_before: str | None) -> Bounds:
    """The window of ``GET /v1/message_export``: both bounds required, at most 31 days."""
    bounds = Bounds(_time("created_after", created_after), _time("created_before", created_before))
    _check_window({"created": bounds}, MISSING)
    return bounds


def cli_bounds(start: str, end: str) -> Bounds:
    """``--from`` / ``--to`` of ``parley export``: any span, ``--to`` not before ``--from``."""
    try:
        after = parse_cli_time(start)
    except (ValueError, OverflowError):
        raise Invalid(f"--from: not a date or time: {start!r}") from None
    try:
        before = parse_cli_time(end)
    except (ValueError, OverflowError):
        raise Invalid(f"--to: not a date or time: {end!r}") from None
    if before < after:
        raise Invalid("--to is before --from")
    return Bounds(after, before)
