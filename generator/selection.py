"""Best-of-N: score repaired drafts and decide when one is good enough."""
from __future__ import annotations

from dataclasses import dataclass

from .factcheck import CheckReport, check, coverage_items, words
from .product import Product, Style
from .repair import Repaired, repair

# The model's own prose should carry at least this share of the target length (40 words at medium).
MIN_PROSE_SHARE = 0.4
# A variant must have at least this share of word bigrams that earlier variants do not use.
MIN_DISTINCT = 0.4


@dataclass
class Candidate:
    seed: int
    draft: str
    tokens: int
    seconds: float
    repaired: Repaired
    check: CheckReport
    prose_coverage: float

    @property
    def score(self) -> float:
        """Higher is better: prose that already states the facts, kept whole, at the right length."""
        return (
            2.0 * self.prose_coverage
            + (1.0 if self.check.length_ok else 0.0)
            + 2.0 * min(self.prose_words / self.check.target_words, 1.0)
            - 0.25 * len(self.repaired.removed_sentences)
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


def evaluate(seed: int, draft: str, tokens: int, seconds: float, product: Product, style: Style) -> Candidate:
    repaired = repair(draft, product, style)
    report = check(repaired.text, product, style)
    report.removed_claims = repaired.removed_claims
    report.removed_lint = repaired.removed_lint
    report.removed_sentences = len(repaired.removed_sentences)
    items = len(coverage_items(product))
    listed = sum(1 for line in repaired.added if not line.startswith("Tags: "))
    prose_coverage = round(1 - listed / items, 3) if items else 1.0
    return Candidate(seed, draft, tokens, seconds, repaired, report, prose_coverage)


def distinct_share(text: str, others: list[str]) -> float:
    """The share of `text`'s word bigrams that none of `others` uses (1.0: all new)."""
    def bigrams(value: str) -> set[tuple[str, str]]:
        tokens = [word.lower() for word in words(value)]
        return set(zip(tokens, tokens[1:]))

    mine = bigrams(text)
    if not mine:
        return 0.0
    seen = set().union(*(bigrams(other) for other in others)) if others else set()
    return len(mine - seen) / len(mine)
