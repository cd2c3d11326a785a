"""Stoplight Prism (npm ``@stoplight/prism-cli``, pinned) as a stateless mock of Parley.

Prism is installed with npm into ``.bench/node/`` (no global install) and serves
Parley's own ``/openapi.json``, saved to a file, with static examples (its default) and
request logging at ``error`` level so that logging does not dominate its numbers.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import urllib.request
from pathlib import Path

PRISM_VERSION = "5.14.2"
PACKAGE = f"@stoplight/prism-cli@{PRISM_VERSION}"


class PrismUnavailable(RuntimeError):
    pass


def binary(root: Path) -> Path:
    return root / "node_modules" / ".bin" / "prism"


def installed_version(root: Path) -> str | None:
    pkg = root / "node_modules" / "@stoplight" / "prism-cli" / "package.json"
    if not pkg.exists():
        return None
    return str(json.loads(pkg.read_text()).get("version"))


def install(root: Path) -> Path:
    """Install the pinned Prism under ``root`` (once) and return its executable."""
    if installed_version(root) == PRISM_VERSION and binary(root).exists():
        return binary(root)
    if shutil.which("npm") is None or shutil.which("node") is None:
        raise PrismUnavailable("node and npm are needed for Prism (Debian: apt-get install npm)")
    root.mkdir(parents=True, exist_ok=True)
    print(f"  installing {PACKAGE} into {root}", flush=True)
    r = subprocess.run(
        [
            "npm",
            "install",
            "--prefix",
            str(root),
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            PACKAGE,
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    if r.returncode != 0 or installed_version(root) != PRISM_VERSION:
        raise PrismUnavailable(f"npm install {PACKAGE} failed: {r.stderr.strip()[-1500:]}")
    return binary(root)


def node_version() -> str:
    try:
        return subprocess.run(
            ["node", "--version"], capture_output=True, text=True, timeout=10
        ).stdout.strip()
    except FileNotFoundError:
        return "missing"


def save_openapi(parley_base_url: str, path: Path) -> Path:
    """Save the running Parley server's ``/openapi.json`` to ``path``."""
    with urllib.request.urlopen(parley_base_url + "/openapi.json", timeout=30) as resp:
        doc = json.loads(resp.read())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc))
    return path


def argv(executable: Path, document: Path, port: int) -> list[str]:
    return [
        str(executable),
        "mock",
        "-h",
        "127.0.0.1",
        "-p",
        str(port),
        "-v",
        "error",
        str(document),
    ]
