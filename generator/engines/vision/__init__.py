"""Vision engines: one file per backend, picked by VISION_ENGINE through the engine registry."""
from __future__ import annotations

from ...models import ArtifactSet
from ...settings import Settings
from ..registry import spec
from .base import Detection, VisionEngine


def create_vision_engine(settings: Settings, artifacts: ArtifactSet | None = None) -> VisionEngine:
    engine: VisionEngine = spec("vision", settings.vision_engine).create(settings, artifacts)
    return engine


__all__ = ["Detection", "VisionEngine", "create_vision_engine"]
