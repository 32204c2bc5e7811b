"""The real app in its own process, driven through gradio_client and plain HTTP."""
import re
import time

import httpx
import pytest
from gradio_client import Client


def metric(text: str, name: str, **labels) -> float:
    total = 0.0
    for line in text.splitlines():
        if not line.startswith(name + "{") and not line.startswith(name + " "):
            continue
        if all(f'{key}="{value}"' in line for key, value in labels.items()):
            total += float(line.rsplit(" ", 1)[1])
    return total


@pytest.fixture(scope="module")
def client(live_server):
    return Client(live_server.url, verbose=False)


def test_health_reports_each_model(live_server):
    body = httpx.get(f"{live_server.url}/health").json()
    assert body["status"] == "ok"
    # the default path (the grounded realizer, VOICE_CANDIDATES=0) calls no model: its file is checked, its load
    # put off until a request needs it (cold start)
    assert body["models"]["text"]["loaded"] is False and "calls no model" in body["models"]["text"]["deferred"]
    # the photo model loads in the background while the server starts: loading, then loaded
    vision = body["models"]["vision"]
    assert vision["loaded"] is True or "background" in vision["deferred"], vision
    deadline = time.monotonic() + 60
    while not vision["loaded"] and time.monotonic() < deadline:
        time.sleep(0.2)
        vision = httpx.get(f"{live_server.url}/health").json()["models"]["vision"]
    assert vision["loaded"] is True, vision


def test_describe_through_gradio_client_with_keywords_only(live_server, client, water_bottle):
    before = httpx.get(f"{live_server.url}/metrics").text
    description, report = client.predict(**water_bottle, api_name="/describe")
    assert len(description.split()) >= 40
    assert report["engine"] == "llamacpp" and report["seconds"] > 0
    # the default writes the voice lines from templates (VOICE_CANDIDATES=0): no model tokens, every fact in prose
    assert report["strategy"] == "grounded" and report["tokens"] == 0 and report["check"]["prose_coverage"] == 1.0
    assert report["prompt_version"]
    after = httpx.get(f"{live_server.url}/metrics").text
    requests = metric(before, "generation_requests_total", type="text")
    assert metric(after, "generation_requests_total", type="text") == requests + 1
    assert metric(after, "api_requests_total", endpoint="/describe", status="ok") >= 1
    assert metric(after, "generated_tokens_total") >= metric(before, "generated_tokens_total") + report["tokens"]
    assert metric(after, "generation_seconds_count") >= 1


def test_seed_and_variants_through_the_api(client, water_bottle):
    first = client.predict(**water_bottle, length="short", seed=42, api_name="/describe")
    again = client.predict(**water_bottle, length="short", seed=42, api_name="/describe")
    assert first[0] == again[0] and first[1]["seed"] == 42
    description, report = client.predict(**water_bottle, length="short", variants=2, api_name="/describe")
    assert len(report["variants"]) == 2 and description == report["variants"][0]["text"]
    assert report["check"]["coverage"] == 1.0


def test_prose_carries_the_facts_and_bullets_are_a_format(client, water_bottle):
    prose, report = client.predict(**water_bottle, length="medium", seed=5, api_name="/describe")
    listed, listed_report = client.predict(**water_bottle, length="medium", seed=5, format="prose+bullets",
                                           api_name="/describe")
    assert report["strategy"] == "grounded" and report["check"]["prose_coverage"] >= 0.9
    assert "\n- " not in prose and listed.startswith(prose) and "\n- Leak-proof screw lid" in listed
    assert listed_report["check"]["prose_coverage"] == report["check"]["prose_coverage"]
    assert report["check"]["flags"] == [] or all(f["sentence"] not in prose for f in report["check"]["flags"])


def test_an_amazon_listing_comes_back_within_amazons_limits(client, water_bottle):
    shop, _ = client.predict(**water_bottle, length="medium", seed=5, api_name="/describe")
    text, report = client.predict(**water_bottle, length="medium", seed=5, channel="amazon", api_name="/describe")
    listing = report["listing"]
    assert text == listing["description"] and text.replace("<br><br>", "\n\n") == shop
    assert len(listing["title"]) <= 200 and 1 <= len(listing["bullets"]) <= 5
    assert all(limit["ok"] for limit in listing["limits"]) and report["style"]["channel"] == "amazon"


def test_the_brand_glossary_bans_and_requires_through_the_api(client, water_bottle):
    text, report = client.predict(**water_bottle, length="medium", seed=5, banned="leak-proof",
                                  required="Free UK delivery", api_name="/describe")
    assert "leak-proof" not in text.lower() and text.count("Free UK delivery") == 1
    terms = report["check"]["glossary"]
    assert terms["ok"] and terms["banned_in_facts"] and report["style"]["banned"] == ["leak-proof"]


def test_name_only_works(client):
    description, report = client.predict(name="Wooden Chopping Board", api_name="/describe")
    assert description and report["words"] > 0


@pytest.mark.parametrize(
    "kwargs, expected",
    [
        ({"name": ""}, r"^name: is required"),
        ({"name": "x" * 201}, r"^name: is 201 characters"),
        ({"name": "ok", "brand": "bad\x07bell"}, r"^brand: contains a control character"),
        ({"name": 123}, r"^name: must be text, got int"),
        ({"name": "ok", "features": ["a", "b"]}, r"^features: must be text, got list"),
        ({"name": "ok", "length": "huge"}, r"^length: must be one of short, medium, long"),
        ({"name": "ok", "keywords": ",".join(str(i) for i in range(25))}, r"^keywords: has 25 items"),
        ({"name": "ok", "variants": 5}, r"^variants: must be one of 1, 2, 3"),
        ({"name": "ok", "seed": "abc"}, r"^seed: must be a number"),
        ({"name": "ok", "format": "bullets"}, r"^format: must be one of prose, prose\+bullets"),
        ({"name": "ok", "channel": "ebay"}, r"^channel: must be one of shop, amazon, google"),
    ],
)
def test_bad_input_gets_a_message_naming_the_field(live_server, client, kwargs, expected):
    with pytest.raises(Exception) as info:
        client.predict(**kwargs, api_name="/describe")
    assert re.search(expected, str(info.value)), str(info.value)
    assert httpx.get(f"{live_server.url}/health").json()["status"] == "ok"


def test_info_has_provenance_and_no_secrets(live_server):
    info = httpx.get(f"{live_server.url}/info").json()
    for key in ("app_version", "git_commit", "prompt_version", "text_model", "text_engine"):
        assert info[key], key
    assert info["text_model"]["sha256"] and re.fullmatch(r"[0-9a-f]{64}", info["text_model"]["sha256"])


def test_metrics_is_prometheus_text(live_server):
    response = httpx.get(f"{live_server.url}/metrics")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")
    for name in ("api_requests_total", "api_request_duration_seconds", "active_requests",
                 "generation_requests_total", "generation_seconds", "generated_tokens_total", "model_load_seconds"):
        assert f"# TYPE {name}" in response.text, name


@pytest.fixture(scope="module")
def photo(tmp_path_factory):
    from PIL import Image
    from skimage import data

    path = tmp_path_factory.mktemp("photos") / "camera.jpg"
    Image.fromarray(data.camera()).convert("RGB").save(path, quality=90)
    return str(path)


def test_analyze_image_with_handle_file(client, photo):
    from gradio_client import handle_file

    detected = client.predict(image=handle_file(photo), api_name="/analyze_image")
    assert set(detected) >= {"labels", "category", "colors", "caption", "text_seen", "model"}
    assert detected["labels"][0]["name"] == "Tripod" and detected["category"] == "Electronics"
    assert detected["colors"]


def test_describe_image_uses_hints_and_reports_detection(client, photo):
    from gradio_client import handle_file

    description, report = client.predict(image=handle_file(photo), brand="Acme", length="short",
                                         api_name="/describe_image")
    assert description and report["detected"]["labels"][0]["name"] == "Tripod"
    assert report["engine"] == "llamacpp"


@pytest.mark.parametrize(
    "content, fragment",
    [(b"", "empty"), (b"not an image at all", "not an image"), (b"\xff\xd8\xff\xe0" + b"\x00" * 50, "image:")],
    ids=["empty", "text", "truncated-jpeg"],
)
def test_bad_uploads_get_clear_errors_and_the_app_stays_up(live_server, client, tmp_path, content, fragment):
    from gradio_client import handle_file

    path = tmp_path / "upload.jpg"
    path.write_bytes(content)
    with pytest.raises(Exception) as info:
        client.predict(image=handle_file(str(path)), api_name="/analyze_image")
    assert fragment in str(info.value)
    assert httpx.get(f"{live_server.url}/health").json()["status"] == "ok"


def test_decompression_bomb_is_refused(live_server, client, tmp_path):
    from gradio_client import handle_file

    from tests.helpers import png_declaring

    path = tmp_path / "bomb.png"
    path.write_bytes(png_declaring(30000, 30000))
    with pytest.raises(Exception, match="megapixels"):
        client.predict(image=handle_file(str(path)), api_name="/analyze_image")
    assert httpx.get(f"{live_server.url}/health").json()["status"] == "ok"
