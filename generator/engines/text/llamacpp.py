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
                 embedded_path: Path | None = None, embedded_source: str = "", parallel: int = 8):
        self._model_arg = model
        self._parallel = parallel  # candidates drafted at once (complete_many's n at most)
        self._batched: Any = None  # BatchedLlama: parallel candidates in one batch, the prefix cache, scoring
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
                   embedded_source=STORE_SOURCE if stored else "", parallel=settings.voice_candidates)

    def _resolve_path(self) -> Path:
        if not self._model_arg:
            return self._embedded_path or SMOLLM2_GGUF.path()
        path = Path(self._model_arg).expanduser()
        if not path.is_file():
            raise FileNotFoundError(f"TEXT_MODEL={self._model_arg!r} is not a GGUF file on disk")
        return path

    def load(self) -> None:
        from .batched import BatchedLlama

        self._path = self._resolve_path()
        # One context for N parallel sequences plus the kept prefix: the few-shot prefix (~700 tokens),
        # the product's facts (~100) and N lines of up to 56 tokens fit in the context size.
        self._batched = BatchedLlama(self._path, n_parallel=self._parallel, n_ctx=self._context_size,
                                     n_threads=self._threads)

    def _chat_model(self) -> Any:
        """The high-level Llama for chat streaming (the free strategy), made on first use."""
        if self._llama is None:
            from llama_cpp import Llama

            self._llama = Llama(
                model_path=str(self._path),
                n_ctx=self._context_size,
                n_threads=self._threads,
                n_threads_batch=self._threads,
                verbose=False,
            )
        return self._llama

    def stream(self, messages: list[dict[str, str]], params: GenerationParams) -> Iterator[TextChunk]:
        if self._batched is None:
            raise EngineNotReady("the llama.cpp model is not loaded")
        with self._lock:
            chunks = self._chat_model().create_chat_completion(
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
        """The n candidates as parallel sequences in one llama.cpp batch: the prompt is evaluated once
        (less the prefix kept from earlier requests) and each step decodes one token for every candidate."""
        if self._batched is None:
            raise EngineNotReady("the llama.cpp model is not loaded")
        seed = params.seed if params.seed is not None else 0
        tokens = self._batched.tokenize(prompt)
        for steps in self._batched.generate(tokens, n=n, max_tokens=params.max_tokens,
                                            temperature=params.temperature, top_p=params.top_p,
                                            repeat_penalty=params.repeat_penalty,
                                            seeds=[(seed + i) % 0xFFFFFFFF for i in range(n)], stop=list(stop)):
            yield Completions([s.text for s in steps], [s.n_tokens for s in steps], [s.finished for s in steps])

    def keep_prefix(self, text: str) -> None:
        self._batched.set_prefix(self._batched.tokenize(text))

    def score(self, texts: list[str]) -> list[float] | None:
        return list(self._batched.score(texts)) if self._batched is not None else None

    def warmup(self) -> None:
        for _ in self.complete_many("Hello", 1, GenerationParams(max_tokens=1, seed=0)):
            pass

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
