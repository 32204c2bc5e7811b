"""The writer's LoRA adapter for llama.cpp: which file `TEXT_ADAPTER` names, and what it was trained on.

An adapter shipped with the app lives in generator/data/writer/ as `writer-<model>.gguf` (`editor-<model>.gguf` for
TEXT_STRATEGY=edit, `phraser-<model>.gguf` for TEXT_STRATEGY=phrase; llama.cpp's GGUF adapter format, written by
`python -m training export`)
beside its `.json`: its sha256, the base
GGUF's sha256, the training data's md5 and the prompt format it was taught. The file is checked against that
sha256 before use, and an adapter is refused for a base it was not trained on.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...models import ModelFileError, sha256_of
from ...prompts import EDITOR_FORMAT_VERSION, PHRASE_FORMAT_VERSION, WRITER_FORMAT_VERSION
from .gguf import GgufSource

SHIPPED = Path(__file__).resolve().parents[2] / "data" / "writer"


@dataclass(frozen=True)
class Adapter:
    path: Path
    card: dict[str, Any]  # the sidecar's facts; empty for a file given by path

    def info(self) -> dict[str, Any]:
        """For /info, every report and the cache key."""
        return {"file": self.path.name, "sha256": self.card.get("sha256") or sha256_of(self.path),
                "data_version": self.card.get("data_md5"), "format": self.card.get("format_version"),
                "base_sha256": self.card.get("base_sha256")}


# Each task's shipped file prefix and the prompt format its adapter must have been taught.
TASKS = {"write": ("writer", WRITER_FORMAT_VERSION), "edit": ("editor", EDITOR_FORMAT_VERSION),
         "phrase": ("phraser", PHRASE_FORMAT_VERSION)}


def shipped_adapter(model_name: str, task: str = "write") -> Path:
    return SHIPPED / f"{TASKS[task][0]}-{model_name}.gguf"


def writer_adapter(setting: str, source: GgufSource, task: str = "write") -> Adapter | None:
    """The adapter TEXT_ADAPTER names for this model and task (`write`, or `edit` for TEXT_STRATEGY=edit),
    verified; None for `off`."""
    if setting in ("", "off"):
        return None
    if setting != "auto":
        path = Path(setting).expanduser()
        if not path.is_file():
            raise FileNotFoundError(f"TEXT_ADAPTER={setting!r} is not a file (use auto, off or a GGUF adapter path)")
        return Adapter(path, {})
    if source.embedded is None:
        raise ModelFileError("TEXT_ADAPTER=auto ships adapters for the embedded models only; "
                             "give the adapter's path, or off")
    path = shipped_adapter(source.embedded.short_name, task)
    prefix, expected = TASKS[task]
    card_path = path.with_suffix(".json")
    if not path.is_file() or not card_path.is_file():
        raise ModelFileError(f"no {prefix} adapter ships for {source.embedded.short_name} ({path.name}); "
                             "set TEXT_ADAPTER=off or train one (python -m training)")
    card = json.loads(card_path.read_text())
    if sha256_of(path) != card["sha256"]:
        raise ModelFileError(f"{path} does not match the sha256 in {card_path.name}: reinstall the app")
    if card.get("format_version") != expected:
        raise ModelFileError(f"{path.name} was trained on prompt format {card.get('format_version')}, the app "
                             f"writes {expected}: retrain it (python -m training)")
    return Adapter(path, card)
