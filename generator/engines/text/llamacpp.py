"""llama.cpp through llama-cpp-python, on a GGUF (the default engine): an embedded model, a Hub file
or a path (gguf.py says which).

Build llama-cpp-python with -DGGML_OPENMP=OFF (the Makefile does): with OpenMP, llama.cpp called
from a server's worker threads measured 2.5x slower per token on two cores than from the main
thread; ggml's own thread pool is as fast from any thread. `build_info()` says how it was built.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from ...errors import EngineNotReady
from ...models import ArtifactSet, sha256_of
from .. import registry
from ..device import llama_gpu_layers
from ..hub import LoadProgress
from .adapter import writer_adapter
from .base import Completions, GenerationParams, TextChunk, TextEngine
from .gguf import STORE_SOURCE, GgufSource

if TYPE_CHECKING:
    from ...settings import Settings

__all__ = ["STORE_SOURCE", "LlamaCppEngine", "build_info"]

ADAPTER_TASKS = {"edit": "edit", "phrase": "phrase"}  # TEXT_STRATEGY -> the adapter it loads; else the writer's

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def build_info() -> dict[str, Any]:
    """The llama-cpp-python version and build: OpenMP (slow from server threads) and GPU offload."""
    import llama_cpp

    system = llama_cpp.llama_print_system_info().decode(errors="replace").strip()
    return {"version": llama_cpp.__version__, "openmp": "OPENMP = 1" in system,
            "gpu_offload": bool(llama_cpp.llama_supports_gpu_offload()), "system_info": system}


class LlamaCppEngine(TextEngine):
    name = "llamacpp"
    raw_prompts = registry.spec("text", "llamacpp").raw_prompts

    def __init__(self, model: str = "", threads: int = 1, context_size: int = 2048,
                 artifacts: ArtifactSet | None = None, device: str = "auto", parallel: int = 8,
                 adapter: str = "off", task: str = "write"):
        self._source = GgufSource.from_setting(model, artifacts)
        self._adapter = writer_adapter(adapter, self._source, task)
        self.progress = LoadProgress(str(self._source.hub)) if self._source.downloads else None
        self._parallel = parallel  # candidates drafted at once (complete_many's n at most)
        self._batched: Any = None  # BatchedLlama: parallel candidates in one batch, the prefix cache
        self._threads = threads
        self._context_size = context_size
        self._device_setting = device
        self._device: dict[str, Any] = {"device": device, "gpu_layers": 0}
        self._llama: Any = None
        self._path: Path | None = None
        self._lock = threading.Lock()  # a llama.cpp context serves one generation at a time

    @classmethod
    def from_settings(cls, settings: Settings, artifacts: ArtifactSet | None = None) -> Self:
        return cls(settings.text_model, settings.threads, settings.context_size, artifacts, settings.device,
                   parallel=max(1, settings.voice_candidates, settings.writer_candidates),
                   adapter=settings.text_adapter, task=ADAPTER_TASKS.get(settings.text_strategy, "write"))

    @property
    def has_adapter(self) -> bool:
        return self._adapter is not None

    def check(self) -> None:
        self._path = self._source.resolve(self.progress)  # the embedded file, verified against its manifest
        llama_gpu_layers(self._device_setting)  # DEVICE=cuda without a GPU build fails here, as at load

    def load(self) -> None:
        from .batched import BatchedLlama

        self._path = self._source.resolve(self.progress)
        if self.progress is not None:
            self.progress.set_state("loading")
        gpu_layers, device, why = llama_gpu_layers(self._device_setting)
        # One context for N parallel sequences plus the kept prefix: the few-shot prefix (~700 tokens),
        # the product's facts (~100) and N lines of up to 40 tokens fit in the context size.
        batched = BatchedLlama(self._path, n_parallel=self._parallel, n_ctx=self._context_size,
                               n_threads=self._threads, n_gpu_layers=gpu_layers,
                               adapter_path=self._adapter.path if self._adapter else None)
        with self._lock:
            self._batched = batched
        self._device = {"device": device, "gpu_layers": gpu_layers, "device_note": why}
        if build_info()["openmp"]:
            log.warning("llama-cpp-python was built with OpenMP: about 2.5x slower per token from server threads; "
                        "install it from requirements.txt (its --config-settings) or with the Makefile's CMAKE_ARGS")

    def _chat_model(self) -> Any:
        """The high-level Llama for chat streaming (the free strategy), made on first use."""
        if self._llama is None:
            from llama_cpp import Llama

            self._llama = Llama(
                model_path=str(self._path),
                n_ctx=self._context_size,
                n_threads=self._threads,
                n_threads_batch=self._threads,
                n_gpu_layers=self._device["gpu_layers"],
                lora_path=str(self._adapter.path) if self._adapter else None,
                verbose=False,
            )
        return self._llama

    @property
    def base_model(self) -> bool:
        """A base (pretrained) model, to prompt as a completion: embedded Gemma 3 270M, or a GGUF with no chat
        template; instruct models (SmolLM2) take chat messages."""
        if self._source.embedded is not None:
            return self._source.embedded.base_model
        return self._batched is not None and not self._batched.has_chat_template

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

    def warmup(self) -> None:
        for _ in self.complete_many("Hello", 1, GenerationParams(max_tokens=1, seed=0)):
            pass

    def info(self) -> dict[str, Any]:
        info: dict[str, Any] = {"engine": self.name, **self._source.info(), "base_model": self.base_model,
                                "threads": self._threads, **self._device}
        if self._adapter is not None:
            info["adapter"] = self._adapter.info()
        if self._path is not None:
            info["file"] = self._path.name
            info["sha256"] = sha256_of(self._path)
            info["llama_cpp"] = {key: value for key, value in build_info().items() if key != "system_info"}
        return info
