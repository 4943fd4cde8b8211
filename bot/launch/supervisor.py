"""Starts the stack's services, restarts one that dies, and stops them all together.

A server that dies (a crash, an out-of-memory kill, someone's `kill`) is started again after a
back-off that doubles while it keeps dying (1 s, 2 s, 4 s ... at most 30 s) and resets once it
has stayed up a minute; each restart is logged with the service's name and exit code, never
anything it was handling. The other services go on serving meanwhile, and the gateway answers
by itself while Rasa is away (bot/web/fallback.py).
"""
from __future__ import annotations

import logging
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Optional

from bot.launch.services import Service

log = logging.getLogger("stodlotsen.launch")

FIRST_BACKOFF_S, MAX_BACKOFF_S, STABLE_S = 1.0, 30.0, 60.0


class StartFailed(RuntimeError):
    """A service exited, or did not answer in time, while the stack was starting."""


def wait_ready(service: Service, proc: subprocess.Popen, timeout: Optional[float] = None) -> None:
    if not service.ready:
        return
    deadline = time.monotonic() + (timeout or service.ready_timeout)
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise StartFailed(f"{service.name} exited with code {proc.returncode} while starting")
        try:
            urllib.request.urlopen(service.ready, timeout=2).close()
            return
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    raise StartFailed(f"{service.name} did not answer at {service.ready} in time")


@dataclass
class Running:
    service: Service
    proc: subprocess.Popen
    started: float
    log_file: Optional[IO[bytes]]
    backoff: float = FIRST_BACKOFF_S
    restarts: int = 0
    due: Optional[float] = None       # when a restart is due, after the back-off


@dataclass
class Supervisor:
    services: list[Service]
    log_dir: Optional[Path] = None    # each service's output in <name>.log; None: discarded
    restart: bool = True
    running: dict[str, Running] = field(default_factory=dict)
    _stopping: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _spawn(self, service: Service) -> Running:
        out: Optional[IO[bytes]] = None
        if self.log_dir:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            out = open(self.log_dir / f"{service.name}.log", "ab")
        proc = subprocess.Popen(list(service.argv), cwd=service.cwd, env=dict(service.env),
                                stdout=out or subprocess.DEVNULL, stderr=subprocess.STDOUT,
                                start_new_session=True)
        return Running(service, proc, time.monotonic(), out)

    def start(self) -> None:
        """Start every service in order, each answering before the next starts."""
        for service in self.services:
            running = self._spawn(service)
            self.running[service.name] = running
            try:
                wait_ready(service, running.proc)
            except StartFailed:
                self.stop()
                raise
            log.info("%s is up", service.name)

    def check(self) -> None:
        """One round of supervision: restart what died, after its back-off."""
        now = time.monotonic()
        with self._lock:
            for name, r in list(self.running.items()):
                if self._stopping.is_set() or r.proc.poll() is None:
                    if r.proc.poll() is None and now - r.started > STABLE_S:
                        r.backoff = FIRST_BACKOFF_S
                    continue
                if not self.restart:
                    continue
                if r.due is None:
                    r.due = now + r.backoff
                    log.warning("%s stopped (exit code %s); restarting in %.0f s",
                                name, r.proc.returncode, r.backoff)
                    continue
                if now < r.due:
                    continue
                if r.log_file:
                    r.log_file.close()
                fresh = self._spawn(r.service)
                fresh.restarts = r.restarts + 1
                fresh.backoff = min(r.backoff * 2, MAX_BACKOFF_S)
                self.running[name] = fresh
                log.warning("%s restarted (restart %d)", name, fresh.restarts)

    def watch(self, interval: float = 0.5) -> None:
        """Supervise until stop() is called (from a signal handler or another thread)."""
        while not self._stopping.wait(interval):
            self.check()

    def stop(self) -> None:
        """SIGTERM to every service (last started first), SIGKILL after 20 s."""
        self._stopping.set()
        with self._lock:
            procs = [r.proc for r in reversed(list(self.running.values()))]
            for proc in procs:
                if proc.poll() is None:
                    proc.send_signal(signal.SIGTERM)
            for proc in procs:
                try:
                    proc.wait(20)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
            for r in self.running.values():
                if r.log_file:
                    r.log_file.close()

    def pid(self, name: str) -> int:
        return self.running[name].proc.pid

    def restarts(self, name: str) -> int:
        return self.running[name].restarts
