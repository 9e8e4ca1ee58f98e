"""Helpers shared by the test services (workers, Prometheus, Alertmanager): free loopback
ports and waiting for a started process to become ready."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Callable

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_service(
    process: subprocess.Popen[bytes] | None,
    probe: Callable[[], bool],
    *,
    timeout: float,
    name: str,
    log_tail: Callable[[], str],
    interval: float = 0.2,
) -> None:
    """Poll `probe` until it holds; fail early, with the log, if the process exits first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is None or process.poll() is not None:
            code = process.returncode if process else None
            raise RuntimeError(f"{name} exited with {code}:\n{log_tail()}")
        try:
            if probe():
                return
        except httpx.HTTPError:
            pass
        time.sleep(interval)
    raise TimeoutError(f"{name} not ready after {timeout}s:\n{log_tail()}")
