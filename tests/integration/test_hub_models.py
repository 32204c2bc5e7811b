"""TEXT_MODEL=hf:owner/repo/file.gguf@revision, offline: a temporary Hugging Face cache is filled in the layout
huggingface_hub reads (blobs/, snapshots/, refs/) with the SmolLM2 GGUF, and HF_HUB_OFFLINE=1."""
import shutil

import pytest
from huggingface_hub import constants

from generator.engines.text.llamacpp import LlamaCppEngine
from generator.models import SMOLLM2_GGUF, sha256_of
from generator.service import DescriptionService
from generator.settings import Settings
from tests.fakes import DownloadingEngine, ScriptedVisionEngine
from tests.helpers import prefill_hf_cache

REPO, FILE = "test-owner/smollm2-gguf", "SmolLM2-135M-Instruct.Q4_1.gguf"


@pytest.fixture
def hf_cache(tmp_path, monkeypatch):
    cache = tmp_path / "hub"
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_CACHE", str(cache))
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)  # huggingface_hub read the variables at import
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(cache))
    return cache


def service_for(model: str) -> DescriptionService:
    service = DescriptionService(Settings(text_model=model, threads=1, warmup=False, cache_size=0))
    service.load(roles=("text",))
    assert service.engines.wait_until_loaded(60)
    return service


def test_a_cached_hub_gguf_loads_and_its_sha256_is_in_info_and_reports(hf_cache, water_bottle):
    commit = prefill_hf_cache(hf_cache, REPO, FILE, SMOLLM2_GGUF.path(), revision="main")
    service = service_for(f"hf:{REPO}/{FILE}")
    text = service.health()["models"]["text"]
    assert text["loaded"] and "reason" not in text and "requested" not in text
    info = service.provenance()["text_model"]
    assert info["model"] == f"hf:{REPO}/{FILE}@main" and info["revision"] == "main"
    assert info["sha256"] == sha256_of(SMOLLM2_GGUF.path()) and info["base_model"] is False
    assert str(hf_cache) in str(service.text_engine._path) and commit in str(service.text_engine._path)
    report = service.describe(water_bottle, {"length": "short"}, seed=1).report
    assert report["model"] == f"hf:{REPO}/{FILE}@main"
    assert report["provenance"]["text_model"]["sha256"] == info["sha256"]


def test_a_revision_pins_the_snapshot(hf_cache):
    commit = prefill_hf_cache(hf_cache, REPO, FILE, SMOLLM2_GGUF.path(), revision="v1")
    engine = LlamaCppEngine(f"hf:{REPO}/{FILE}@v1")
    engine.load()
    assert engine.info()["revision"] == "v1" and commit in str(engine._path)
    assert engine.progress is not None and engine.progress.state == "loading"


def test_without_a_network_the_embedded_model_serves_and_health_says_why(hf_cache, water_bottle):
    service = service_for(f"hf:{REPO}/missing.gguf@main")
    health = service.health()
    assert health["status"] == "degraded" and health["models"]["text"]["loaded"]
    reason = health["models"]["text"]["reason"]
    assert "no network: cannot download hf:test-owner/smollm2-gguf/missing.gguf@main (HF_HUB_OFFLINE=1)" in reason
    assert str(hf_cache) in reason
    assert reason.endswith("serving HuggingFaceTB/SmolLM2-135M-Instruct (Q4_1 GGUF) instead")
    report = service.describe(water_bottle, {"length": "short"}, seed=1).report
    assert report["model"] == SMOLLM2_GGUF.model_id


def test_a_changed_file_in_the_hf_cache_is_refused(hf_cache, tmp_path):
    copy = tmp_path / "copy.gguf"
    shutil.copyfile(SMOLLM2_GGUF.path(), copy)
    prefill_hf_cache(hf_cache, REPO, FILE, copy)
    blob = next((hf_cache / f"models--{REPO.replace('/', '--')}" / "blobs").iterdir())
    data = bytearray(blob.read_bytes())
    data[-100] ^= 0x01  # injected fault: the cached blob no longer matches the sha256 it is named by
    blob.write_bytes(bytes(data))
    service = service_for(f"hf:{REPO}/{FILE}")
    assert "does not match its Hub sha256" in service.health()["models"]["text"]["reason"]


def test_a_transformers_hub_id_offline_also_leaves_the_embedded_model_serving(hf_cache):
    service = DescriptionService(Settings(text_engine="transformers", text_model="org/not-cached", threads=1,
                                          warmup=False, cache_size=0))
    service.load(roles=("text",))
    assert service.engines.wait_until_loaded(60)
    health = service.health()
    assert health["status"] == "degraded" and "org/not-cached" in health["models"]["text"]["reason"]
    assert service.text_engine.info()["engine"] == "llamacpp"


def test_the_ui_banner_shows_the_download_and_refreshes_until_it_is_done(monkeypatch):
    from generator.engines import engine_set
    from generator.ratelimit import RateLimiter
    from generator.web.ui import build_ui
    from tests.fakes import ScriptedTextEngine

    monkeypatch.setattr(engine_set, "create_text_engine", lambda settings, artifacts=None: ScriptedTextEngine())
    engine = DownloadingEngine()
    service = DescriptionService(Settings(warmup=False, cache_size=0), text_engine=engine,
                                 vision_engine=ScriptedVisionEngine())
    service.load()
    demo = build_ui(service, RateLimiter(""))
    config = demo.get_config_file()
    banner = next(c for c in config["components"] if c["props"].get("elem_id") == "model-banner")
    assert banner["props"]["value"].startswith("**Loading a model.** text: hf:owner/repo/model.gguf@main: loading, "
                                               "340 of 800 MB; scripted-1 serves until it is ready")
    tick = next(d for d in config["dependencies"] if any(t[1] == "tick" for t in d["targets"]))
    assert tick["api_visibility"] == "private"
    refresh = demo.fns[tick["id"]].fn
    assert "340 of 800 MB" in refresh()[0]["value"]
    engine.release.set()
    assert service.engines.wait_until_loaded(10)
    update, timer = refresh()
    assert update["visible"] is False and timer.active is False  # done: the banner hides and the timer stops


def test_the_eval_measures_the_requested_model_or_stops(tmp_path):
    """The eval waits for a Hub model and never reports the embedded stand-in's figures in its name."""
    import os
    import subprocess
    import sys

    from tests.helpers import ROOT

    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_HUB_CACHE": str(tmp_path / "hub"), "MODEL_THREADS": "1",
           "TEXT_MODEL": f"hf:{REPO}/absent.gguf", "MODEL_WARMUP": "0"}
    done = subprocess.run([sys.executable, "-m", "generator.eval", str(tmp_path / "products.jsonl")], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    assert "text model failed to load: OSError: no network: cannot download" in done.stderr
