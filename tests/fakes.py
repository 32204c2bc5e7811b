"""Scripted test doubles: engines that replay written replies, so the service runs in milliseconds.

They stand in for models in the unit tier only; every behaviour they script is also exercised on the
real models in tests/integration.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

from PIL import Image

from generator.engines.hub import LoadProgress
from generator.engines.text.base import Completions, GenerationParams, TextChunk, TextEngine
from generator.engines.vision.base import Detection, VisionEngine

# A draft the checker passes for the water bottle of tests/conftest.py at length "short".
GOOD_BOTTLE_DRAFT = (
    "The Hydrova Insulated Water Bottle keeps drinks cold for 24 hours and keeps drinks hot for 12 hours. "
    "Its stainless steel body holds 750 ml and comes in matte black, made for hikers and commuters. "
    "A leak-proof screw lid makes this reusable, BPA-free bottle easy to carry every day."
)

Script = Callable[[list[dict[str, str]], GenerationParams], str]


class ScriptedTextEngine(TextEngine):
    """Scripted test double: replies with `replies[i]` to the i-th call (the last one repeats), or with
    `script(messages, params)`; one token a word. `fail_at=(call, chunk)` raises `error` there."""

    name = "scripted"

    def __init__(self, replies: list[str] | None = None, script: Script | None = None, model: str = "scripted-1",
                 fail_at: tuple[int, int] | None = None, error: Exception | None = None):
        self.replies = replies or [GOOD_BOTTLE_DRAFT]
        self.script = script
        self.model = model
        self.fail_at = fail_at
        self.error = error or RuntimeError("scripted fault")
        self.calls: list[GenerationParams] = []
        self.loaded = False

    def load(self) -> None:
        self.loaded = True

    def warmup(self) -> None:
        pass

    def stream(self, messages: list[dict[str, str]], params: GenerationParams) -> Iterator[TextChunk]:
        call = len(self.calls)
        self.calls.append(params)
        text = self.script(messages, params) if self.script else self.replies[min(call, len(self.replies) - 1)]
        pieces = text.split(" ")
        for index, word in enumerate(pieces[: params.max_tokens]):
            if self.fail_at == (call, index):
                raise self.error
            yield TextChunk(text=word if index == 0 else " " + word, tokens=1)

    def info(self) -> dict[str, Any]:
        return {"engine": self.name, "model": self.model}


class ScriptedCompletionEngine(ScriptedTextEngine):
    """Scripted test double for the grounded strategy: `complete_many` returns `completions[i]` for candidate i
    (the last repeats), growing a word at a time as a batched engine would; `prompts` records what it was asked."""

    name = "scripted-completion"
    raw_prompts = True

    def __init__(self, completions: list[str], **kwargs: Any):
        super().__init__(**kwargs)
        self.completions = completions
        self.prompts: list[tuple[str, int, GenerationParams]] = []

    def complete_many(self, prompt: str, n: int, params: GenerationParams,
                      stop: tuple[str, ...] = ()) -> Iterator[Completions]:
        self.prompts.append((prompt, n, params))
        targets = [self.completions[min(i, len(self.completions) - 1)].split(" ") for i in range(n)]
        longest = max(len(words) for words in targets)
        for step in range(1, longest + 1):
            texts = [" ".join(words[:step]) for words in targets]
            yield Completions(texts, [min(step, len(w)) for w in targets], [step >= len(w) for w in targets])


class ScriptedVisionEngine(VisionEngine):
    """Scripted test double: every photo shows `detection` (colours and text as given, so no OCR runs)."""

    name = "scripted-vision"

    def __init__(self, detection: Detection | None = None):
        self.detection = detection or Detection(labels=[{"name": "Water bottle", "score": 0.9}], category="Drinkware",
                                                colors=["black"], text_seen="HYDROVA")
        self.calls = 0

    def load(self) -> None:
        pass

    def warmup(self) -> None:
        pass

    def analyze(self, image: Image.Image) -> Detection:
        self.calls += 1
        return Detection(**{**self.detection.as_dict(), "model": self.info()})

    def info(self) -> dict[str, Any]:
        return {"engine": self.name, "model": "scripted-vision-1"}


MB = 1_000_000


class DownloadingEngine(ScriptedTextEngine):
    """Scripted test double for a Hub model: load() reports 340 of 800 MB, then waits for `release`."""

    def __init__(self, fail: str = ""):
        super().__init__(model="hub-model")
        self.progress = LoadProgress("hf:owner/repo/model.gguf@main")
        self.release = threading.Event()
        self.fail = fail

    def load(self) -> None:
        self.progress.set_state("downloading")
        bar = self.progress.bar_class()(total=800 * MB, initial=0)
        bar.update(340 * MB)
        assert self.release.wait(10)
        if self.fail:
            raise OSError(self.fail)
        bar.update(460 * MB)
        self.progress.set_state("loading")
        super().load()
