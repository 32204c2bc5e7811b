"""The original service's REST routes, on the real default models (no mocks)."""
import pytest
from fastapi.testclient import TestClient
from PIL import Image
from skimage import data

import app as app_module


@pytest.fixture(scope="module")
def client(service):
    return TestClient(app_module.create_app(service.settings, service))


@pytest.fixture(scope="module")
def camera_jpeg(tmp_path_factory):
    path = tmp_path_factory.mktemp("rest") / "camera.jpg"
    Image.fromarray(data.camera()).convert("RGB").save(path)
    return path.read_bytes()


def test_generate_description_answers_like_the_original(client):
    response = client.post("/generate-description/", json={
        "attributes": "Insulated Water Bottle, keeps drinks cold for 24 hours, leak-proof lid", "keywords": "reusable"})
    assert response.status_code == 200
    body = response.json()
    assert len(body["description"].split()) > 20
    assert "reusable" in body["description"].lower()
    assert body["report"]["check"]["unsupported_claims"] == []


@pytest.mark.parametrize("body", [{}, {"keywords": "x"}, {"attributes": None}])
def test_missing_attributes_is_422_as_before(client, body):
    assert client.post("/generate-description/", json=body).status_code == 422


def test_empty_attributes_get_a_clear_422(client):
    response = client.post("/generate-description/", json={"attributes": " , "})
    assert response.status_code == 422 and response.json()["detail"].startswith("attributes:")


def test_generate_from_image(client, camera_jpeg):
    response = client.post("/generate-from-image/", files={"image": ("camera.jpg", camera_jpeg, "image/jpeg")},
                           data={"keywords": "photography"})
    assert response.status_code == 200
    body = response.json()
    assert body["description"] and body["report"]["detected"]["labels"][0]["name"] == "Tripod"
    assert "photography" in body["description"].lower()


def test_generate_from_image_rejects_a_text_file(client):
    response = client.post("/generate-from-image/", files={"image": ("x.jpg", b"hello", "image/jpeg")})
    assert response.status_code == 422 and "not an image" in response.json()["detail"]


def test_openapi_documents_every_route(client):
    paths = client.get("/openapi.json").json()["paths"]
    for route in ("/generate-description/", "/generate-from-image/", "/health", "/info", "/metrics"):
        assert route in paths, route
    assert client.get("/docs").status_code == 200
