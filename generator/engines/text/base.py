"""The text engine interface: load once, then stream text for chat messages."""
from __future__ import annotations

from abc import abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass

from ..base import Engine


@dataclass(frozen=True)
class GenerationParams:
    max_tokens: int = 256
    temperature: float = 0.3
    top_p: float = 0.9
    repeat_penalty: float = 1.15
    seed: int | None = None


@dataclass(frozen=True)
class Completions:
    """N continuations of one prompt, so far: their texts, tokens drafted, and which have finished."""

    texts: list[str]
    tokens: list[int]
    done: list[bool]

    @property
    def total_tokens(self) -> int:
        return sum(self.tokens)


@dataclass(frozen=True)
class TextChunk:
    """A piece of generated text and how many tokens produced it."""

    text: str
    tokens: int


class TextEngine(Engine):
    """Built from TEXT_* settings (TEXT_ENGINE picks the class); streams replies to chat messages."""

    # What the engine can do, as its registry spec declares (engines/registry.py); the quality layer picks
    # how to write from these (quality/pipeline.py), the engine knows nothing of strategies.
    raw_prompts = False  # complete_many works: raw prompts, N candidates at once

    @property
    def has_adapter(self) -> bool:
        """Whether a fine-tuned writer adapter is applied (TEXT_ADAPTER)."""
        return False

    @abstractmethod
    def stream(self, messages: list[dict[str, str]], params: GenerationParams) -> Iterator[TextChunk]:
        """Yield the reply to `messages` piece by piece."""

    def complete_many(self, prompt: str, n: int, params: GenerationParams,
                      stop: tuple[str, ...] = ()) -> Iterator[Completions]:
        """`n` continuations of a raw text prompt (few-shot, no chat template), seeded `params.seed`, +1, …

        Yields every candidate's text so far as they grow; the last yield holds the finished texts.
        Engines that can decode the `n` as parallel sequences in one batch do so. Only an engine with
        `raw_prompts` has it; callers ask that first.
        """
        raise NotImplementedError(f"the {self.name} engine takes chat messages only, not raw prompts")

    def keep_prefix(self, text: str) -> None:
        """A hint that many prompts to complete_many start with `text`: keep it evaluated if the engine can."""

    def warmup(self) -> None:
        for _ in self.stream([{"role": "user", "content": "Hi"}], GenerationParams(max_tokens=1, seed=0)):
            pass
