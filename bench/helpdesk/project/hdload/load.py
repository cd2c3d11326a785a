"""Fill a django-helpdesk database for the benchmarks (runs inside the peer's venv).

    python -m hdload.load --tickets N --followups-per-ticket F --seed S [--no-progress]

Environment: HD_WORK_DIR, HD_DATABASE_URL (see hdsite/settings.py). The database is
recreated from scratch (SQLite file deleted; PostgreSQL database dropped and created),
migrated, then filled: an admin superuser with a DRF token and a signed session cookie,
ten agents, one queue, N tickets and about N*F follow-ups of Zipf-distributed text
(inserted with executemany on SQLite and COPY on PostgreSQL). The manifest is written to
HD_WORK_DIR/manifest.json and printed as the last line of stdout.
"""

import argparse
import hashlib
import json
import os
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

TICKET_COLUMNS = (
    "id", "title", "queue_id", "created", "modified", "submitter_email", "assigned_to_id",
    "status", "on_hold", "description", "resolution", "priority", "due_date",
    "last_escalation", "secret_key", "kbitem_id", "merged_to_id",
)  # fmt: skip
FOLLOWUP_COLUMNS = (
    "ticket_id", "date", "title", "comment", "public", "user_id", "new_status",
    "message_id", "time_spent", "email_recipients",
)  # fmt: skip
BATCH = 5000
AGENTS = 10
YEAR_S = 365 * 24 * 3600


def recreate_database(url: str | None, work_dir: Path) -> None:
    if not url:
        for suffix in ("", "-wal", "-shm"):
            (work_dir / f"helpdesk.sqlite3{suffix}").unlink(missing_ok=True)
        return
    from urllib.parse import urlsplit

    import psycopg

    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = Path(parts.path)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    name = parts.path.lstrip("/") or "helpdesk_bench"
    if name in ("postgres", "template0", "template1"):
        raise SystemExit(f"refusing to recreate the {name} database")
    conninfo = {
        "host": parts.hostname or "127.0.0.1",
        "port": parts.port or 5432,
        "user": parts.username or "postgres",
        "password": parts.password or "",
        "dbname": "postgres",
    }
    with psycopg.connect(**conninfo, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
    if exists:
        # Only a database this loader made (or an empty one) may be dropped.
        with psycopg.connect(**{**conninfo, "dbname": name}) as conn:
            tables = {
                row[0]
                for row in conn.execute(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                )
            }
        if tables and "helpdesk_ticket" not in tables:
            raise SystemExit(f"refusing to drop database {name}: it is not a helpdesk database")
    with psycopg.connect(**conninfo, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def ts_text(epoch: float, pg: bool) -> str:
    text = datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    return text + "+00" if pg else text


class Generator:
    """Deterministic tickets and follow-ups; tickets first, follow-ups second."""

    def __init__(self, tickets: int, per_ticket: int, seed: int, now: float, pg: bool) -> None:
        from hdload.textgen import TextGen

        self.n = tickets
        self.per = per_ticket
        self.pg = pg
        self.now = now
        self.text = TextGen(seed)
        rng = self.text.rng
        # Follow-up count per ticket: uniform on [1, 2F-1] (mean F), or exactly F when F <= 1.
        lo, hi = (per_ticket, per_ticket) if per_ticket <= 1 else (1, 2 * per_ticket - 1)
        self.counts = [rng.randint(lo, hi) for _ in range(tickets)]
        self.created = [now - rng.random() * 2 * YEAR_S for _ in range(tickets)]
        self.followups = sum(self.counts)

    def tickets(self, queue_id: int, agent_ids: list[int]) -> Iterator[tuple[object, ...]]:
        rng, text, pg = self.text.rng, self.text, self.pg
        for i in range(self.n):
            created = self.created[i]
            status = rng.choices((1, 2, 3, 4), weights=(35, 5, 20, 40))[0]
            assigned = rng.choice(agent_ids) if rng.random() < 0.8 else None
            modified = min(self.now, created + rng.random() * 14 * 86400)
            yield (
                i + 1,
                text.title(),
                queue_id,
                ts_text(created, pg),
                ts_text(modified, pg),
                f"customer{rng.randint(1, self.n // 4 + 1)}@example.com",
                assigned,
                status,
                False,
                text.paragraph(2, 6),
                text.sentence() if status in (3, 4) else None,
                rng.choices((1, 2, 3, 4, 5), weights=(3, 10, 60, 20, 7))[0],
                None,
                None,
                f"{rng.getrandbits(128):032x}"[:32],
                None,
                None,
            )

    def followups_rows(self, agent_ids: list[int]) -> Iterator[tuple[object, ...]]:
        rng, text, pg = self.text.rng, self.text, self.pg
        for i in range(self.n):
            at = self.created[i]
            for _ in range(self.counts[i]):
                at = min(self.now, at + rng.random() * 2 * 86400)
                public = rng.random() < 0.7
                by_agent = rng.random() < 0.6
                yield (
                    i + 1,
                    ts_text(at, pg),
                    "Comment",
                    text.paragraph(1, 4),
                    public,
                    rng.choice(agent_ids) if by_agent else None,
                    None,
                    None,
                    None,
                    None,
                )


def batches(rows: Iterator[tuple[object, ...]], size: int) -> Iterator[list[tuple[object, ...]]]:
    batch: list[tuple[object, ...]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def insert(table: str, columns: tuple[str, ...], rows: Iterator[tuple[object, ...]], bar) -> None:
    from django.db import connection

    connection.ensure_connection()
    raw = connection.connection
    cols = ", ".join(columns)
    if connection.vendor == "postgresql":
        with raw.cursor() as cur, cur.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
            for batch in batches(rows, BATCH):
                for row in batch:
                    copy.write_row(row)
                bar.update(len(batch))
        return
    marks = ", ".join("?" for _ in columns)
    sql = f"INSERT INTO {table} ({cols}) VALUES ({marks})"
    for batch in batches(rows, BATCH):
        raw.execute("BEGIN")
        raw.executemany(sql, batch)
        raw.execute("COMMIT")
        bar.update(len(batch))


def check_columns() -> None:
    from helpdesk.models import FollowUp, Ticket

    for model, columns in ((Ticket, TICKET_COLUMNS), (FollowUp, FOLLOWUP_COLUMNS)):
        have = {f.column for f in model._meta.concrete_fields} - {"id"}
        want = set(columns) - {"id"}
        if have != want:
            raise SystemExit(f"{model.__name__} columns changed: {sorted(have ^ want)}")


def create_people(seed: int) -> tuple[object, list[int], str, str]:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.signed_cookies import SessionStore
    from helpdesk.models import Queue
    from rest_framework.authtoken.models import Token

    # Credentials derived from the seed, so that loads of the same seed into SQLite and
    # PostgreSQL answer to the same token and session cookie.
    admin = User.objects.create_superuser("admin", "admin@example.com")
    admin.password = make_password("admin", salt=f"helpdeskbench{seed}")
    admin.save(update_fields=["password"])
    agents = [admin.pk]
    for n in range(1, AGENTS):
        agent = User.objects.create_user(f"agent{n}", f"agent{n}@example.com", is_staff=True)
        agents.append(agent.pk)
    queue = Queue.objects.create(
        title="Support", slug="support", email_address="support@example.com"
    )
    key = hashlib.sha1(f"helpdesk-bench-token-{seed}".encode()).hexdigest()
    token = Token.objects.create(user=admin, key=key).key
    session = SessionStore()
    session[SESSION_KEY] = str(admin.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = admin.get_session_auth_hash()
    session.save()
    cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
    return queue, agents, token, cookie


def finish(vendor: str) -> None:
    from django.db import connection

    raw = connection.connection
    if vendor == "postgresql":
        raw.autocommit = True
        with raw.cursor() as cur:
            cur.execute(
                "SELECT setval(pg_get_serial_sequence('helpdesk_ticket', 'id'),"
                " (SELECT max(id) FROM helpdesk_ticket))"
            )
            cur.execute("VACUUM ANALYZE")
    else:
        raw.execute("ANALYZE")
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, required=True)
    parser.add_argument("--followups-per-ticket", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-progress", action="store_true")
    args = parser.parse_args()

    work_dir = Path(os.environ["HD_WORK_DIR"])
    url = os.environ.get("HD_DATABASE_URL") or None
    started = time.monotonic()
    recreate_database(url, work_dir)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hdsite.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from tqdm import tqdm

    call_command("migrate", verbosity=0, interactive=False)
    check_columns()
    vendor = connection.vendor
    if vendor == "sqlite":
        connection.ensure_connection()
        connection.connection.execute("PRAGMA synchronous=OFF")
    migrated = time.monotonic()
    queue, agents, token, cookie = create_people(args.seed)

    from hdload.textgen import search_terms

    gen = Generator(
        args.tickets, args.followups_per_ticket, args.seed, time.time(), vendor == "postgresql"
    )
    total = args.tickets + gen.followups
    with tqdm(
        total=total, unit="row", unit_scale=True, disable=args.no_progress, file=sys.stderr
    ) as bar:
        bar.set_description("tickets")
        insert("helpdesk_ticket", TICKET_COLUMNS, gen.tickets(queue.pk, agents), bar)
        bar.set_description("follow-ups")
        insert("helpdesk_followup", FOLLOWUP_COLUMNS, gen.followups_rows(agents), bar)
    inserted = time.monotonic()
    finish(vendor)

    from django.db.models import Max, Min
    from helpdesk.models import FollowUp, Ticket

    bounds = Ticket.objects.aggregate(lo=Min("id"), hi=Max("id"))
    manifest = {
        "system": "django-helpdesk",
        "store": "postgresql" if vendor == "postgresql" else "sqlite",
        "database_url": url or f"sqlite:///{work_dir / 'helpdesk.sqlite3'}",
        "tickets": Ticket.objects.count(),
        "followups": FollowUp.objects.count(),
        "ticket_id_min": bounds["lo"],
        "ticket_id_max": bounds["hi"],
        "queue_id": queue.pk,
        "admin": {"username": "admin", "password": "admin"},
        "token": token,
        "session_cookie": cookie,
        "search_terms": search_terms(),
        "seed": args.seed,
        "followups_per_ticket": args.followups_per_ticket,
        "timings_s": {
            "migrate": round(migrated - started, 2),
            "insert": round(inserted - migrated, 2),
            "analyze": round(time.monotonic() - inserted, 2),
            "total": round(time.monotonic() - started, 2),
        },
    }
    (work_dir / "manifest.json").write_text(json.dumps(manifest, indent=2))
    print(json.dumps(manifest))


if __name__ == "__main__":
    main()
