"""Faults injected on purpose into the running server: each is named as such, and the app must survive it."""
import httpx
import pytest
from gradio_client import Client, handle_file

from generator.models import export
from tests.helpers import start_server


@pytest.fixture(scope="module")
def app_with_broken_vision(tmp_path_factory):
    """Injected fault: the vision weights in models/ have one flipped bit, so they fail verification."""
    folder = tmp_path_factory.mktemp("broken-models")
    models = folder / "models"
    export(models)
    weights = models / "efficientnet-lite0-57934424.pth"
    data = bytearray(weights.read_bytes())
    data[1000] ^= 0xFF
    weights.write_bytes(bytes(data))
    env = {"MODELS_DIR": str(models), "RATE_LIMIT": "off", "CACHE_DIR": str(folder / "cache-is-a-file")}
    (folder / "cache-is-a-file").write_text("injected fault: the cache directory path is a file")
    with start_server(folder / "server.log", env=env) as server:
        yield server


def test_corrupt_model_file_degrades_health_with_the_reason(app_with_broken_vision):
    health = httpx.get(f"{app_with_broken_vision.url}/health").json()
    assert health["status"] == "degraded"
    assert "efficientnet-lite0-57934424.pth" in health["models"]["vision"]["reason"]
    assert "reason" not in health["models"]["text"] and health["models"]["text"]["deferred"]  # checked, not needed


def test_the_ui_shows_a_banner(app_with_broken_vision):
    config = httpx.get(f"{app_with_broken_vision.url}/config").text
    assert "some models are not available" in config and "efficientnet-lite0-57934424.pth" in config


def test_the_text_tab_keeps_working_and_the_image_tab_says_why(app_with_broken_vision, tmp_path):
    client = Client(app_with_broken_vision.url, verbose=False)
    description, report = client.predict(name="Ceramic Mug", features="dishwasher safe", length="short",
                                         api_name="/describe")
    assert description and report["check"]["unsupported_claims"] == []
    photo = tmp_path / "photo.png"
    from PIL import Image

    Image.new("RGB", (64, 64), (200, 30, 30)).save(photo)
    with pytest.raises(Exception, match="not available"):
        client.predict(image=handle_file(str(photo)), api_name="/analyze_image")


def test_an_unwritable_cache_directory_still_serves(app_with_broken_vision):
    info = httpx.get(f"{app_with_broken_vision.url}/info").json()
    assert info["cache"]["directory_error"]
    client = Client(app_with_broken_vision.url, verbose=False)
    first = client.predict(name="Steel Spoon", length="short", seed=3, api_name="/describe")
    second = client.predict(name="Steel Spoon", length="short", seed=3, api_name="/describe")
    assert first[0] == second[0] and second[1]["cache"]["hit"] is True  # memory still caches


def test_missing_text_model_at_start_keeps_the_image_tab(tmp_path):
    with start_server(tmp_path / "server.log", env={"TEXT_MODEL": str(tmp_path / "missing.gguf")}) as server:
        health = httpx.get(f"{server.url}/health").json()
        assert health["status"] == "degraded" and "missing.gguf" in health["models"]["text"]["reason"]
        from PIL import Image

        photo = tmp_path / "photo.png"
        Image.new("RGB", (64, 64), (30, 30, 200)).save(photo)
        detected = Client(server.url, verbose=False).predict(image=handle_file(str(photo)), api_name="/analyze_image")
        assert "colors" in detected
