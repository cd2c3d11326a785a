"""The ``mail`` fixture: Parley's listener and a local relay for one test
(``fixtures.mail.Mail``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from fixtures.mail import Mail, RelayHandler, free_port


@pytest.fixture
def mail(harness: Any) -> Iterator[Mail]:
    handler = RelayHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    kit = Mail(harness, handler, port)
    try:
        yield kit
    finally:
        kit.close()
        controller.stop()
