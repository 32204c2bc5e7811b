"""Safe image loading: size and pixel checks before decoding, then a plain RGB image.

Every rejection is an ImageError whose message says what is wrong with the file.
"""
from __future__ import annotations

import io
import os
import warnings
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from .errors import ImageError

__all__ = ["ACCEPTED_FORMATS", "MAX_BYTES", "MAX_PIXELS", "ImageError", "ImageSource", "load_image"]

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "MPO"}  # MPO: the multi-picture JPEG some phones write

ImageSource = str | os.PathLike[str] | bytes


def _read_checked(source: ImageSource) -> bytes:
    if isinstance(source, bytes):
        size = len(source)
    else:
        path = Path(source)
        if not path.is_file():
            raise ImageError("no file was uploaded")
        size = path.stat().st_size
    if size == 0:
        raise ImageError("the file is empty")
    if size > MAX_BYTES:
        raise ImageError(f"the file is {size / 1e6:.1f} MB; the limit is {MAX_BYTES // (1024 * 1024)} MB")
    return source if isinstance(source, bytes) else Path(source).read_bytes()


def _to_rgb(image: Image.Image) -> Image.Image:
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        # 16-bit greyscale: scale the full range into 8 bits rather than clipping it.
        image = image.point(lambda value: value / 256).convert("L")
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(background, rgba).convert("RGB")
    return image.convert("RGB")


def load_image(source: ImageSource) -> Image.Image:
    """Open an uploaded photo as RGB, EXIF orientation applied, or raise ImageError."""
    data = _read_checked(source)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image: Image.Image = Image.open(io.BytesIO(data))
            if image.format not in ACCEPTED_FORMATS:
                raise ImageError(f"{image.format} images are not supported; use JPEG, PNG, WebP or GIF")
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ImageError(
                    f"the image is {width}×{height} ({width * height / 1e6:.0f} megapixels); "
                    f"the limit is {MAX_PIXELS // 1_000_000} megapixels"
                )
            image.seek(0)  # the first frame of an animated GIF
            image.load()
            image = ImageOps.exif_transpose(image)
    except ImageError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageError(f"the image declares too many pixels; the limit is {MAX_PIXELS // 1_000_000} megapixels"
                         ) from None
    except UnidentifiedImageError:
        raise ImageError("the file is not an image (JPEG, PNG, WebP or GIF expected)") from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageError(f"the image is truncated or corrupt ({exc})") from None
    return _to_rgb(image)
