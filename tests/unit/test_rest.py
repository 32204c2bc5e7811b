"""The original service's REST routes: request parsing, and the routes on a scripted engine."""
from generator.web.rest import legacy_attributes


def test_legacy_attributes_parsing():
    parsed = legacy_attributes("Mug\ndishwasher safe, 350 ml\nspeckled", "gift")
    assert parsed == {"name": "Mug", "features": ["dishwasher safe, 350 ml", "speckled"], "keywords": "gift"}


# --- the routes on a scripted engine, without the Gradio UI ------------------------------------------

def rest_client(engine=None, rate_limit="", vision=None):
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from generator.ratelimit import RateLimiter
    from generator.service import DescriptionService
    from generator.settings import Settings
    from generator.web.rest import legacy_routes
    from tests.fakes import ScriptedTextEngine, ScriptedVisionEngine

    settings = Settings(warmup=False, cache_size=0)
    service = DescriptionService(settings, text_engine=engine or ScriptedTextEngine(),
                                 vision_engine=vision or ScriptedVisionEngine())
    service.load()
    app = FastAPI()
    app.include_router(legacy_routes(service, RateLimiter(rate_limit)))
    return TestClient(app)


BODY = {"attributes": "Insulated Water Bottle, keeps drinks cold for 24 hours", "keywords": "reusable"}


def test_a_description_and_its_report():
    response = rest_client().post("/generate-description/", json=BODY)
    assert response.status_code == 200
    assert set(response.json()) == {"description", "report"} and response.json()["report"]["check"]["coverage"] == 1.0


def test_empty_attributes_are_a_422_naming_the_field():
    response = rest_client().post("/generate-description/", json={"attributes": " , "})
    assert response.status_code == 422
    assert response.json()["detail"] == "attributes: is required: give at least the product name"


def test_past_the_rate_limit_is_a_429_with_retry_after():
    client = rest_client(rate_limit="1/minute")
    assert client.post("/generate-description/", json=BODY).status_code == 200
    limited = client.post("/generate-description/", json=BODY)
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0
    assert limited.json()["detail"].startswith("Too many requests: the limit is 1 requests a minute.")


def test_engine_problems_are_a_503_and_bugs_a_500_without_internals():
    from generator.errors import EngineFailed
    from tests.fakes import ScriptedTextEngine

    failed = rest_client(ScriptedTextEngine(fail_at=(0, 1), error=EngineFailed("the text server at http://h failed")))
    response = failed.post("/generate-description/", json=BODY)
    assert (response.status_code, response.json()["detail"]) == (503, "the text server at http://h failed")
    broken = rest_client(ScriptedTextEngine(fail_at=(0, 1), error=RuntimeError("scripted internal detail")))
    response = broken.post("/generate-description/", json=BODY)
    assert response.status_code == 500
    assert response.json()["detail"] == "Generation failed (RuntimeError). Please try again."
    assert "scripted internal detail" not in response.text


def test_a_photo_is_described():
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), (10, 10, 10)).save(buffer, format="PNG")
    response = rest_client().post("/generate-from-image/", files={"image": ("p.png", buffer.getvalue(), "image/png")})
    assert response.status_code == 200 and response.json()["report"]["detected"]["labels"][0]["name"] == "Water bottle"
    text = rest_client().post("/generate-from-image/", files={"image": ("x.jpg", b"hello", "image/jpeg")})
    assert text.status_code == 422 and text.json()["detail"].startswith("image: the file is not an image")


# --- issue 15: strict JSON, empty names, the photo route's fact fields ---------------------------------

def test_nan_and_infinity_are_a_422_naming_the_field():
    client = rest_client()
    for raw, field, spelt in [(b'{"attributes": NaN}', "attributes", "NaN"),
                              (b'{"attributes": "Mug", "keywords": Infinity}', "keywords", "Infinity"),
                              (b'{"attributes": "Mug", "extra": [1, -Infinity]}', "extra.1", "-Infinity")]:
        response = client.post("/generate-description/", content=raw, headers={"content-type": "application/json"})
        assert response.status_code == 422, response.text
        error = response.json()["detail"][0]
        assert error["msg"].startswith(f"{field}: {spelt} is not valid JSON") and error["input"] == spelt


def test_a_name_without_a_letter_or_digit_is_refused():
    response = rest_client().post("/generate-description/", json={"attributes": ",,,,\n\n,,"})
    assert response.status_code == 422
    assert response.json()["detail"].startswith("attributes: the first item is the product name, and it needs")


def test_the_photo_route_takes_facts_and_says_which_field_to_send():
    import io

    from PIL import Image

    from generator.engines.vision import Detection
    from tests.fakes import ScriptedVisionEngine

    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), (10, 10, 10)).save(buffer, format="PNG")
    photo = {"image": ("p.png", buffer.getvalue(), "image/png")}
    client = rest_client()
    response = client.post("/generate-from-image/", files=photo, data={"name": "Trail Bottle", "brand": "Hydrova"})
    assert response.status_code == 200 and response.json()["report"]["product"]["brand"] == "Hydrova"
    assert response.json()["report"]["product"]["name"] == "Trail Bottle"
    schema = client.get("/openapi.json").json()
    form = next(iter(schema["components"]["schemas"][name] for name in schema["components"]["schemas"]
                     if "generate_from_image" in name))
    assert {"image", "name", "category", "brand", "features", "keywords"} <= set(form["properties"])
    assert "recognised" in form["properties"]["name"]["description"]
    unknown = rest_client(vision=ScriptedVisionEngine(Detection(labels=[], category="", colors=[], text_seen="")))
    response = unknown.post("/generate-from-image/", files=photo)
    assert response.status_code == 422
    assert response.json()["detail"] == ("name: the product could not be recognised in the photo; send its name in "
                                         "the `name` form field")
    assert unknown.post("/generate-from-image/", files=photo, data={"name": "Mug"}).status_code == 200
