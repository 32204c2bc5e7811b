"""Any OpenAI-compatible chat server (vLLM, TGI, llama.cpp server, Ollama) for scale-out.

Uses the official `openai` client: its bounded retries with backoff cover connection errors,
429 and 5xx.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Self

from ...errors import EngineNotReady
from ..remote import clear_errors, connect, public_url
from .base import GenerationParams, TextChunk, TextEngine

if TYPE_CHECKING:
    from ...models import ArtifactSet
    from ...settings import Settings


class OpenAIEngine(TextEngine):
    name = "openai"

    def __init__(self, base_url: str, model: str, api_key: str = "", timeout: float = 30.0, max_retries: int = 2,
                 stream: bool = True):
        if not base_url:
            raise ValueError("TEXT_ENGINE=openai needs TEXT_BASE_URL, e.g. http://127.0.0.1:8000/v1")
        if not model:
            raise ValueError("TEXT_ENGINE=openai needs TEXT_MODEL, the model name the server serves")
        self.base_url = base_url
        self.model = model
        self._api_key = api_key
        self.timeout = timeout
        self.max_retries = max_retries
        self.streaming = stream
        self._client: Any = None

    @classmethod
    def from_settings(cls, settings: Settings, artifacts: ArtifactSet | None = None) -> Self:
        return cls(settings.text_base_url, settings.text_model, settings.text_api_key.get_secret_value(),
                   settings.text_timeout, settings.text_max_retries, settings.text_stream)

    def load(self) -> None:
        self._client = connect("text", self.base_url, self.model, self._api_key, self.timeout, self.max_retries)

    def _request(self, messages: list[dict[str, str]], params: GenerationParams, stream: bool) -> Any:
        return self._client.chat.completions.create(
            model=self.model, messages=messages, max_tokens=params.max_tokens, temperature=params.temperature,
            top_p=params.top_p, seed=params.seed, stream=stream, timeout=self.timeout,
        )

    def stream(self, messages: list[dict[str, str]], params: GenerationParams) -> Iterator[TextChunk]:
        if self._client is None:
            raise EngineNotReady(f"the text server at {public_url(self.base_url)} was not reachable at start-up")
        with clear_errors("text", self.base_url, self.timeout):
            if not self.streaming:
                reply = self._request(messages, params, stream=False)
                tokens = reply.usage.completion_tokens if reply.usage else 0
                yield TextChunk(text=reply.choices[0].message.content or "", tokens=tokens)
                return
            for chunk in self._request(messages, params, stream=True):
                if chunk.choices and chunk.choices[0].delta.content:
                    yield TextChunk(text=chunk.choices[0].delta.content, tokens=1)

    def info(self) -> dict[str, Any]:
        return {"engine": self.name, "model": self.model, "base_url": public_url(self.base_url), "device": "server",
                "streaming": self.streaming, "timeout_seconds": self.timeout, "max_retries": self.max_retries}
