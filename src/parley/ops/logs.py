"""Structured logs for the server and the worker (``PARLEY_LOG_FORMAT``: text or json).

Every line has the time (UTC, ISO 8601 with milliseconds), the level, the logger and the
message; fields given as ``extra={"fields": {...}}`` follow as ``key=value`` (text) or
as keys of the JSON object (json). The handler goes on the ``parley`` logger, once.
Secrets are never passed as fields (tokens are not logged at all).
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any

FORMATS = ("text", "json")


def _time(record: logging.LogRecord) -> str:
    stamp = datetime.fromtimestamp(record.created, UTC)
    return stamp.strftime("%Y-%m-%dT%H:%M:%S.") + f"{stamp.microsecond // 1000:03d}Z"


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    fields = getattr(record, "fields", None)
    return dict(fields) if isinstance(fields, dict) else {}


def _plain(value: Any) -> str:
    text = str(value)
    return json.dumps(text) if (not text or any(c in text for c in ' "=\n')) else text


class TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        parts = [_time(record), record.levelname, record.name, record.getMessage()]
        parts += [f"{key}={_plain(value)}" for key, value in _fields(record).items()]
        line = " ".join(parts)
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": _time(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            **_fields(record),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


class _ParleyHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Marks the handler this module installs, so configuring again replaces it."""


def configure(level: str, fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"PARLEY_LOG_FORMAT must be one of {', '.join(FORMATS)}")
    logger = logging.getLogger("parley")
    for handler in [h for h in logger.handlers if isinstance(h, _ParleyHandler)]:
        logger.removeHandler(handler)
    handler = _ParleyHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    logger.addHandler(handler)
    logger.setLevel(level.upper())
