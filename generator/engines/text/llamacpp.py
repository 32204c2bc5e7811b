"""llama.cpp through llama-cpp-python, on a local GGUF file (the default engine).

Build llama-cpp-python with -DGGML_OPENMP=OFF (the Makefile does): with OpenMP, llama.cpp called
from a server's worker threads measured 2.5x slower per token on two cores than from the main
thread; ggml's own thread pool is as fast from any thread.
"""
from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from ...errors import EngineNotReady
from ...models import ARTIFACTS, SMOLLM2_GGUF, ArtifactSet, sha256_of
from .base import Completions, GenerationParams, TextChunk, TextEngine

if TYPE_CHECKING:
    from ...settings import Settings

SMOLLM2_FILE = next(a.filename for a in ARTIFACTS if a.role == "text")
STORE_SOURCE = "models/ (DVC)"


class LlamaCppEngine(TextEngine):
    name = "llamacpp"
    default_strategy = "grounded"

    def __init__(self, model: str = "", threads: int = 1, context_size: int = 2048,
                 embedded_path: Path | None = None, embedded_source: str = ""):
        self._model_arg = model
        self._embedded_path = embedded_path  # the default GGUF from the verified models/ folder
        self._embedded_source = embedded_source
        self._threads = threads
        self._context_size = context_size
        self._llama: Any = None
        self._path: Path | None = None
        self._lock = threading.Lock()  # a llama.cpp context serves one generation at a time

    @classmethod
    def from_settings(cls, settings: Settings, artifacts: ArtifactSet | None = None) -> Self:
        stored = artifacts is not None and artifacts.from_store
        return cls(settings.text_model, settings.threads, settings.context_size,
                   embedded_path=artifacts.paths.get(SMOLLM2_FILE) if artifacts and stored else None,
                   embedded_source=STORE_SOURCE if stored else "")

    def _resolve_path(self) -> Path:
        if not self._model_arg:
            return self._embedded_path or SMOLLM2_GGUF.path()
        path = Path(self._model_arg).expanduser()
        if not path.is_file():
            raise FileNotFoundError(f"TEXT_MODEL={self._model_arg!r} is not a GGUF file on disk")
        return path

    def load(self) -> None:
        from llama_cpp import Llama

        self._path = self._resolve_path()
        self._llama = Llama(
            model_path=str(self._path),
            n_ctx=self._context_size,
            n_threads=self._threads,
            n_threads_batch=self._threads,
            verbose=False,
        )

    def stream(self, messages: list[dict[str, str]], params: GenerationParams) -> Iterator[TextChunk]:
        if self._llama is None:
            raise EngineNotReady("the llama.cpp model is not loaded")
        with self._lock:
            chunks = self._llama.create_chat_completion(
                messages=messages,
                stream=True,
                max_tokens=params.max_tokens,
                temperature=params.temperature,
                top_p=params.top_p,
                repeat_penalty=params.repeat_penalty,
                seed=params.seed,
            )
            for chunk in chunks:
                text = chunk["choices"][0]["delta"].get("content") or ""
                if text:
                    yield TextChunk(text=text, tokens=1)

    def complete_many(self, prompt: str, n: int, params: GenerationParams,
                      stop: tuple[str, ...] = ()) -> Iterator[Completions]:
        if self._llama is None:
            raise EngineNotReady("the llama.cpp model is not loaded")
        texts, tokens, done = [""] * n, [0] * n, [False] * n
        seed = params.seed if params.seed is not None else 0
        with self._lock:
            for index in range(n):  # one after another; the prompt's KV is reused between them
                chunks = self._llama.create_completion(
                    prompt, stream=True, max_tokens=params.max_tokens, temperature=params.temperature,
                    top_p=params.top_p, repeat_penalty=params.repeat_penalty, seed=seed + index, stop=list(stop),
                )
                for chunk in chunks:
                    texts[index] += chunk["choices"][0]["text"]
                    tokens[index] += 1
                    yield Completions(list(texts), list(tokens), list(done))
                done[index] = True
        yield Completions(texts, tokens, done)

    def info(self) -> dict[str, Any]:
        embedded = not self._model_arg
        info: dict[str, Any] = {
            "engine": self.name,
            "model": SMOLLM2_GGUF.model_id if embedded else self._model_arg,
            "threads": self._threads,
        }
        if self._path is not None:
            info["file"] = self._path.name
            info["sha256"] = sha256_of(self._path)
        if embedded:
            info["source"] = self._embedded_source or f"PyPI {SMOLLM2_GGUF.package}=={SMOLLM2_GGUF.version()}"
            info["licence"] = SMOLLM2_GGUF.licence
        return info
