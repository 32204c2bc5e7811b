"""A vision-language model behind an OpenAI-compatible server (e.g. vLLM serving a VLM).

The photo goes as OpenAI image content (a base64 data URL); the model is asked for JSON naming
the product, its category, colours and any printed text.
"""
from __future__ import annotations

import base64
import io
import json
import re
from typing import TYPE_CHECKING, Any, Self

from PIL import Image

from ...errors import EngineNotReady
from ..remote import clear_errors, connect, public_url
from .base import Detection, VisionEngine

if TYPE_CHECKING:
    from ...models import ArtifactSet
    from ...settings import Settings

PROMPT = (
    "Look at this product photo. Reply with JSON only, in this form: "
    '{"product": "short product type", "category": "shop category", "colors": ["main colours"], '
    '"text": "any words printed on the product, or empty"}'
)
_MAX_SIDE = 768


def encode_image(image: Image.Image) -> str:
    image = image.copy()
    image.thumbnail((_MAX_SIDE, _MAX_SIDE))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=90)
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode()


def parse_reply(reply: str) -> dict[str, Any]:
    """The fields of the model's JSON reply; a reply without usable JSON becomes the caption."""
    match = re.search(r"\{.*\}", reply, re.DOTALL)
    try:
        data = json.loads(match.group(0)) if match else None
    except ValueError:
        data = None
    if not isinstance(data, dict):
        return {"caption": reply.strip()[:200]}

    def text(key: str) -> str:
        value = data.get(key)
        return value.strip()[:200] if isinstance(value, str) else ""

    listed = data.get("colors")
    colors = [c.strip().lower()[:30] for c in listed if isinstance(c, str) and c.strip()] if isinstance(listed, list) \
        else []
    return {"product": text("product"), "category": text("category"), "colors": colors[:3], "text": text("text")}


class OpenAIVisionEngine(VisionEngine):
    name = "openai"

    def __init__(self, base_url: str, model: str, api_key: str = "", timeout: float = 30.0, max_retries: int = 2):
        if not base_url or not model:
            raise ValueError("VISION_ENGINE=openai needs VISION_BASE_URL and VISION_MODEL (the served model name)")
        self.base_url = base_url
        self.model = model
        self._api_key = api_key
        self.timeout = timeout
        self.max_retries = max_retries
        self._client: Any = None

    @classmethod
    def from_settings(cls, settings: Settings, artifacts: ArtifactSet | None = None) -> Self:
        return cls(settings.vision_base_url, settings.vision_model, settings.vision_api_key.get_secret_value(),
                   settings.vision_timeout, settings.vision_max_retries)

    def load(self) -> None:
        self._client = connect("vision", self.base_url, self.model, self._api_key, self.timeout, self.max_retries)

    def warmup(self) -> None:
        """No warm-up request: a remote model is already warm, and a test image costs the server."""

    def analyze(self, image: Image.Image) -> Detection:
        if self._client is None:
            raise EngineNotReady(f"the vision server at {public_url(self.base_url)} was not reachable at start-up")
        content = [{"type": "text", "text": PROMPT}, {"type": "image_url", "image_url": {"url": encode_image(image)}}]
        with clear_errors("vision", self.base_url, self.timeout):
            reply = self._client.chat.completions.create(
                model=self.model, messages=[{"role": "user", "content": content}], max_tokens=150, temperature=0,
                timeout=self.timeout,
            )
        fields = parse_reply(reply.choices[0].message.content or "")
        labels = [{"name": fields["product"], "score": None}] if fields.get("product") else []
        return Detection(labels=labels, category=fields.get("category", ""), colors=fields.get("colors", []),
                         caption=fields.get("caption", ""), text_seen=fields.get("text", ""), model=self.info())

    def info(self) -> dict[str, Any]:
        return {"engine": self.name, "model": self.model, "base_url": public_url(self.base_url),
                "device": "server", "timeout_seconds": self.timeout}
