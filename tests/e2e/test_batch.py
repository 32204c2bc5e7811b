"""The Batch tab's API through gradio_client against the real server."""
from pathlib import Path

import pytest
from gradio_client import Client, handle_file

from generator.batch import MAX_ROWS
from tests.helpers import read_csv, start_server, write_csv


def test_describe_batch_through_gradio_client(live_server, tmp_path):
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


def test_a_batch_killed_mid_run_resumes_from_its_partial_file(tmp_path):
    """Issue 14: SIGKILL the server mid-batch, restart it, upload the partial result: every row ends described
    exactly once, none lost or duplicated, the rows already done are kept and the progress counts the rest."""
    import shutil
    import signal
    import time

    from tests.helpers import start_server

    names = ["Ceramic Mug", "Linen Tea Towel", "Oak Cutting Board", "Wool Throw", "Glass Carafe", "Cotton Apron",
             "Bamboo Coaster", "Steel Kettle"]
    source = write_csv(tmp_path / "shop.csv", [{"sku": f"S{i}", "name": name, "features": "gift boxed",
                                                "length": "short", "seed": str(i)} for i, name in enumerate(names)])
    server_tmp = tmp_path / "server-tmp"
    server_tmp.mkdir()
    # The model drafts voice lines (VOICE_CANDIDATES=4), about a second a row: the default's template lines
    # write all 8 rows in well under a second, before the kill could land mid-run.
    env = {"RATE_LIMIT": "1000/minute", "TMPDIR": str(server_tmp), "VOICE_CANDIDATES": "4"}
    with start_server(tmp_path / "first.log", env=env) as server:
        job = Client(server.url, verbose=False).submit(file=handle_file(str(source)), api_name="/describe_batch")
        deadline = time.monotonic() + 300
        partial_rows: list[dict] = []
        while sum(bool(row["description"]) for row in partial_rows) < 2:
            assert time.monotonic() < deadline and not job.done(), "the batch did not reach two rows in time"
            time.sleep(0.2)
            if job.outputs():
                latest = job.outputs()[-1]  # the file the merchant has downloaded so far
                partial_rows = read_csv(latest)
        partial_path = shutil.copy(latest, tmp_path / "shop-described.csv")
        server.process.send_signal(signal.SIGKILL)
        server.process.wait(timeout=30)
    # What the killed server was writing is a valid CSV with every row once.
    [written] = list(server_tmp.glob("product-description-batches/batch-*/shop-described.csv"))
    on_disk = read_csv(written)
    assert [row["name"] for row in on_disk] == names
    done_before = {row["sku"]: row["description"] for row in partial_rows if row["description"]}
    assert 2 <= len(done_before) < len(names), done_before
    assert [row["name"] for row in partial_rows] == names and all(
        row["description"] == "" for row in partial_rows if row["sku"] not in done_before)

    with start_server(tmp_path / "second.log", env=env) as server:
        job = Client(server.url, verbose=False).submit(file=handle_file(str(partial_path)),
                                                       api_name="/describe_batch")
        lengths = set()
        while not job.done():
            lengths |= {unit.length for unit in (job.status().progress_data or []) if unit.length}
            time.sleep(0.1)
        result = read_csv(job.result())
    assert [row["name"] for row in result] == names and [row["sku"] for row in result] == [f"S{i}" for i in range(8)]
    assert all(row["description"] and not row["error"] for row in result), result
    for row in result:
        if row["sku"] in done_before:
            assert row["description"] == done_before[row["sku"]]  # kept, not written again
    assert lengths == {len(names) - len(done_before)}, lengths  # the progress counted only the rest


def _bytes_under(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


@pytest.mark.parametrize("count", [100, MAX_ROWS])
def test_a_batch_leaves_a_small_multiple_of_its_result_on_disk(tmp_path, count):
    """Issue 24 case 3: every row used to hand Gradio a new copy of the growing result (disk ~ rows squared),
    and the work folders stayed. Now: a few hand-overs, the work folder removed."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    rows = [{"sku": str(i), "name": f"Ceramic Mug {i}", "features": "dishwasher safe; microwave safe",
             "materials": "stoneware", "size": "350 ml", "keywords": "gift", "length": "short", "seed": str(i)}
            for i in range(count)]
    source = write_csv(tmp_path / "mugs.csv", rows)
    env = {"RATE_LIMIT": "off", "TMPDIR": str(temp), "GRADIO_TEMP_DIR": str(temp / "gradio")}
    with start_server(tmp_path / "server.log", env=env) as server:
        before = _bytes_under(temp)
        result_path = Client(server.url, verbose=False).predict(
            file=handle_file(str(source)), api_name="/describe_batch")
        result_size = Path(result_path).stat().st_size
        used = _bytes_under(temp) - before
    result = read_csv(result_path)
    assert len(result) == count and all(row["description"] and not row["error"] for row in result)
    print(f"result {result_size / 1e6:.2f} MB, temporary files {used / 1e6:.2f} MB ({used / result_size:.1f}x)")
    # the upload's copies, and the result handed over after each quarter of the rows (each holds every row)
    assert used <= 3.5 * result_size + source.stat().st_size * 2
    assert not list((temp / "product-description-batches").glob("batch-*"))  # the work folder is gone
