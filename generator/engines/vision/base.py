"""The vision engine interface: a photo in, detected product attributes out."""
from __future__ import annotations

from abc import abstractmethod
from dataclasses import asdict, dataclass, field
from typing import Any

from PIL import Image

from ..base import Engine


@dataclass
class Detection:
    """What an engine saw. Any field the engine cannot know stays empty."""

    labels: list[dict[str, Any]] = field(default_factory=list)  # [{name, score}], best first
    category: str = ""
    colors: list[str] = field(default_factory=list)
    caption: str = ""
    text_seen: str = ""
    model: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class VisionEngine(Engine):
    """Built from VISION_* settings (VISION_ENGINE picks the class); a photo in, product attributes out."""

    @abstractmethod
    def analyze(self, image: Image.Image) -> Detection:
        """Detect product attributes in an RGB image."""

    def warmup(self) -> None:
        self.analyze(Image.new("RGB", (256, 256), (200, 200, 200)))
