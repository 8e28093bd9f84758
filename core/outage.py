"""Outage tracking per dependency: fail fast while it is down, probe it, log once each way.

A process learns that Redis or PostgreSQL is down when a call fails. From then on, callers
ask ``available()`` first: while the service is down it says yes to one caller per
``retry`` seconds (the probe) and no to everyone else, so a request does not wait for a
refused or timed-out connection several times over. The first failure of an outage is
logged as a warning with its cause, the first success after it as the end of the outage
with its duration, and nothing in between: one line each way, however many requests ran.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

logger = logging.getLogger("samendenk.outage")


class Outage:
    """The availability of one dependency as this process sees it."""

    def __init__(self, name: str, *, retry: float = 1.0):
        self.name = name
        self.retry = retry
        self.down_since: float | None = None
        self.cause = ""
        self._next_probe = 0.0
        self._lock = threading.Lock()
        self._recovery: list[Callable[[], None]] = []

    @property
    def is_down(self) -> bool:
        return self.down_since is not None

    def on_recovery(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` (in the thread that saw the service return) after each outage."""
        self._recovery.append(callback)

    def available(self) -> bool:
        """Whether to call the service now: always while it is up, once per ``retry``
        seconds (a probe) while it is down."""
        if self.down_since is None:
            return True
        now = time.monotonic()
        with self._lock:
            if now >= self._next_probe:
                self._next_probe = now + self.retry
                return True
        return False

    def failed(self, error: BaseException) -> None:
        now = time.monotonic()
        with self._lock:
            self._next_probe = now + self.retry
            if self.down_since is not None:
                return
            self.down_since = now
            self.cause = f"{type(error).__name__}: {error}"
        logger.warning(
            "%s unavailable (%s); degraded until it answers again", self.name, self.cause
        )

    def succeeded(self) -> None:
        if self.down_since is None:  # the common case, without taking the lock
            return
        with self._lock:
            if self.down_since is None:
                return
            seconds = time.monotonic() - self.down_since
            self.down_since = None
            self.cause = ""
        logger.warning("%s available again after %.1f s", self.name, seconds)
        for callback in self._recovery:
            try:
                callback()
            except Exception:
                logger.exception("%s: catching up after the outage failed", self.name)
