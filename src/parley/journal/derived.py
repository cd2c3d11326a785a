"""Rows derived from a conversation's state (the analytics tallies), kept in step by the
transaction that changes the conversation.

Every change to a conversation records an activity entry or emits an event naming it
(``parley.journal.service``), whichever door it came through (API, desk, mail, import,
job, CLI); each such call marks the conversation as touched in its transaction (an event
written with its activity entry, by the entry's type), and just before the transaction
commits (``Tx.before_commit``) the module named by ``DERIVED_MODULE`` refreshes what it
derives from the touched conversations, reading their state as the transaction leaves it.
A change the module names in ``UNCHANGED`` (an activity type or event that leaves every
input of what it derives as it was: a note, a customer's message, a rating offer, a link …)
marks nothing; any other marks its conversation, so a change left out of that set
costs a refresh, never a wrong row. It is imported by name, as ``fanout`` is, so the
journal does not depend on the package that derives the rows.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Protocol, cast

from parley.store import Tx

DERIVED_MODULE = "parley.analytics.tally"
_TOUCHED = "journal.touched"


class Derived(Protocol):
    UNCHANGED: frozenset[str]

    async def refresh(self, tx: Tx, org_id: str, conversation_ids: Sequence[int]) -> None:
        """Bring what is derived from these conversations in line with their state."""


@cache
def derived() -> Derived:
    return cast(Derived, importlib.import_module(DERIVED_MODULE))


def touched(
    tx: Tx, org_id: str, conversation_ids: Iterable[int | None], change: str | None = None
) -> None:
    """Mark these conversations as changed by ``tx`` (None: no conversation) with
    ``change`` (an activity type or event name; none: any change)."""
    if change is not None and change in derived().UNCHANGED:
        return
    ids = {cid for cid in conversation_ids if cid is not None}
    if not ids:
        return
    pending: dict[str, set[int]] | None = tx.memo.get(_TOUCHED)
    if pending is None:
        pending = tx.memo[_TOUCHED] = {}
        tx.before_commit(lambda: _flush(tx, pending))
    pending.setdefault(org_id, set()).update(ids)


async def _flush(tx: Tx, pending: dict[str, set[int]]) -> None:
    for org_id in sorted(pending):
        await derived().refresh(tx, org_id, sorted(pending[org_id]))
    pending.clear()
