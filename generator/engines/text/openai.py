"""Any OpenAI-compatible chat server (vLLM, TGI, llama.cpp server, Ollama) for scale-out.

Uses the official `openai` client: its bounded retries with backoff cover connection errors,
429 and 5xx. The API key is passed to the client only; it is never logged or reported.
"""
from __future__ import annotations

from typing import Any, Iterator
from urllib.parse import urlsplit, urlunsplit

from ..errors import EngineFailed, EngineNotReady
from .base import GenerationParams, TextChunk, TextEngine


def public_url(url: str) -> str:
    """The URL without any user:password part, safe to show."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


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
        self._client = None

    def load(self) -> None:
        import openai

        client = openai.OpenAI(base_url=self.base_url, api_key=self._api_key or "not-needed",
                               timeout=self.timeout, max_retries=self.max_retries)
        try:
            served = [model.id for model in client.models.list()]
        except openai.APIError as exc:
            raise EngineNotReady(f"cannot reach the text server at {public_url(self.base_url)}: "
                                 f"{type(exc).__name__}") from None
        if served and self.model not in served:
            raise EngineNotReady(f"the server at {public_url(self.base_url)} does not serve {self.model!r}; "
                                 f"it serves {', '.join(served[:5])}")
        self._client = client

    def _request(self, messages: list[dict[str, str]], params: GenerationParams, stream: bool):
        return self._client.chat.completions.create(
            model=self.model, messages=messages, max_tokens=params.max_tokens, temperature=params.temperature,
            top_p=params.top_p, seed=params.seed, stream=stream, timeout=self.timeout,
        )

    def stream(self, messages: list[dict[str, str]], params: GenerationParams) -> Iterator[TextChunk]:
        if self._client is None:
            raise EngineNotReady(f"the text server at {public_url(self.base_url)} was not reachable at start-up")
        import openai

        try:
            if not self.streaming:
                reply = self._request(messages, params, stream=False)
                tokens = reply.usage.completion_tokens if reply.usage else 0
                yield TextChunk(text=reply.choices[0].message.content or "", tokens=tokens)
                return
            for chunk in self._request(messages, params, stream=True):
                if chunk.choices and chunk.choices[0].delta.content:
                    yield TextChunk(text=chunk.choices[0].delta.content, tokens=1)
        except openai.APITimeoutError:
            raise EngineFailed(f"the text server at {public_url(self.base_url)} did not answer within "
                               f"{self.timeout:g} s; try again shortly") from None
        except (openai.APIConnectionError, openai.APIStatusError) as exc:
            raise EngineFailed(f"the text server at {public_url(self.base_url)} failed ({type(exc).__name__}); "
                               "try again shortly") from None
        except Exception as exc:  # e.g. the connection dropping mid-stream inside the HTTP library
            if type(exc).__module__.split(".")[0] in ("httpx", "httpcore", "httpx2", "h11", "openai"):
                raise EngineFailed(f"the text server at {public_url(self.base_url)} stopped mid-answer "
                                   f"({type(exc).__name__}); try again shortly") from None
            raise

    def info(self) -> dict[str, Any]:
        return {"engine": self.name, "model": self.model, "base_url": public_url(self.base_url),
                "streaming": self.streaming, "timeout_seconds": self.timeout, "max_retries": self.max_retries}
