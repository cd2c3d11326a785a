"""Who is told of an event when ``parley.journal.service.emit`` writes it.

An event row is written in the caller's transaction; the module named by ``FANOUT_MODULE``
(the webhook subscriptions: ``parley.webhooks.dispatch``) names the receivers, adds what
they need to the event, and queues the deliveries in the same transaction. It is imported
by name, as the worker imports its job kinds (``parley.worker.kinds``), so activity does
not depend on the package that consumes its events; it must offer the ``Fanout``
functions (mypy checks that it does).
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from functools import cache
from typing import Any, Protocol, cast

from parley.store import Tx

FANOUT_MODULE = "parley.webhooks.dispatch"


class Fanout(Protocol):
    async def targets(self, tx: Tx, org_id: str, event: str) -> list[str]:
        """The receivers of ``event`` (a subscription name) in this organisation."""

    async def add_conversations(
        self, tx: Tx, org_id: str, envelopes: Sequence[tuple[int, dict[str, Any]]]
    ) -> None:
        """Complete each ``(conversation_id, envelope)`` before it is written (called only
        when there are receivers)."""

    async def queue_many(
        self, tx: Tx, org_id: str, receivers: list[str], seqs: Sequence[int], event: str
    ) -> None:
        """Queue one delivery per receiver for each written event (``seqs``)."""


@cache
def fanout() -> Fanout:
    return cast(Fanout, importlib.import_module(FANOUT_MODULE))
