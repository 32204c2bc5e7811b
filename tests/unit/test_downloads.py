"""Models fetched in the background: Hub references, download progress, the embedded stand-in that
serves meanwhile, and what /health and the banner line say (scripted engines; no network, no model, no Gradio)."""
import pytest

from generator.engines import engine_set
from generator.engines.hub import HubFile, LoadProgress, is_hub_file
from generator.service import DescriptionService
from generator.settings import Settings, SettingsError
from tests.conftest import WATER_BOTTLE
from tests.fakes import MB, DownloadingEngine, ScriptedTextEngine, ScriptedVisionEngine


@pytest.fixture
def stand_in(monkeypatch):
    """The embedded default, scripted: the engine set builds it for a model that downloads."""
    created = []

    def create(settings, artifacts=None):
        assert settings.text_engine == "llamacpp" and settings.text_model == ""
        created.append(ScriptedTextEngine(model="embedded-smollm2"))
        return created[-1]

    monkeypatch.setattr(engine_set, "create_text_engine", create)
    return created


def make_service(engine):
    service = DescriptionService(Settings(warmup=False, cache_size=0), text_engine=engine,
                                 vision_engine=ScriptedVisionEngine())
    service.load()
    return service


@pytest.mark.parametrize("text, expected", [
    ("hf:owner/repo/file.gguf", ("owner/repo", "file.gguf", "main")),
    ("hf:owner/repo/sub/dir/file.Q4_K_M.gguf@0123abc", ("owner/repo", "sub/dir/file.Q4_K_M.gguf", "0123abc")),
    (" HF:owner/repo/file.GGUF@v1.0 ", ("owner/repo", "file.GGUF", "v1.0")),
])
def test_hub_references_parse(text, expected):
    assert is_hub_file(text)
    ref = HubFile.parse(text.strip().replace("HF:", "hf:"))
    assert (ref.repo_id, ref.filename, ref.revision) == expected
    assert str(ref) == f"hf:{expected[0]}/{expected[1]}@{expected[2]}"


@pytest.mark.parametrize("bad", ["hf:owner/file.gguf", "hf:owner/repo/file.bin", "hf://repo/file.gguf", "hf:"])
def test_a_bad_hub_reference_stops_start_up_with_its_shape(bad, monkeypatch):
    monkeypatch.setenv("TEXT_MODEL", bad)
    with pytest.raises(SettingsError, match="TEXT_MODEL=.*must look like hf:owner/repo/file.gguf@revision"):
        Settings.from_env()


def test_progress_counts_bytes_from_the_download_bar():
    progress = LoadProgress("hf:o/r/f.gguf")
    assert progress.text() == "waiting to load"
    progress.set_state("downloading")
    with progress.bar_class()(total=800 * MB, initial=40 * MB, desc="f.gguf", unit="B") as bar:
        bar.update(300 * MB)
        bar.update_transfer(999 * MB)  # bytes received are not bytes written: not counted twice
        bar.set_postfix_str("fast", refresh=False)
    assert progress.text() == "loading, 340 of 800 MB"
    assert progress.as_dict()["done_bytes"] == 340 * MB and progress.as_dict()["total_bytes"] == 800 * MB
    unknown = LoadProgress("org/model", probe=lambda: 12 * MB)
    unknown.set_state("downloading")
    assert unknown.text() == "loading, 12 MB so far"


def test_the_embedded_model_serves_while_the_download_runs_then_the_new_model_takes_over(stand_in):
    engine = DownloadingEngine()
    service = make_service(engine)
    assert service.text_engine is stand_in[0]
    health = service.health()
    assert health["status"] == "ok" and health["loading"] == {"text": "loading, 340 of 800 MB"}
    assert health["models"]["text"]["serving"] == "embedded-smollm2"
    assert health["models"]["text"]["requested"]["state"] == "downloading"
    banner = service.engines.banner()  # the UI banner's line (tests/integration/test_hub_models.py: the UI)
    assert banner == ("text: hf:owner/repo/model.gguf@main: loading, 340 of 800 MB; "
                      "embedded-smollm2 serves until it is ready")
    assert service.describe(WATER_BOTTLE).report["model"] == "embedded-smollm2"
    assert service.provenance()["loading"]["text"]["progress"] == "loading, 340 of 800 MB"
    engine.release.set()
    assert service.engines.wait_until_loaded(10)
    assert service.text_engine is engine
    health = service.health()
    assert health["status"] == "ok" and "loading" not in health and "requested" not in health["models"]["text"]
    assert service.engines.banner() == ""
    assert service.describe(WATER_BOTTLE, seed=2).report["model"] == "hub-model"


def test_without_a_network_the_embedded_model_keeps_serving_and_health_says_so(stand_in):
    engine = DownloadingEngine(fail="no network: cannot download hf:owner/repo/model.gguf@main (HF_HUB_OFFLINE=1)")
    engine.release.set()
    service = make_service(engine)
    assert service.engines.wait_until_loaded(10)
    health = service.health()
    assert health["status"] == "degraded"
    reason = health["models"]["text"]["reason"]
    assert reason.startswith("OSError: no network: cannot download hf:owner/repo/model.gguf@main")
    assert reason.endswith("serving embedded-smollm2 instead")
    assert service.engines.banner().startswith("text: OSError: no network")
    assert service.describe(WATER_BOTTLE).report["model"] == "embedded-smollm2"
