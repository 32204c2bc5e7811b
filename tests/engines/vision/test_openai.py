"""The remote vision engine: reply parsing, and a real OpenAI-compatible server.

No vision-language model can be served offline here, so the live test uses llama-cpp-python's
server with the text-only SmolLM2: it refuses image content, and the engine must say so clearly.
"""
import base64
import io

import pytest
from PIL import Image

from generator.engines.errors import EngineFailed, EngineNotReady
from generator.engines.vision.openai import OpenAIVisionEngine, encode_image, parse_reply
from tests.helpers import free_port, start_llama_server


def test_json_reply_becomes_detected_fields():
    reply = 'Sure! {"product": "Water bottle", "category": "Drinkware", "colors": ["Black", 3, "silver"], "text": "HYDROVA"}'
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


def test_a_text_only_server_gets_a_clear_error(tmp_path):
    with start_llama_server(tmp_path / "server.log") as server:
        engine = OpenAIVisionEngine(server.url, "smollm2", max_retries=0)
        engine.load()
        with pytest.raises(EngineFailed, match="the vision server at http://127.0.0.1:.* failed"):
            engine.analyze(Image.new("RGB", (64, 64), (200, 0, 0)))


def test_server_down_at_start():
    engine = OpenAIVisionEngine(f"http://127.0.0.1:{free_port()}/v1", "llava", timeout=2, max_retries=0)
    with pytest.raises(EngineNotReady, match="cannot reach the vision server"):
        engine.load()
