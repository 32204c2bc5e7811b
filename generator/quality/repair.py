"""Repair a model's draft so that it states only the merchant's facts, and all of them.

Sentences that carry an unsupported claim, compliance lint or a repeat are dropped, the prose
is trimmed to the length band, and any attribute or keyword the prose left out is added in a
short "Key features" list built from the attributes themselves.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..product import Product, Style
from .factcheck import LENGTH_BANDS, coverage_items, has_phrase, lint, mentions, sentences, unsupported_claims, words

_IMMEDIATE_REPEAT = re.compile(r"\b((?:\w+\W+){0,3}?\w+)(?:\W+\1\b)+", re.IGNORECASE)
_MARKUP_LINE = re.compile(r"^\s*(?:#+.*|[*_=\-~<>\s]+|<<.*>>|\*\*[^*]+\*\*:?|[A-Z][^.!?]{0,60}:)\s*$")
_LIST_LABELS = {"brand": "Brand", "color": "Colour", "size": "Size", "audience": "Made for", "materials": "Material"}


@dataclass
class Repaired:
    text: str
    prose: str
    removed_claims: list[str] = field(default_factory=list)
    removed_lint: list[dict[str, str]] = field(default_factory=list)
    removed_sentences: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)


def _clean_lines(text: str) -> list[str]:
    """Paragraphs of prose, without titles, separators or markdown decoration."""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in text.replace("\r", "").split("\n"):
        if not line.strip() or _MARKUP_LINE.match(line):
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        current.append(line.strip().lstrip("-*• ").replace("**", "").strip('"“”'))
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


def _trigrams(sentence: str) -> set[tuple[str, ...]]:
    tokens = [word.lower() for word in words(sentence)]
    return set(zip(tokens, tokens[1:], tokens[2:], strict=False))


def key_features(product: Product, prose: str) -> list[str]:
    """List lines for the attributes and keywords that `prose` does not state."""
    lines = []
    for key, value in coverage_items(product):
        if key == "name" or mentions(prose, value):
            continue
        label = _LIST_LABELS.get(key)
        lines.append(f"{label}: {value}" if label else value[:1].upper() + value[1:])
    missing_keywords = [keyword for keyword in product.keywords if not has_phrase(prose, keyword)]
    if missing_keywords:
        lines.append("Tags: " + ", ".join(missing_keywords))
    return lines


def _compose(paragraphs: list[list[str]], product: Product, features: list[str]) -> str:
    prose = "\n\n".join(" ".join(p) for p in paragraphs if p)
    named = mentions(prose, product.name)
    if not features and named:
        return prose
    if features:
        heading = "Key features:" if named else f"{product.name}, key features:"
        block = heading + "\n" + "\n".join(f"- {line}" for line in features)
    else:
        block = product.name
    return f"{prose}\n\n{block}" if prose else block


def repair(draft: str, product: Product, style: Style) -> Repaired:
    removed_claims: list[str] = []
    removed_lint: list[dict[str, str]] = []
    removed: list[str] = []
    seen: set[str] = set()
    seen_trigrams: set[tuple[str, ...]] = set()
    paragraphs: list[list[str]] = []
    for paragraph in _clean_lines(draft):
        kept = []
        for sentence in sentences(paragraph):
            sentence = _IMMEDIATE_REPEAT.sub(r"\1", sentence)
            sentence = sentence[:1].upper() + sentence[1:]
            key = " ".join(words(sentence.lower()))
            claims = [claim.text for claim in unsupported_claims(sentence, product)]
            findings = lint(sentence)
            trigrams = _trigrams(sentence)
            restated = len(trigrams & seen_trigrams) > len(trigrams) / 2
            if claims or findings or key in seen or restated or len(words(sentence)) < 3:
                removed_claims += claims
                removed_lint += findings
                removed.append(sentence)
                continue
            seen.add(key)
            seen_trigrams |= trigrams
            kept.append(sentence)
        paragraphs.append(kept)

    # Trim trailing sentences (never the first) until prose plus list fits the length band.
    high = LENGTH_BANDS[style.length][1]
    while True:
        prose = "\n\n".join(" ".join(p) for p in paragraphs if p)
        features = key_features(product, prose)
        text = _compose(paragraphs, product, features)
        if len(words(text)) <= high or sum(len(p) for p in paragraphs) <= 1:
            break
        last = max(i for i, p in enumerate(paragraphs) if p)
        removed.append(paragraphs[last].pop())
    return Repaired(text=text, prose=prose, removed_claims=sorted(set(removed_claims)), removed_lint=removed_lint,
                    removed_sentences=removed, added=features)
