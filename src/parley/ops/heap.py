"""The server process's heap after start-up, out of the cyclic garbage collector's way.

Python's collector walks every tracked object of the oldest generation on each full
collection: after start-up that is the modules, the routes, the OpenAPI models and
the framework's tables (about 150,000 objects), none of them ever garbage, and a full
collection then took 50-120 ms in the middle of a request (measured on the note write
path at the large scale). ``settle`` collects once and freezes what is left
(``gc.freeze``): the collector ignores those objects from then on, and full collections
walk only what the process allocated since. Called once, where a served process builds its
app (``app.asgi_factory``); tests, which build many apps, leave their heap alone.
"""

from __future__ import annotations

import gc


def settle() -> None:
    gc.collect()
    gc.freeze()
