"""Per-client rate limits (by logged-in user, else client IP), with the `limits` library."""
from __future__ import annotations

import math
import time

from limits import RateLimitItem, parse, storage, strategies

from .errors import RateLimited

__all__ = ["RateLimited", "RateLimiter"]


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
            raise RateLimited(_describe(self._item), max(1, math.ceil(reset - time.time())))


def _describe(item: RateLimitItem) -> str:
    """`30 requests a minute`, or the limits syntax for anything less plain."""
    return f"{item.amount} requests a {item.GRANULARITY.name}" if item.multiples == 1 else str(item)
