"""Installable: a wheel carries its migrations and runs outside a source checkout;
concurrent upgrades are safe; ``parley --version``."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

from fixtures.hardening import installed_env, run_ok, wait_ready
from fixtures.harness import free_port
from parley import __version__

ROOT = Path(__file__).resolve().parents[2]


def test_the_wheel_installs_migrates_and_serves(tmp_path: Path) -> None:
    env = installed_env()
    wheels = tmp_path / "wheels"
    run_ok(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
        env,
        tmp_path,
    )
    (wheel,) = wheels.glob("parley-*.whl")
    venv = tmp_path / "venv"
    run_ok([sys.executable, "-m", "venv", "--without-pip", str(venv)], env, tmp_path)
    bin_dir = venv / "bin"
    purelib = Path(
        run_ok(
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
    run_ok([*pip, "install", "--no-deps", "--no-index", "-q", str(wheel)], env, tmp_path)

    where = run_ok(
        [str(bin_dir / "python"), "-c", "import parley; print(parley.__file__)"], env, tmp_path
    )
    assert where.startswith(str(venv)), where
    assert __version__ in run_ok([str(bin_dir / "parley"), "--version"], env, tmp_path)
    url = f"sqlite:///{tmp_path / 'data' / 'parley.db'}"
    served = installed_env(PARLEY_DATABASE_URL=url, PARLEY_DATA_DIR=str(tmp_path / "data"))
    assert "up to date" in run_ok([str(bin_dir / "parley"), "db", "upgrade"], served, tmp_path)
    port = free_port()
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
        body = wait_ready(f"http://127.0.0.1:{port}/ready", server, log)
        assert body["status"] == "ready" and body["migrations"]["pending"] == []
    finally:
        server.terminate()
        server.wait(timeout=30)


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
