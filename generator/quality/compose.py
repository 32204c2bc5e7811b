"""From checked sentences to the published text: paragraphs, length, and an optional bullet list.

Every sentence is checked once more here, whoever wrote it; a flagged sentence is dropped and
reported, never published. The bullet list (format `prose+bullets`) is a shop convention that
repeats the facts; coverage is always measured on the prose alone.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from ..product import Product, Style
from . import glossary, phrases
from .claims import Flag, facts_for, parse, sentence_flags
from .factcheck import LENGTH_BANDS, coverage_items, links, mentions, words
from .guard import guard
from .realize import Sentence


@dataclass
class Repaired:
    """The published text, the prose alone, and every sentence dropped with the flags that dropped it."""

    text: str
    prose: str
    kept: list[Sentence] = field(default_factory=list)
    removed: list[tuple[str, list[Flag]]] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)  # facts the model left out, said by the realizer
    left_out: list[str] = field(default_factory=list)  # facts cut to keep the length bound, and links
    guarded: list[str] = field(default_factory=list)  # what the last guard repaired (guard.py)

    @property
    def flags(self) -> list[dict[str, str]]:
        return [{**flag.as_dict(), "sentence": sentence} for sentence, flags in self.removed for flag in flags]

    @property
    def removed_sentences(self) -> list[str]:
        return [sentence for sentence, _ in self.removed]

    @property
    def removed_claims(self) -> list[str]:
        return sorted({f.text for _, flags in self.removed for f in flags if f.kind not in ("lint", "meta", "echo")})

    @property
    def removed_lint(self) -> list[dict[str, str]]:
        return [
            {"kind": f.reason.removeprefix("compliance: "), "text": f.text}
            for _, flags in self.removed
            for f in flags
            if f.kind == "lint"
        ]

    @property
    def model_sentences(self) -> int:
        return sum(1 for s in self.kept if s.source == "model")


def bullet_lines(product: Product) -> list[str]:
    lines = [feature[:1].upper() + feature[1:] for feature in product.features]
    if product.materials:
        lines.append("Material: " + ", ".join(product.materials))
    for label, value in (("Colour", product.color), ("Size", product.size), ("Made for", product.audience)):
        if value:
            lines.append(f"{label}: {value}")
    return lines


def prose_coverage(prose: str, product: Product) -> float:
    items = coverage_items(product)
    return round(sum(mentions(prose, value) for _, value in items) / len(items), 3) if items else 1.0


def _layout(sentences: list[Sentence], length: str) -> list[list[Sentence]]:
    """Short: one paragraph. Medium: the opening and the first half of the body, then the rest.
    Long: opening paragraph, body, and the closing lines on their own."""
    if length == "short" or len(sentences) < 4:
        return [sentences]
    body_end = max(i for i, s in enumerate(sentences) if s.role != "closing") + 1
    if length == "medium":
        split = max(2, (body_end + 1) // 2)
        return [sentences[:split], sentences[split:]]
    # Never past the body's end: with only an opening before the closings, a split of 2 repeated the first
    # closing in two paragraphs (found by test_repair's fuzzing: a name and a keyword, long copy).
    split = min(body_end, max(2, min(3, body_end - 1)))
    return [p for p in (sentences[:split], sentences[split:body_end], sentences[body_end:]) if p]


def check_sentences(
    sentences: list[Sentence], product: Product, prompt_text: str = "", topical: bool = True
) -> tuple[list[Sentence], list[tuple[str, list[Flag]]]]:
    """(kept, removed): each sentence once, dropped when the checker flags it. `topical=False` leaves out the
    off-topic check for model sentences (the fine-tuned writer sets scenes; its facts are still checked)."""
    facts = facts_for(product)
    kept: list[Sentence] = []
    removed: list[tuple[str, list[Flag]]] = []
    seen: set[str] = set()
    unique = []
    for sentence in sentences:
        key = sentence.text.lower().strip()
        if key and key not in seen:
            seen.add(key)
            unique.append(sentence)
    for sentence, doc in zip(unique, parse([s.text for s in unique]), strict=True):
        model = sentence.source == "model"
        flags = sentence_flags(sentence.text, facts, prompt_text if model else "", topical=model and topical, doc=doc)
        if sentence.source == "model" and len(words(sentence.text)) < 3:
            flags = [*flags, Flag("fragment", sentence.text, "too short to be a sentence")]
        if flags:
            removed.append((sentence.text, flags))
            # a sentence of several facts: each fact alone, where it passes (one flagged word drops one fact)
            for part in sentence.parts:
                if part.text.lower() not in seen and not sentence_flags(part.text, facts):
                    seen.add(part.text.lower())  # one part once, however many dropped sentences carry it
                    kept.append(part)
        else:
            kept.append(sentence)
    return kept, removed


# Generic lines at most, to reach the band's floor: one. Two read as stacked closings ("Practical, reliable and
# easy to live with. A dependable choice for everyday use."), which blind raters marked as filler.
FILLERS = {"short": 1, "medium": 1, "long": 1}
MAX_LENGTH_RATIO = 1.5  # the prose never runs past 1.5x the length's target words, however many the facts


def compose(
    sentences: list[Sentence],
    product: Product,
    style: Style,
    seed: int = 0,
    prompt_text: str = "",
    added: list[str] | None = None,
    topical: bool = True,
) -> Repaired:
    """Check every sentence, fit the length band, lay out the paragraphs, and add bullets if asked."""
    checked_as = glossary.with_required(product, style)  # required phrases are the merchant's words: facts
    kept, removed = check_sentences(sentences, checked_as, prompt_text, topical)
    if style.banned:  # the brand glossary: a sentence with a banned word is dropped like a flagged one
        for sentence in [s for s in kept if glossary.banned_in(s.text, style.banned)]:
            kept.remove(sentence)
            removed.append((sentence.text, [Flag("banned", term, "the brand glossary bans it")
                                            for term in glossary.banned_in(sentence.text, style.banned)]))
    high = LENGTH_BANDS[style.length][1]
    _add_fillers(kept, style, random.Random(f"{seed}|{product.name}"))  # one seed, other products: other lines
    # Over the band: drop generic and model-written closings, never a sentence that states a fact.
    while sum(len(words(s.text)) for s in kept) > high and any(s.role == "closing" and s.source != "realized"
                                                               for s in kept):
        kept.remove(next(s for s in reversed(kept) if s.role == "closing" and s.source != "realized"))
    # A required phrase the prose does not say yet goes in as written, before the closing lines.
    for phrase in style.required:
        if not glossary.count(" ".join(s.text for s in kept), phrase):
            at = next((i for i, s in enumerate(kept) if i and s.role == "closing"), len(kept))
            kept.insert(at, Sentence(glossary.as_sentence(phrase), [phrase], "body", "glossary"))
    left_out = _within_bound(kept, style, checked_as) + links(product)  # links are never said in prose
    paragraphs = _layout(kept, style.length)
    prose = "\n\n".join(" ".join(s.text for s in paragraph) for paragraph in paragraphs if paragraph)
    prose, guarded = guard(prose)
    bullets = bullet_lines(product) if style.format != "prose" else []  # every list format lists the facts
    bullets = [line for line in bullets if not glossary.banned_in(line, style.banned)]
    text = prose + ("\n\n" + "\n".join(f"- {line}" for line in bullets) if bullets else "")  # as checked
    return Repaired(text=text, prose=prose, kept=kept, removed=removed, bullets=bullets, added=added or [],
                    left_out=left_out, guarded=guarded)


def _add_fillers(kept: list[Sentence], style: Style, rng: random.Random) -> None:
    """Generic lines only to reach the band's floor, FILLERS at most; more would be padding. A model-written
    closing counts as one."""
    low, _ = LENGTH_BANDS[style.length]
    spare = FILLERS[style.length] - any(s.source == "model" and s.role == "closing" for s in kept)
    said = " ".join(s.text for s in kept).lower()
    starts = {tuple(s.text.lower().split()[:2]) for s in kept}

    def fresh(line: str) -> bool:  # not a line the text has, nor one that starts like one of its sentences,
        # nor one that shares a pair of words with a generic line before it ("a sensible choice for every day. a
        # dependable choice for everyday use" stacks two closings)
        lower = line.lower()
        pairs = set(zip(lower.split(), lower.split()[1:], strict=False))
        return (lower.rstrip(".") not in said and tuple(lower.split()[:2]) not in starts
                and not ("ready" in lower and "ready" in said) and not glossary.banned_in(line, style.banned)
                and not pairs & used_pairs)

    used_pairs: set[tuple[str, str]] = set()
    lines = [line for line in phrases.closings(style.tone, rng) if fresh(line)]
    while sum(len(words(s.text)) for s in kept) < low and spare > 0 and lines:
        line = lines.pop()
        if not fresh(line):
            continue
        kept.append(Sentence(line, [], "closing", "filler"))
        lowered = line.lower().split()
        used_pairs |= set(zip(lowered, lowered[1:], strict=False))
        spare -= 1


def _within_bound(kept: list[Sentence], style: Style, product: Product) -> list[str]:
    """Keep the prose within MAX_LENGTH_RATIO of the length's target. Generic lines go first, then a model
    sentence whose facts the rest of the text states too, then body sentences from the end (the realizer's
    before the model's), then keyword lines; never the opening that names the product.
    Returns the facts cut (the report's left_out; a bullet list, where the format has one, keeps them)."""
    limit = int(MAX_LENGTH_RATIO * style.target_words)
    left_out: list[str] = []

    def order(s: Sentence) -> int:  # generic lines first, then the realizer's body, the model's, the keyword lines
        return {("closing", False): 0, ("body", True): 2, ("body", False): 3}.get((s.role, s.source == "realized"), 4)

    def lost(s: Sentence, sentences: list[Sentence]) -> float:  # the prose coverage cutting `s` would cost
        rest = " ".join(other.text for other in sentences if other is not s)
        return prose_coverage(" ".join(o.text for o in sentences), product) - prose_coverage(rest, product)

    def redundant(s: Sentence) -> bool:  # a model sentence that states nothing the rest does not
        rest = " ".join(other.text for other in kept if other is not s)
        return prose_coverage(rest, product) >= prose_coverage(" ".join(o.text for o in kept), product)

    while sum(len(words(s.text)) for s in kept) > limit and len(kept) > 1:
        # the opening stays, unless it is a model line that does not name the product ("Fish play, anglers!")
        first = 0 if kept[0].source == "model" and not mentions(kept[0].text, product.name) else 1
        candidates = [s for s in reversed(kept[first:]) if s.source != "glossary"]  # a required phrase stays
        if not candidates:
            break
        # generic lines first, then a model sentence whose facts the rest states, then whichever sentence costs the
        # fewest facts, in the order above on a tie: a long model line never costs a stated fact
        victim = (next((s for s in candidates if order(s) == 0), None)
                  or next((s for s in candidates if s.source == "model" and redundant(s)), None)
                  or min(candidates, key=lambda s: (round(lost(s, kept), 6), order(s))))
        said_elsewhere = order(victim) == 0 or (victim.source == "model" and redundant(victim))
        kept.remove(victim)
        if not said_elsewhere:
            left_out += victim.facts or [victim.text]
    return left_out
