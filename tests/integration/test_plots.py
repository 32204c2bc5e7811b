"""`python -m benchmarks --plot DIR`: the charts from results JSON in the documented schemas (matplotlib is
slow to import, so this lives in the integration tier; no model runs)."""
import json
import subprocess
import sys

import pytest
from PIL import Image

from benchmarks.plots import PlotDataError, load_batched, plot_all
from tests.helpers import ROOT

BATCHED = {"smollm2": {"1": 29.8, "2": 42.6, "4": 49.5, "8": 50.2},
           "gemma3-270m": {"1": 17.1, "2": 21.5, "4": 42.4, "8": 47.7}, "_source": "test figures"}


def suite_rows():
    rows = []
    for users, base in ((1, 1.5), (4, 5.0), (8, 10.0)):
        rows.append({"group": "throughput", "figure": f"{users} users: descriptions per minute", "value": 40 + users,
                     "unit": "/min"})
        for name, factor in (("p50", 1.0), ("p90", 1.2), ("p95", 1.3)):
            rows.append({"group": "throughput", "figure": f"{users} users: {name} latency", "value": base * factor,
                         "unit": "s", **({"samples": [base] * 3 * users} if name == "p50" else {})})
    for length, seconds in (("short", [1.1, 1.2, 1.3]), ("medium", [2.0, 2.4, 2.6]), ("long", [2.3, 2.5, 3.1])):
        rows.append({"group": "latency", "figure": f"{length} description", "value": seconds[1], "unit": "s",
                     "samples": seconds})
    return rows


@pytest.fixture
def inputs(tmp_path):
    results, batched = tmp_path / "latest.json", tmp_path / "batched.json"
    results.write_text(json.dumps({"machine": "x86_64, 2 cores", "runs": 5, "rows": suite_rows()}))
    batched.write_text(json.dumps(BATCHED))
    return results, batched


def test_one_command_writes_the_three_charts_and_their_figures(inputs, tmp_path):
    results, batched = inputs
    out = tmp_path / "plots"
    done = subprocess.run([sys.executable, "-m", "benchmarks", "--plot", str(out), "--json", str(results),
                           "--batched", str(batched)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    names = ["latency_by_users.png", "seconds_by_length.png", "tokens_per_second_by_batch.png"]
    assert sorted(p.name for p in out.glob("*.png")) == names
    for name in names:
        with Image.open(out / name) as image:
            assert image.format == "PNG" and image.size[0] >= 600 and image.size[1] >= 400
        assert (out / name).stat().st_size < 150_000  # small enough to commit
    figures = json.loads((out / "figures.json").read_text())
    assert figures["tokens_per_second_by_batch"]["figures"]["gemma3-270m"]["8"] == 47.7
    assert figures["latency_by_users"]["4"]["p90"] == pytest.approx(6.0)
    assert figures["seconds_by_length"]["medium"] == [2.0, 2.4, 2.6]


def test_the_same_data_gives_the_same_bytes(inputs, tmp_path):
    results, batched = inputs
    plot_all(tmp_path / "a", results, batched)
    plot_all(tmp_path / "b", results, batched)
    for name in ("latency_by_users.png", "tokens_per_second_by_batch.png"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_a_batched_bench_file_is_read_too(tmp_path):
    bench = {"threads": 1, "models": {"smollm2": {"batched": {"rows": [{"B": 1, "gen_tps": 29.8},
                                                                          {"B": 4, "gen_tps": 49.5}]}},
                                      "gemma": {"batched": {"rows": [{"B": 1, "gen_tps": 17.1}]}}}}
    (tmp_path / "bench.json").write_text(json.dumps(bench))
    figures, notes = load_batched(tmp_path / "bench.json")
    assert figures == {"smollm2": {1: 29.8, 4: 49.5}, "gemma": {1: 17.1}}
    assert "threads=1" in notes["_source"]


def test_missing_data_says_what_is_missing(tmp_path):
    (tmp_path / "bad.json").write_text(json.dumps({"smollm2": []}))
    with pytest.raises(PlotDataError, match="'smollm2' must map batch sizes to tokens per second"):
        load_batched(tmp_path / "bad.json")
    with pytest.raises(PlotDataError, match="no batched figures .*no suite results"):
        plot_all(tmp_path / "out", tmp_path / "absent.json", tmp_path / "absent-batched.json")
    (tmp_path / "partial.json").write_text(json.dumps({"machine": "m", "rows": []}))
    with pytest.raises(PlotDataError, match="no figure '1 users: p50 latency'"):
        plot_all(tmp_path / "out", tmp_path / "partial.json", None)
