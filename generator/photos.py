"""Photos: what a vision engine saw, completed with colours and printed text, and the facts it gives.

A field the merchant gave wins over what the photo shows; the Image tab, `/describe_image` and
`/generate-from-image/` all fill the product the same way (`photo_product`, `detected_facts`).
"""
from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from PIL import Image

from . import ocr
from .colors import dominant_colors
from .engines.vision import Detection, VisionEngine
from .product import PRODUCT_FIELDS, ValidationError, clean_text


def analyze(engine: VisionEngine, image: Image.Image, color_table: Path) -> Detection:
    """The engine's detection, with the colours of the product region and the text printed on it when the
    engine gives none; `model["seconds"]` is the time all of it took."""
    started = time.perf_counter()
    detection = engine.analyze(image)
    detection.colors = detection.colors or dominant_colors(image, table=color_table)
    detection.text_seen = detection.text_seen or ocr.read_text(image)
    detection.model = {**detection.model, "seconds": round(time.perf_counter() - started, 4)}
    return detection


def detected_facts(detected: Mapping[str, Any]) -> dict[str, str]:
    """Name, category and colour as a photo shows them (`detected` is `Detection.as_dict()`)."""
    labels = detected.get("labels") or []
    return {
        "name": labels[0]["name"] if labels else detected.get("caption", ""),
        "category": detected.get("category", ""),
        "color": " and ".join((detected.get("colors") or [])[:2]),
    }


def photo_product(detection: Detection, given: Mapping[str, Any]) -> dict[str, Any]:
    """The product facts for a photo: what the merchant gave, else what the photo shows.

    A field given as None was not given, so the detected value fills it. A field given as ''
    was cleared by the merchant on purpose and stays empty.
    """
    product = {key: given.get(key) for key in PRODUCT_FIELDS if given.get(key) is not None}
    for key, value in detected_facts(detection.as_dict()).items():
        if given.get(key) is None and value:
            # a label is a phrase ("Running shoe"); as a product name it is written as one ("Running Shoe")
            product[key] = " ".join(w[:1].upper() + w[1:] for w in value.split()) if key == "name" else value
    extra = []
    for key, template in (("text_seen", 'printed text "{}"'), ("caption", "{}")):
        # What the merchant typed into these boxes is checked under their own names, not as a feature item.
        value = getattr(detection, key) if given.get(key) is None else clean_text(key.replace("_", " "), given[key])
        if value:
            extra.append(template.format(value))
    if extra:
        features = product.get("features") or []
        product["features"] = ([features] if isinstance(features, str) else list(features)) + extra
    if not product.get("name"):
        raise ValidationError("name", "the product could not be recognised in the photo; please type its name")
    return product
