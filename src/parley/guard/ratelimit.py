"""Per-token rate limits (``PARLEY_RATE_LIMIT``), answered as Dixa does: ``429``.

Settings: ``off`` (the default), ``dixa`` (Dixa's documented limit: 10 requests a second
per token with a burst of 4), or ``<N>/s`` / ``<N>/m`` with an optional ``,burst=<B>``
(default burst 1), e.g. ``50/s,burst=20``.

The algorithm is GCRA (a token bucket kept as one number): each token has a theoretical
arrival time ``tat``; a request at ``now`` is admitted when ``max(tat, now) + interval``
is at most ``burst`` intervals ahead of ``now``, and then becomes the new ``tat``. The
step is one atomic ``INSERT … ON CONFLICT DO UPDATE … WHERE`` on the store, in a short
transaction of its own before the request's transaction, so every server process of a
PostgreSQL store shares one limit (a row lock serialises two processes' steps for the
same token, never requests of different tokens). A refused request changes nothing and
answers ``429`` with ``Retry-After`` (whole seconds, at least 1) and the exact wait in
``X-RateLimit-Retry-After-Ms``. Requests without a known token are left to
authentication (``401``). Server clocks of several hosts should agree (NTP).
"""

from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass

from litestar.types import ASGIApp, Receive, Scope, Send

from parley.errors import RateLimited
from parley.guard import repository
from parley.http.auth import token_from_header
from parley.http.context import authorization
from parley.kit.tokens import hash_token
from parley.store import Database

_SPEC = re.compile(r"(\d+(?:\.\d+)?)/([sm])(?:,\s*burst=(\d+))?")
_UNITS = {"s": 1.0, "m": 60.0}


@dataclass(frozen=True)
class Limit:
    per_second: float
    burst: int

    @property
    def interval_us(self) -> int:
        return max(1, round(1_000_000 / self.per_second))

    def describe(self) -> str:
        return f"{self.per_second:g} requests per second per token, burst {self.burst}"


def parse_limit(spec: str) -> Limit | None:
    text = spec.strip().lower()
    if text in ("", "off", "none", "false"):
        return None
    if text == "dixa":
        return Limit(10.0, 4)
    match = _SPEC.fullmatch(text)
    if match is None or float(match[1]) <= 0 or (match[3] is not None and int(match[3]) < 1):
        raise ValueError(
            f"PARLEY_RATE_LIMIT={spec!r}: use off, dixa, or <N>/s or <N>/m with ,burst=<B>"
        )
    return Limit(float(match[1]) / _UNITS[match[2]], int(match[3] or 1))


class RateLimiter:
    def __init__(self, db: Database, limit: Limit) -> None:
        self.db = db
        self.limit = limit

    async def wait_us(self, token_hash: str) -> int | None:
        """None when the request is admitted, else how long to wait (microseconds)."""
        interval = self.limit.interval_us
        tau = interval * self.limit.burst
        now = time.time_ns() // 1000
        async with self.db.transaction() as tx:
            tat = await repository.take(tx, token_hash, now, interval, tau)
        if tat is None:
            return None
        return max(1, max(tat, now) + interval - tau - now)


def refused(limit: Limit, wait_us: int) -> RateLimited:
    seconds = max(1, math.ceil(wait_us / 1_000_000))
    return RateLimited(
        f"Too many requests: the limit is {limit.describe()}",
        headers={
            "Retry-After": str(seconds),
            "X-RateLimit-Retry-After-Ms": str(math.ceil(wait_us / 1000)),
        },
    )


def rate_limit_middleware(app: ASGIApp) -> ASGIApp:
    """Middleware of the ``/v1`` router when limits are on (``create_app`` adds it only
    then): the limiter lives in ``app.state.rate_limiter``."""

    async def limited(scope: Scope, receive: Receive, send: Send) -> None:
        limiter: RateLimiter | None = scope["app"].state.rate_limiter
        if limiter is not None:
            token = token_from_header(authorization(scope))
            if token is not None:
                wait = await limiter.wait_us(hash_token(token))
                if wait is not None:
                    raise refused(limiter.limit, wait)
        await app(scope, receive, send)

    return limited
