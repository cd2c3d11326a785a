"""The SQL of the rate limit: one atomic GCRA step per request (``guard.ratelimit``)."""

from __future__ import annotations

from parley.store import Tx

# Insert the token's first row, or move its ``tat`` on by one interval when the request
# fits in the burst; a request that does not fit updates nothing and returns no row.
# The token's row comes from ``api_tokens``, so an unknown or revoked token writes nothing.
_TAKE = (
    "INSERT INTO rate_limits (org_id, token_id, tat) "
    "SELECT t.org_id, t.id, :first FROM api_tokens t "
    "WHERE t.token_hash = :h AND t.revoked_at IS NULL "
    "ON CONFLICT (org_id, token_id) DO UPDATE SET "
    "tat = (CASE WHEN rate_limits.tat > :now THEN rate_limits.tat ELSE :now END) + :interval "
    "WHERE (CASE WHEN rate_limits.tat > :now THEN rate_limits.tat ELSE :now END) "
    "+ :interval - :now <= :tau "
    "RETURNING tat"
)


async def take(tx: Tx, token_hash: str, now: int, interval: int, tau: int) -> int | None:
    """Admit one request: None when admitted (or the token is unknown: authentication
    answers that), else the token's ``tat`` (the caller computes the wait from it)."""
    params = {"h": token_hash, "now": now, "first": now + interval, "interval": interval}
    row = await tx.fetch_one(_TAKE, {**params, "tau": tau})
    if row is not None:
        return None
    tat = await tx.fetch_val(
        "SELECT r.tat FROM rate_limits r JOIN api_tokens t "
        "ON t.org_id = r.org_id AND t.id = r.token_id WHERE t.token_hash = :h",
        {"h": token_hash},
    )
    return None if tat is None else int(tat)
