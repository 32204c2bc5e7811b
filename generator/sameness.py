"""Catalogue sameness: which descriptions of a batch share an opening or a closing frame, or any run of six
words, with another description of the batch, product words masked (so "the <P> <P> keeps" is one frame
whatever the product)."""
from __future__ import annotations

from collections import defaultdict

from .eval.textstats import masked_tokens, masked_words
from .product import Product

FRAME_WORDS = 4
RUN_WORDS = 6


def _marks(text: str, product: Product) -> set[tuple[str, tuple[str, ...]]]:
    words = masked_words(product)
    sentences = [masked_tokens(s, words) for s in text.replace("\n", " ").split(". ") if s.strip()]
    tokens = masked_tokens(text, words)
    marks: set[tuple[str, tuple[str, ...]]] = set()
    if sentences:
        marks.add(("opening", tuple(sentences[0][:FRAME_WORDS])))
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
