"""Safe image loading: size, pixel and shape checks before decoding, then a plain RGB image.

Width, height, pixel count and aspect ratio come from the file's header (`Image.open` reads no pixel
data); only a photo within every limit is decoded. A 40000×1 PNG is 201 bytes, but every later step
(the classifier scales the short side to 256 pixels) costs in proportion to its width.
Every rejection is an ImageError whose message says what is wrong with the file.
"""
from __future__ import annotations

import io
import os
import warnings
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from .errors import ImageError

__all__ = ["ACCEPTED_FORMATS", "MAX_ASPECT", "MAX_BYTES", "MAX_PIXELS", "MAX_SIDE", "ImageError", "ImageSource",
           "check_shape", "load_image"]

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 16_384  # pixels, either side
MAX_ASPECT = 10  # long side over short side: a 10:1 banner is the most a product photo needs
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
        # Callers may read only MAX_BYTES + 1 bytes of a larger upload, so the true size is not known here.
        raise ImageError(f"the file is over {MAX_BYTES // (1024 * 1024)} MB, the limit for a photo")
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


def check_shape(width: int, height: int) -> None:
    """Refuse a size that would cost time out of proportion to the photo: too many pixels, a side over
    MAX_SIDE or a long side over MAX_ASPECT times the short one."""
    if width * height > MAX_PIXELS:
        raise ImageError(f"the image is {width}×{height} ({width * height / 1e6:.0f} megapixels); "
                         f"the limit is {MAX_PIXELS // 1_000_000} megapixels")
    if min(width, height) < 1 or max(width, height) > MAX_ASPECT * min(width, height):
        ratio = max(width, height) / max(min(width, height), 1)
        raise ImageError(f"the image is {width}×{height} pixels, its long side {ratio:.0f} times its short side; "
                         f"the limit is {MAX_ASPECT}:1")
    if max(width, height) > MAX_SIDE:
        raise ImageError(f"the image is {width}×{height} pixels; the limit is {MAX_SIDE} pixels a side")


def load_image(source: ImageSource) -> Image.Image:
    """Open an uploaded photo as RGB, EXIF orientation applied, or raise ImageError."""
    data = _read_checked(source)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image: Image.Image = Image.open(io.BytesIO(data))
            if image.format not in ACCEPTED_FORMATS:
                raise ImageError(f"{image.format} images are not supported; use JPEG, PNG, WebP or GIF")
            check_shape(*image.size)
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
