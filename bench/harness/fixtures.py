"""What the Lua scripts draw from: id lists, words, agents, end users, and the page key of
the activity log's page 10,000, read from the manifest and from the store itself.

Every list is written to a file (one item a line) that the scripts read in ``init``.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness.data import Store
from parley.store import Tx, open_database

OUTBOUND_CHANNELS = ("Email", "ContactForm", "WidgetChat", "Messenger", "Sms", "WhatsApp")
ACTIVITY_PAGE = 10_000
ACTIVITY_LIMIT = 100  # the endpoint's default page size
SAMPLE = 5000


@dataclass
class ActivityPages:
    limit: int
    page: int  # the deep page measured (10,000 when the data has it)
    key: str  # pageKey of that page
    first_id: str  # id of the first entry that page must start with
    total: int


@dataclass
class Fixtures:
    store: Store
    dir: Path
    conversation_range: tuple[int, int]
    conversation_count: int
    message_count: int
    activity: ActivityPages
    files: dict[str, Path] = field(default_factory=dict)
    end_user_with_conversations: str = ""

    def env(self, *names: str) -> dict[str, str]:
        return {f"BENCH_{n.upper()}": str(self.files[n]) for n in names}


# The Parley servers of a bench run have this secret (PARLEY_SECRET_KEY), so the harness can
# build the key of a deep page as the server would issue it (signed with the page-key key
# derived from it, ``parley.secret``).
BENCH_SECRET = "parley-bench-page-keys"


def page_key(activity_at: int, seq: int, limit: int) -> str:
    """A pageKey as the server issues it (``parley.http.paging``): the payload
    {"a": [activity_at, seq], "l": limit, "f": filters} (the activity log's ``LogWindow``),
    signed with the page-key key derived from ``BENCH_SECRET``."""
    from parley.config import Settings
    from parley.http.paging import encode_key
    from parley.secret import PAGE_KEYS, derived_key

    payload = {"a": [activity_at, seq], "l": limit, "f": {"from_at": None, "to_at": None}}
    return encode_key(payload, derived_key(Settings(secret_key=BENCH_SECRET), PAGE_KEYS))


def pick_activity_page(total: int) -> tuple[int, int]:
    """(limit, page): page 10,000 of the default size when the data has one; at smaller
    scales the page size shrinks so page 10,000 still exists, else the last page."""
    if total >= ACTIVITY_PAGE * ACTIVITY_LIMIT:
        return ACTIVITY_LIMIT, ACTIVITY_PAGE
    if total >= ACTIVITY_PAGE + 1:
        return max(1, total // ACTIVITY_PAGE), ACTIVITY_PAGE
    return 1, max(2, total)


async def _column(tx: Tx, sql: str, params: dict[str, Any]) -> list[Any]:
    """The first column of every row ``sql`` returns."""
    return [r[0] for r in await tx.fetch_all(sql, params)]


async def _query(store: Store) -> dict[str, Any]:
    db = open_database(store.url)
    await db.connect()
    org = store.org_id
    out: dict[str, Any] = {}
    try:
        async with db.transaction(readonly=True) as tx:
            row = await tx.fetch_one(
                "SELECT min(id), max(id), count(*) FROM conversations WHERE org_id = :org",
                {"org": org},
            )
            assert row is not None
            out["range"] = (int(row[0] or 0), int(row[1] or 0))
            out["conversations"] = int(row[2])
            out["messages"] = int(
                await tx.fetch_val(
                    "SELECT count(*) FROM messages WHERE org_id = :org", {"org": org}
                )
            )
            outbound = await _column(
                tx,
                "SELECT id FROM conversations WHERE org_id = :org AND channel IN :ch "
                "AND anonymized_at IS NULL ORDER BY id",
                {"org": org, "ch": list(OUTBOUND_CHANNELS)},
            )
            out["outbound_ids"] = [int(v) for v in outbound]
            agents = await _column(
                tx,
                "SELECT id FROM users WHERE org_id = :org AND kind = 'Agent' "
                "AND anonymized_at IS NULL ORDER BY id LIMIT 500",
                {"org": org},
            )
            out["agents"] = [str(v) for v in agents]
            end_users = await _column(
                tx,
                "SELECT requester_id FROM conversations WHERE org_id = :org "
                "GROUP BY requester_id ORDER BY requester_id LIMIT 500",
                {"org": org},
            )
            out["end_users"] = [str(v) for v in end_users]
            total = int(
                await tx.fetch_val(
                    "SELECT count(*) FROM activity WHERE org_id = :org", {"org": org}
                )
            )
            limit, page = pick_activity_page(total)
            offset = (page - 1) * limit  # position of the page's first entry
            rows = await tx.fetch_all(
                "SELECT activity_at, seq, id FROM activity WHERE org_id = :org "
                "ORDER BY activity_at, seq LIMIT 2 OFFSET :off",
                {"org": org, "off": offset - 1},
            )
            if len(rows) < 2:
                raise RuntimeError(f"the activity log has {total} entries: too few to page")
            out["activity"] = ActivityPages(
                limit=limit,
                page=page,
                key=page_key(int(rows[0][0]), int(rows[0][1]), limit),
                first_id=str(rows[1][2]),
                total=total,
            )
    finally:
        await db.close()
    return out


def search_terms(manifest: dict[str, Any]) -> list[str]:
    """The generator's terms that occur in the corpus: common, mid-frequency and rare
    words and phrases, equally weighted (so a quarter of the queries are common words)."""
    terms = manifest.get("search", {}).get("terms", {})
    out: list[str] = []
    for band in ("common", "mid", "rare", "phrases"):
        out += [str(t["term"]) for t in terms.get(band, [])]
    if not out:
        raise RuntimeError("the manifest names no search terms")
    return out


def _spread(items: list[Any], n: int) -> list[Any]:
    if len(items) <= n:
        return items
    step = len(items) / n
    return [items[int(i * step)] for i in range(n)]


def _write(path: Path, items: list[Any]) -> Path:
    path.write_text("".join(f"{x}\n" for x in items))
    return path


def prepare(store: Store, directory: Path) -> Fixtures:
    directory.mkdir(parents=True, exist_ok=True)
    q = asyncio.run(_query(store))
    agents = q["agents"]
    end_users = q["end_users"]
    words = search_terms(store.manifest)
    if not q["outbound_ids"]:
        raise RuntimeError("no conversation takes outbound messages (POST message needs one)")
    fx = Fixtures(
        store=store,
        dir=directory,
        conversation_range=q["range"],
        conversation_count=q["conversations"],
        message_count=q["messages"],
        activity=q["activity"],
        end_user_with_conversations=end_users[0],
    )
    fx.files = {
        "id_file": _write(directory / "outbound_ids.txt", _spread(q["outbound_ids"], SAMPLE)),
        "agents": _write(directory / "agents.txt", agents),
        "endusers": _write(directory / "endusers.txt", end_users),
        "words": _write(directory / "words.txt", words),
    }
    return fx
