"""The served process's interpreter settings, applied once where it builds its app
(``app.asgi_factory``); tests, which build many apps in one process, keep the defaults.

- The heap after start-up, out of the cyclic garbage collector's way. Python's collector
  walks every tracked object of the oldest generation on each full collection: after
  start-up that is the modules, the routes, the OpenAPI models and the framework's tables
  (about 145,000 objects), none of them ever garbage, and a full collection then took
  90-220 ms in the middle of a request (measured on the note write path at the large
  scale, two searchers beside it). ``settle`` collects once and freezes what is left
  (``gc.freeze``): full collections walk only what the process allocated since.
- The GIL's switch interval at 0.1 ms instead of 5 ms. The event loop lets the GIL go on
  every SQLite statement; when a search's worker thread (or granian's) takes it meanwhile,
  the loop waits up to the switch interval to get it back, on each statement of a write.
  In two side-by-side runs beside two searchers (load average 5-9), 0.5 ms took a note's
  p99 from 41-139 to 17-42 ms and searches/s up by 10-40%. Since a search reads a page's
  highlights in two statements (not two per hit), its worker thread holds the GIL in
  longer runs of Python; 0.1 ms against 0.5 ms gave a lower note p99 beside searches in
  two side-by-side runs (by 9-30%, within the rounds' spread in part), searches/s and the
  `GET` conversation throughput unchanged (``bench/RESULTS.md``).
"""

from __future__ import annotations

import gc
import sys

SWITCH_INTERVAL_S = 0.0001


def settle() -> None:
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    gc.collect()
    gc.freeze()
