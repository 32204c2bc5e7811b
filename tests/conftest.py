"""Shared fixtures: the real embedded model, tiny random HF models, a live server."""
from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import pytest  # noqa: E402

from generator.service import DescriptionService  # noqa: E402
from generator.settings import Settings  # noqa: E402
from tests.helpers import build_tiny_blip, build_tiny_causal_lm, start_server  # noqa: E402

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
    """The real default service: SmolLM2 GGUF through llama.cpp, EfficientNet-Lite0; no response cache."""
    svc = DescriptionService(Settings(threads=os.cpu_count() or 1, cache_size=0))
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
