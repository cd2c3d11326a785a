"""The ``mail`` fixture: Parley's listener and a local relay for one test
(``fixtures.mail.Mail``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from fixtures.mail import Mail, running_mail


@pytest.fixture
def mail(harness: Any) -> Iterator[Mail]:
    with running_mail(harness) as kit:
        yield kit
