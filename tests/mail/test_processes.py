"""The listener started by the app's lifespan (``parley serve``) and as ``parley smtp``."""

from __future__ import annotations

import os
import smtplib
import subprocess
import sys
from dataclasses import replace
from email import policy
from pathlib import Path
from typing import Any

from litestar.testing import TestClient

from fixtures.mail import Mail, free_port, message, wait_for_port
from parley.app import create_app

PARLEY = str(Path(sys.executable).parent / "parley")


def test_the_app_lifespan_runs_the_listener(mail: Mail, api: Any) -> None:
    to = mail.endpoint(api)
    port = free_port()
    settings = replace(mail.harness.settings, smtp_listen=f"127.0.0.1:{port}")
    raw = message(to).as_bytes(policy=policy.SMTP)
    with TestClient(create_app(settings)), smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
        assert client.sendmail("c@x.test", [to], raw) == {}
    assert [r[0] for r in mail.inbound(api.org.id)] == ["created"]
    with smtplib.SMTP() as client:  # stopped with the app
        try:
            client.connect("127.0.0.1", port)
            raise AssertionError("the listener outlived the app")
        except OSError:
            pass


def test_parley_smtp_runs_the_listener_as_a_process(mail: Mail, api: Any) -> None:
    to = mail.endpoint(api)
    port = free_port()
    env = dict(os.environ, PARLEY_DATABASE_URL=mail.harness.settings.database_url)
    env["PARLEY_DATA_DIR"] = str(mail.harness.settings.data_dir)
    proc = subprocess.Popen(
        [PARLEY, "smtp", "--listen", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for_port(port, proc)
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
            client.ehlo()
            client.mail("c@x.test")
            assert client.rcpt("unknown@nowhere.test")[0] == 550
            client.rset()
            raw = message(to).as_bytes(policy=policy.SMTP)
            assert client.sendmail("c@x.test", [to], raw) == {}
    finally:
        proc.terminate()
        proc.communicate(timeout=20)
    assert proc.returncode == 0
    assert [r[0] for r in mail.inbound(api.org.id)] == ["created"]
