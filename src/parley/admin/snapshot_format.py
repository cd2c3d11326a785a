"""The snapshot file format: an organisation's whole state as JSON Lines.

Version 1, one JSON value per line, UTF-8:

1. a header: ``{"format": "parley-snapshot", "version": 1, "schemaRevision": …,
   "exportedAt": …, "org": {<the orgs row>}}``;
2. for each table, a section: ``{"table": name, "columns": [...], "rows": n}`` followed by
   ``n`` lines, each a JSON array of one row's values in the order of ``columns``
   (binary values as ``{"$b64": …}``, booleans as ``true``/``false``, times as epoch
   milliseconds);
3. one line per attachment file: ``{"blob": <path under the blob directory>, "size": n,
   "data": <base64>}``;
4. the end: ``{"end": true, "tables": …, "rows": …, "blobs": …, "sha256": …}``, the
   SHA-256 of every byte before that line.

A file whose checksum, format or version does not match is refused as a whole.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from parley.errors import invalid_body

FORMAT = "parley-snapshot"
VERSION = 1


def _line(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode() + b"\n"


def encode_value(value: Any) -> Any:
    if isinstance(value, bytes | bytearray | memoryview):
        return {"$b64": base64.b64encode(bytes(value)).decode()}
    return value


def decode_value(value: Any) -> Any:
    if isinstance(value, dict) and "$b64" in value:
        return base64.b64decode(value["$b64"])
    return value


class Writer:
    """Writes a snapshot line by line through ``out``, hashing as it goes."""

    def __init__(self, out: Callable[[bytes], None]) -> None:
        self._out = out
        self._hash = hashlib.sha256()
        self.tables = self.rows = self.blobs = 0

    def _write(self, value: Any) -> None:
        data = _line(value)
        self._hash.update(data)
        self._out(data)

    def header(self, revision: str | None, exported_at: int, org: dict[str, Any]) -> None:
        self._write(
            {
                "format": FORMAT,
                "version": VERSION,
                "schemaRevision": revision,
                "exportedAt": exported_at,
                "org": org,
            }
        )

    def table(self, name: str, columns: list[str], rows: list[list[Any]]) -> None:
        self._write({"table": name, "columns": columns, "rows": len(rows)})
        for row in rows:
            self._write([encode_value(v) for v in row])
        self.tables += 1
        self.rows += len(rows)

    def blob(self, path: str, data: bytes) -> None:
        self._write({"blob": path, "size": len(data), "data": base64.b64encode(data).decode()})
        self.blobs += 1

    def end(self) -> None:
        summary = {"tables": self.tables, "rows": self.rows, "blobs": self.blobs}
        self._out(_line({"end": True, **summary, "sha256": self._hash.hexdigest()}))


@dataclass
class Section:
    table: str
    columns: list[str]
    rows: list[list[Any]]


@dataclass
class Snapshot:
    revision: str | None
    org: dict[str, Any]
    sections: list[Section] = field(default_factory=list)
    blobs: dict[str, bytes] = field(default_factory=dict)


def _bad(reason: str) -> Exception:
    return invalid_body(f"not a Parley snapshot: {reason}")


def _header(line: bytes) -> Snapshot:
    try:
        head = json.loads(line)
    except ValueError:
        raise _bad("the first line is not JSON") from None
    if not isinstance(head, dict) or head.get("format") != FORMAT:
        raise _bad("no snapshot header")
    if head.get("version") != VERSION:
        raise _bad(f"version {head.get('version')!r}, this server reads version {VERSION}")
    org = head.get("org")
    if not isinstance(org, dict) or not isinstance(org.get("id"), str):
        raise _bad("the header names no organisation")
    return Snapshot(head.get("schemaRevision"), org)


def _checked_lines(data: bytes) -> list[bytes]:
    """The lines before the end line, once its checksum matches them."""
    lines = data.splitlines(keepends=True)
    if len(lines) < 2:
        raise _bad("no end line (the file is cut short)")
    try:
        end = json.loads(lines[-1])
    except ValueError:
        raise _bad("no end line (the file is cut short)") from None
    if not isinstance(end, dict) or end.get("end") is not True:
        raise _bad("no end line (the file is cut short)")
    body = lines[:-1]
    digest = hashlib.sha256(b"".join(body)).hexdigest()
    if end.get("sha256") != digest:
        raise _bad("the checksum does not match (the file was changed or damaged)")
    return body


def parse(data: bytes) -> Snapshot:
    """Read a whole snapshot file; ``Invalid`` (400) when it is not one."""
    lines = _checked_lines(data)
    snapshot = _header(lines[0])
    i = 1
    try:
        while i < len(lines):
            item = json.loads(lines[i])
            i += 1
            if "table" in item:
                count = int(item["rows"])
                rows = [[decode_value(v) for v in json.loads(x)] for x in lines[i : i + count]]
                if len(rows) != count:
                    raise _bad(f"table {item['table']} is cut short")
                snapshot.sections.append(Section(item["table"], list(item["columns"]), rows))
                i += count
            elif "blob" in item:
                snapshot.blobs[str(item["blob"])] = base64.b64decode(item["data"])
            else:
                raise _bad(f"line {i} is neither a table nor a blob")
    except (ValueError, KeyError, TypeError):
        raise _bad(f"line {i} is not what the format says") from None
    return snapshot
