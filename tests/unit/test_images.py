import io

import numpy as np
import pytest
from PIL import Image

from generator.images import MAX_BYTES, ImageError, load_image
from tests.helpers import encode, png_declaring


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_common_formats_load_as_rgb(fmt, tmp_path):
    path = tmp_path / f"photo.{fmt.lower()}"
    path.write_bytes(encode(Image.new("RGB", (40, 30), (200, 30, 30)), fmt))
    image = load_image(path)
    assert image.mode == "RGB" and image.size == (40, 30)
    assert image.getpixel((20, 15))[0] > 150


def test_gif_first_frame():
    frames = [Image.new("RGB", (8, 8), (255, 0, 0)), Image.new("RGB", (8, 8), (0, 0, 255))]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:])
    red, green, blue = load_image(buffer.getvalue()).getpixel((4, 4))
    assert red > 200 and blue < 50


def test_exif_orientation_is_applied():
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise on display
    image = load_image(encode(Image.new("RGB", (20, 10)), "JPEG", exif=exif))
    assert image.size == (10, 20)


@pytest.mark.parametrize(
    "source, expected",
    [
        (Image.new("CMYK", (4, 4), (0, 255, 255, 0)), (255, 0, 0)),  # CMYK red
        (Image.new("RGBA", (4, 4), (0, 0, 0, 0)), (255, 255, 255)),  # transparent over white
        (Image.new("L", (4, 4), 128), (128, 128, 128)),
        (Image.new("I;16", (4, 4), 65535), (255, 255, 255)),  # 16-bit white stays white
        (Image.new("RGB", (4, 4), (0, 128, 0)).convert("P", palette=Image.ADAPTIVE), (0, 128, 0)),
    ],
)
def test_modes_are_converted(source, expected):
    fmt = "JPEG" if source.mode == "CMYK" else "PNG"
    pixel = load_image(encode(source, fmt)).getpixel((1, 1))
    assert np.allclose(pixel, expected, atol=12), pixel


@pytest.mark.parametrize(
    "data, fragment",
    [
        (b"", "the file is empty"),
        (b"hello, I am text", "not an image"),
        (b"\x00" * (MAX_BYTES + 1), "the file is over 10 MB, the limit"),
        (png_declaring(30000, 30000), "megapixels"),
        (png_declaring(6500, 6500), "limit is 40 megapixels"),
        (png_declaring(40000, 1), "40000×1 pixels, its long side 40000 times its short side; the limit is 10:1"),
        (png_declaring(1, 20000), "the limit is 10:1"),
        (png_declaring(16385, 2000), "the limit is 16384 pixels a side"),
        (png_declaring(11, 1), "the limit is 10:1"),
        (encode(Image.new("RGB", (64, 64), (9, 9, 9)), "JPEG")[:300], "truncated or corrupt"),
        (encode(Image.new("RGB", (8, 8)), "BMP"), "BMP images are not supported"),
        (encode(Image.new("RGB", (8, 8)), "TIFF"), "TIFF images are not supported"),
    ],
    ids=["empty", "text", "over-10MB", "bomb-30000x30000", "over-40MP", "40000x1", "1x20000", "16385x2000", "11x1",
         "truncated", "bmp", "tiff"],
)
def test_bad_files_say_what_is_wrong(data, fragment, tmp_path):
    path = tmp_path / "upload"
    path.write_bytes(data)
    with pytest.raises(ImageError) as info:
        load_image(path)
    assert fragment in str(info.value)
    assert str(info.value).startswith("image: ")


def test_missing_file():
    with pytest.raises(ImageError, match="no file"):
        load_image("/nonexistent/photo.jpg")
