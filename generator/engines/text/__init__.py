"""Text engines: one file per backend, picked by TEXT_ENGINE through the engine registry."""
from __future__ import annotations

from ...models import ArtifactSet
from ...settings import Settings
from ..registry import spec
from .base import GenerationParams, TextChunk, TextEngine


def create_text_engine(settings: Settings, artifacts: ArtifactSet | None = None) -> TextEngine:
    engine: TextEngine = spec("text", settings.text_engine).create(settings, artifacts)
    return engine


__all__ = ["GenerationParams", "TextChunk", "TextEngine", "create_text_engine"]
