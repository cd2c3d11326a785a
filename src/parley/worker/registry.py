"""Job kinds and their handlers. Domains register handlers at import time of their
``tasks.py``; the worker imports :mod:`parley.worker.kinds` to load them all.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from parley.uow import Ctx


class PermanentFailure(Exception):
    """Raised by a handler when retrying cannot help: the job is marked failed at once."""


class FailedAttempt(Exception):
    """Raised by a handler that wrote a record of its failed attempt in ``ctx.tx``: unlike
    any other exception, what the handler wrote is kept (committed with the job's new
    state). The job is retried with the worker's backoff, or marked failed when
    ``permanent`` or when it has no attempts left."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


# A job's handler: the job's unit of work (its transaction, organisation, time, job id
# and attempt) and the job's payload.
Handler = Callable[[Ctx, dict[str, Any]], Awaitable[None]]

_HANDLERS: dict[str, Handler] = {}
_CONCURRENT: set[str] = set()


def register(kind: str, *, concurrent: bool = False) -> Callable[[Handler], Handler]:
    """``concurrent``: jobs of this kind mostly wait on something outside the store (a
    webhook receiver) and run side by side, after the batch's other jobs."""

    def decorator(fn: Handler) -> Handler:
        _HANDLERS[kind] = fn
        if concurrent:
            _CONCURRENT.add(kind)
        return fn

    return decorator


def runs_concurrently(kind: str) -> bool:
    return kind in _CONCURRENT


def handler_for(kind: str) -> Handler | None:
    return _HANDLERS.get(kind)
