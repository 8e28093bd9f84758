"""A small progress bar for long management commands (demo data, reindexing)."""

from __future__ import annotations

import sys
import time


class Progress:
    """Prints `label: done/total (pct) rate/s` on one line, at most a few times a second."""

    def __init__(self, label: str, total: int, stream=None, min_interval: float = 0.2):
        self.label = label
        self.total = max(total, 0)
        self.done = 0
        self.stream = stream or sys.stdout
        self.started = time.monotonic()
        self._last = 0.0
        self.min_interval = min_interval
        self._tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self._finished = False

    def advance(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if now - self._last >= self.min_interval or self.done >= self.total:
            self._last = now
            self._print(final=False)

    def _line(self) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-6)
        pct = f"{100 * self.done / self.total:5.1f}%" if self.total else "  -  "
        return f"{self.label}: {self.done}/{self.total} {pct} {self.done / elapsed:,.0f}/s"

    def _print(self, final: bool) -> None:
        if self._finished:
            return
        if self._tty:
            self.stream.write("\r" + self._line() + ("\n" if final else ""))
        elif final or self.done == 1:
            self.stream.write(self._line() + "\n")
        self.stream.flush()

    def finish(self) -> None:
        self._print(final=True)
        self._finished = True

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.finish()
