"""Best-of-N: draft, repair and score candidates, and decide when one is good enough."""
from __future__ import annotations

import time
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from typing import Any

from ..engines.text.base import TextEngine
from ..events import Partial
from ..product import Product, Style
from ..prompts import max_tokens_for
from . import glossary
from .compose import Repaired, prose_coverage
from .drafting import Draft, write_draft
from .factcheck import CheckReport, check, words
from .repair import repair

# The model's own prose should carry at least this share of the target length (40 words at medium).
MIN_PROSE_SHARE = 0.4
# A variant must have at least this share of word bigrams that earlier variants do not use.
MIN_DISTINCT = 0.4


@dataclass
class Candidate:
    """One draft after repair and checking, with what it cost to write."""

    seed: int
    tokens: int
    seconds: float
    repaired: Repaired
    check: CheckReport
    prose_coverage: float
    strategy: str = "free"
    drafted: int = 1  # candidates the model drafted for this text (voice lines, for the grounded strategy)
    voice: dict[str, Any] = field(default_factory=dict)  # grounded: the voice lines drafted and passed
    check_seconds: float = 0.0  # judging, composing and checking this text (the verification's cost)

    @property
    def score(self) -> float:
        """Higher is better: prose that already states the facts, kept whole, at the right length."""
        return (
            2.0 * self.prose_coverage
            + (1.0 if self.check.length_ok else 0.0)
            + 2.0 * min(self.prose_words / self.check.target_words, 1.0)
            - 0.25 * len(self.repaired.removed_sentences)
            - 0.25 * len(self.repaired.added)  # facts the realizer had to state: the draft's own prose is better
            - 2.0 * (len(self.check.unsupported_claims) + len(self.check.lint) + len(self.check.repetition))
            - (0.0 if self.check.language_ok else 1.0)
        )

    @property
    def prose_words(self) -> int:
        return len(words(self.repaired.prose))

    @property
    def good_enough(self) -> bool:
        return (not self.repaired.removed_claims and not self.repaired.removed_lint and self.check.length_ok
                and self.prose_coverage >= 0.5 and self.check.language_ok
                and self.prose_words >= MIN_PROSE_SHARE * self.check.target_words)


def checked(seed: int, repaired: Repaired, product: Product, style: Style, tokens: int, seconds: float,
            strategy: str, drafted: int = 1) -> Candidate:
    """Check a repaired text as a whole: coverage and keywords on everything published, prose coverage on the prose."""
    started = time.perf_counter()
    report = check(repaired.text, glossary.with_required(product, style), style)
    report.removed_claims = repaired.removed_claims
    report.removed_lint = repaired.removed_lint
    report.removed_sentences = len(repaired.removed_sentences)
    coverage = prose_coverage(repaired.prose, glossary.with_required(product, style))
    return Candidate(seed, tokens, seconds, repaired, report, coverage, strategy, drafted,
                     check_seconds=time.perf_counter() - started)


def evaluate(seed: int, draft: Draft, product: Product, style: Style, prompt_text: str = "") -> Candidate:
    """Repair a free-written draft and check the result."""
    repaired = repair(draft.text, product, style, seed, prompt_text)
    return checked(seed, repaired, product, style, draft.tokens, draft.seconds, "free")


def distinct_share(text: str, others: list[str]) -> float:
    """The share of `text`'s word bigrams that none of `others` uses (1.0: all new)."""
    def bigrams(value: str) -> set[tuple[str, str]]:
        tokens = [word.lower() for word in words(value)]
        return set(zip(tokens, tokens[1:], strict=False))

    mine = bigrams(text)
    if not mine:
        return 0.0
    seen = set().union(*(bigrams(other) for other in others)) if others else set()
    return len(mine - seen) / len(mine)


@dataclass(frozen=True)
class DraftOutcome:
    """Best-of-N for one variant: the candidate chosen, and every draft tried in order."""

    best: Candidate
    tried: list[Candidate]


@dataclass(frozen=True)
class BestOfN:
    best_of: int  # drafts at most (VERIFY_BEST_OF)
    draft_budget: float  # tokens for all drafts, as a multiple of one draft's limit (VERIFY_DRAFT_BUDGET)

    def run(
        self, engine: TextEngine, product: Product, style: Style, seed: int, earlier: list[Candidate],
        stream: bool, on_draft: Callable[[Candidate], None],
    ) -> Generator[Partial, None, DraftOutcome]:
        """Draft with seeds seed, seed+1, … until one is good enough or the token budget is spent.

        Only the first draft streams. A candidate must differ from the `earlier` variants' prose to
        be chosen, unless none does.
        """
        # The budget counts tokens, not seconds, so that a seed always gives the same drafts.
        budget = self.draft_budget * max_tokens_for(style)
        distinct: list[Candidate] = []
        tried: list[Candidate] = []
        for attempt in range(self.best_of):
            if tried and sum(c.tokens for c in tried) + tried[-1].tokens > budget:
                break
            draft = yield from write_draft(engine, product, style, seed + attempt, stream and attempt == 0)
            candidate = evaluate(seed + attempt, draft, product, style, draft.prompt)
            tried.append(candidate)
            on_draft(candidate)
            # Variants must differ in their prose; the Key features list is the same facts by design.
            if distinct_share(candidate.repaired.prose, [c.repaired.prose for c in earlier]) >= MIN_DISTINCT:
                distinct.append(candidate)
                if candidate.good_enough:
                    break
        return DraftOutcome(best=max(distinct or tried, key=lambda c: c.score), tried=tried)
