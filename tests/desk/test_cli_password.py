"""``parley agents set-password``, run as a real process: the password comes from
standard input and works at the desk's sign-in."""

from __future__ import annotations

from typing import Any

from fixtures.desk import Browser, new_agent, run_set_password


def test_set_password_from_standard_input(harness: Any) -> None:
    api = harness.api("CLI org")
    _, email = new_agent(api)
    url = harness.settings.database_url
    done = run_set_password(url, api.org.id, email, "a strong password\n")
    assert done.returncode == 0, done.stderr
    assert "a strong password" not in done.stdout + done.stderr
    b = Browser(harness)
    assert b.sign_in(email, "a strong password").status_code == 303
    short = run_set_password(url, api.org.id, email, "short\n")
    assert short.returncode != 0 and "8 to 1024 characters" in short.stderr
    nobody = run_set_password(url, api.org.id, "nobody@example.com", "long enough pw\n")
    assert nobody.returncode != 0 and "No agent with this email" in nobody.stderr
