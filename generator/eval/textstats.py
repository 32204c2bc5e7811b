"""Corpus-level text measures for the eval: boilerplate (shared 4-grams) and prose coverage."""

from __future__ import annotations

import re
from collections import Counter

from ..product import Product

_WORD = re.compile(r"[a-z0-9]+(?:['’-][a-z0-9]+)*")


def masked_tokens(text: str, product_words: set[str]) -> list[str]:
    """Lower-case words, each product word (any word of the merchant's facts) replaced by a placeholder."""
    return ["<P>" if w in product_words else w for w in _WORD.findall(text.lower())]


def boilerplate_share(texts: list[str], product_words: list[set[str]], min_share: float = 0.3, n: int = 4) -> float:
    """Share of all 4-gram occurrences whose 4-gram appears in at least `min_share` of the descriptions.

    Product words are masked first, so 'keeps drinks cold for' and 'keeps food warm for' are not
    counted as the same text, but 'it is made from <P>' used across products is.
    """
    grams_per_text = []
    for text, words in zip(texts, product_words, strict=True):
        tokens = masked_tokens(text, words)
        grams_per_text.append([tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)])
    document_frequency = Counter(g for grams in grams_per_text for g in set(grams))
    threshold = min_share * len(texts)
    common = {g for g, df in document_frequency.items() if df >= threshold and any(t != "<P>" for t in g)}
    total = sum(len(grams) for grams in grams_per_text)
    shared = sum(1 for grams in grams_per_text for g in grams if g in common)
    return round(shared / total, 3) if total else 0.0


def common_ngrams(
    texts: list[str], product_words: list[set[str]], min_share: float = 0.3, n: int = 4
) -> list[tuple[str, int]]:
    document_frequency: Counter[tuple[str, ...]] = Counter()
    for text, words in zip(texts, product_words, strict=True):
        tokens = masked_tokens(text, words)
        document_frequency.update({tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)})
    threshold = min_share * len(texts)
    return sorted(((" ".join(g), df) for g, df in document_frequency.items() if df >= threshold), key=lambda x: -x[1])


def masked_words(product: Product) -> set[str]:
    """Every word of the merchant's facts (what a description must be free to repeat)."""
    values = [
        product.name,
        product.brand,
        product.category,
        product.color,
        product.size,
        product.audience,
        *product.features,
        *product.materials,
        *product.keywords,
    ]
    return {w for value in values for w in _WORD.findall(value.lower())}


def opening_frame(text: str, product_words: set[str], n: int = 3) -> str:
    """The first `n` words of a description, product words masked: 'the <P> <P>' is one frame across products."""
    return " ".join(masked_tokens(text, product_words)[:n])


def top_opening_share(texts: list[str], product_words: list[set[str]]) -> tuple[str, float]:
    """The most common opening frame and the share of descriptions that open with it."""
    frames = Counter(opening_frame(text, words) for text, words in zip(texts, product_words, strict=True))
    if not frames:
        return "", 0.0
    frame, count = frames.most_common(1)[0]
    return frame, round(count / len(texts), 3)
