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
from ..device import llama_gpu_layers
from ..hub import LoadProgress
from .base import GenerationParams, TextChunk, TextEngine
from .gguf import STORE_SOURCE, GgufSource

if TYPE_CHECKING:
    from ...settings import Settings

__all__ = ["STORE_SOURCE", "LlamaCppEngine", "build_info"]

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

    def __init__(self, model: str = "", threads: int = 1, context_size: int = 2048,
                 artifacts: ArtifactSet | None = None, device: str = "auto"):
        self._source = GgufSource.from_setting(model, artifacts)
        self.progress = LoadProgress(str(self._source.hub)) if self._source.downloads else None
        self._threads = threads
        self._context_size = context_size
        self._device_setting = device
        self._device: dict[str, Any] = {"device": device, "gpu_layers": 0}
        self._llama: Any = None
        self._path: Path | None = None
        self._lock = threading.Lock()  # a llama.cpp context serves one generation at a time

    @classmethod
    def from_settings(cls, settings: Settings, artifacts: ArtifactSet | None = None) -> Self:
        return cls(settings.text_model, settings.threads, settings.context_size, artifacts, settings.device)

    def load(self) -> None:
        from llama_cpp import Llama

        self._path = self._source.resolve(self.progress)
        if self.progress is not None:
            self.progress.set_state("loading")
        gpu_layers, device, why = llama_gpu_layers(self._device_setting)
        llama = Llama(
            model_path=str(self._path),
            n_ctx=self._context_size,
            n_threads=self._threads,
            n_threads_batch=self._threads,
            n_gpu_layers=gpu_layers,
            verbose=False,
        )
        with self._lock:
            self._llama = llama
        self._device = {"device": device, "gpu_layers": gpu_layers, "device_note": why}
        if build_info()["openmp"]:
            log.warning("llama-cpp-python was built with OpenMP: about 2.5x slower per token from server threads; "
                        "install it from requirements.txt (its --config-settings) or with the Makefile's CMAKE_ARGS")

    @property
    def base_model(self) -> bool:
        """A base (pretrained) model, to prompt as a completion: embedded Gemma 3 270M, or a GGUF with no chat
        template; instruct models (SmolLM2) take chat messages."""
        if self._source.embedded is not None:
            return self._source.embedded.base_model
        return self._llama is not None and "tokenizer.chat_template" not in (self._llama.metadata or {})

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

    def info(self) -> dict[str, Any]:
        info: dict[str, Any] = {"engine": self.name, **self._source.info(), "base_model": self.base_model,
                                "threads": self._threads, **self._device}
        if self._path is not None:
            info["file"] = self._path.name
            info["sha256"] = sha256_of(self._path)
            info["llama_cpp"] = {key: value for key, value in build_info().items() if key != "system_info"}
        return info
