"""``parley agents set-password``, run as a real process: the password comes from
standard input and works at the desk's sign-in."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from desk.conftest import Browser, new_agent

PARLEY = str(Path(sys.executable).parent / "parley")


def _set_password(url: str, org_id: str, email: str, stdin: str) -> Any:
    return subprocess.run(
        [PARLEY, "agents", "set-password", "--org", org_id, email],
        input=stdin,
        env=dict(os.environ, PARLEY_DATABASE_URL=url),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_set_password_from_standard_input(harness: Any) -> None:
    api = harness.api("CLI org")
    _, email = new_agent(api)
    url = harness.settings.database_url
    done = _set_password(url, api.org.id, email, "a strong password\n")
    assert done.returncode == 0, done.stderr
    assert "a strong password" not in done.stdout + done.stderr
    b = Browser(harness)
    assert b.sign_in(email, "a strong password").status_code == 303
    short = _set_password(url, api.org.id, email, "short\n")
    assert short.returncode != 0 and "8 to 1024 characters" in short.stderr
    nobody = _set_password(url, api.org.id, "nobody@example.com", "long enough pw\n")
    assert nobody.returncode != 0 and "No agent with this email" in nobody.stderr
