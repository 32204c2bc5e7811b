import csv
import io

import pytest

from generator.batch import (MAX_ROWS, RESULT_COLUMNS, BatchError, neutralise, read_rows, run_batch,
                             template_csv)


def write_csv(path, rows, columns=None):
    columns = columns or list(rows[0])
    with open(path, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def read_csv(path):
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("cell, expected", [("=1+1", "'=1+1"), ("+44 20", "'+44 20"), ("-5", "'-5"),
                                            ("@SUM(A1)", "'@SUM(A1)"), ("plain", "plain"), (None, "")])
def test_formula_cells_are_neutralised(cell, expected):
    assert neutralise(cell) == expected


def test_template_has_every_describe_column():
    columns = next(csv.reader(io.StringIO(template_csv())))
    for column in ("name", "category", "brand", "features", "materials", "color", "size", "audience", "keywords",
                   "tone", "length", "language"):
        assert column in columns


@pytest.mark.parametrize(
    "content, fragment",
    [(b"", "empty"), (b"title,brand\nx,y\n", "needs a 'name' column"), (b"name\n", "no rows"),
     (b"name\n\xff\xfe\x00bad\n", "not UTF-8"),
     (("name\n" + "x\n" * (MAX_ROWS + 1)).encode(), "more than 1000 rows")],
)
def test_unusable_files_say_why(tmp_path, content, fragment):
    path = tmp_path / "in.csv"
    path.write_bytes(content)
    with pytest.raises(BatchError, match=fragment):
        read_rows(path)


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
    assert progress == [(1, 4), (2, 4), (3, 4), (4, 4)]
    result = read_csv(out)
    assert [row["sku"] for row in result] == ["A1", "'=HYPERLINK(\"http://evil\")", "C3", "D4"]
    assert list(result[0])[-4:] == list(RESULT_COLUMNS)
    assert result[0]["description"] and result[0]["error"] == "" and float(result[0]["coverage"]) == 1.0
    assert result[1]["error"] == "name: is required" and result[1]["description"] == ""
    assert result[2]["error"].startswith("seed:")
    assert result[3]["description"] and "gift" in result[3]["description"].lower()


def test_a_stopped_job_keeps_the_rows_already_done(service, tmp_path):
    rows = [{"name": f"Ceramic Mug {i}", "length": "short"} for i in range(5)]
    source = write_csv(tmp_path / "in.csv", rows)
    out = tmp_path / "out.csv"
    progress = list(run_batch(service, source, out, {}, should_stop=lambda: True))
    assert progress == [(1, 5)]
    assert [row["name"] for row in read_csv(out)] == ["Ceramic Mug 0"]


def test_describe_batch_through_gradio_client(live_server, tmp_path):
    from gradio_client import Client, handle_file

    source = write_csv(tmp_path / "shop.csv", [
        {"name": "Trail Running Shoe", "features": "Vibram outsole; rock plate", "keywords": "grip"},
        {"name": "", "features": "nameless", "keywords": ""},
    ])
    result_path = Client(live_server.url, verbose=False).predict(
        file=handle_file(str(source)), length="short", api_name="/describe_batch")
    result = read_csv(result_path)
    assert len(result) == 2
    assert result[0]["description"] and not result[0]["error"]
    assert result[1]["error"] == "name: is required"


def test_rate_limit_says_when_to_retry(service):
    from fastapi.testclient import TestClient

    import app as app_module
    from generator.settings import Settings

    client = TestClient(app_module.create_app(Settings(rate_limit="2/minute", cache_size=0), service))
    body = {"attributes": "Ceramic Mug, dishwasher safe"}
    assert [client.post("/generate-description/", json=body).status_code for _ in range(2)] == [200, 200]
    limited = client.post("/generate-description/", json=body)
    assert limited.status_code == 429
    assert "limit is 2 requests a minute" in limited.json()["detail"] and int(limited.headers["Retry-After"]) > 0
