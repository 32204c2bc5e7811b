"""The batch job and the REST rate limit on the real default model."""
from fastapi.testclient import TestClient

import app as app_module
from generator.batch import RESULT_COLUMNS, run_batch
from generator.settings import Settings
from tests.helpers import read_csv, write_csv


def test_rows_are_described_and_bad_rows_keep_their_error(service, tmp_path):
    rows = [
        {"sku": "A1", "name": "Insulated Water Bottle", "features": "keeps drinks cold for 24 hours; leak-proof lid",
         "size": "750 ml", "keywords": "reusable", "length": "short", "seed": "1"},
        {"sku": "=HYPERLINK(\"http://evil\")", "name": "", "features": "x", "size": "", "keywords": "", "length": "",
         "seed": ""},
        {"sku": "C3", "name": "Ceramic Mug", "features": "dishwasher safe", "size": "350 ml", "keywords": "gift",
         "length": "short", "seed": "abc"},
        {"sku": "D4", "name": "Ceramic Mug", "features": "dishwasher safe", "size": "350 ml", "keywords": "gift",
         "length": "short", "seed": "2"},
    ]
    source = write_csv(tmp_path / "in.csv", rows)
    out = tmp_path / "out.csv"
    progress = list(run_batch(service, source, out, {"tone": "friendly", "length": "medium", "language": "English"}))
    assert progress == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]
    result = read_csv(out)
    assert [row["sku"] for row in result] == ["A1", "'=HYPERLINK(\"http://evil\")", "C3", "D4"]
    assert list(result[0])[-len(RESULT_COLUMNS):] == list(RESULT_COLUMNS)
    assert result[0]["description"] and result[0]["error"] == "" and float(result[0]["coverage"]) == 1.0
    assert result[1]["error"] == "name: is required" and result[1]["description"] == ""
    assert result[2]["error"].startswith("seed:")
    assert result[3]["description"] and "gift" in result[3]["description"].lower()


def test_a_stopped_job_keeps_the_rows_already_done_and_resumes(service, tmp_path):
    rows = [{"name": f"Ceramic Mug {i}", "length": "short"} for i in range(5)]
    source = write_csv(tmp_path / "in.csv", rows)
    out = tmp_path / "out.csv"
    progress = list(run_batch(service, source, out, {}, should_stop=lambda: True))
    assert progress == [(0, 5), (1, 5)]
    partial = read_csv(out)
    assert [row["name"] for row in partial] == [f"Ceramic Mug {i}" for i in range(5)]
    assert [bool(row["description"]) for row in partial] == [True, False, False, False, False]
    again = tmp_path / "again.csv"
    assert list(run_batch(service, out, again, {})) == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]
    result = read_csv(again)
    assert result[0] == partial[0]  # kept as it was, not described again
    assert all(row["description"] for row in result)


def test_rate_limit_says_when_to_retry(service):
    client = TestClient(app_module.create_app(Settings(rate_limit="2/minute", cache_size=0), service))
    body = {"attributes": "Ceramic Mug, dishwasher safe"}
    assert [client.post("/generate-description/", json=body).status_code for _ in range(2)] == [200, 200]
    limited = client.post("/generate-description/", json=body)
    assert limited.status_code == 429
    assert "limit is 2 requests a minute" in limited.json()["detail"] and int(limited.headers["Retry-After"]) > 0
