"""The original service's REST routes over real HTTP, against the running server."""
import httpx
import pytest
from PIL import Image
from skimage import data


@pytest.fixture(scope="module")
def camera_jpeg(tmp_path_factory):
    path = tmp_path_factory.mktemp("rest") / "camera.jpg"
    Image.fromarray(data.camera()).convert("RGB").save(path)
    return path.read_bytes()


def test_real_http_client_against_the_running_server(live_server, camera_jpeg):
    response = httpx.post(f"{live_server.url}/generate-description/",
                          json={"attributes": "Ceramic Coffee Mug, dishwasher safe, 350 ml"}, timeout=60)
    assert response.status_code == 200 and response.json()["description"]
    response = httpx.post(f"{live_server.url}/generate-from-image/",
                          files={"image": ("camera.jpg", camera_jpeg, "image/jpeg")}, timeout=60)
    assert response.status_code == 200 and response.json()["report"]["detected"]["labels"]
    assert httpx.post(f"{live_server.url}/generate-description/", json={}).status_code == 422
