"""The transformers engine on tiny, randomly initialised Llama and Gemma models built locally."""
import pytest

from generator.engines.text.base import GenerationParams
from generator.engines.text.transformers import TransformersEngine
from generator.errors import EngineNotReady

MESSAGES = [
    {"role": "system", "content": "You write product copy."},
    {"role": "user", "content": "Describe a water bottle."},
]


@pytest.fixture(scope="module", params=["tiny_llama_dir", "tiny_gemma_dir"])
def engine(request):
    engine = TransformersEngine(model=request.getfixturevalue(request.param), threads=1)
    engine.load()
    return engine


def test_streams_and_counts_tokens(engine):
    chunks = list(engine.stream(MESSAGES, GenerationParams(max_tokens=12, temperature=0, repeat_penalty=1.0)))
    tokens = sum(chunk.tokens for chunk in chunks)
    assert 1 <= tokens <= 12
    assert "".join(chunk.text for chunk in chunks)


def test_same_seed_same_text(engine):
    params = GenerationParams(max_tokens=10, temperature=1.0, seed=7)
    first = "".join(c.text for c in engine.stream(MESSAGES, params))
    assert first == "".join(c.text for c in engine.stream(MESSAGES, params))


def test_info_names_model_and_revision(engine):
    info = engine.info()
    assert info["engine"] == "transformers" and info["model"].startswith("/")
    assert info["revision"] == "main"


def test_hub_id_without_network_fails_clearly():
    engine = TransformersEngine(model="google/gemma-2b-it")
    with pytest.raises(Exception) as info:
        engine.load()
    assert "gemma-2b-it" in str(info.value)
    with pytest.raises(EngineNotReady):
        next(engine.stream(MESSAGES, GenerationParams()))
