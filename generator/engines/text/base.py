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
class TextChunk:
    """A piece of generated text and how many tokens produced it."""

    text: str
    tokens: int


class TextEngine(Engine):
    """Built from TEXT_* settings (TEXT_ENGINE picks the class); streams replies to chat messages."""

    @abstractmethod
    def stream(self, messages: list[dict[str, str]], params: GenerationParams) -> Iterator[TextChunk]:
        """Yield the reply to `messages` piece by piece."""

    def warmup(self) -> None:
        for _ in self.stream([{"role": "user", "content": "Hi"}], GenerationParams(max_tokens=1, seed=0)):
            pass
