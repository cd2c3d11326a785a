"""The unit of work: one transaction and who it works for.

A request (``http/context.provide_ctx``), a background job (``worker/runner``) and a CLI
command (``cli``) each build one ``Ctx`` around the transaction they own, with the same
constructor; services take a ``Ctx`` (and their own arguments) and nothing else, never a
bare transaction and organisation, so one function serves all three. Services never
commit: whoever built the ``Ctx`` commits when the work returns and rolls back when it
raises.

- ``tx``: the transaction; ``org_id``: the organisation every query is scoped to;
- ``user_id``: the acting user, the author of what is recorded (a request: the token's
  user; a job: who asked for the work, or None when nobody did, as for a follow-up that
  expires; ``as_user`` gives the same unit acting as another user);
- ``default_queue_id``: the organisation's default queue when known (a request reads it
  with the caller), else None and read when needed;
- ``settings``; ``now``: the time of the work (ms), one value for all it writes;
- ``job_id``, ``attempt``: the job being run (None and 0 outside a job);
- ``base_url``, ``path``: for links in answers (``next_link``); a request computes them on
  first use, other units have none.

``record`` writes an activity entry and its event (``activity.service.record``) at ``now``,
by the acting user unless told otherwise; ``emit`` an event with no activity entry (an
organisation-level change: a tag, an agent, a team).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from parley.config import Settings
from parley.journal.service import emit, record
from parley.store import Tx

# A request's (base URL, path), computed on first use.
Links = Callable[[], tuple[str | None, str]]
_UNSET: Any = object()


class Ctx:
    """One unit of work (see the module docstring)."""

    __slots__ = (
        "_base_url",
        "_links",
        "_path",
        "attempt",
        "default_queue_id",
        "job_id",
        "now",
        "org_id",
        "settings",
        "tx",
        "user_id",
    )

    def __init__(
        self,
        tx: Tx,
        org_id: str,
        user_id: str | None,
        default_queue_id: str | None,
        settings: Settings,
        now: int,
        *,
        base_url: str | None = _UNSET,
        path: str = _UNSET,
        links: Links | None = None,
        job_id: str | None = None,
        attempt: int = 0,
    ) -> None:
        self.tx = tx
        self.org_id = org_id
        self.user_id = user_id
        self.default_queue_id = default_queue_id
        self.settings = settings
        self.now = now
        self.job_id = job_id
        self.attempt = attempt
        self._base_url = base_url
        self._path = path
        self._links = links

    def as_user(self, user_id: str | None) -> Ctx:
        """The same unit of work (transaction, time) acting as ``user_id``."""
        return Ctx(
            self.tx,
            self.org_id,
            user_id,
            self.default_queue_id,
            self.settings,
            self.now,
            base_url=self._base_url,
            path=self._path,
            links=self._links,
            job_id=self.job_id,
            attempt=self.attempt,
        )

    @property
    def acting_user_id(self) -> str:
        """The acting user, where the work needs one (every request has one)."""
        if self.user_id is None:
            raise RuntimeError("this unit of work acts for no user")
        return self.user_id

    def _resolve_links(self) -> None:
        base_url, path = self._links() if self._links is not None else (None, "/")
        if self._base_url is _UNSET:
            self._base_url = base_url
        if self._path is _UNSET:
            self._path = path

    @property
    def base_url(self) -> str | None:
        if self._base_url is _UNSET:
            self._resolve_links()
        value: str | None = self._base_url
        return value

    @property
    def path(self) -> str:
        if self._path is _UNSET:
            self._resolve_links()
        value: str = self._path
        return value

    def next_link(self, next_key: str | None, path: str | None = None) -> str | None:
        if next_key is None:
            return None
        return next_link(self.base_url, path or self.path, next_key)

    async def record(
        self,
        conversation_id: int,
        type_: str,
        attributes: dict[str, Any] | None = None,
        *,
        author_id: str | None = _UNSET,
        event: str | None = None,
        event_data: dict[str, Any] | None = None,
    ) -> str:
        """The activity entry of ``type_`` and its event (``activity.service.record``), at
        ``now``, by ``author_id`` (default: the acting user)."""
        return await record(
            self.tx,
            self.org_id,
            conversation_id,
            type_,
            at=self.now,
            author_id=self.user_id if author_id is _UNSET else author_id,
            attributes=attributes,
            event=event,
            event_data=event_data,
        )

    async def emit(
        self, name: str, data: dict[str, Any], *, conversation_id: int | None = None
    ) -> str:
        """An event with no activity entry (``activity.service.emit``), at ``now``."""
        return await emit(
            self.tx, self.org_id, name, data, at=self.now, conversation_id=conversation_id
        )


def next_link(base_url: str | None, path: str, next_key: str | None) -> str | None:
    """``meta.next``: absolute when ``base_url`` is given, else a relative path."""
    if next_key is None:
        return None
    query = urlencode({"pageKey": next_key})
    if base_url:
        return f"{base_url.rstrip('/')}{path}?{query}"
    return f"{path}?{query}"
