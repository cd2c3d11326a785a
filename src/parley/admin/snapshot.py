"""Snapshots: an organisation's whole state written to a file
(``parley.admin.snapshot_format``) and loaded into another store, SQLite or PostgreSQL.

Rules:

- Every table of the metadata with an ``org_id`` column is either in ``TABLES`` (its
  rows go in the snapshot) or in ``LEFT_OUT`` with the reason
  (``tests/testkit/test_snapshots.py`` fails on a table in neither). Attachment files
  (``attachments.blob_path``, under the blob directory) go in as base64.
- An export is one read transaction: a consistent state.
- An import is one write transaction: all of the snapshot or nothing (files written
  before a rollback are deleted again). It is refused when the snapshot's schema
  revision is not the store's (``parley db upgrade`` both first), or when its checksum
  does not match.
- Id clashes are refused (409): an organisation id already in the store, or a
  conversation id another organisation of the store uses (conversation ids are unique
  in a store, as Dixa's are; the SQLite search index relies on it). With ``new_org`` the
  snapshot is loaded under a new organisation id instead (``Rename``): conversation ids
  drawn again from the store's sequence and rewritten in every ``conversation_id``
  column and in job payloads, job ids drawn again (they are global too), attachment
  files moved under the new id, no old API tokens (their hashes are unique across a
  store) but a new token for the admin agent. Every other id is the organisation's own
  (primary keys lead with ``org_id``). Past events' and activity entries' JSON keep the
  conversation ids they were written with.
- The global sequences (conversation ids, activity, event and note positions) are moved
  past the imported values, so the organisation's next rows do not reuse them.
- The search index is never copied (its rows are the store's own dialect): the imported
  conversations and published articles are indexed by the target store's engine. The
  derived tables are not copied either: the inbox counts follow the loaded conversations
  (the store's triggers), the analytics tallies are rebuilt from them (``tally.rebuild``).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Boolean, Table

from parley.admin import snapshot_format as fmt
from parley.analytics import tally
from parley.errors import Conflict, NotFound, invalid_body
from parley.kit.clock import now_ms
from parley.kit.ids import new_id
from parley.knowledge import search as kb_search
from parley.orgs import service as orgs
from parley.search.engine import engine
from parley.store import Database, Tx
from parley.store.database import next_ids, raise_sequence
from parley.store.migrate import current_revision
from parley.store.schema import metadata

# The organisation's tables, in the order they are written and loaded.
TABLES = (
    "organization_profiles", "org_clocks", "api_tokens", "users", "agent_presence",
    "desk_credentials", "queues", "queue_members", "teams", "team_members", "tags",
    "custom_attributes", "contact_endpoints", "flows", "business_hours_schedules",
    "templates", "kb_collections", "kb_categories", "kb_articles", "kb_translations",
    "conversations", "messages", "attachments", "notes", "conversation_tags",
    "conversation_attributes", "ratings", "activity", "events", "webhook_subscriptions",
    "webhook_attempts", "anonymization_requests", "jobs", "mail_keys",
    "mail_imap_sources", "mail_inbound", "mail_message_ids", "mail_deliveries",
)  # fmt: skip
LEFT_OUT = {
    "desk_sessions": "signed-in desk sessions: the agents sign in again",
    "rate_limits": "rate-limit state of the tokens: it starts afresh",
    "admin_requests": "the admin API's request journal of the server the org was on",
    "admin_faults": "the admin API's faults in force on the server the org was on",
    "conversation_counts": "the inbox counts: the store's triggers count the loaded conversations",
    "analytics_facts": "analytics tallies: rebuilt from the loaded conversations",
    "analytics_hours": "analytics tallies: rebuilt from the loaded conversations",
}
# Columns drawn from a global sequence: (table, column) -> sequence.
SEQUENCED = {
    ("conversations", "id"): "conversation_id",
    ("activity", "seq"): "activity_seq",
    ("events", "seq"): "event_seq",
    ("notes", "seq"): "note_seq",
}
Progress = Callable[[str, int], None]


def uncovered() -> set[str]:
    """Tables of the metadata with an ``org_id`` that are neither in the snapshot nor
    left out (none, or an export is refused)."""
    org_tables = {t.name for t in metadata.sorted_tables if "org_id" in t.c}
    return org_tables - set(TABLES) - set(LEFT_OUT)


def _table(name: str) -> Table:
    return metadata.tables[name]


def _columns(name: str) -> list[str]:
    return [c.name for c in _table(name).c]


async def _rows(tx: Tx, name: str, org_id: str) -> list[list[Any]]:
    table = _table(name)
    booleans = [i for i, c in enumerate(table.c) if isinstance(c.type, Boolean)]
    order = ", ".join(c.name for c in table.primary_key.columns)
    rows = await tx.fetch_all(
        f"SELECT {', '.join(_columns(name))} FROM {name} WHERE org_id = :org ORDER BY {order}",
        {"org": org_id},
    )
    out = []
    for r in rows:
        values = [r[i] for i in range(len(table.c))]
        for i in booleans:
            values[i] = None if values[i] is None else bool(values[i])
        out.append(values)
    return out


async def export_org(
    db: Database, org_id: str, blob_dir: Path, out: Callable[[bytes], None],
    progress: Progress | None = None,
) -> fmt.Writer:  # fmt: skip
    """Write the organisation's snapshot through ``out``; ``NotFound`` for no such org."""
    if missing := uncovered():
        raise RuntimeError(f"tables not covered by snapshots: {sorted(missing)}")
    writer = fmt.Writer(out)
    async with db.transaction(readonly=True) as tx:
        org = await tx.fetch_one(
            f"SELECT {', '.join(_columns('orgs'))} FROM orgs WHERE id = :id", {"id": org_id}
        )
        if org is None:
            raise NotFound(f"No organisation with id {org_id}")
        writer.header(
            await current_revision(tx),
            now_ms(),
            {c: org[i] for i, c in enumerate(_columns("orgs"))},
        )
        paths: list[str] = []
        for name in TABLES:
            rows = await _rows(tx, name, org_id)
            writer.table(name, _columns(name), rows)
            if name == "attachments":
                at = _columns(name).index("blob_path")
                paths = [r[at] for r in rows if r[at]]
            if progress is not None:
                progress(name, len(rows))
    for path in paths:
        file = blob_dir / path
        if file.is_file():
            writer.blob(path, file.read_bytes())
    writer.end()
    return writer


@dataclass(frozen=True)
class Imported:
    org_id: str
    name: str
    rows: int
    api_token: str | None


@dataclass
class Rename:
    """What changes when a snapshot is loaded under a new organisation id: the id, the
    conversation ids (global in a store: drawn again from its sequence) and the job ids
    (global too)."""

    old: str
    new: str
    conversations: dict[int, int]
    jobs: dict[str, str]

    def row(self, name: str, columns: list[str], row: list[Any]) -> list[Any]:
        values = dict(zip(columns, row, strict=True))
        values["org_id"] = self.new
        if name == "conversations":
            values["id"] = self.conversations[int(values["id"])]
        if values.get("conversation_id") is not None:
            values["conversation_id"] = self.conversations.get(
                int(values["conversation_id"]), values["conversation_id"]
            )
        if name == "anonymization_requests":
            self._anonymization(values)
        if name == "jobs":
            self._job(values)
        if name == "attachments" and values.get("blob_path"):
            values["blob_path"] = _moved(values["blob_path"], self.old, self.new)
        return [values[c] for c in columns]

    def _anonymization(self, values: dict[str, Any]) -> None:
        if values.get("job_id"):
            values["job_id"] = self.jobs.get(values["job_id"], values["job_id"])
        if values["type"] == "Conversation" and str(values["target_entity_id"]).isdigit():
            cid = self.conversations.get(int(values["target_entity_id"]))
            values["target_entity_id"] = str(cid) if cid else values["target_entity_id"]

    def _job(self, values: dict[str, Any]) -> None:
        values["id"] = self.jobs[values["id"]]
        payload = json.loads(str(values["payload"]).replace(self.old, self.new))
        old_cid = payload.get("conversationId") if isinstance(payload, dict) else None
        if isinstance(old_cid, int) and old_cid in self.conversations:
            payload["conversationId"] = self.conversations[old_cid]
            if values.get("dedupe_key") == str(old_cid):
                values["dedupe_key"] = str(self.conversations[old_cid])
        values["payload"] = json.dumps(payload)


async def _rename(tx: Tx, snapshot: fmt.Snapshot, new: str) -> Rename:
    sections = {s.table: s for s in snapshot.sections}
    cids: list[int] = []
    if "conversations" in sections:
        at = sections["conversations"].columns.index("id")
        cids = [int(r[at]) for r in sections["conversations"].rows]
    jobs: list[str] = []
    if "jobs" in sections:
        at = sections["jobs"].columns.index("id")
        jobs = [str(r[at]) for r in sections["jobs"].rows]
    drawn = await next_ids(tx, "conversation_id", len(cids))
    return Rename(
        str(snapshot.org["id"]),
        new,
        dict(zip(cids, drawn, strict=True)),
        {j: str(uuid.uuid4()) for j in jobs},
    )


async def _refuse_taken_conversations(tx: Tx, snapshot: fmt.Snapshot) -> None:
    """Conversation ids are global in a store (Dixa's are): a snapshot loaded under its
    own id must not bring one another organisation of the store already uses."""
    for section in snapshot.sections:
        if section.table != "conversations" or not section.rows:
            continue
        at = section.columns.index("id")
        ids = [int(r[at]) for r in section.rows]
        taken = await tx.fetch_all(
            "SELECT id FROM conversations WHERE id IN :ids ORDER BY id LIMIT 5", {"ids": ids}
        )
        if taken:
            raise Conflict(
                "Conversation ids of the snapshot are already in this store "
                f"({', '.join(str(r[0]) for r in taken)} …): import it as a new organisation "
                "(its conversations get new ids)"
            )


def _moved(path: str, old: str, new: str) -> str:
    return new + path[len(old) :] if path.startswith(old + "/") else path


def _check(snapshot: fmt.Snapshot, revision: str | None) -> None:
    if snapshot.revision != revision:
        raise invalid_body(
            f"the snapshot is of schema revision {snapshot.revision}, this store is at "
            f"{revision}: upgrade both to the same revision first"
        )
    for section in snapshot.sections:
        if section.table not in TABLES:
            raise invalid_body(f"the snapshot holds an unknown table {section.table!r}")
        if section.columns != _columns(section.table):
            raise invalid_body(f"the snapshot's columns of {section.table} are not this store's")
        if any(len(r) != len(section.columns) for r in section.rows):
            raise invalid_body(f"a row of {section.table} has the wrong number of values")


async def _insert_org(tx: Tx, org: dict[str, Any], org_id: str) -> None:
    columns = _columns("orgs")
    if set(org) != set(columns):
        raise invalid_body("the snapshot's organisation row is not this store's")
    values = {**org, "id": org_id}
    await tx.execute(
        f"INSERT INTO orgs ({', '.join(columns)}) VALUES ({', '.join(':' + c for c in columns)})",
        values,
    )


async def _load_section(tx: Tx, section: fmt.Section, old: str, rename: Rename | None) -> int:
    if section.table == "api_tokens" and rename is not None:
        return 0
    rows = section.rows
    if rename is not None:
        rows = [rename.row(section.table, section.columns, r) for r in rows]
    else:
        at = section.columns.index("org_id")
        if any(r[at] != old for r in rows):
            raise invalid_body(f"a row of {section.table} belongs to another organisation")
    params = [{f"c{i}": v for i, v in enumerate(r)} for r in rows]
    placeholders = ", ".join(f":c{i}" for i in range(len(section.columns)))
    if params:
        await tx.execute_many(
            f"INSERT INTO {section.table} ({', '.join(section.columns)}) VALUES ({placeholders})",
            params,
        )
    for (table, column), sequence in SEQUENCED.items():
        if table == section.table and rows:
            at = section.columns.index(column)
            await raise_sequence(tx, sequence, max(int(r[at]) for r in rows))
    return len(rows)


def _write_blobs(tx: Tx, blobs: dict[str, bytes], blob_dir: Path, old: str, new: str) -> None:
    root = blob_dir.resolve()
    for path, data in blobs.items():
        target = (root / _moved(path, old, new)).resolve()
        if not target.is_relative_to(root / new) or target.exists():
            raise invalid_body(f"the snapshot's file {path!r} cannot be written")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        tx.on_rollback(_unlinker(target))


def _unlinker(path: Path) -> Callable[[], None]:
    return lambda: path.unlink(missing_ok=True)


async def _reindex(tx: Tx, org_id: str) -> None:
    ids = [
        int(r[0])
        for r in await tx.fetch_all(
            "SELECT id FROM conversations WHERE org_id = :org", {"org": org_id}
        )
    ]
    if ids:
        await engine(tx.dialect).put_conversations(tx, org_id, ids)
    published = await tx.fetch_all(
        "SELECT article_id, language, published_title, published_plaintext FROM "
        "kb_translations WHERE org_id = :org AND published_at IS NOT NULL",
        {"org": org_id},
    )
    for r in published:
        await kb_search.index(tx, org_id, r[0], r[1], r[2] or "", r[3] or "")
    await tally.rebuild(tx, org_id)


async def import_org(
    db: Database, data: bytes, blob_dir: Path, *, new_org: bool = False,
    progress: Progress | None = None,
) -> Imported:  # fmt: skip
    """Load a snapshot into the store, in one transaction."""
    snapshot = fmt.parse(data)
    old = str(snapshot.org["id"])
    new = new_id() if new_org else old
    total = 0
    async with db.transaction() as tx:
        _check(snapshot, await current_revision(tx))
        if await tx.fetch_val("SELECT 1 FROM orgs WHERE id = :id", {"id": new}) is not None:
            raise Conflict(
                f"An organisation with id {new} is already in this store: delete it first, "
                "or import the snapshot as a new organisation"
            )
        rename = await _rename(tx, snapshot, new) if new_org else None
        if rename is None:
            await _refuse_taken_conversations(tx, snapshot)
        await _insert_org(tx, snapshot.org, new)
        for section in snapshot.sections:
            total += await _load_section(tx, section, old, rename)
            if progress is not None:
                progress(section.table, len(section.rows))
        _write_blobs(tx, snapshot.blobs, blob_dir, old, new)
        await _reindex(tx, new)
        token = None
        admin_user = snapshot.org.get("admin_user_id")
        if new_org and admin_user:
            token = (await orgs.issue_token(tx, new, admin_user, "snapshot", now_ms())).api_token
    return Imported(new, str(snapshot.org.get("name", "")), total, token)
