"""Optional OCR of text printed on a product, with the tesseract binary when it is installed."""
from __future__ import annotations

import io
import shutil

# Runs the tesseract binary found on PATH on image bytes; no shell, no user text in the command.
import subprocess  # nosec B404
from functools import lru_cache

from PIL import Image

_TIMEOUT_SECONDS = 5
_MAX_CHARS = 200


@lru_cache(maxsize=1)
def tesseract_path() -> str | None:
    return shutil.which("tesseract")


def available() -> bool:
    return tesseract_path() is not None


def read_text(image: Image.Image) -> str:
    """Words tesseract reads on the image, or '' when it is missing, slow or finds nothing."""
    binary = tesseract_path()
    if binary is None:
        return ""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    try:
        out = subprocess.run(  # nosec B603
            [binary, "stdin", "stdout", "--psm", "11"], input=buffer.getvalue(),
            capture_output=True, timeout=_TIMEOUT_SECONDS, check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    words = [word for word in out.stdout.decode("utf-8", "replace").split() if sum(c.isalnum() for c in word) >= 3]
    return " ".join(words)[:_MAX_CHARS]
