"""Text engines: one file per backend, picked by TEXT_ENGINE."""
from __future__ import annotations

from ...settings import Settings
from .base import GenerationParams, TextChunk, TextEngine


def create_text_engine(settings: Settings) -> TextEngine:
    if settings.text_engine == "llamacpp":
        from .llamacpp import LlamaCppEngine

        return LlamaCppEngine(settings.text_model, settings.threads, settings.context_size)
    if settings.text_engine == "transformers":
        from .transformers import TransformersEngine

        return TransformersEngine(settings.text_model, settings.text_model_revision, settings.threads)
    raise ValueError(f"unknown TEXT_ENGINE {settings.text_engine!r}")


__all__ = ["GenerationParams", "TextChunk", "TextEngine", "create_text_engine"]
