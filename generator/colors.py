"""Dominant colours of the product in a photo, named from a shipped colour table.

Identifiers use the API's spelling (`color`, `colors.tsv`); prose and labels say colour.

The product is taken to be what differs from the photo's border (a plain background in most
product shots); when nothing does, the central region stands in for it.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image

TABLE = Path(__file__).parent / "data" / "colors.tsv"
_WORK_SIZE = 96
_BACKGROUND_DISTANCE = 18.0  # CIELAB ΔE beyond which a pixel differs from the background
_MIN_SHARE = 0.12


def _srgb_to_lab(rgb: np.ndarray) -> np.ndarray:
    """rgb: (..., 3) in 0..255 → CIELAB (D65)."""
    c = rgb.astype(np.float64) / 255.0
    c = np.where(c > 0.04045, ((c + 0.055) / 1.055) ** 2.4, c / 12.92)
    xyz = c @ np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]).T
    xyz /= np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 216 / 24389, np.cbrt(xyz), (24389 / 27 * xyz + 16) / 116)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])], axis=-1)


@lru_cache(maxsize=4)
def color_table(table: Path = TABLE) -> tuple[tuple[str, ...], np.ndarray]:
    names, rgbs = [], []
    for line in table.read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, hex_code = line.split("\t")
        names.append(name)
        rgbs.append([int(hex_code[i : i + 2], 16) for i in (1, 3, 5)])
    return tuple(names), _srgb_to_lab(np.array(rgbs))


def name_color(rgb: tuple[int, int, int]) -> str:
    names, labs = color_table()
    distances = np.linalg.norm(labs - _srgb_to_lab(np.array(rgb)), axis=1)
    return names[int(distances.argmin())]


def _product_pixels(lab: np.ndarray) -> np.ndarray:
    height, width, _ = lab.shape
    border = np.concatenate([lab[0], lab[-1], lab[:, 0], lab[:, -1]])
    background = np.median(border, axis=0)
    distance = np.linalg.norm(lab - background, axis=-1)
    mask = distance > _BACKGROUND_DISTANCE
    if mask.mean() < 0.05 or mask.mean() > 0.95:  # busy or uniform photo: use the centre instead
        mask = np.zeros((height, width), dtype=bool)
        mask[height // 5 : -height // 5, width // 5 : -width // 5] = True
    return lab[mask]


def dominant_colors(image: Image.Image, limit: int = 3, table: Path = TABLE) -> list[str]:
    """Colour names covering at least 12% of the product region, most common first."""
    small = np.asarray(image.convert("RGB").resize((_WORK_SIZE, _WORK_SIZE), Image.Resampling.BILINEAR))
    pixels = _product_pixels(_srgb_to_lab(small))
    names, labs = color_table(table)
    nearest = np.linalg.norm(pixels[:, None, :] - labs[None, :, :], axis=-1).argmin(axis=1)
    counts = np.bincount(nearest, minlength=len(names)) / max(len(nearest), 1)
    order = np.argsort(counts)[::-1]
    return [names[i] for i in order[:limit] if counts[i] >= _MIN_SHARE]
