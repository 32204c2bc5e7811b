"""The quality pipeline the service calls: verified text for a product, a style and a text engine.

    written = yield from pipeline.write(engine, product, style, seed, variants)

streams the first draft as Partial text and returns what was Written: for each variant, the
candidate chosen and every draft tried. `check_report` and `variants_report` give the report's
parts. Imports run one way: factcheck <- repair <- selection <- pipeline.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import Any

from ..engines.text.base import TextEngine
from ..events import Partial
from ..product import Product, Style
from . import phrases, voice
from .compose import compose
from .factcheck import detect_language, repeated_phrases
from .grounded import GroundedWriter
from .nlp import nlp
from .phraser import PhrasedWriter
from .selection import MIN_PROSE_SHARE, BestOfN, Candidate, DraftOutcome, checked, distinct_share
from .writer import FineTunedEditor, FineTunedWriter

VARIANT_SEED_STEP = 1000  # variant i drafts with seeds from seed + 1000 * i
REALIZER_TRIES = 5  # draws of the realizer when one repeats a phrase


@dataclass(frozen=True)
class Written:
    outcomes: list[DraftOutcome]  # one per variant, in the order written

    @property
    def ranked(self) -> list[DraftOutcome]:
        """The variants, best first."""
        return sorted(self.outcomes, key=lambda outcome: outcome.best.score, reverse=True)

    @property
    def best(self) -> Candidate:
        return self.ranked[0].best

    @property
    def drafts(self) -> list[Candidate]:
        return [candidate for outcome in self.outcomes for candidate in outcome.tried]

    @property
    def tokens(self) -> int:
        return sum(candidate.tokens for candidate in self.drafts)

    @property
    def tokens_per_second(self) -> float:
        seconds = sum(candidate.seconds for candidate in self.drafts)
        return round(self.tokens / seconds, 1) if self.tokens else 0.0


def _ignore(candidate: Candidate) -> None:
    pass


class QualityPipeline:
    def __init__(self, best_of: int, draft_budget: float, strategy: str = "auto", voice_candidates: int = 4,
                 writer_candidates: int = 4, writer_temperature: float = 0.7):
        self.selection = BestOfN(best_of, draft_budget)
        self.grounded = GroundedWriter(voice_candidates)
        self.phrased = PhrasedWriter(writer_candidates)
        self.writer = FineTunedWriter(writer_candidates, writer_temperature)
        self.editor = FineTunedEditor(writer_candidates, writer_temperature)
        self.strategy = strategy

    def strategy_for(self, engine: TextEngine) -> str:
        """TEXT_STRATEGY; `auto` goes by what the engine can do: the fine-tuned writer where raw prompts and an
        adapter are there, the grounded realizer for raw prompts alone (small local models), else free writing
        (hub and server models, chat only)."""
        if self.strategy != "auto":
            return self.strategy
        if not engine.raw_prompts:
            return "free"
        return "writer" if engine.has_adapter else "grounded"

    def unneeded_model(self, engine: TextEngine) -> str:
        """Why this path calls no model ('' when it does): the grounded realizer with no model lines drafted.
        The engine then loads on the first request that needs it, not at start-up (cold start)."""
        if self.strategy_for(engine) == "grounded" and not self.grounded.candidates:
            return "the grounded realizer writes with VOICE_CANDIDATES=0 and calls no model; it loads when needed"
        return ""

    def warm_up(self, engine: TextEngine | None = None) -> None:
        """Load the language detector, the checker's pipeline and the grounded prompt's prefix now, so that
        the first request does not wait for them."""
        detect_language("A warm-up sentence loads the language models once, at start-up.")
        nlp()
        if engine is not None and self.strategy_for(engine) == "grounded" and self.grounded.candidates:
            engine.keep_prefix(voice.prefix_text())

    def write(
        self, engine: TextEngine, product: Product, style: Style, seed: int, variants: int,
        on_draft: Callable[[Candidate], None] = _ignore,
    ) -> Generator[Partial, None, Written]:
        """Each variant by the engine's strategy; only the first variant streams. `on_draft` sees every text checked."""
        outcomes: list[DraftOutcome] = []
        strategy = self.strategy_for(engine)
        for index in range(variants):
            variant_seed = seed + VARIANT_SEED_STEP * index
            if strategy in ("grounded", "phrase"):
                outcome = yield from self._grounded(engine, product, style, variant_seed, index == 0, strategy)
                on_draft(outcome.best)
            elif strategy in ("writer", "edit"):
                model = self.writer if strategy == "writer" else self.editor
                outcome = yield from model.write(engine, product, style, variant_seed, index == 0)
                for candidate in outcome.tried:
                    on_draft(candidate)
            else:
                outcome = yield from self.selection.run(
                    engine, product, style, variant_seed, [o.best for o in outcomes],
                    stream=index == 0, on_draft=on_draft,
                )
            outcomes.append(outcome)
        return Written(outcomes)

    def _grounded(self, engine: TextEngine, product: Product, style: Style, seed: int,
                  stream: bool, strategy: str = "grounded") -> Generator[Partial, None, DraftOutcome]:
        """The realizer's text; while it repeats a phrase ("the guitar has … the guitar has"), another draw, up
        to REALIZER_TRIES in all (each takes about 0.1 s)."""
        tried: list[Candidate] = []
        # another draw of the phrased strategy would call the model again: one draw
        for attempt in range(1 if strategy == "phrase" else REALIZER_TRIES):
            draw = seed + attempt * VARIANT_SEED_STEP // 7  # never another variant's seed
            writer = self.phrased if strategy == "phrase" else self.grounded
            written = yield from writer.write(engine, product, style, draw, stream and attempt == 0)
            composing = time.perf_counter()
            repaired = compose(written.sentences, product, style, draw, written.prompt)
            candidate = checked(draw, repaired, product, style, written.voice.tokens, written.voice.seconds,
                                strategy, written.voice.candidates)
            candidate.check_seconds = written.voice.judge_seconds + time.perf_counter() - composing
            candidate.voice = written.voice.summary()
            tried.append(candidate)
            if not repeated_phrases(candidate.repaired.prose):
                break
        # the first draw with the fewest repeats: on the prose alone, so that every format gets the same text
        return DraftOutcome(best=min(tried, key=lambda c: len(repeated_phrases(c.repaired.prose))), tried=tried)

    def check_report(self, outcome: DraftOutcome, style: Style, model: str) -> dict[str, Any]:
        """The report's `check`: the checker's findings on the chosen text, plus the prose and draft figures."""
        candidate = outcome.best
        out = candidate.check.as_dict()
        out["prose_coverage"] = candidate.prose_coverage
        out["prose_words"] = candidate.prose_words
        drafting = candidate.strategy in ("grounded", "writer", "edit", "phrase")
        out["candidates"] = candidate.drafted if drafting else len(outcome.tried)
        out["strategy"] = candidate.strategy
        out["seconds"] = {"drafting": round(candidate.seconds, 3), "checking": round(candidate.check_seconds, 3)}
        out["bullets"] = bool(candidate.repaired.bullets)
        out["left_out"] = candidate.repaired.left_out  # cut for the length bound, and links (compose.py)
        out["guarded"] = candidate.repaired.guarded
        out["flags"] = candidate.repaired.flags  # every sentence dropped, and why
        out["model_sentences"] = candidate.repaired.model_sentences
        if candidate.voice:
            out["voice"] = candidate.voice
        out["warnings"] = _warnings(candidate, style, model)
        return out

    def variants_report(self, written: Written, style: Style, model: str) -> list[dict[str, Any]]:
        """The report's `variants`, best first, each with its own check."""
        def others(outcome: DraftOutcome) -> list[str]:
            return [other.best.repaired.prose for other in written.outcomes if other is not outcome]

        return [
            {"text": o.best.repaired.text, "seed": o.best.seed, "score": round(o.best.score, 3),
             "distinct_share": round(distinct_share(o.best.repaired.prose, others(o)), 3),
             "check": self.check_report(o, style, model)}
            for o in written.ranked
        ]


def _warnings(candidate: Candidate, style: Style, model: str) -> list[str]:
    warnings = []
    if candidate.strategy in ("grounded", "phrase") and phrases.tone_note(style.tone):
        warnings.append(phrases.tone_note(style.tone) + "; TEXT_STRATEGY=writer follows free-text tones.")
    if not candidate.check.language_ok:
        # Name what actually wrote the text: only the free strategy's model could be swapped for another.
        writer = {"grounded": "the template writer (TEXT_STRATEGY=grounded) writes English sentences only",
                  "writer": "the fine-tuned writer was taught English copy only",
                  "edit": "the fine-tuned editor was taught English copy only",
                  "phrase": "the fine-tuned phraser was taught English sentences only"}.get(
            candidate.strategy, f"the model ({model}) cannot write it well; choose a multilingual model with "
                                "TEXT_MODEL")
        warnings.append(f"You asked for {style.language}, but the text is in {candidate.check.language}: "
                        f"{writer}, so it cannot write {style.language}.")
    if not candidate.check.length_ok:
        low, high = candidate.check.length_band
        warnings.append(f"{candidate.check.words} words, outside the {style.length} band of {low}-{high}.")
    if candidate.strategy == "free" and candidate.prose_words < MIN_PROSE_SHARE * style.target_words:
        warnings.append(f"Only {candidate.prose_words} words of prose passed the checks.")
    if candidate.prose_coverage < 0.7:
        warnings.append(f"The prose states {candidate.prose_coverage:.0%} of the facts.")
    return warnings
