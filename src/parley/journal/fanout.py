"""Who is told of an event when ``parley.journal.service.emit`` writes it.

An event row is written in the caller's transaction; the module named by ``FANOUT_MODULE``
(the webhook subscriptions: ``parley.webhooks.dispatch``) names the receivers, adds what
they need to the event, and queues the deliveries in the same transaction. It is imported
by name, as the worker imports its job kinds (``parley.worker.kinds``), so the journal does
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
    """Receivers are the fan-out's own values: ``emit`` only hands back what ``targets``
    answered."""

    async def targets(self, tx: Tx, org_id: str, event: str) -> list[Any]:
        """The receivers of ``event`` (a subscription name) in this organisation."""

    async def add_data(
        self, tx: Tx, org_id: str, event: str, envelopes: Sequence[tuple[int, dict[str, Any]]]
    ) -> None:
        """Complete the data of each ``(conversation_id, envelope)`` of ``event`` before
        it is written (called only when there are receivers)."""

    async def queue_many(
        self,
        tx: Tx,
        org_id: str,
        receivers: list[Any],
        seqs: Sequence[int],
        event: str,
        datas: Sequence[Any],
    ) -> None:
        """Queue the deliveries of each written event (``seqs``, with their ``datas``) to
        the receivers that take it."""


@cache
def fanout() -> Fanout:
    return cast(Fanout, importlib.import_module(FANOUT_MODULE))
