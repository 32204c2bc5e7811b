"""The real app in its own process, driven through gradio_client and plain HTTP."""
import re

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
    assert body["models"]["text"]["loaded"] is True


def test_describe_through_gradio_client_with_keywords_only(live_server, client, water_bottle):
    before = httpx.get(f"{live_server.url}/metrics").text
    description, report = client.predict(**water_bottle, api_name="/describe")
    assert len(description.split()) >= 40
    assert report["engine"] == "llamacpp" and report["tokens"] > 0 and report["seconds"] > 0
    assert report["prompt_version"]
    after = httpx.get(f"{live_server.url}/metrics").text
    assert metric(after, "generation_requests_total", type="text") == metric(before, "generation_requests_total", type="text") + 1
    assert metric(after, "api_requests_total", endpoint="/describe", status="ok") >= 1
    assert metric(after, "generated_tokens_total") >= metric(before, "generated_tokens_total") + report["tokens"]
    assert metric(after, "generation_seconds_count") >= 1


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
