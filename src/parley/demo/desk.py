"""The demo organisation's desk sign-in: its first agent gets a random password, kept in
the data directory (mode 0600, as the demo token is) so later starts show it again."""

from __future__ import annotations

import json
import secrets
from pathlib import Path

from parley.config import Settings
from parley.demo import content
from parley.desk.auth import PasswordCost, set_password
from parley.kit.clock import now_ms
from parley.store import Database


async def desk_login(db: Database, settings: Settings, org_id: str) -> tuple[str, str]:
    """(email, password) of the demo agent, setting the password on first use."""
    path = Path(settings.data_dir) / "demo-desk.json"
    email = content.AGENTS[0][1]
    if path.exists():
        saved = json.loads(path.read_text())
        if saved.get("orgId") == org_id and saved.get("email") == email:
            return email, str(saved["password"])
    password = secrets.token_urlsafe(12)
    async with db.transaction() as tx:
        await set_password(tx, org_id, email, password, now_ms(), PasswordCost.of(settings))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"orgId": org_id, "email": email, "password": password}))
    path.chmod(0o600)
    return email, password
