"""The directory where the server processes of one ``parley serve --workers N`` keep their
metrics, so that ``/metrics`` answered by any of them counts the requests of all
(prometheus-client's multiprocess mode). This module must not import prometheus_client:
the client reads ``PROMETHEUS_MULTIPROC_DIR`` once, when it is first imported, and the
server processes are forked from the process that calls ``share_between_processes``."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

MULTIPROCESS_ENV = "PROMETHEUS_MULTIPROC_DIR"


def share_between_processes(folder: Path) -> None:
    """Make the server processes about to start write their counters to ``folder``
    (emptied first: the counts of an earlier run are not this one's), unless the operator
    set ``PROMETHEUS_MULTIPROC_DIR`` already."""
    if os.environ.get(MULTIPROCESS_ENV):
        return
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    os.environ[MULTIPROCESS_ENV] = str(folder)
