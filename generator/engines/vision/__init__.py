"""Vision engines: one file per backend, picked by VISION_ENGINE."""
from __future__ import annotations

from ...settings import Settings
from .base import Detection, VisionEngine


def create_vision_engine(settings: Settings) -> VisionEngine:
    if settings.vision_engine == "classifier":
        from .classifier import ClassifierEngine

        return ClassifierEngine(settings.vision_model, settings.threads)
    if settings.vision_engine == "blip":
        from .blip import BlipEngine

        return BlipEngine(settings.vision_model, settings.vision_model_revision, settings.threads)
    raise ValueError(f"unknown VISION_ENGINE {settings.vision_engine!r}")


__all__ = ["Detection", "VisionEngine", "create_vision_engine"]
