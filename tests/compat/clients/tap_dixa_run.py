"""Run the published tap-dixa 1.0.10 (Singer tap) against Parley.

Run by .venv/clients/tap-dixa/bin/python with PARLEY_BASE_URL; the arguments are the
tap's own (`--config FILE [--discover | --catalog FILE]`).

tap-dixa cannot be pointed at another host without modification: its two base URLs are
hard-coded in the enum `tap_dixa.helpers.DixaURL` (INTEGRATIONS = https://dev.dixa.io,
EXPORTS = https://exports.dixa.io), copied into each stream class at import, and compared
by value in `Client._set_auth_header` to choose the auth style. There is no config key
or environment variable for them, and a proxy cannot help since both are HTTPS. So this
runner imports the tap unchanged, substitutes those two constants in memory (the enum
and the streams' `base_url` copies) and then calls the tap's own `main()`: discovery,
the token probe, sync, paging, auth headers, parsing and Singer output are the tap's
code. INTEGRATIONS becomes PARLEY_BASE_URL and EXPORTS the same server spelled with
`localhost`, so the two stay distinct and the tap keeps choosing raw auth for the
activity log and `Basic base64("bearer:<token>")` for the Exports API.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from urllib.parse import urlsplit, urlunsplit

import tap_dixa
from tap_dixa.streams import STREAMS

integrations = os.environ["PARLEY_BASE_URL"].rstrip("/")
parts = urlsplit(integrations)
exports = urlunsplit(parts._replace(netloc=f"localhost:{parts.port}"))

DixaURL = Enum("DixaURL", {"EXPORTS": exports, "INTEGRATIONS": integrations})
# By module object: the package attribute `tap_dixa.discover` is the function.
for name in ("tap_dixa.helpers", "tap_dixa.client", "tap_dixa.discover"):
    sys.modules[name].DixaURL = DixaURL
for stream in STREAMS.values():
    stream.base_url = {
        "https://dev.dixa.io": integrations,
        "https://exports.dixa.io": exports,
    }[stream.base_url]

sys.argv = ["tap-dixa", *sys.argv[1:]]
tap_dixa.main()
