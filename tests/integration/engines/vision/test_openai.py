"""The remote vision engine against a real OpenAI-compatible server.

No vision-language model can be served offline here, so the live test uses llama-cpp-python's
server with the text-only SmolLM2: it refuses image content, and the engine must say so clearly.
"""
import pytest
from PIL import Image

from generator.engines.vision.openai import OpenAIVisionEngine
from generator.errors import EngineFailed, EngineNotReady
from tests.helpers import free_port, start_llama_server


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
