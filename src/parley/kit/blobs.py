"""Stored files opened for serving, a chunk at a time: a served file is never held in
memory whole.

Rules:
- a path comes from a stored row and is taken relative to the blob directory; one that
  resolves outside it (``..``, an absolute path, a link) is treated as missing;
- the file is opened when the blob is made, so a later deletion (anonymization) does not
  cut a download short, and its size is the opened file's (``fstat``);
- ``chunks`` reads ``CHUNK`` bytes at a time into one buffer in a worker thread (the event
  loop never waits for the disk) and copies each chunk out on the loop's thread, so the
  worker threads allocate nothing; it closes the file at the end, also when the client
  goes away mid-way.
"""

from __future__ import annotations

import io
import os
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import anyio

CHUNK = 256 * 1024


@dataclass
class Blob:
    """A stored file, opened for serving: its size when opened, and its bytes by
    ``chunks`` (which closes it)."""

    content_type: str
    name: str | None
    size: int
    file: io.BufferedReader

    async def chunks(self) -> AsyncIterator[bytes]:
        """The file's bytes, ``CHUNK`` at a time, then closed."""
        buffer = bytearray(CHUNK)
        view = memoryview(buffer)
        try:
            while size := await anyio.to_thread.run_sync(self.file.readinto, buffer):
                yield bytes(view[:size])
        finally:
            view.release()
            self.file.close()


def open_blob(root: Path, relative: str, content_type: str, name: str | None) -> Blob | None:
    """The file at ``relative`` under ``root``, opened; ``None`` when it is missing or
    would lead outside ``root``."""
    base = root.resolve()
    path = (base / relative).resolve()
    if not path.is_relative_to(base):
        return None
    try:
        file = path.open("rb")
    except OSError:
        return None
    return Blob(content_type, name, os.fstat(file.fileno()).st_size, file)
