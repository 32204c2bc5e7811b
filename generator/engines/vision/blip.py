"""BLIP image captioning through transformers, for any hub id or local path.

transformers 5 has no image-to-text pipeline, so this calls generate() directly.
"""
from __future__ import annotations

import threading
from typing import Any

from PIL import Image

from ..errors import EngineNotReady
from .base import Detection, VisionEngine

DEFAULT_MODEL = "Salesforce/blip-image-captioning-large"
_PROMPT = "a product photo of"


class BlipEngine(VisionEngine):
    name = "blip"

    def __init__(self, model: str = "", revision: str = "", threads: int = 1, max_new_tokens: int = 30):
        self.model_id = model or DEFAULT_MODEL
        self.revision = revision or None
        self._threads = threads
        self._max_new_tokens = max_new_tokens
        self._model = None
        self._processor = None
        self._lock = threading.Lock()

    def load(self) -> None:
        import torch
        from transformers import BlipForConditionalGeneration, BlipProcessor

        torch.set_num_threads(self._threads)
        try:
            self._processor = BlipProcessor.from_pretrained(self.model_id, revision=self.revision)
            self._model = BlipForConditionalGeneration.from_pretrained(
                self.model_id, revision=self.revision, dtype=torch.float32
            ).eval()
        except OSError as exc:
            first_line = str(exc).splitlines()[0]
            raise OSError(f"cannot load {self.model_id!r} (revision {self.revision or 'main'}): {first_line}") from exc

    def caption(self, image: Image.Image) -> str:
        if self._model is None:
            raise EngineNotReady(f"the BLIP model {self.model_id!r} is not loaded")
        import torch

        with self._lock, torch.inference_mode():
            inputs = self._processor(images=image, text=_PROMPT, return_tensors="pt")
            output = self._model.generate(**inputs, max_new_tokens=self._max_new_tokens, num_beams=1, do_sample=False)
        text = self._processor.decode(output[0], skip_special_tokens=True).strip()
        return text[len(_PROMPT):].strip() if text.lower().startswith(_PROMPT) else text

    def analyze(self, image: Image.Image) -> Detection:
        return Detection(caption=self.caption(image), model=self.info())

    def info(self) -> dict[str, Any]:
        info: dict[str, Any] = {"engine": self.name, "model": self.model_id, "revision": self.revision or "main"}
        commit = getattr(getattr(self._model, "config", None), "_commit_hash", None)
        if commit:
            info["commit"] = commit
        return info
