"""Every engine the app can run, by kind and name, with what each can do.

Code outside `engines/` asks a spec about a capability (`remote`, `captions`, `raw_prompts`) instead of
testing an engine's name or catching NotImplementedError. An engine's module is imported only when that
engine is built, so torch, transformers or openai load only for the engines in use.
Adding an engine: ADDING_AN_ENGINE.md.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from ..models import ArtifactSet
    from ..settings import Settings

Kind = Literal["text", "vision"]


@dataclass(frozen=True)
class EngineSpec:
    kind: Kind
    name: str  # the value of TEXT_ENGINE or VISION_ENGINE
    target: str  # "module:Class"; the class builds itself with `from_settings(settings, artifacts)`
    summary: str  # shown in the settings table
    remote: bool = False  # runs on a server: no weights load here, and batch rows can run in parallel
    captions: bool = False  # vision: writes a free-text caption, which the Image tab shows for editing
    raw_prompts: bool = False  # text: completes raw prompts, N at once (complete_many), and carries adapters

    def create(self, settings: Settings, artifacts: ArtifactSet | None = None) -> Any:
        module, _, cls = self.target.partition(":")
        return getattr(importlib.import_module(module), cls).from_settings(settings, artifacts)


ENGINES: tuple[EngineSpec, ...] = (
    EngineSpec("text", "llamacpp", "generator.engines.text.llamacpp:LlamaCppEngine",
               "GGUF through llama-cpp-python", raw_prompts=True),
    EngineSpec("text", "transformers", "generator.engines.text.transformers:TransformersEngine",
               "any HF causal LM"),
    EngineSpec("text", "openai", "generator.engines.text.openai:OpenAIEngine",
               "any OpenAI-compatible server", remote=True),
    EngineSpec("vision", "classifier", "generator.engines.vision.classifier:ClassifierEngine",
               "EfficientNet-Lite0, offline"),
    EngineSpec("vision", "blip", "generator.engines.vision.blip:BlipEngine",
               "BLIP captioning", captions=True),
    EngineSpec("vision", "openai", "generator.engines.vision.openai:OpenAIVisionEngine",
               "a vision-language model behind an OpenAI-compatible server", remote=True),
)


def names(kind: Kind) -> tuple[str, ...]:
    return tuple(spec.name for spec in ENGINES if spec.kind == kind)


def spec(kind: Kind, name: str) -> EngineSpec:
    for candidate in ENGINES:
        if candidate.kind == kind and candidate.name == name:
            return candidate
    raise ValueError(f"unknown {kind} engine {name!r}; the {kind} engines are {', '.join(names(kind))}")
