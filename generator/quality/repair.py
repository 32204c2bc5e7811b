"""Repair a free-written draft (capable models): keep what checks out, say the rest from the facts.

Sentences with any flag from the sentence checker (claims.py), compliance lint or a repeat are
dropped. Facts the remaining prose does not state are then realized as sentences of their own
(realize.py) instead of being listed, so the prose carries every fact; compose.py lays it out.
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..product import Product, Style
from ..sameness import opening_frame
from .analysis import analyse_product
from .compose import Repaired, check_sentences, compose
from .factcheck import coverage_items, has_phrase, mentions, sentences, words
from .realize import Realizer, Sentence

# A word or short phrase said twice in a row ("the the", "very very soft"). The separator must hold a space, so
# that a number is never a repeat of itself ("5.5 Qt", "2-2", "1/1" stay as written).
_IMMEDIATE_REPEAT = re.compile(r"\b((?:\w+\W*\s\W*){0,3}?\w+)(?:\W*\s\W*\1\b)+", re.IGNORECASE)
_MARKUP_LINE = re.compile(r"^\s*(?:#+.*|[*_=\-~<>\s]+|<<.*>>|\*\*[^*]+\*\*:?|[A-Z][^.!?]{0,60}:)\s*$")


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


def draft_sentences(draft: str) -> list[Sentence]:
    """The model's sentences, tidied, without exact or near repeats."""
    out: list[Sentence] = []
    seen: set[tuple[str, ...]] = set()
    for paragraph in _clean_lines(draft):
        for raw in sentences(paragraph):
            text = _IMMEDIATE_REPEAT.sub(r"\1", raw)
            text = text[:1].upper() + text[1:]
            grams = _trigrams(text)
            if grams and len(grams & seen) > len(grams) / 2:
                continue
            seen |= grams
            out.append(Sentence(text, [], "body", "model"))
    return out


def missing_product(product: Product, prose: str) -> Product:
    """The facts `prose` does not state, as a product of their own (same name and brand)."""
    said = {value for _, value in coverage_items(product) if mentions(prose, value)}
    return replace(
        product,
        features=tuple(f for f in product.features if f not in said),
        materials=tuple(m for m in product.materials if m not in said),
        color="" if product.color in said else product.color,
        size="" if product.size in said else product.size,
        audience="" if product.audience in said else product.audience,
        keywords=tuple(k for k in product.keywords if not has_phrase(prose, k)),
    )


def repair(draft: str, product: Product, style: Style, seed: int = 0, prompt_text: str = "",
           topical: bool = True) -> Repaired:
    kept_model, removed = check_sentences(draft_sentences(draft), product, prompt_text, topical)
    rest = missing_product(product, " ".join(s.text for s in kept_model))
    realizer = Realizer(analyse_product(rest), style.tone, style.length, seed)
    added = realizer.body() + realizer.closing()
    said = " ".join(s.text for s in kept_model)
    if not mentions(said, product.name) or (product.brand and not mentions(said, product.brand)):
        added.insert(0, realizer.template_opening(  # spread over a batch's openings, as the realizer's are
            lambda line: bool(style.avoid_openings) and opening_frame(line, product) in style.avoid_openings))
    closing = [s for s in kept_model[1:] if s is kept_model[-1]] if len(kept_model) > 2 else []
    ordered = [s for s in kept_model if s not in closing] + added + closing
    repaired = compose(ordered, product, style, seed, prompt_text,
                       added=[fact for s in added for fact in s.facts], topical=topical)
    repaired.removed = removed + repaired.removed
    return repaired
