"""The OpenAI-compatible engine against a real server: llama-cpp-python's own, on the embedded GGUF."""
import time

import pytest

from generator.engines.text.base import GenerationParams
from generator.engines.text.openai import OpenAIEngine
from generator.errors import EngineFailed, EngineNotReady
from generator.service import DescriptionService
from generator.settings import Settings
from tests.helpers import free_port, start_llama_server

MESSAGES = [{"role": "user", "content": "Describe a blue ceramic mug in two sentences."}]


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory):
    with start_llama_server(tmp_path_factory.mktemp("llama") / "server.log") as server:
        yield server


@pytest.mark.parametrize("stream", [True, False], ids=["streaming", "non-streaming"])
def test_generates_through_the_server(llama_server, stream):
    engine = OpenAIEngine(llama_server.url, "smollm2", stream=stream)
    engine.load()
    chunks = list(engine.stream(MESSAGES, GenerationParams(max_tokens=30, seed=3)))
    assert len(chunks) > 1 if stream else len(chunks) == 1
    assert len("".join(c.text for c in chunks).split()) >= 5
    assert 1 < sum(c.tokens for c in chunks) <= 30


def test_service_verifies_remote_output_like_local(llama_server, water_bottle):
    settings = Settings(text_engine="openai", text_base_url=llama_server.url, text_model="smollm2", cache_size=0)
    service = DescriptionService(settings)
    service.load(roles=("text",))
    result = service.describe(water_bottle, {"length": "short"}, seed=4)
    assert result.report["engine"] == "openai" and result.report["model"] == "smollm2"
    check = result.report["check"]
    assert check["coverage"] == 1.0 and check["unsupported_claims"] == [] and check["keywords_missing"] == []


def test_unserved_model_name_is_a_clear_load_error(llama_server):
    with pytest.raises(EngineNotReady, match="does not serve 'gpt-9'.*smollm2"):
        OpenAIEngine(llama_server.url, "gpt-9").load()


def test_server_down_at_start_degrades_health():
    url = f"http://127.0.0.1:{free_port()}/v1"
    service = DescriptionService(Settings(text_engine="openai", text_base_url=url, text_model="smollm2",
                                          text_timeout=2, text_max_retries=0))
    service.load()
    health = service.health()
    assert health["status"] == "degraded"
    assert "cannot reach the text server" in health["models"]["text"]["reason"]
    assert health["models"]["vision"]["loaded"]


def test_slow_server_gives_a_timeout_message(llama_server):
    engine = OpenAIEngine(llama_server.url, "smollm2", timeout=0.3, max_retries=0, stream=False)
    engine.load()
    started = time.monotonic()
    essay = [{"role": "user", "content": "Write a long essay, at least 400 words, about the history of mugs."}]
    with pytest.raises(EngineFailed, match="did not answer within 0.3 s"):
        # ~150 tokens take over a second here; the server finishes soon after, leaving the CPU free.
        list(engine.stream(essay, GenerationParams(max_tokens=150, temperature=1.0, seed=1)))
    assert time.monotonic() - started < 5


def test_server_killed_mid_stream_then_back(tmp_path):
    port = free_port()
    log = tmp_path / "server.log"
    with start_llama_server(log, port=port) as server:
        engine = OpenAIEngine(server.url, "smollm2", timeout=30, max_retries=1)  # generous: a busy 2-core machine
        engine.load()
        stream = engine.stream(MESSAGES, GenerationParams(max_tokens=300, temperature=1.0, seed=2))
        next(stream)
        server.process.kill()  # injected fault: the server dies mid-answer
        started = time.monotonic()
        with pytest.raises(EngineFailed, match="text server"):
            for _ in stream:
                pass
        assert time.monotonic() - started < 10  # a dropped connection is noticed at once, not at the timeout
    with start_llama_server(log, port=port):
        text = "".join(c.text for c in engine.stream(MESSAGES, GenerationParams(max_tokens=20, seed=2)))
        assert text.strip()
