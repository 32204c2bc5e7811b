"""The phrased strategy: the fine-tuned phraser states each fact in a sentence of its own, the realizer the rest.

1. Each feature, and the materials, go to the model with what the product is (`prompts.phrase_prompt`): N
   candidate sentences in one llama.cpp batch. The adapter (`python -m training train --task phrase`) was taught
   on careful sentences for single facts (the colour, size, audience and keywords too, which the realizer says).
2. A candidate is used only if it is one sentence that `phrasing.check_phrase` passes (nothing added, nothing
   of the fact left out, its numbers exact) and the sentence checker passes. Of those, the one most candidates
   agree on is used, and among equals one that does not open like the sentence before it.
3. Two sentences about the product in a row become one, the subject said once (`_aggregate`).
4. A fact no candidate states faithfully goes to the realizer, with the opening and the closing lines, so the
   text never lacks a fact for the model's sake. compose.py checks every sentence once more.
"""
from __future__ import annotations

import dataclasses
import re
import time
from collections import Counter
from collections.abc import Generator
from dataclasses import dataclass, field

from ..engines.text.base import GenerationParams, TextEngine
from ..events import Partial
from ..product import Product, Style
from ..prompts import phrase_prompt
from ..sameness import opening_frame
from .analysis import Analysis, analyse_product
from .claims import Facts, facts_for, sentence_flags
from .factcheck import mentions
from .grounded import Grounded, VoiceDraft
from .phrasing import check_phrase
from .realize import Realizer, Sentence

MAX_TOKENS = 48  # one sentence of at most about 30 words
TEMPERATURE = 0.6
TOP_P = 0.9
STOP = ("\n",)
# The kinds the model phrases. The colour, the size, the audience and the keywords go to the realizer: in the
# first blind round (docs/ratings/2026-12-07-heldout-o) the model's lines for them were the misreadings raters
# marked ("made of personalized glassware", "holds 30 x 22 x 13 cm", "made for a beginner friendly pick").
PHRASED_KINDS = frozenset({"feature", "materials"})
_TWO_SENTENCES = re.compile(r"[.!?]\s+[A-Z]")  # "... a stainless steel liner. The won't leak or warp."
_SHARED_VERBS = frozenset("is are has have".split())  # said once for two facts: "is reusable and BPA-free"


@dataclass
class Fact:
    kind: str  # a PHRASE_KINDS name
    text: str  # as the model reads it ("oak, steel" for two materials)
    values: tuple[str, ...]  # the merchant's values it states (each material)
    sentence: str = ""  # the candidate used; empty when none passed
    tried: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)


def facts_of(product: Product) -> list[Fact]:
    """The facts in the order a description gives them: features, materials, size, colour, then who it is for."""
    facts = [Fact("feature", f, (f,)) for f in product.features]
    if product.materials:
        facts.append(Fact("materials", ", ".join(product.materials), tuple(product.materials)))
    facts += [Fact(kind, value, (value,)) for kind, value in
              (("size", product.size), ("color", product.color), ("audience", product.audience)) if value]
    return facts + [Fact("keyword", k, (k,)) for k in product.keywords]


# A question the merchant answered ("needs a hub? no", "dimmable: no", "waterproof? no - splash-proof only"): the
# realizer says it ("is not dimmable"). The model said three of them as their opposite in the twenty-third round
# ("It is dimmable, with no ...", "needs a hub. no."), and its word check counted the "no" as the negation.
_ANSWER = re.compile(r"(?i)\?|:\s*(?:yes|no)\b|\b(?:yes|no)\s*$")


def _answered(text: str) -> bool:
    return _ANSWER.search(text) is not None


def _without(product: Product, stated: list[Fact]) -> Product:
    """The product with the facts the phraser stated taken out: what the realizer still has to say."""
    done = {(f.kind, v) for f in stated for v in f.values}
    return dataclasses.replace(
        product,
        features=tuple(f for f in product.features if ("feature", f) not in done),
        materials=tuple(m for m in product.materials if ("materials", m) not in done),
        size="" if ("size", product.size) in done else product.size,
        color="" if ("color", product.color) in done else product.color,
        audience="" if ("audience", product.audience) in done else product.audience,
        keywords=tuple(k for k in product.keywords if ("keyword", k) not in done),
    )


def _first_word(text: str) -> str:
    return text.split(" ", 1)[0].lower() if text else ""


def _predicate(text: str, analysis: Analysis) -> str:
    """What a sentence says of the product, when its subject is the product ('The kettle holds 3L.' -> 'holds
    3L'; "It's cordless." -> 'is cordless'); '' when its subject is something else ('Its lid screws on.')."""
    heads = "|".join(re.escape(t) for t in dict.fromkeys([analysis.type_noun, analysis.type_head]) if t)
    match = re.match(rf"^(?:(?:The|This|These|Those) (?:{heads})|It|They)(?:'s|'re|’s|’re)? (.+)\.$", text,
                     re.IGNORECASE)
    if not match or not heads:
        return ""
    contraction = re.match(r"^\S+?(['’](?:s|re))\s", text)
    be = {"'s": "is ", "’s": "is ", "'re": "are ", "’re": "are "}.get(contraction.group(1), "") if contraction else ""
    return be + match.group(1)


def _aggregate(sentences: list[Sentence], analysis: Analysis) -> list[Sentence]:
    """Two sentences about the product in a row become one, with the subject said once and named and pronoun in
    turn: 'The kettle holds 3L. It is cordless.' -> 'The kettle holds 3L and is cordless.'; 'It is reusable.
    It is BPA-free.' -> 'It is reusable and BPA-free.' A sentence about something else stays as it is."""
    subjects = [f"{'These' if analysis.plural else 'The'} {analysis.type_noun}", "They" if analysis.plural else "It"]
    out: list[Sentence] = []
    pending: list[tuple[Sentence, str]] = []

    def flush() -> None:
        if not pending:
            return
        subject = subjects[len(out) % 2]
        preds = [p for _, p in pending]
        first, second = (p.split(" ", 1) for p in preds) if len(preds) == 2 else ([""], [""])
        if len(preds) == 2 and len(first) == 2 and first[0] == second[0] and first[0] in _SHARED_VERBS \
                and not re.search(r",| and ", preds[0]):
            text = f"{subject} {first[0]} {first[1]} and {second[1]}."  # 'is reusable and BPA-free'
        else:  # "keeps drinks cold and hot, and is reusable": a comma where the first has its own "and"
            text = f"{subject} {(', and ' if ' and ' in preds[0] else ' and ').join(preds)}."
        out.append(Sentence(text, [f for s, _ in pending for f in s.facts], "body", "model"))
        pending.clear()

    for sentence in sentences:
        predicate = _predicate(sentence.text, analysis)
        if not predicate:
            flush()
            out.append(sentence)
            continue
        pending.append((sentence, predicate))
        if len(pending) == 2:
            flush()
    flush()
    return out


class PhrasedWriter:
    """Facts phrased by the fine-tuned phraser where a candidate passes the check; the realizer for the rest."""

    strategy = "phrase"

    def __init__(self, candidates: int = 3, temperature: float = TEMPERATURE):
        self.candidates = max(1, candidates)
        self.temperature = temperature

    def phrase(self, engine: TextEngine, fact: Fact, analysis: Analysis, seed: int, before: str,
               facts: Facts | None = None) -> int:
        """Draft candidates for one fact and keep, of those that pass every check (`facts`: the product's, for the
        sentence checker), the one most candidates agree on, one that opens unlike `before` first among equals;
        return the tokens drafted."""
        prompt = phrase_prompt(analysis.type_noun, analysis.plural, fact.kind, fact.text)
        params = GenerationParams(max_tokens=MAX_TOKENS, temperature=self.temperature, top_p=TOP_P,
                                  repeat_penalty=1.0, seed=seed)
        drafted = None
        for update in engine.complete_many(prompt, self.candidates, params, STOP):
            drafted = update  # each update extends the last: the final one holds the whole candidates
        if drafted is None:
            return 0
        passed = []
        for text in drafted.texts:
            text = " ".join(text.split())
            fact.tried.append(text)
            found = check_phrase(text, fact.text, analysis.type_noun)
            flags = sentence_flags(text, facts) if facts is not None and found.ok else []
            one = text.endswith(".") and not _TWO_SENTENCES.search(text)
            # and the scorecard's coverage counts it as said ('ranges up to 150m' is not 'range up to 150m' there)
            credited = all(mentions(text, value) for value in fact.values)
            if found.ok and one and not flags and credited:
                passed.append(text)
            else:
                fact.reasons.append(found.reason() or (flags[0].reason if flags else "") or
                                    ("not one sentence" if not one else "not counted as stating its fact"))
        # the sentence most candidates agree on ('The ladle set has a capacity of 4L.' twice over 'This ladle holds
        # 4L.' once), then one that opens unlike the sentence before it
        votes = Counter(passed)
        fact.sentence = max(passed, key=lambda t: (votes[t], _first_word(t) != _first_word(before)), default="")
        return drafted.total_tokens

    def write(self, engine: TextEngine, product: Product, style: Style, seed: int,
              stream: bool) -> Generator[Partial, None, Grounded]:
        analysis = analyse_product(product)
        started = time.perf_counter()
        facts = [f for f in facts_of(product) if f.kind in PHRASED_KINDS and not _answered(f.text)]
        tokens, before, checked_against = 0, "", facts_for(product)
        opening = Realizer(analysis, style.tone, style.length, seed).template_opening(
            lambda line: bool(style.avoid_openings) and opening_frame(line, product) in style.avoid_openings)
        if stream:
            yield Partial(opening.text)
        for index, fact in enumerate(facts):
            tokens += self.phrase(engine, fact, analysis, seed + index, before, checked_against)
            before = fact.sentence or before
            if stream:
                yield Partial(" ".join([opening.text, *(f.sentence for f in facts if f.sentence)]))
        stated = [f for f in facts if f.sentence]
        rest = _without(product, stated)
        realizer = Realizer(analyse_product(rest), style.tone, style.length, seed)
        body = _aggregate([Sentence(f.sentence, list(f.values), "body", "model") for f in stated], analysis)
        body += realizer.body()
        draft = VoiceDraft(tokens=tokens, seconds=time.perf_counter() - started, candidates=self.candidates,
                           note=f"{len(stated)} of {len(facts)} facts phrased by the model")
        return Grounded(opening=opening, body=body, closing=realizer.closing(said=opening.text), voice=draft,
                        seed=seed)
