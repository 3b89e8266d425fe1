"""The two commands an operator starts with: `twofold demo` and `twofold serve`."""

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.xdist_group("cli")


def operator_env(data: Path) -> dict[str, str]:
    """The environment of an operator's shell: only the data folder set, on SQLite."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TWOFOLD_", "DATABASE_URL", "DJANGO_"))}
    env["TWOFOLD_DATA"] = str(data)
    return env


def demo_no_serve(data: Path) -> str:
    command = [sys.executable, "-m", "twofold.cli", "demo", "--no-serve"]
    done = subprocess.run(command, env=operator_env(data), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float = 30) -> int:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback only)
                return response.status
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def table_counts(database: Path) -> dict[str, int]:
    with sqlite3.connect(database) as connection:
        tables = ["accounts_user", "couples_couple", "couples_membership", "couples_invite"]
        return {table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in tables}  # noqa: S608


def test_demo_builds_a_working_database_then_serve_answers(tmp_path):
    data = tmp_path / "data"
    output = demo_no_serve(data)
    assert "robin@demo.twofold.test" in output and "password:" in output
    counts = table_counts(data / "twofold.sqlite3")
    assert counts["accounts_user"] == 2 and counts["couples_membership"] == 2
    assert (data / "secret_key").stat().st_mode & 0o777 == 0o600

    assert demo_no_serve(data) == output  # running it again is safe and changes nothing
    assert table_counts(data / "twofold.sqlite3") == counts

    port = free_port()
    with open(tmp_path / "serve.log", "w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "twofold.cli", "serve", "--port", str(port)],
            env=operator_env(data),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            assert wait_for(f"http://127.0.0.1:{port}/") == 200
            assert wait_for(f"http://127.0.0.1:{port}/api/v1/openapi.json") == 200
        finally:
            server.send_signal(signal.SIGTERM)
            started = time.monotonic()
            server.wait(timeout=15)
            stopped_in = time.monotonic() - started
    assert stopped_in < 8, (tmp_path / "serve.log").read_text()
    # Web, worker and tick all stopped with the supervisor.
    leftover = subprocess.run(["pgrep", "-s", str(server.pid)], capture_output=True, text=True)
    assert leftover.stdout.strip() == ""
