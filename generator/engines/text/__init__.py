"""Text engines: one file per backend, picked by TEXT_ENGINE."""
from __future__ import annotations

from ...models import ARTIFACTS, ArtifactSet
from ...settings import Settings
from .base import GenerationParams, TextChunk, TextEngine


SMOLLM2_FILE = next(a.filename for a in ARTIFACTS if a.role == "text")


def create_text_engine(settings: Settings, artifacts: ArtifactSet | None = None) -> TextEngine:
    if settings.text_engine == "llamacpp":
        from .llamacpp import LlamaCppEngine

        from_store = artifacts is not None and artifacts.source == "models"
        return LlamaCppEngine(settings.text_model, settings.threads, settings.context_size,
                              embedded_path=artifacts.paths.get(SMOLLM2_FILE) if from_store else None,
                              embedded_source="models/ (DVC)" if from_store else "")
    if settings.text_engine == "transformers":
        from .transformers import TransformersEngine

        return TransformersEngine(settings.text_model, settings.text_model_revision, settings.threads)
    if settings.text_engine == "openai":
        from .openai import OpenAIEngine

        return OpenAIEngine(settings.text_base_url, settings.text_model, settings.text_api_key,
                            settings.text_timeout, settings.text_max_retries, settings.text_stream)
    raise ValueError(f"unknown TEXT_ENGINE {settings.text_engine!r}")


__all__ = ["GenerationParams", "TextChunk", "TextEngine", "create_text_engine"]
