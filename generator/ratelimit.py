"""Per-client rate limits (by logged-in user, else client IP), with the `limits` library."""
from __future__ import annotations

import math
import time

from limits import parse, storage, strategies


class RateLimited(ValueError):
    def __init__(self, limit: str, retry_after: int):
        super().__init__(f"Too many requests: the limit is {limit}. Try again in {retry_after} s.")
        self.retry_after = retry_after


class RateLimiter:
    def __init__(self, spec: str = "30/minute"):
        self.spec = spec
        self._item = parse(spec) if spec else None
        self._limiter = strategies.MovingWindowRateLimiter(storage.MemoryStorage())

    def check(self, client: str) -> None:
        """Count one request for `client`, or raise RateLimited saying when to retry."""
        if self._item is None:
            return
        if not self._limiter.hit(self._item, client):
            reset = self._limiter.get_window_stats(self._item, client).reset_time
            raise RateLimited(self._describe(), max(1, math.ceil(reset - time.time())))

    def _describe(self) -> str:
        amount, per = self._item.amount, self._item.GRANULARITY.name
        return f"{amount} requests a {per}" if self._item.multiples == 1 else str(self._item)
