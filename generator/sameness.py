"""Catalogue sameness: which descriptions of a batch share an opening or a closing frame, or any run of six
words, with another description of the batch, product words masked (so "the <P> <P> keeps" is one frame
whatever the product)."""
from __future__ import annotations

import math
import threading
from collections import Counter, defaultdict

from .eval.textstats import masked_tokens, masked_words
from .product import Product

FRAME_WORDS = 4
RUN_WORDS = 6


def opening_frame(text: str, product: Product) -> str:
    """The first words of the first sentence, product words masked: 'say hello to the', 'meet the <P> <P>'."""
    first = next((s for s in text.replace("\n", " ").split(". ") if s.strip()), "")
    return " ".join(masked_tokens(first, masked_words(product))[:FRAME_WORDS])


class OpeningSpread:
    """Spreads a batch's opening frames: once a frame opens more than `share` of the descriptions so far (and at
    least one), the writer is asked to avoid it while it has others. Rows run in order, so a rerun repeats."""

    def __init__(self, share: float = 0.08):
        self.share = share
        self._counts: Counter[str] = Counter()
        self._written = 0
        self._lock = threading.Lock()

    def avoid(self) -> frozenset[str]:
        with self._lock:
            limit = max(1, math.ceil(self.share * (self._written + 1)))
            return frozenset(frame for frame, count in self._counts.items() if count >= limit)

    def record(self, text: str, product: Product) -> None:
        with self._lock:
            self._counts[opening_frame(text, product)] += 1
            self._written += 1


def _marks(text: str, product: Product) -> set[tuple[str, tuple[str, ...]]]:
    words = masked_words(product)
    sentences = [masked_tokens(s, words) for s in text.replace("\n", " ").split(". ") if s.strip()]
    tokens = masked_tokens(text, words)
    marks: set[tuple[str, tuple[str, ...]]] = set()
    if sentences:
        marks.add(("opening", tuple(opening_frame(text, product).split())))
        marks.add(("closing", tuple(sentences[-1][:FRAME_WORDS])))
    marks |= {("run", tuple(tokens[i:i + RUN_WORDS])) for i in range(len(tokens) - RUN_WORDS + 1)
              if any(token != "<P>" for token in tokens[i:i + RUN_WORDS])}
    return marks


def sameness(texts: list[str], products: list[Product]) -> tuple[float, list[list[str]]]:
    """The share of descriptions that share a frame or a six-word run with another, and for each what it shares
    (kinds: opening, closing, run)."""
    owners: dict[tuple[str, tuple[str, ...]], set[int]] = defaultdict(set)
    marks = [_marks(text, product) for text, product in zip(texts, products, strict=True)]
    for index, mine in enumerate(marks):
        for mark in mine:
            owners[mark].add(index)
    shared = [sorted({kind for kind, words in mine if len(owners[(kind, words)]) > 1}) for mine in marks]
    share = sum(1 for kinds in shared if kinds) / len(texts) if texts else 0.0
    return round(share, 3), shared
