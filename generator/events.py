"""What the service streams: Partial text while a description is written, then one Result."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .product import Product, Style


@dataclass(frozen=True)
class Partial:
    """Text so far, while a description is being written."""

    text: str


@dataclass
class Result:
    """The final, checked description and its report."""

    text: str
    report: dict[str, Any]
    product: Product
    style: Style

    @property
    def timings(self) -> dict[str, float]:
        """Seconds spent on this answer: the cache lookup on a hit, else the whole generation."""
        cache = self.report.get("cache", {})
        return {"cache": cache["seconds"]} if cache.get("hit") else {"generate": self.report["seconds"]}
