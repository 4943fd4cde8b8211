"""Small helpers shared by the test suites of both environments (standard library only)."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Optional


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, timeout: float, proc: subprocess.Popen) -> None:
    """Wait until `url` answers; fail at once if the process that should serve it exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{Path(str(proc.args[0])).name} exited while starting ({url})")
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(url)


def stop(proc: Optional[subprocess.Popen]) -> None:
    """SIGTERM, then SIGKILL after 20 s."""
    if proc and proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# The machine's Redis (TEST_REDIS_PORT); tests that need it call machine_redis() first.
MACHINE_REDIS = ("127.0.0.1", int(os.environ.get("TEST_REDIS_PORT", "6379")))


def machine_redis() -> tuple[str, int]:
    """The machine's Redis as (host, port), or skip saying why (a user's machine may have none)."""
    import pytest
    import redis

    try:
        redis.Redis(host=MACHINE_REDIS[0], port=MACHINE_REDIS[1], socket_timeout=1).ping()
    except Exception as error:  # noqa: BLE001 - any failure to connect means: not here
        pytest.skip(f"no Redis at {MACHINE_REDIS[0]}:{MACHINE_REDIS[1]}: {type(error).__name__}")
    return MACHINE_REDIS


def machine_postgres() -> str:
    """The machine's PostgreSQL test database (TEST_POSTGRES_URL), or skip saying why.

    A user's machine may have none: the test says so and the rest of the suite runs.
    """
    import pytest
    import sqlalchemy as sa

    url = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
    try:
        sa.create_engine(url).connect().close()
    except Exception as error:  # noqa: BLE001 - any failure to connect means: not here
        pytest.skip(f"no PostgreSQL at {url.split('@')[-1]}: {type(error).__name__}")
    return url
