"""A bounded response cache, in memory, optionally mirrored to a directory.

Keys cover everything that shapes a description: the inputs, the model's fingerprint and the
prompt version. A directory that cannot be written never stops serving: it is reported and
the memory cache carries on.
"""
from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

from . import metrics

log = logging.getLogger(__name__)


def cache_key(**parts: Any) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


DISK_FACTOR = 4  # the disk cache holds up to this many times CACHE_SIZE entries


class ResponseCache:
    def __init__(self, max_entries: int = 256, directory: str | Path | None = None):
        self.max_entries = max_entries
        self.directory = Path(directory) if directory else None
        self._entries: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self.disk_error = ""
        if self.directory is not None:
            try:
                self.directory.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                self._disk_failed(exc)
        metrics.watch_cache_entries(lambda: len(self._entries))

    def __len__(self) -> int:
        return len(self._entries)

    def _disk_failed(self, exc: OSError) -> None:
        self.disk_error = f"{type(exc).__name__}: {exc.strerror or exc}"
        metrics.record_cache_error()
        log.warning("response cache directory unusable; caching in memory only", extra={"error": self.disk_error})

    def get(self, key: str) -> dict[str, Any] | None:
        if self.max_entries <= 0:
            return None
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
        if value is None and self.directory is not None and not self.disk_error:
            try:
                value = json.loads((self.directory / f"{key}.json").read_text())
            except (OSError, ValueError):  # not there, unreadable or not JSON: a miss
                value = None
            if value is not None:
                self._remember(key, value)
        metrics.record_cache_lookup(hit=value is not None)
        return value

    def put(self, key: str, value: dict[str, Any]) -> None:
        if self.max_entries <= 0:
            return
        self._remember(key, value)
        if self.directory is not None and not self.disk_error:
            try:
                (self.directory / f"{key}.json").write_text(json.dumps(value))
                self._evict_disk()
            except OSError as exc:
                self._disk_failed(exc)

    def _evict_disk(self) -> None:
        """Keep at most DISK_FACTOR x max_entries files on disk: the least recently written go first."""
        assert self.directory is not None
        files = sorted(self.directory.glob("*.json"), key=lambda path: path.stat().st_mtime)
        for path in files[: max(0, len(files) - DISK_FACTOR * self.max_entries)]:
            path.unlink(missing_ok=True)

    def _remember(self, key: str, value: dict[str, Any]) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
