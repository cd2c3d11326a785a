"""Imports every module that registers job handlers, so a worker knows all kinds."""

from __future__ import annotations

import importlib

TASK_MODULES: list[str] = [
    "parley.routing.tasks",
    "parley.anonymization.tasks",
    "parley.webhooks.tasks",
    "parley.mail.tasks",
    "parley.mail.imap_tasks",
]


def load_all() -> None:
    for module in TASK_MODULES:
        importlib.import_module(module)
