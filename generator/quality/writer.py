"""The fine-tuned writer: candidates drafted in one batch from the facts, checked, the best one kept.

1. The prompt is the facts in the training format (`prompts.writer_prompt`): no instructions and no
   examples, so evaluating it is cheap. The engine carries the LoRA adapter trained on it (training/).
2. N candidates are drafted as parallel sequences of one llama.cpp batch; the first one streams.
3. Each candidate is repaired as a free draft is (repair.py): every sentence is checked against the facts,
   a flagged sentence is dropped, and the realizer states any fact the draft left out. The off-topic check
   is left out (`topical=False`): the writer was taught copy that sets scenes, and its facts are checked.
4. The candidate with the best score (selection.Candidate.score) is published.
"""
from __future__ import annotations

import time
from collections.abc import Generator

from ..engines.text.base import Completions, GenerationParams, TextEngine
from ..events import Partial
from ..product import Product, Style
from ..prompts import editor_prompt, max_tokens_for, realizer_draft, writer_prompt
from ..sameness import opening_frame
from .postprocess import finish_sentences
from .repair import repair
from .selection import Candidate, DraftOutcome, checked

STREAM_INTERVAL = 0.1  # seconds between streamed updates
# Sampling for the candidates: varied enough that N drafts differ, cool enough to stay on the facts
# (WRITER_TEMPERATURE sets the temperature).
TEMPERATURE = 0.7
TOP_P = 0.9
REPEAT_PENALTY = 1.1


class FineTunedWriter:
    strategy = "writer"
    topical = False  # the off-topic check: off for the writer, which was taught copy that sets scenes

    def __init__(self, candidates: int, temperature: float = TEMPERATURE):
        self.candidates = max(1, candidates)
        self.temperature = temperature

    def prompt(self, product: Product, style: Style, seed: int) -> str:
        return writer_prompt(product, style)

    def write(self, engine: TextEngine, product: Product, style: Style, seed: int,
              stream: bool) -> Generator[Partial, None, DraftOutcome]:
        prompt = self.prompt(product, style, seed)
        params = GenerationParams(max_tokens=max_tokens_for(style), temperature=self.temperature, top_p=TOP_P,
                                  repeat_penalty=REPEAT_PENALTY, seed=seed)
        started = last = time.perf_counter()
        drafted = Completions([], [], [])
        for drafted in engine.complete_many(prompt, self.candidates, params):
            if stream and drafted.texts and time.perf_counter() - last >= STREAM_INTERVAL:
                last = time.perf_counter()
                yield Partial(drafted.texts[0])
        seconds = time.perf_counter() - started
        candidates = [self._candidate(seed + index, text, tokens, seconds, product, style, len(drafted.texts),
                                      self.strategy, self.topical)
                      for index, (text, tokens) in enumerate(zip(drafted.texts, drafted.tokens, strict=True))]
        # In a batch, a candidate that opens like too many texts before it gives way to one that does not.
        def rank(candidate: Candidate) -> float:
            return candidate.score - (1.0 if style.avoid_openings and opening_frame(candidate.repaired.prose, product)
                                      in style.avoid_openings else 0.0)

        return DraftOutcome(best=max(candidates, key=rank), tried=candidates)

    @staticmethod
    def _candidate(seed: int, text: str, tokens: int, seconds: float, product: Product, style: Style,
                   drafted: int, strategy: str, topical: bool) -> Candidate:
        checking = time.perf_counter()
        repaired = repair(finish_sentences(text), product, style, seed, topical=topical)
        candidate = checked(seed, repaired, product, style, tokens, seconds, strategy, drafted)
        candidate.check_seconds = time.perf_counter() - checking
        return candidate


class FineTunedEditor(FineTunedWriter):
    """The editor: the realizer drafts the facts as sentences (no model call), and the adapter taught on
    (facts, that draft) -> careful copy rewrites it. Its candidates are checked and repaired as the writer's."""

    strategy = "edit"
    # Every sentence of an edit should be about what the draft says: a sentence with words that are neither the
    # merchant's nor generic copy ("so you can turn the kitchen into one big dish") is dropped, and the realizer
    # states what it left out.
    topical = True

    def prompt(self, product: Product, style: Style, seed: int) -> str:
        return editor_prompt(product, style, realizer_draft(product, style, seed))

