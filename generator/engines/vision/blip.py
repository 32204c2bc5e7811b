"""BLIP image captioning through transformers, for any hub id or local path, on the CPU or a GPU (DEVICE).

transformers 5 has no image-to-text pipeline, so this calls generate() directly.
"""
from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, Self

from PIL import Image

from ...errors import EngineNotReady
from ..device import torch_device, torch_dtype
from ..hub import hub_info, load_errors
from .base import Detection, VisionEngine

if TYPE_CHECKING:
    from ...models import ArtifactSet
    from ...settings import Settings

DEFAULT_MODEL = "Salesforce/blip-image-captioning-large"
_PROMPT = "a product photo of"


class BlipEngine(VisionEngine):
    name = "blip"

    def __init__(self, model: str = "", revision: str = "", threads: int = 1, max_new_tokens: int = 30,
                 device: str = "auto"):
        self.model_id = model or DEFAULT_MODEL
        self.revision = revision or None
        self._threads = threads
        self._device_setting = device
        self._device: str = "cpu"
        self._dtype: Any = None
        self._max_new_tokens = max_new_tokens
        self._model: Any = None
        self._processor: Any = None
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings, artifacts: ArtifactSet | None = None) -> Self:
        return cls(settings.vision_model, settings.vision_model_revision, settings.threads, device=settings.device)

    def load(self) -> None:
        import torch
        from transformers import BlipForConditionalGeneration, BlipProcessor

        torch.set_num_threads(self._threads)
        device = torch_device(self._device_setting)
        dtype = torch_dtype(device)
        with load_errors(self.model_id, self.revision):
            self._processor = BlipProcessor.from_pretrained(self.model_id, revision=self.revision)
            model = BlipForConditionalGeneration.from_pretrained(self.model_id, revision=self.revision, dtype=dtype)
        self._model = model.to(device).eval()
        self._device, self._dtype = device, dtype

    def caption(self, image: Image.Image) -> str:
        if self._model is None:
            raise EngineNotReady(f"the BLIP model {self.model_id!r} is not loaded")
        import torch

        with self._lock, torch.inference_mode():
            inputs = self._processor(images=image, text=_PROMPT, return_tensors="pt").to(self._device, self._dtype)
            output = self._model.generate(**inputs, max_new_tokens=self._max_new_tokens, num_beams=1, do_sample=False)
        text = self._processor.decode(output[0], skip_special_tokens=True).strip()
        return text[len(_PROMPT):].strip() if text.lower().startswith(_PROMPT) else text

    def analyze(self, image: Image.Image) -> Detection:
        return Detection(caption=self.caption(image), model=self.info())

    def info(self) -> dict[str, Any]:
        dtype = str(self._dtype).removeprefix("torch.") if self._dtype is not None else "float32"
        return {**hub_info(self.name, self.model_id, self.revision, self._model), "device": self._device,
                "dtype": dtype}
