"""Bounded load for a fault row: API writers at a fixed rate and page readers, every answer
recorded with its time, so a row can count what happened before, during and after a fault."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import httpx


@dataclass
class Answer:
    at: float  # seconds since the load started
    what: str  # "post", "home", "api", "thread", "search"
    status: int  # HTTP status; 0 for no answer (connection error, timeout)
    seconds: float
    post_id: int | None = None


@dataclass
class Load:
    """``rate`` posts a second over all writers; readers read as fast as they are answered,
    with a pause, for ``duration`` seconds at most."""

    base: str
    tokens: list[str]
    thread: int
    session: str
    rate: float = 8.0
    readers: tuple[str, ...] = ("home", "api", "thread")
    timeout: float = 15.0
    answers: list[Answer] = field(default_factory=list)
    started: float = 0.0
    _stop: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def now(self) -> float:
        return time.monotonic() - self.started

    def _record(self, answer: Answer) -> None:
        with self._lock:
            self.answers.append(answer)

    def _request(self, client: httpx.Client, what: str, method: str, url: str, **kwargs):
        started = time.monotonic()
        at = self.now()
        try:
            response = client.request(method, url, **kwargs)
        except httpx.HTTPError:
            self._record(Answer(at, what, 0, time.monotonic() - started))
            return None
        answer = Answer(at, what, response.status_code, time.monotonic() - started)
        if what == "post" and response.status_code == 201:
            answer.post_id = response.json().get("id")
        self._record(answer)
        return response

    def _writer(self, token: str, interval: float, offset: float) -> None:
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=self.base, timeout=self.timeout, headers=headers) as client:
            n = 0
            next_at = self.started + offset
            while not self._stop.is_set():
                pause = next_at - time.monotonic()
                if pause > 0 and self._stop.wait(pause):
                    break
                n += 1
                body = {"body": f"Bericht {n} van de storingsproef ({token[-6:]})"}
                self._request(client, "post", "POST", f"/api/threads/{self.thread}/posts",
                              json=body)  # fmt: skip
                next_at += interval

    def _reader(self, what: str) -> None:
        paths = {
            "home": "/",
            "api": "/api/groups",
            "thread": f"/denkgroepen/onderwerp/{self.thread}/",
            "search": "/zoeken/?q=storingsproef",
        }
        cookies = {"sessionid": self.session} if what in ("thread", "search") else {}
        with httpx.Client(base_url=self.base, timeout=self.timeout, cookies=cookies) as client:
            while not self._stop.is_set():
                self._request(client, what, "GET", paths[what])
                self._stop.wait(0.2)

    def start(self) -> None:
        self.started = time.monotonic()
        interval = len(self.tokens) / self.rate
        stagger = interval / len(self.tokens)
        threads = [
            threading.Thread(target=self._writer, args=(token, interval, n * stagger))
            for n, token in enumerate(self.tokens)
        ] + [threading.Thread(target=self._reader, args=(what,)) for what in self.readers]
        self._threads = threads
        for thread in threads:
            thread.daemon = True
            thread.start()

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=self.timeout + 5)

    # --- figures ------------------------------------------------------------------------

    def between(self, start: float, end: float, what: str | None = None) -> list[Answer]:
        return [a for a in self.answers if start <= a.at < end and (what is None or a.what == what)]

    def acknowledged(self) -> set[int]:
        return {a.post_id for a in self.answers if a.post_id}

    def statuses(self, answers: list[Answer]) -> dict[int, int]:
        counts: dict[int, int] = {}
        for answer in answers:
            counts[answer.status] = counts.get(answer.status, 0) + 1
        return dict(sorted(counts.items()))
