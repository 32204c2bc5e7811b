"""Vision engines: one file per backend, picked by VISION_ENGINE."""
from __future__ import annotations

from ...models import ARTIFACTS, ArtifactSet
from ...settings import Settings
from .base import Detection, VisionEngine


def create_vision_engine(settings: Settings, artifacts: ArtifactSet | None = None) -> VisionEngine:
    if settings.vision_engine == "classifier":
        from .classifier import ClassifierEngine

        if artifacts is None or artifacts.source != "models":
            return ClassifierEngine(settings.vision_model, settings.threads)
        weights = next(a.filename for a in ARTIFACTS if a.embedded and a.role == "vision")
        return ClassifierEngine(settings.vision_model, settings.threads, embedded_path=artifacts.paths[weights],
                                data_dir=artifacts.paths["product_classes.tsv"].parent,
                                embedded_source="models/ (DVC)")
    if settings.vision_engine == "blip":
        from .blip import BlipEngine

        return BlipEngine(settings.vision_model, settings.vision_model_revision, settings.threads)
    if settings.vision_engine == "openai":
        from .openai import OpenAIVisionEngine

        return OpenAIVisionEngine(settings.vision_base_url, settings.vision_model, settings.vision_api_key,
                                  settings.vision_timeout, settings.text_max_retries)
    raise ValueError(f"unknown VISION_ENGINE {settings.vision_engine!r}")


__all__ = ["Detection", "VisionEngine", "create_vision_engine"]
