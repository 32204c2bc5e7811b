"""Any Hugging Face causal LM through transformers, by hub id or local path, on the CPU or a GPU (DEVICE)."""
from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from ...errors import EngineNotReady
from ..device import torch_device, torch_dtype
from ..hub import LoadProgress, cached_repo_bytes, hub_info, load_errors
from .base import GenerationParams, TextChunk, TextEngine

if TYPE_CHECKING:
    from ...models import ArtifactSet
    from ...settings import Settings

DEFAULT_MODEL = "google/gemma-2b-it"


def _counting_streamer(tokenizer: Any) -> Any:
    from transformers import TextIteratorStreamer

    class CountingStreamer(TextIteratorStreamer):
        """A TextIteratorStreamer that also counts the tokens generated."""

        def __init__(self, *args: Any, **kwargs: Any):
            super().__init__(*args, **kwargs)
            self.tokens = 0

        def put(self, value: Any) -> None:
            if not self.next_tokens_are_prompt:
                self.tokens += int(value.numel())
            super().put(value)

    return CountingStreamer(tokenizer, skip_prompt=True, skip_special_tokens=True, timeout=300)


class TransformersEngine(TextEngine):
    name = "transformers"

    def __init__(self, model: str = "", revision: str = "", threads: int = 1, device: str = "auto"):
        self.model_id = model or DEFAULT_MODEL
        self.revision = revision or None
        self._threads = threads
        self._device_setting = device
        self._device, self._dtype = "cpu", "float32"
        self._model: Any = None
        self._tokenizer: Any = None
        self._lock = threading.Lock()
        if is_hub_id(self.model_id):  # downloaded by transformers: progress is what the HF cache holds so far
            self.progress = LoadProgress(self.model_id, probe=functools.partial(cached_repo_bytes, self.model_id))

    @classmethod
    def from_settings(cls, settings: Settings, artifacts: ArtifactSet | None = None) -> Self:
        return cls(settings.text_model, settings.text_model_revision, settings.threads, settings.device)

    def load(self) -> None:
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        torch.set_num_threads(self._threads)
        device = torch_device(self._device_setting)
        dtype = torch_dtype(device)
        source, extra = self.model_id, {}
        if self.model_id.endswith(".gguf"):  # a local GGUF, de-quantised (needs the gguf package)
            path = Path(self.model_id)
            source, extra = str(path.parent), {"gguf_file": path.name}
        if self.progress is not None:
            self.progress.set_state("downloading")
        with load_errors(self.model_id, self.revision):
            self._tokenizer = AutoTokenizer.from_pretrained(source, revision=self.revision, **extra)
            model = AutoModelForCausalLM.from_pretrained(source, revision=self.revision, dtype=dtype, **extra)
        self._model = model.to(device).eval()
        self._device, self._dtype = device, str(dtype).removeprefix("torch.")

    def _encode(self, messages: list[dict[str, str]]) -> Any:
        """The chat as model inputs, on the model's device."""
        try:
            encoded = self._tokenizer.apply_chat_template(
                messages, add_generation_prompt=True, return_dict=True, return_tensors="pt"
            )
        except Exception:  # templates such as Gemma's reject a system turn
            if messages[0]["role"] != "system":
                raise
            folded = [{"role": "user", "content": messages[0]["content"] + "\n\n" + messages[1]["content"]}]
            encoded = self._tokenizer.apply_chat_template(
                folded + messages[2:], add_generation_prompt=True, return_dict=True, return_tensors="pt"
            )
        return encoded.to(self._device)

    def stream(self, messages: list[dict[str, str]], params: GenerationParams) -> Iterator[TextChunk]:
        if self._model is None:
            raise EngineNotReady(f"the transformers model {self.model_id!r} is not loaded")
        import torch

        with self._lock:
            inputs = self._encode(messages)
            streamer = _counting_streamer(self._tokenizer)
            if params.seed is not None:
                torch.manual_seed(params.seed)
            kwargs = dict(
                **inputs,
                streamer=streamer,
                max_new_tokens=params.max_tokens,
                do_sample=params.temperature > 0,
                repetition_penalty=params.repeat_penalty,
                pad_token_id=self._tokenizer.pad_token_id or self._tokenizer.eos_token_id,
            )
            if params.temperature > 0:
                kwargs.update(temperature=params.temperature, top_p=params.top_p)
            errors: list[BaseException] = []

            def run() -> None:
                try:
                    with torch.inference_mode():
                        self._model.generate(**kwargs)
                except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
                    errors.append(exc)
                    streamer.end()

            worker = threading.Thread(target=run, daemon=True)
            worker.start()
            counted = 0
            for text in streamer:
                if text:
                    yield TextChunk(text=text, tokens=streamer.tokens - counted)
                    counted = streamer.tokens
            worker.join()
            if errors:
                raise errors[0]
            if streamer.tokens > counted:
                yield TextChunk(text="", tokens=streamer.tokens - counted)

    def info(self) -> dict[str, Any]:
        return {**hub_info(self.name, self.model_id, self.revision, self._model), "device": self._device,
                "dtype": self._dtype}


def is_hub_id(model: str) -> bool:
    """`owner/name` that is not a folder or file here: transformers downloads it from the Hub."""
    return (model.count("/") == 1 and not model.startswith((".", "/", "~")) and not model.endswith(".gguf")
            and not Path(model).exists())
