"""The model's part in a grounded description: an opening and a closing line, in the requested tone.

Small models write fluent English but do not know what the product is, so they are given the lines
where that matters least. The prompt is a few-shot catalogue, written for this project about
products that are in no eval file, so base models (Gemma 3 270M) and instruction-tuned ones
(SmolLM2) both continue it. The opening is started for the model with the product's name, which
keeps it on the product. A line is kept only if every content word in it is the merchant's or generic
(lexicon.GENERIC) and the sentence checker raises nothing; the best of those is chosen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..product import Product
from .claims import Facts, sentence_flags, unknown_words
from .lexicon import GENERIC
from .nlp import nlp

EXAMPLES = (
    {
        "facts": "Product: Ridgeway Packable Rain Jacket\n"
        "Features: taped seams; adjustable hood; packs into its own pocket\n"
        "Materials: recycled nylon\nColour: forest green\nFor: hikers",
        "tone": "adventurous",
        "opening": "When the forecast turns, the Ridgeway Packable Rain Jacket is the layer you will be glad "
        "you brought.",
        "closing": "Pack it on every hike and let the weather do what it likes.",
    },
    {
        "facts": "Product: Copperleaf Pour-Over Coffee Set\nFeatures: glass carafe; reusable filter; makes 4 cups\n"
        "Materials: borosilicate glass; copper\nFor: coffee lovers",
        "tone": "warm",
        "opening": "Slow mornings deserve good coffee, and the Copperleaf Pour-Over Coffee Set makes the ritual "
        "a pleasure.",
        "closing": "A small daily ritual worth looking forward to.",
    },
    {
        "facts": "Product: Atlas Ergonomic Office Chair\nFeatures: lumbar support; 4D armrests; tilt lock\n"
        "Materials: mesh back; aluminium base\nColour: black\nFor: home office workers",
        "tone": "professional",
        "opening": "The Atlas Ergonomic Office Chair is built for long working days at the desk.",
        "closing": "A dependable seat for focused work, day after day.",
    },
    {
        "facts": "Product: Pip the Plush Octopus\nFeatures: eight cuddly arms; machine washable\n"
        "Materials: recycled polyester\n"
        "Colour: coral\nFor: toddlers",
        "tone": "playful",
        "opening": "Pip the Plush Octopus is ready for hugs, naps and big adventures.",
        "closing": "Eight arms of fun for little hands.",
    },
    {
        "facts": "Product: Nocturne Cashmere Wrap\nFeatures: fringed edges; lightweight weave\n"
        "Materials: 100% cashmere\n"
        "Colour: midnight navy",
        "tone": "luxurious",
        "opening": "Wrap yourself in quiet luxury with the Nocturne Cashmere Wrap.",
        "closing": "An effortless finishing touch for cool evenings.",
    },
    {
        "facts": "Product: Trailmate LED Headlamp\nFeatures: 300 lumens; red night mode; rechargeable battery\n"
        "Colour: orange\nFor: runners and campers",
        "tone": "energetic",
        "opening": "Light up early runs and late camps with the Trailmate LED Headlamp.",
        "closing": "Strap it on and keep going after dark.",
    },
    {
        "facts": "Product: Fernhill Linen Napkins\nFeatures: set of 6; pre-washed for softness\nMaterials: linen\n"
        "Colour: sage",
        "tone": "calm",
        "opening": "Bring an easy, relaxed feel to the table with the Fernhill Linen Napkins.",
        "closing": "Simple, soft and ready for every meal.",
    },
)
STOP = ("\n\n", "\nProduct:", "\nTone:", "\nFeatures:")


def fact_block(product: Product, name: str) -> str:
    lines = [f"Product: {name}"]
    if product.features:
        lines.append("Features: " + "; ".join(product.features))
    if product.materials:
        lines.append("Materials: " + "; ".join(product.materials))
    if product.color:
        lines.append(f"Colour: {product.color}")
    if product.size:
        lines.append(f"Size: {product.size}")
    if product.audience:
        lines.append(f"For: {product.audience}")
    return "\n".join(lines)


def prefix_text() -> str:
    """The constant part of every voice prompt (the engine can keep it evaluated across requests)."""
    return (
        "\n".join(
            f"{ex['facts']}\nTone: {ex['tone']}\nOpening: {ex['opening']}\nClosing: {ex['closing']}\n"
            for ex in EXAMPLES
        )
        + "\n"
    )


def opening_start(name: str) -> str:
    return f"The {name}"


def prompt_text(product: Product, name: str, tone: str) -> str:
    """Few-shot prompt ending in 'Opening: The <name>', for the model to continue."""
    return f"{prefix_text()}{fact_block(product, name)}\nTone: {tone}\nOpening: {opening_start(name)}"


def split_completion(name: str, completion: str) -> tuple[str, str]:
    """(opening, closing) from what the model wrote after 'Opening: The <name>'."""
    text = opening_start(name) + completion
    opening, _, rest = text.partition("\nClosing:")
    closing = rest.split("\n", 1)[0]
    return opening.split("\n", 1)[0].strip(), closing.strip()


@dataclass(frozen=True)
class Line:
    text: str
    ok: bool
    reasons: tuple[str, ...]
    score: float


def tidy(line: str, plural: bool) -> str:
    text = " ".join(line.split()).strip().strip('"“”')
    if text[:1].islower():
        text = text[0].upper() + text[1:]
    if plural:  # "The Rain Boots is" -> "are"
        text = re.sub(r"^(The [^,.]+?) is\b", r"\1 are", text)
    return text


def _predicate_nouns(doc: Any) -> list[str]:
    """What a line says the product is: 'night' in 'The Knit Mittens are a cosy winter night'."""
    return [t.lemma_.lower() for t in doc if t.dep_ in ("attr", "appos") and t.pos_ in ("NOUN", "PROPN")
            and t.head.lemma_ == "be"]


def judge(
    line: str,
    facts: Facts,
    plural: bool,
    name_words: set[str],
    prompt: str = "",
    said_words: frozenset[str] = frozenset(),
    allowed_nouns: frozenset[str] = frozenset(),
) -> Line:
    """Whether a model-written line may be published, and how good it is (higher is better): it may name who
    the product is for and what for, but should not restate what the body says (`said_words`)."""
    text = tidy(line, plural)
    words = text.split()
    reasons: list[str] = []
    if not 5 <= len(words) <= 30:
        reasons.append(f"{len(words)} words")
    if not re.search(r"[.!]$", text):
        reasons.append("unfinished")
    if re.search(r"[;:()\[\]{}<>|*#_=/\\\"]|[.!?]\s+\S", text[:-1]):
        reasons.append("not one plain sentence")
    unknown = unknown_words(text, facts)
    if unknown:
        reasons.append("words not in the facts: " + ", ".join(unknown[:4]))
    if not reasons:  # the parse is the costly part: only for lines that pass the cheap checks
        doc = nlp()(text)
        reasons += [f"{flag.kind}: {flag.text}" for flag in sentence_flags(text, facts, prompt, topical=False, doc=doc)]
        reasons += [f"calls it a {noun}" for noun in _predicate_nouns(doc) if noun not in allowed_nouns]
    mentioned = {w.lower() for w in re.findall(r"[A-Za-z-]+", text)} - name_words - GENERIC
    specific = mentioned & set(facts.words) - said_words
    repeated = mentioned & said_words
    score = len(specific) - 0.8 * len(repeated) - 0.15 * abs(len(words) - 14)
    return Line(text, not reasons, tuple(reasons), score)
