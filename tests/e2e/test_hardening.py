"""Issue 24, the second hardening round: each case as a user's client meets it, against the running app."""
from __future__ import annotations

import random
import string

import httpx
import pytest
from gradio_client import Client, handle_file

from tests.helpers import read_csv
from tests.unit.test_limits import at_the_limits


@pytest.fixture(scope="module")
def client(live_server) -> Client:
    return Client(live_server.url, verbose=False)


def metric_lines(url: str) -> list[str]:
    return [line for line in httpx.get(f"{url}/metrics", timeout=30).text.splitlines() if not line.startswith("#")]


def test_case_1_a_product_at_the_limits_gets_a_text_through_the_api(client):
    product = at_the_limits()
    text, report = client.predict(
        name=product["name"], features="\n".join(product["features"]), materials="\n".join(product["materials"]),
        keywords=", ".join(product["keywords"]), length="long", seed=1, api_name="/describe")
    assert text and report["check"]["words"] > 0


def test_case_1_a_batch_with_that_row_describes_the_rows_after_it(client, tmp_path):
    product = at_the_limits()
    path = tmp_path / "limits.csv"
    import csv

    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["name", "features", "materials", "keywords", "length", "seed"])
        writer.writeheader()
        writer.writerow({"name": product["name"], "features": "; ".join(product["features"]),
                         "materials": ", ".join(product["materials"]), "keywords": ", ".join(product["keywords"]),
                         "length": "long", "seed": "2"})
        writer.writerow({"name": "Ceramic Mug", "features": "dishwasher safe", "length": "short", "seed": "1"})
    result = read_csv(client.predict(file=handle_file(str(path)), api_name="/describe_batch"))
    assert [bool(row["description"]) for row in result] == [True, True] and not any(r["error"] for r in result)


@pytest.mark.parametrize("depth", [900, 1000, 5000])
def test_case_7_deep_json_is_a_short_400(live_server, depth):
    body = '{"attributes": ' + "[" * depth + "]" * depth + "}"
    response = httpx.post(f"{live_server.url}/generate-description/", content=body,
                          headers={"content-type": "application/json"}, timeout=30)
    assert response.status_code == 400 and len(response.content) < 200
    assert "limit is 32" in response.json()["detail"]
    assert httpx.get(f"{live_server.url}/health", timeout=30).status_code == 200


def test_case_6_and_7_validation_errors_echo_at_most_80_characters(live_server):
    response = httpx.post(f"{live_server.url}/generate-description/", json={"attributes": ["x" * 2000]}, timeout=30)
    assert response.status_code == 422
    assert len(response.content) < 400
    assert all(len(str(error.get("input", ""))) <= 81 for error in response.json()["detail"])


def test_case_8_junk_paths_and_methods_add_no_metrics_series(live_server):
    rng = random.Random(8)

    def junk() -> str:
        return "".join(rng.choice(string.ascii_lowercase + string.digits) for _ in range(12))

    paths = [lambda: f"/gradio_api/{junk()}/{junk()}", lambda: f"/{junk()}/{junk()}",
             lambda: f"/gradio_api/call/{junk()}", lambda: f"/gradio_api/queue/{junk()}"]
    methods = ["GET", "POST", "BREW", "PROPFIND"]
    with httpx.Client(timeout=30) as http:
        metric_lines(live_server.url)  # the scrape's own series, made by the first scrape
        start = len(metric_lines(live_server.url))
        for method in methods:  # a path that names no route adds nothing, even the first time
            for path in paths[:2]:
                http.request(method, live_server.url + path())
        assert len(metric_lines(live_server.url)) == start
        for method in methods:  # a known Gradio route, called wrongly: its few outcomes, once each
            for path in paths[2:]:
                http.request(method, live_server.url + path())
        before = len(metric_lines(live_server.url))
        for index in range(1000):
            method = ("GET", "POST", "BREW", "PROPFIND", f"X{junk().upper()}")[index % 5]
            path = rng.choice([f"/gradio_api/{junk()}/{junk()}", f"/gradio_api/call/{junk()}",
                               f"/gradio_api/queue/{junk()}", f"/{junk()}"])
            http.request(method, live_server.url + path)
        after = metric_lines(live_server.url)
    names = {line.split("{")[0] for line in after}
    # the counters and histograms grow in value, never in series
    assert len(after) == before, len(after) - before
    assert names


@pytest.mark.parametrize("encoding, bom", [("cp1252", b""), ("utf-8", b"\xef\xbb\xbf")], ids=["excel-1252", "bom"])
def test_cases_9_and_11_excel_csvs_are_read_and_a_bom_is_kept(client, tmp_path, encoding, bom):
    path = tmp_path / "excel.csv"
    path.write_bytes(bom + "name,features\r\nCafé Mug,dishwasher safe\r\n".encode(encoding))
    result_path = client.predict(file=handle_file(str(path)), api_name="/describe_batch")
    with open(result_path, "rb") as handle:
        data = handle.read()
    assert data.startswith(b"\xef\xbb\xbf") is bool(bom)
    rows = read_csv(result_path)
    assert rows[0]["name"] == "Café Mug" and rows[0]["description"] and not rows[0]["error"]


def test_case_10_old_mac_line_ends(client, tmp_path):
    path = tmp_path / "mac.csv"
    path.write_bytes(b"name,features\rCeramic Mug,dishwasher safe\rGlass Jar,airtight lid\r")
    rows = read_csv(client.predict(file=handle_file(str(path)), api_name="/describe_batch"))
    assert [row["name"] for row in rows] == ["Ceramic Mug", "Glass Jar"] and all(r["description"] for r in rows)


@pytest.mark.parametrize("field, label", [("caption", "caption"), ("text_seen", "text seen")])
def test_case_6_a_long_caption_or_text_seen_is_named_as_typed(live_server, client, tmp_path, field, label):
    from PIL import Image
    from skimage import data

    photo = tmp_path / "camera.jpg"
    Image.fromarray(data.camera()).convert("RGB").save(photo, quality=90)
    with pytest.raises(Exception) as info:
        client.predict(image=handle_file(str(photo)), name="Camera Tripod", api_name="/describe_image",
                       **{field: "x " * 2500})
    message = str(info.value)
    assert f"{label}: is 4999 characters long; the limit is 200" in message and "features" not in message
    assert httpx.get(f"{live_server.url}/health", timeout=30).status_code == 200


@pytest.mark.parametrize("length, bound", [("short", 75), ("medium", 150)])
def test_case_2_the_length_setting_is_a_bound(client, length, bound):
    product = at_the_limits()
    text, report = client.predict(
        name=product["name"], features="\n".join(product["features"]), materials="\n".join(product["materials"]),
        keywords=", ".join(product["keywords"]), length=length, seed=1, api_name="/describe")
    assert len(text.split()) <= bound and report["check"]["left_out"]


def test_case_4_facts_typed_as_merchants_type_them(client):
    features = "\n".join(["- dimmable", "• USB-C charging port", "see https://example.com/specs?id=3 for details",
                          "Includes 2 spare shades and a wall bracket.", "an LED bulb"])
    for name in ("Desk Lamp!!", "The Reading Lamp"):
        text, report = client.predict(name=name, features=features, seed=2, api_name="/describe")
        for bad in ("{", "•", " - d", "!!.", "the The", "an an", "https", "//"):
            assert bad not in text, (bad, text)
        assert report["check"]["left_out"] == ["see https://example.com/specs?id=3 for details"]


def test_case_5_a_free_text_tone_is_never_silently_ignored(client):
    _, report = client.predict(name="Desk Lamp", features="dimmable", tone="calm and clinical", seed=1,
                               api_name="/describe")
    assert any(warning.startswith('tone: "calm and clinical" -> ') for warning in report["check"]["warnings"])
