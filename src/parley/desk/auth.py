"""Signing in to the desk.

Rules:
- A password is hashed with argon2id, at the cost the settings give (``PasswordCost``);
  an administrator sets one (``parley agents set-password`` or the desk's
  administration) and an agent changes their own. At least ``MIN_PASSWORD`` characters.
  A stored hash made at another cost is made again at the agent's next successful
  sign-in (unless the password was set anew meanwhile).
- Sign-in takes an agent's email and password. Every organisation where that email is an
  agent with an active password is tried; the first whose hash verifies wins.
- Throttling: ``MAX_FAILURES`` failed sign-ins within ``FAILURE_WINDOW_MS`` lock the
  account for ``LOCK_MS``; while locked even the right password is refused (429). A
  successful sign-in forgets the account's failures. Besides, ``MAX_ADDRESS_FAILURES``
  failed sign-ins from one client address (whatever the emails tried) within the window
  lock that address for ``LOCK_MS``: every sign-in from it is refused (429). A success
  does not forget an address's failures (an attacker's own account would otherwise
  reset them). Both counters live in the store (``desk_credentials``,
  ``desk_address_failures``), so the limits hold across server processes. Attempts
  running at the same moment are counted each (one conditional statement), though all
  of them are checked against the locks as they were when they started.
- A session is a fresh 32-byte secret for every sign-in (a session id is never taken
  from the browser: no fixation); the session the browser had before ends. The cookie
  holds ``<org id>.<secret>``; only the secret's SHA-256 is stored, with an absolute
  expiry (``desk_session_seconds``) and an idle timeout (``desk_session_idle_seconds``):
  a session that made no request for that long has ended. A request records itself
  (``seen_at``) when the previous record is more than ``SEEN_STEP_MS`` old, so reads do
  not each write; the idle time is thus exact to within that step. Both times are on the
  organisation's clock (``store/clocks.py``), as every other time of its units of work.
- CSRF: a signed-in form carries a token derived from the session secret; the sign-in
  form (no session yet) carries a token equal to a cookie of its own (double submit).
- Deactivated agents, and users who are no longer agents, have no live session.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from parley.config import Settings
from parley.desk import repository as repo
from parley.errors import Invalid, NotFound, RateLimited
from parley.store import Database, Tx, clocks

MIN_PASSWORD = 8
MAX_PASSWORD = 1024
MAX_FAILURES = 5
MAX_ADDRESS_FAILURES = 20
FAILURE_WINDOW_MS = 15 * 60 * 1000
LOCK_MS = 15 * 60 * 1000
WRONG = "Wrong email or password"
LOCKED = "Too many failed sign-ins: try again in a few minutes"
SEEN_STEP_MS = 60 * 1000


@dataclass(frozen=True)
class PasswordCost:
    """argon2id's cost for new hashes: passes and memory (KiB), one lane. The settings'
    default is OWASP's recommended minimum (2 passes over 19 MiB): tens of milliseconds
    of one core per hash. A hash carries its parameters, so stored ones verify whatever
    the setting; one made at another cost is made again at a successful sign-in."""

    passes: int
    memory_kib: int

    @classmethod
    def of(cls, settings: Settings) -> PasswordCost:
        return cls(settings.desk_password_passes, settings.desk_password_memory_kib)


_VERIFIER = PasswordHasher()  # verifying reads the parameters from the stored hash


@functools.cache
def _hasher(cost: PasswordCost) -> PasswordHasher:
    return PasswordHasher(time_cost=cost.passes, memory_cost=cost.memory_kib, parallelism=1)


@functools.cache
def _dummy(cost: PasswordCost) -> str:
    """A hash no password matches, at ``cost``: an unknown email is checked against it, as
    long as a known one is."""
    return _hasher(cost).hash(secrets.token_urlsafe(16))


class Throttled(RateLimited):
    def __init__(self, message: str = LOCKED) -> None:
        super().__init__(message)


@dataclass(frozen=True)
class NewSession:
    cookie: str
    org_id: str
    user_id: str
    expires_at: int


def hash_password(password: str, cost: PasswordCost) -> str:
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise Invalid(f"A password has {MIN_PASSWORD} to {MAX_PASSWORD} characters")
    return _hasher(cost).hash(password)


def _verify(stored: str, password: str) -> bool:
    try:
        return _VERIFIER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def _verify_unknown(password: str, cost: PasswordCost) -> None:
    """As long as checking a known email's password (made at ``cost``) takes."""
    _verify(_dummy(cost), password)


def _rehashed(stored: str, password: str, cost: PasswordCost) -> str | None:
    """``stored`` made again at ``cost``, or None when it already is at that cost."""
    hasher = _hasher(cost)
    return hasher.hash(password) if hasher.check_needs_rehash(stored) else None


def address_hash(address: str) -> str:
    return hashlib.sha256(b"parley-desk-address:" + address.encode()).hexdigest()


def login_of(email: str) -> str:
    return email.strip().lower()


def session_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def split_cookie(cookie: str | None) -> tuple[str, str] | None:
    if not cookie or "." not in cookie:
        return None
    org_id, _, secret = cookie.partition(".")
    if not org_id or len(secret) < 20:
        return None
    return org_id, secret


def csrf_for(cookie: str) -> str:
    """The CSRF token of a session (what its forms carry)."""
    return hmac.new(cookie.encode(), b"parley-desk-csrf", hashlib.sha256).hexdigest()


def same_token(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(str(a), str(b))


async def set_password(
    tx: Tx, org_id: str, email: str, password: str, now: int, cost: PasswordCost
) -> str:
    """Set the desk password of the agent with this email; returns the agent's id."""
    login = login_of(email)
    user_id = await repo.agent_by_email(tx, org_id, login)
    if user_id is None:
        raise NotFound("No agent with this email in the organisation")
    hashed = await asyncio.to_thread(hash_password, password, cost)
    await repo.upsert_credential(tx, org_id, user_id, login, hashed, now)
    return user_id


async def sign_in(
    db: Database,
    email: str,
    password: str,
    now: int,
    lifetime_s: int,
    *,
    replaced: str | None = None,
    address: str = "",
    cost: PasswordCost,
) -> NewSession | None:
    """The new session (the browser's previous one, ``replaced``, ends), or None for a
    wrong email or password, the failure then counted for the accounts tried and for the
    client ``address``. Hashes are checked in a thread and outside any transaction:
    argon2 takes tens of milliseconds by design."""
    from_ = address_hash(address)
    async with db.transaction(readonly=True) as tx:
        address_lock = await repo.address_locked_until(tx, from_)
        creds = await repo.credentials_for_login(tx, login_of(email))
    if address_lock is not None and address_lock > now:
        raise Throttled()
    open_ = [c for c in creds if c.locked_until is None or c.locked_until <= now]
    if creds and not open_:
        raise Throttled()
    if not creds:
        await asyncio.to_thread(_verify_unknown, password, cost)
    for cred in open_:
        if await asyncio.to_thread(_verify, cred.password_hash, password):
            again = await asyncio.to_thread(_rehashed, cred.password_hash, password, cost)
            async with db.transaction() as tx:
                if again is not None:
                    await repo.replace_hash(
                        tx, cred.org_id, cred.user_id, cred.password_hash, again
                    )
                await sign_out(tx, replaced)
                await repo.clear_failures(tx, cred.org_id, cred.user_id)
                return await _new_session(tx, cred.org_id, cred.user_id, now, lifetime_s)
    async with db.transaction() as tx:
        await repo.record_address_failure(
            tx,
            from_,
            at=now,
            since=now - FAILURE_WINDOW_MS,
            limit=MAX_ADDRESS_FAILURES,
            lock_until=now + LOCK_MS,
        )
        for cred in open_:
            await repo.record_failure(
                tx,
                cred.org_id,
                cred.user_id,
                at=now,
                since=now - FAILURE_WINDOW_MS,
                limit=MAX_FAILURES,
                lock_until=now + LOCK_MS,
            )
    return None


async def _new_session(tx: Tx, org_id: str, user_id: str, now: int, lifetime_s: int) -> NewSession:
    secret = secrets.token_urlsafe(32)
    now += await clocks.offset_ms(tx, org_id)  # the organisation's clock
    expires = now + lifetime_s * 1000
    await repo.delete_expired_sessions(tx, org_id, now)
    await repo.insert_session(tx, org_id, session_hash(secret), user_id, now, expires)
    return NewSession(f"{org_id}.{secret}", org_id, user_id, expires)


async def resolve(tx: Tx, cookie: str | None, now: int, idle_s: int) -> repo.SessionUser | None:
    """The session's agent; ``now`` is real time (the organisation's offset is added)."""
    parts = split_cookie(cookie)
    if parts is None:
        return None
    return await repo.session_user(tx, parts[0], session_hash(parts[1]), now, idle_s * 1000)


def needs_touch(user: repo.SessionUser) -> bool:
    return user.now - user.seen_at >= SEEN_STEP_MS


async def touch(tx: Tx, cookie: str, user: repo.SessionUser) -> None:
    parts = split_cookie(cookie)
    if parts is not None:
        await repo.touch_session(tx, parts[0], session_hash(parts[1]), user.now)


async def sign_out(tx: Tx, cookie: str | None) -> None:
    parts = split_cookie(cookie)
    if parts is not None:
        await repo.delete_session(tx, parts[0], session_hash(parts[1]))


async def change_own_password(
    tx: Tx, user: repo.SessionUser, current: str, new: str, now: int, cost: PasswordCost
) -> None:
    creds = await repo.credentials_for_login(tx, login_of(user.email))
    mine = [c for c in creds if c.org_id == user.org_id and c.user_id == user.user_id]
    if not mine or not await asyncio.to_thread(_verify, mine[0].password_hash, current):
        raise Invalid("The current password is wrong")
    hashed = await asyncio.to_thread(hash_password, new, cost)
    await repo.upsert_credential(tx, user.org_id, user.user_id, login_of(user.email), hashed, now)


async def deactivate(tx: Tx, org_id: str, user_id: str, now: int) -> None:
    if not await repo.set_disabled(tx, org_id, user_id, now):
        raise Invalid("This agent has no desk password")
    await repo.delete_user_sessions(tx, org_id, user_id)


async def reactivate(tx: Tx, org_id: str, user_id: str) -> None:
    await repo.set_disabled(tx, org_id, user_id, None)
