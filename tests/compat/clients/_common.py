"""Shared by the client scripts (stdlib + requests only; runs in each client's venv).

Every step runs in `Recorder.step`, so one failing call does not hide the others: the
script always prints one JSON object `{step: {"ok": true, "value": ...} | {"ok": false,
"error": "..."}}` on its last stdout line, and the pytest side asserts per step.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections.abc import Callable
from typing import Any

import requests

BASE_URL = os.environ["PARLEY_BASE_URL"].rstrip("/")
TOKEN = os.environ["PARLEY_TOKEN"]


class Recorder:
    def __init__(self) -> None:
        self.results: dict[str, Any] = {}

    def step(self, name: str, fn: Callable[[], Any]) -> Any:
        try:
            value = fn()
        except Exception as exc:
            self.results[name] = {
                "ok": False,
                "error": f"{type(exc).__name__}: {exc}"[:1500],
                "trace": traceback.format_exc()[-1500:],
            }
            return None
        self.results[name] = {"ok": True, "value": value}
        return value

    def done(self) -> None:
        sys.stdout.write("\n" + json.dumps(self.results, default=str) + "\n")
        sys.stdout.flush()


def http(method: str, path: str, body: Any = None, **params: Any) -> Any:
    """Plain HTTP, only for what a client has no method for. Returns the JSON (or None)."""
    r = requests.request(
        method,
        BASE_URL + path,
        json=body,
        params=params or None,
        headers={"Authorization": TOKEN},
        timeout=30,
    )
    if r.status_code >= 400:
        raise RuntimeError(f"{method} {path} -> {r.status_code}: {r.text[:500]}")
    return r.json() if r.content else None
