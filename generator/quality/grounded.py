"""The grounded strategy, for small models: the facts become sentences, the model writes the voice.

1. analysis.py finds the grammatical type of each fragment; realize.py plans and realizes the body
   from the facts alone, differently for each seed.
2. With VOICE_CANDIDATES=N > 0 the model drafts N candidate opening and closing lines for the product,
   as parallel sequences where the engine can batch them; the first candidate streams. With 0 (the
   default, chosen by blind rating) the tone's phrase bank writes them and the model is not called.
3. voice.py keeps only the lines whose every content word is the merchant's or generic and that
   the sentence checker passes, and picks the most specific; when none passes, a plain line from
   the tone's phrase bank stands in.
4. compose.py checks every sentence once more and lays out the paragraphs.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Generator
from dataclasses import dataclass, field

from ..engines.text.base import Completions, GenerationParams, TextEngine
from ..events import Partial
from ..product import Product, Style
from ..sameness import opening_frame
from . import voice
from .analysis import Analysis, analyse_product
from .claims import facts_for
from .lexicon import GENERIC_NOUNS, singular
from .realize import Realizer, Sentence

# One opening and one closing line. Every candidate of a batch waits for the longest, so the cap is set by
# what passes the judge (python -m benchmarks.voice_lengths, 41 English dev products x 4 candidates): of the
# candidates that ran past 40 tokens, 2 of 47 (SmolLM2) and 0 of 10 (Gemma 3 270M) had a closing that
# passed, while their openings end by about token 16 and survive the cut. 56 -> 40 tokens.
VOICE_MAX_TOKENS = 40
STREAM_INTERVAL = 0.1  # seconds between streamed updates


@dataclass
class VoiceDraft:
    """The model's candidate lines for one description, judged."""

    openings: list[voice.Line] = field(default_factory=list)
    closings: list[voice.Line] = field(default_factory=list)
    tokens: int = 0
    seconds: float = 0.0
    judge_seconds: float = 0.0  # checking the model's lines
    candidates: int = 0
    error: str = ""  # why no model lines were drafted (an engine without raw completion), if so
    note: str = ""  # VOICE_CANDIDATES=0: the phrase bank's lines, by design

    def summary(self) -> dict[str, object]:
        """For the report: what the model drafted and how much of it passed."""
        out: dict[str, object] = {
            "candidates": self.candidates,
            "tokens": self.tokens,
            "openings_passed": sum(line.ok for line in self.openings),
            "closings_passed": sum(line.ok for line in self.closings),
        }
        if self.error:
            out["error"] = self.error
        if self.note:
            out["note"] = self.note
        return out

    def best(self, which: str) -> voice.Line | None:
        lines = [line for line in (self.openings if which == "opening" else self.closings) if line.ok]
        return max(lines, key=lambda line: line.score) if lines else None


@dataclass
class Grounded:
    """A grounded description before composition: the sentences and where each came from."""

    opening: Sentence
    body: list[Sentence]
    closing: list[Sentence]
    voice: VoiceDraft
    seed: int
    prompt: str = ""  # the model's prompt, to catch lines that copy its examples

    @property
    def sentences(self) -> list[Sentence]:
        return [self.opening, *self.body, *self.closing]


class GroundedWriter:
    """Facts realized as sentences, with model-written voice lines where they pass every check."""

    strategy = "grounded"

    def __init__(self, candidates: int):
        self.candidates = max(0, candidates)

    @staticmethod
    def _judge(draft: VoiceDraft, texts: list[str], product: Product, analysis: Analysis) -> None:
        """Judge every candidate's opening and closing line into `draft`."""
        facts = facts_for(product)
        name = analysis.full_name
        name_words = set(re.findall(r"[a-z-]+", name.lower()))
        body_words = " ".join([*product.features, *product.materials, product.size]).lower()
        said = frozenset(re.findall(r"[a-z-]+", body_words))
        examples = voice.prefix_text()
        allowed = (GENERIC_NOUNS | {singular(w) for w in f"{analysis.type_noun} {analysis.type_head}".split()}
                   | {k.core.split()[-1].lower() for k in analysis.keywords})

        def judge(text: str) -> voice.Line:
            return voice.judge(text, facts, analysis.plural, name_words, examples, said, allowed)

        judging = time.perf_counter()
        for text in texts:
            opening_text, closing_text = voice.split_completion(name, text)
            draft.openings.append(judge(opening_text))
            if closing_text:
                draft.closings.append(judge(closing_text))
        draft.judge_seconds = time.perf_counter() - judging

    def write(
        self, engine: TextEngine, product: Product, style: Style, seed: int, stream: bool
    ) -> Generator[Partial, None, Grounded]:
        analysis = analyse_product(product)
        name = analysis.full_name
        realizer = Realizer(analysis, style.tone, style.length, seed)
        body = realizer.body()
        preview = " ".join(s.text for s in body)
        draft = VoiceDraft()
        prompt = voice.prompt_text(product, name, style.tone)
        params = GenerationParams(
            max_tokens=VOICE_MAX_TOKENS, temperature=0.8, top_p=0.95, repeat_penalty=1.1, seed=seed
        )
        started = last = time.perf_counter()
        drafted = Completions([], [], [])
        if not self.candidates:
            draft.note = "VOICE_CANDIDATES=0: the opening and closing lines come from the phrase bank"
        elif not engine.raw_prompts:
            draft.error = f"the {engine.name} engine takes chat messages only, not raw prompts"
        shown = ""
        for drafted in (engine.complete_many(prompt, self.candidates, params, voice.STOP)
                        if self.candidates and engine.raw_prompts else ()):
            if stream and time.perf_counter() - last >= STREAM_INTERVAL:
                last = time.perf_counter()
                # The first candidate's opening as it grows, then the realized body once that line is
                # written: each update extends the last; the checked text replaces it at the end.
                first, rest = voice.split_completion(name, drafted.texts[0])
                text = f"{first} {preview}" if rest or drafted.done[0] else first
                if text.startswith(shown) and text != shown:
                    shown = text
                    yield Partial(text)
        draft.seconds = time.perf_counter() - started
        draft.candidates = len(drafted.texts)
        draft.tokens = drafted.total_tokens
        self._judge(draft, drafted.texts, product, analysis)
        opening_line = draft.best("opening")
        opening = (
            Sentence(opening_line.text, [product.name, product.brand], "opening", "model")
            if opening_line
            else realizer.template_opening(
                # a batch's spread; a single request has nothing to avoid and frames nothing
                lambda line: bool(style.avoid_openings) and opening_frame(line, product) in style.avoid_openings)
        )
        closing = realizer.closing(said=opening.text)
        closing_line = draft.best("closing")
        if closing_line and random.Random(seed).random() < 0.9:
            closing.append(Sentence(closing_line.text, [], "closing", "model"))
        return Grounded(opening=opening, body=body, closing=closing, voice=draft, seed=seed, prompt=voice.prefix_text())
