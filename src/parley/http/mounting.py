"""Mounting a group of route handlers under a path, once per application.

Litestar deep-copies a router when it is registered (so that one router object could be
mounted twice); with Parley's few hundred handlers that copy was most of an
application's start-up (about 1.5 s of CPU, ``parley serve --ephemeral`` included).

Rules:

- A ``Mount`` is built afresh by every ``create_app`` and registered once; registering
  it does not copy it.
- The handlers it mounts are shallow copies of the module-level handler objects, made
  when the mount is built: every application still resolves handler objects of its own
  (Litestar caches what it resolves on the handler: middleware, guards, response
  class), while the parsed signatures, read-only, are shared.
"""

from __future__ import annotations

from collections.abc import Sequence
from copy import copy
from typing import Any

from litestar import Router


class Mount(Router):
    """A router that is registered as it is, not deep-copied (built once per app)."""

    def __init__(self, path: str, route_handlers: Sequence[Any], **kwargs: Any) -> None:
        super().__init__(path=path, route_handlers=[_own(h) for h in route_handlers], **kwargs)

    def __deepcopy__(self, memo: dict[int, Any]) -> Mount:
        return self


def _own(handler: Any) -> Any:
    """A copy of a module-level handler for one application (a router as it is: the
    mounts below are built per application too)."""
    return handler if isinstance(handler, Router) else copy(handler)
