"""Django's Redis cache, degrading instead of failing when Redis does not answer.

What reads the cache (the page cache, cached sessions, rendered fragments, synonyms) treats
a miss as "compute it", so while Redis is down every read is a miss and every write is
skipped: pages are rendered uncached and sessions are read from the database
(``cached_db``), never a 500. Two things make that safe and complete:

- **Nothing stale survives the outage.** A write that could not reach Redis (a page-cache
  generation bump, a session deleted at log-out, a fragment replaced) leaves an older value
  there. The keys of such writes are remembered and deleted as soon as Redis answers again
  (the first success ends the outage), so a logged-out session or an old page cannot come
  back from a Redis that kept its data. If more keys failed than are remembered, every key
  of this cache's prefix is deleted instead.
- **Counters that guard abuse keep counting.** Keys with a prefix in ``LOCAL_PREFIXES``
  (allauth's log-in and sign-up rate limits) fall back to a small in-process cache: each
  process then limits on its own, which allows at most a few times the normal rate
  instead of none at all.

Calls are skipped without trying while Redis is known to be down (core.outage: one probe
a second), so a request does not pay a connection attempt per cache call. Connection and
socket timeouts belong in ``OPTIONS`` (settings: ``REDIS_TIMEOUT``): without them a Redis
that hangs instead of refusing would hang every request.
"""

from __future__ import annotations

import threading

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

from .outage import Outage

# Keys of allauth's rate limits (allauth.core.internal.ratelimit) and their locks.
LOCAL_PREFIXES = ("allauth:rl:",)
# Keys whose writes failed, deleted when Redis returns; beyond this, the whole prefix is.
REMEMBERED_KEYS = 10_000


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        retry = float(options.pop("outage_retry", 1.0))
        super().__init__(server, {**params, "OPTIONS": options})
        self.outage = Outage(f"Redis cache ({self.key_prefix or 'no prefix'})", retry=retry)
        self.outage.on_recovery(self._forget_failed_writes)
        self._failed: set[tuple[str, int | None]] = set()
        self._failed_overflow = False
        self._failed_lock = threading.Lock()
        self._local = LocMemCache(f"resilient-fallback-{id(self)}", {"MAX_ENTRIES": 10_000})

    # --- the guard ---------------------------------------------------------------------

    def _call(self, method: str, args: tuple, kwargs: dict, *, writes=(), degraded=None):
        """Call RedisCache's ``method``; on a Redis error note the outage, remember the
        keys it was writing, and return ``degraded()`` instead."""
        if self.outage.available():
            try:
                if self.outage.is_down:
                    # The probe: ping first, so the clean-up after the outage runs
                    # before this call reads what may be stale.
                    self._cache.get_client(write=True).ping()
                    self.outage.succeeded()
                result = getattr(super(), method)(*args, **kwargs)
            except RedisError as error:
                self.outage.failed(error)
                self._remember(writes, kwargs.get("version"))
            else:
                self.outage.succeeded()
                return result
        else:
            self._remember(writes, kwargs.get("version"))
        return degraded() if degraded is not None else None

    def _remember(self, keys, version) -> None:
        keys = [k for k in keys if not _local(k)]
        if not keys:
            return
        with self._failed_lock:
            if len(self._failed) + len(keys) > REMEMBERED_KEYS:
                self._failed_overflow = True
                self._failed.clear()
            elif not self._failed_overflow:
                self._failed.update((key, version) for key in keys)

    def _forget_failed_writes(self) -> None:
        """Delete what may be stale in Redis after writes that did not reach it."""
        with self._failed_lock:
            failed, self._failed = self._failed, set()
            overflow, self._failed_overflow = self._failed_overflow, False
        try:
            if overflow:
                client = self._cache.get_client(write=True)
                # Django's keys are "<prefix>:<version>:<key>", also with no prefix.
                pattern = f"{self.key_prefix}:*"
                for batch in _batches(client.scan_iter(match=pattern, count=1000), 1000):
                    client.delete(*batch)
            by_version: dict[int | None, list[str]] = {}
            for key, version in failed:
                by_version.setdefault(version, []).append(key)
            for version, keys in by_version.items():
                RedisCache.delete_many(self, keys, version=version)
        except RedisError as error:
            # Gone again: keep the keys for the next recovery.
            with self._failed_lock:
                self._failed |= failed
                self._failed_overflow |= overflow
            self.outage.failed(error)

    # --- the cache API --------------------------------------------------------------

    def get(self, key, default=None, version=None):
        if _local(key) and self.outage.is_down:
            return self._local.get(key, default, version)
        return self._call("get", (key, default), {"version": version}, degraded=lambda: (
            self._local.get(key, default, version) if _local(key) else default
        ))  # fmt: skip

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if _local(key) and self.outage.is_down:
            return self._local.set(key, value, timeout, version)
        return self._call("set", (key, value, timeout), {"version": version}, writes=[key],
                          degraded=lambda: self._local.set(key, value, timeout, version)
                          if _local(key) else None)  # fmt: skip

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if _local(key) and self.outage.is_down:
            return self._local.add(key, value, timeout, version)
        # While down, "not added" is the cautious answer: nothing was stored.
        return self._call("add", (key, value, timeout), {"version": version}, writes=[key],
                          degraded=lambda: self._local.add(key, value, timeout, version)
                          if _local(key) else False)  # fmt: skip

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return bool(self._call("touch", (key, timeout), {"version": version}, writes=[key]))

    def delete(self, key, version=None):
        if _local(key):
            self._local.delete(key, version)  # a count kept here while Redis was down
        return bool(self._call("delete", (key,), {"version": version}, writes=[key]))

    def get_many(self, keys, version=None):
        keys = list(keys)
        return self._call("get_many", (keys,), {"version": version}, degraded=dict)

    def has_key(self, key, version=None):
        return bool(self._call("has_key", (key,), {"version": version}))

    def incr(self, key, delta=1, version=None):
        def missing():
            # Django's answer for a key that is not there; callers handle it.
            raise ValueError(f"Key '{key}' not available: Redis is down.")

        return self._call("incr", (key, delta), {"version": version}, writes=[key],
                          degraded=missing)  # fmt: skip

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        data = dict(data)
        failed = self._call("set_many", (data, timeout), {"version": version}, writes=list(data))
        return list(data) if failed is None else failed

    def delete_many(self, keys, version=None):
        keys = list(keys)
        self._call("delete_many", (keys,), {"version": version}, writes=keys)


def _local(key) -> bool:
    return isinstance(key, str) and key.startswith(LOCAL_PREFIXES)


def _batches(iterable, size):
    batch = []
    for item in iterable:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
