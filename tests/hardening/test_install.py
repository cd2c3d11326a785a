"""Installable: a wheel carries its migrations and runs outside a source checkout;
concurrent upgrades are safe; ``parley --version``."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import sysconfig
import time
from pathlib import Path
from typing import Any

import httpx

from parley import __version__

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run(cmd: list[str], env: dict[str, str], cwd: Path, timeout: float = 180) -> str:
    done = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{cmd}: {done.stdout}\n{done.stderr}"
    return done.stdout


def _clean_env(**extra: str) -> dict[str, str]:
    """No PYTHONPATH and no PARLEY_ settings: only the installed wheel is used."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH" and not k.startswith("PARLEY_")}
    env.update(extra)
    return env


def test_the_wheel_installs_migrates_and_serves(tmp_path: Path) -> None:
    env = _clean_env()
    wheels = tmp_path / "wheels"
    _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
        env,
        tmp_path,
    )
    (wheel,) = wheels.glob("parley-*.whl")
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], env, tmp_path)
    bin_dir = venv / "bin"
    purelib = Path(
        _run(
            [
                str(bin_dir / "python"),
                "-c",
                "import sysconfig; print(sysconfig.get_path('purelib'))",
            ],
            env,
            tmp_path,
        ).strip()
    )
    # The dependencies come from this environment's site-packages (added as a plain path,
    # after the new environment's own, so its editable Parley is not picked up).
    (purelib / "shared-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    pip = [sys.executable, "-m", "pip", "--python", str(bin_dir / "python")]
    _run([*pip, "install", "--no-deps", "--no-index", "-q", str(wheel)], env, tmp_path)

    where = _run(
        [str(bin_dir / "python"), "-c", "import parley; print(parley.__file__)"], env, tmp_path
    )
    assert where.startswith(str(venv)), where
    assert __version__ in _run([str(bin_dir / "parley"), "--version"], env, tmp_path)
    url = f"sqlite:///{tmp_path / 'data' / 'parley.db'}"
    served = _clean_env(PARLEY_DATABASE_URL=url, PARLEY_DATA_DIR=str(tmp_path / "data"))
    assert "up to date" in _run([str(bin_dir / "parley"), "db", "upgrade"], served, tmp_path)
    port = _free_port()
    log = tmp_path / "server.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [str(bin_dir / "parley"), "serve", "--port", str(port)],
            env=served,
            cwd=tmp_path,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        body = _wait_ready(f"http://127.0.0.1:{port}/ready", server, log)
        assert body["status"] == "ready" and body["migrations"]["pending"] == []
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_ready(url: str, server: subprocess.Popen[bytes], log: Path) -> Any:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, log.read_text()
        try:
            r = httpx.get(url, timeout=2)
            if r.status_code == 200:
                return r.json()
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError("the server did not become ready")


def test_two_upgrades_at_once_on_postgresql(fresh_pg_url: str, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PARLEY_DATABASE_URL": fresh_pg_url}
    cmd = [sys.executable, "-c", "from parley.cli import main; main()", "db", "upgrade"]
    procs = [
        subprocess.Popen(cmd, env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(3)
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
        assert b"up to date" in out


def test_version() -> None:
    out = subprocess.run(
        [sys.executable, "-c", "from parley.cli import main; main()", "--version"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        check=True,
    ).stdout
    assert out.strip() == f"parley, version {__version__}"
