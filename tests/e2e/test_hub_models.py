"""The real app with TEXT_MODEL=hf:…, offline (HF_HUB_OFFLINE=1, HF_HOME and HF_HUB_CACHE in a temporary
folder filled in huggingface_hub's layout): a cached file serves with its sha256 on /info; a missing one
leaves the embedded model serving, with /health and the banner saying why."""
import time

import httpx
import pytest
from gradio_client import Client

from generator.models import SMOLLM2_GGUF, sha256_of
from tests.helpers import prefill_hf_cache, start_server

REPO, FILE = "test-owner/smollm2-gguf", "SmolLM2-135M-Instruct.Q4_1.gguf"


def hub_env(home, model):
    return {"HF_HUB_OFFLINE": "1", "HF_HOME": str(home), "HF_HUB_CACHE": str(home / "hub"), "TEXT_MODEL": model,
            "RATE_LIMIT": "off", "CACHE_SIZE": "0"}


@pytest.fixture(scope="module")
def hf_home(tmp_path_factory):
    home = tmp_path_factory.mktemp("hf-home")
    prefill_hf_cache(home / "hub", REPO, FILE, SMOLLM2_GGUF.path())
    return home


def wait_for_background_load(url):
    for _ in range(120):
        if "loading" not in (health := httpx.get(f"{url}/health").json()):
            return health
        time.sleep(0.5)
    raise TimeoutError(health)


def test_a_cached_hub_gguf_serves_with_its_sha256(hf_home, tmp_path):
    with start_server(tmp_path / "server.log", env=hub_env(hf_home, f"hf:{REPO}/{FILE}@main")) as server:
        health = wait_for_background_load(server.url)
        assert health["status"] == "ok", health
        info = httpx.get(f"{server.url}/info").json()
        assert info["text_model"]["model"] == f"hf:{REPO}/{FILE}@main"
        assert info["text_model"]["sha256"] == sha256_of(SMOLLM2_GGUF.path())
        _, report = Client(server.url, verbose=False).predict(name="Ceramic Mug", length="short", seed=1,
                                                              api_name="/describe")
        assert report["model"] == f"hf:{REPO}/{FILE}@main"
        assert report["provenance"]["text_model"]["sha256"] == info["text_model"]["sha256"]


def test_without_a_network_the_app_says_so_and_keeps_serving_the_embedded_model(hf_home, tmp_path):
    with start_server(tmp_path / "server.log", env=hub_env(hf_home, f"hf:{REPO}/absent.gguf")) as server:
        health = wait_for_background_load(server.url)
        assert health["status"] == "degraded"
        reason = health["models"]["text"]["reason"]
        assert "no network: cannot download hf:test-owner/smollm2-gguf/absent.gguf@main (HF_HUB_OFFLINE=1)" in reason
        assert "serving HuggingFaceTB/SmolLM2-135M-Instruct (Q4_1 GGUF) instead" in reason
        description, report = Client(server.url, verbose=False).predict(name="Ceramic Mug", length="short",
                                                                         api_name="/describe")
        assert description and report["model"] == SMOLLM2_GGUF.model_id
        # The banner, as the UI was built: the failure already, or the download with a timer that refreshes it.
        config = httpx.get(f"{server.url}/config").text
        assert "no network: cannot download" in config or "Loading a model." in config
