"""Versioned prompt templates. Bump PROMPT_VERSION whenever the wording changes:
it is part of every report and of the response cache key."""
from __future__ import annotations

from .product import Product, Style

PROMPT_VERSION = "2026-11-27.2"

# Short and plain on purpose: the 135M default model follows this better than a long rule list.
SYSTEM_PROMPT = "You are a helpful copywriter for an online shop."

_FACT_LABELS = (
    ("name", "Product"),
    ("brand", "Brand"),
    ("category", "Category"),
    ("features", "Features"),
    ("materials", "Materials"),
    ("color", "Colour"),
    ("size", "Size"),
    ("audience", "For"),
    ("keywords", "Keywords"),
)

_PARAGRAPHS = {"short": "one short paragraph", "medium": "two short paragraphs", "long": "three paragraphs"}

# Word targets become token budgets with headroom; the text is then cut at the last full sentence.
_TOKENS_PER_WORD = 1.5


def fact_lines(product: Product) -> list[str]:
    lines = []
    for key, label in _FACT_LABELS:
        value = getattr(product, key)
        if isinstance(value, tuple):
            value = ", ".join(value)
        if value:
            lines.append(f"{label}: {value}")
    return lines


def build_messages(product: Product, style: Style) -> list[dict[str, str]]:
    facts = "\n".join(fact_lines(product))
    language = "" if style.language == "English" else f" in {style.language}"
    user = (
        f"Write a {style.tone} product description of about {style.target_words} words{language} "
        f"for the {product.name}. Use only these facts:\n{facts}\n\n"
        f"Write {_PARAGRAPHS[style.length]} of prose."
    )
    return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": user}]


def max_tokens_for(style: Style) -> int:
    return int(style.target_words * _TOKENS_PER_WORD) + 24
