"""The OpenAI-compatible engines without a server: reply parsing, image encoding, no credentials shown."""
import base64
import io
from urllib.parse import urlsplit

import pytest
from PIL import Image

from generator.engines.remote import public_url
from generator.engines.text.openai import OpenAIEngine
from generator.engines.vision.openai import encode_image, parse_reply


def test_json_reply_becomes_detected_fields():
    reply = ('Sure! {"product": "Water bottle", "category": "Drinkware", "colors": ["Black", 3, "silver"], '
             '"text": "HYDROVA"}')
    assert parse_reply(reply) == {"product": "Water bottle", "category": "Drinkware", "colors": ["black", "silver"],
                                  "text": "HYDROVA"}


@pytest.mark.parametrize("reply", ["A black bottle on a table.", '{"product": ', '["not", "an object"]'])
def test_a_reply_without_usable_json_becomes_the_caption(reply):
    assert set(parse_reply(reply)) == {"caption"}


def test_images_are_sent_as_bounded_jpeg_data_urls():
    url = encode_image(Image.new("RGB", (3000, 1000), (10, 200, 10)))
    assert url.startswith("data:image/jpeg;base64,")
    decoded = Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1])))
    assert max(decoded.size) == 768


def test_credentials_never_show_in_info():
    engine = OpenAIEngine("https://user:hunter2@example.invalid:8443/v1", "m", api_key="sk-secret")
    info = str(engine.info())
    assert "hunter2" not in info and "sk-secret" not in info
    assert public_url("https://user:pw@host:1/v1?key=x") == "https://host:1/v1"
    assert urlsplit(engine.info()["base_url"]).username is None
