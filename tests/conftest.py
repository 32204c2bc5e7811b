"""Shared fixtures (the real embedded model, tiny random HF models, a live server) and the test tiers.

Tiers, by directory: tests/unit (no model, no server: scripted engines from tests/fakes.py),
tests/integration (real models), tests/e2e (the real server through gradio_client, HTTP and
Chromium). Each test gets its tier's marker, so `pytest -m unit` runs one tier.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from generator.service import DescriptionService
from generator.settings import Settings
from tests.helpers import build_tiny_blip, build_tiny_causal_lm, start_server

TIERS = ("unit", "integration", "e2e")
HERE = Path(__file__).resolve().parent

# Property tests (test_fuzz, test_repair) draw the same examples on every run by default, so a red CI
# always means a change, never a draw. Exploring is a separate job: `HYPOTHESIS_PROFILE=explore make
# test-fast`, run a few times, draws fresh examples; what it finds becomes a named test case (test_claims'
# "103 ml and ai 1076 ml" came that way).
settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


def pytest_configure(config: pytest.Config) -> None:
    # Offline, before any test imports a Hub or Gradio module (setdefault: an explicit setting wins).
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test with its tier, from the folder it lives in."""
    for item in items:
        parts = Path(str(item.path)).resolve().relative_to(HERE).parts
        if parts and parts[0] in TIERS:
            item.add_marker(getattr(pytest.mark, parts[0]))

WATER_BOTTLE = {
    "name": "Insulated Water Bottle",
    "category": "Drinkware",
    "brand": "Hydrova",
    "features": "keeps drinks cold for 24 hours\nkeeps drinks hot for 12 hours\nleak-proof screw lid",
    "materials": "stainless steel",
    "color": "matte black",
    "size": "750 ml",
    "audience": "hikers and commuters",
    "keywords": "reusable, BPA-free",
}


@pytest.fixture(scope="session")
def water_bottle() -> dict:
    return dict(WATER_BOTTLE)


@pytest.fixture(scope="session")
def service() -> DescriptionService:
    """The real default models: SmolLM2 GGUF through llama.cpp, EfficientNet-Lite0; no response cache. The model
    drafts the grounded strategy's voice lines (VOICE_CANDIDATES=4), so these tests run the model for real; the
    default writes them from templates (VOICE_CANDIDATES=0, tests/unit/test_grounded.py)."""
    svc = DescriptionService(Settings(cache_size=0, voice_candidates=4))  # threads: MODEL_THREADS, else every core
    svc.load()
    assert svc.health()["status"] == "ok", svc.health()
    return svc


@pytest.fixture(scope="session")
def tiny_llama_dir(tmp_path_factory) -> str:
    return build_tiny_causal_lm(tmp_path_factory.mktemp("tiny-llama"), "llama")


@pytest.fixture(scope="session")
def tiny_gemma_dir(tmp_path_factory) -> str:
    return build_tiny_causal_lm(tmp_path_factory.mktemp("tiny-gemma"), "gemma")


@pytest.fixture(scope="session")
def tiny_blip_dir(tmp_path_factory) -> str:
    return build_tiny_blip(tmp_path_factory.mktemp("tiny-blip"))


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The real app in its own process, on a free loopback port."""
    log_path = tmp_path_factory.mktemp("server") / "server.log"
    with start_server(log_path, env={"RATE_LIMIT": "1000/minute"}) as server:  # the suite sends many requests
        yield server
