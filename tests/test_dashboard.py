"""The Grafana dashboard queries only metrics the real app exposes on /metrics."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DASHBOARD = ROOT / "monitoring" / "grafana-dashboard.json"
PROMETHEUS = ROOT / "monitoring" / "prometheus.yml"

# PromQL functions, aggregations and keywords that can stand where a metric name could.
PROMQL_WORDS = {
    # aggregations and their modifiers
    "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk",
    "quantile", "limitk", "limit_ratio", "by", "without", "on", "ignoring", "group_left", "group_right",
    # binary operators and modifiers
    "and", "or", "unless", "bool", "offset", "atan2", "le",
    # functions
    "abs", "absent", "absent_over_time", "ceil", "changes", "clamp", "clamp_max", "clamp_min",
    "day_of_month", "day_of_week", "day_of_year", "days_in_month", "delta", "deriv", "exp", "floor",
    "histogram_quantile", "histogram_avg", "histogram_count", "histogram_sum", "histogram_fraction",
    "histogram_stddev", "histogram_stdvar", "holt_winters", "double_exponential_smoothing", "hour", "idelta",
    "increase", "irate", "label_join", "label_replace", "ln", "log2", "log10", "minute", "month",
    "predict_linear", "rate", "resets", "round", "scalar", "sgn", "sort", "sort_desc", "sort_by_label",
    "sort_by_label_desc", "sqrt", "time", "timestamp", "vector", "year", "avg_over_time", "min_over_time",
    "max_over_time", "sum_over_time", "count_over_time", "quantile_over_time", "stddev_over_time",
    "stdvar_over_time", "last_over_time", "present_over_time", "mad_over_time", "info",
    # literals
    "inf", "nan",
}
HISTOGRAM_SUFFIXES = ("_bucket", "_sum", "_count")

PANELS = [
    "Request rate by endpoint",
    "Errors by endpoint",
    "Request latency p50 / p95",
    "Generation seconds p50 / p95",
    "Tokens per second",
    "Active requests",
    "Queue depth",
    "Cache hit ratio",
    "Description coverage (prose vs final)",
    "Unsupported claims removed",
    "Lint findings by kind",
    "Image analysis seconds p50 / p95",
    "Generation errors by type and reason",
    "Model load time",
]


def metric_names(expr: str) -> set[str]:
    """The metric names a PromQL expression selects."""
    text = re.sub(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`', '""', expr)  # string literals
    text = re.sub(r"\{[^}]*\}", "{}", text)  # label matchers
    text = re.sub(r"\[[^\]]*\]", "[]", text)  # range and subquery durations
    text = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", text)  # label lists
    names = set()
    for match in re.finditer(r"(?<![\w$.:])([a-zA-Z_:][a-zA-Z0-9_:]*)(?=\s*[{\[)]|\s|$)", text):
        name = match.group(1)
        rest = text[match.end():].lstrip()
        if name.lower() in PROMQL_WORDS or rest.startswith("("):
            continue
        names.add(name)
    return names


def test_metric_names_parser():
    assert metric_names('sum by (endpoint, status) (rate(api_requests_total{status=~"5..|error"}[5m]))') == {
        "api_requests_total"}
    assert metric_names(
        "histogram_quantile(0.95, sum by (le, endpoint) (rate(api_request_duration_seconds_bucket[5m])))"
    ) == {"api_request_duration_seconds_bucket"}
    assert metric_names("sum(rate(cache_hits_total[5m])) / (sum(rate(cache_hits_total[5m])) + "
                        "sum(rate(cache_misses_total[5m])))") == {"cache_hits_total", "cache_misses_total"}
    assert metric_names("active_requests") == {"active_requests"}
    assert metric_names("max by (model) (model_load_seconds) > 0") == {"model_load_seconds"}
    assert metric_names('up{job="x"} offset 5m') == {"up"}


@pytest.fixture(scope="module")
def dashboard() -> dict:
    return json.loads(DASHBOARD.read_text(encoding="utf-8"))


def panels(dashboard: dict) -> list[dict]:
    found = []
    for panel in dashboard["panels"]:
        found.append(panel)
        found.extend(panel.get("panels", []))  # panels inside collapsed rows
    return found


def queried_metrics(dashboard: dict) -> dict[str, set[str]]:
    """Metric name -> titles of the panels that query it."""
    names: dict[str, set[str]] = {}
    for panel in panels(dashboard):
        for target in panel.get("targets", []):
            for name in metric_names(target["expr"]):
                names.setdefault(name, set()).add(panel["title"])
    return names


@pytest.fixture(scope="module")
def exposed() -> dict[str, str]:
    """Sample names the real app's /metrics can show -> their metric type (from `# TYPE` lines)."""
    from fastapi.testclient import TestClient

    from app import create_app

    with TestClient(create_app()) as client:
        response = client.get("/metrics")
    assert response.status_code == 200
    names: dict[str, str] = {}
    for line in response.text.splitlines():
        match = re.match(r"# TYPE (\S+) (\S+)", line)
        if not match:
            continue
        name, kind = match.groups()
        names[name] = kind
        if kind == "counter" and not name.endswith("_total"):
            names[name + "_total"] = kind  # exposition formats that declare counters without the suffix
        if kind in ("histogram", "summary"):
            for suffix in HISTOGRAM_SUFFIXES:
                names[name + suffix] = kind
    return names


def test_dashboard_is_importable(dashboard):
    assert 36 <= dashboard["schemaVersion"] <= 41
    assert dashboard["title"] and dashboard["uid"]
    inputs = {item["name"]: item for item in dashboard["__inputs"]}
    assert inputs["DS_PROMETHEUS"]["type"] == "datasource"
    assert inputs["DS_PROMETHEUS"]["pluginId"] == "prometheus"
    variables = {item["name"]: item for item in dashboard["templating"]["list"]}
    datasource = next(item for item in variables.values() if item["type"] == "datasource")
    assert datasource["query"] == "prometheus"
    assert datasource["current"]["value"] == "${DS_PROMETHEUS}"
    ids = [panel["id"] for panel in panels(dashboard)]
    assert len(ids) == len(set(ids)), "panel ids must be unique"
    for panel in panels(dashboard):
        if panel["type"] == "row":
            continue
        assert panel["datasource"] == {"type": "prometheus", "uid": "${%s}" % datasource["name"]}, panel["title"]
        assert panel["targets"], panel["title"]
        for target in panel["targets"]:
            assert target["expr"].count("(") == target["expr"].count(")"), target["expr"]
            assert target["refId"]


def test_dashboard_has_every_panel(dashboard):
    titles = {panel["title"] for panel in panels(dashboard)}
    missing = [title for title in PANELS if title not in titles]
    assert not missing, f"panels missing from the dashboard: {missing}"


def test_panels_query_the_intended_metrics(dashboard):
    by_title = {panel["title"]: " ".join(t["expr"] for t in panel.get("targets", [])) for panel in panels(dashboard)}
    expected = {
        "Request rate by endpoint": ["api_requests_total", "endpoint"],
        "Errors by endpoint": ["api_requests_total", "endpoint", "status"],
        "Request latency p50 / p95": ["histogram_quantile(0.5", "histogram_quantile(0.95",
                                      "api_request_duration_seconds_bucket"],
        "Generation seconds p50 / p95": ["histogram_quantile(0.5", "histogram_quantile(0.95",
                                         "generation_seconds_bucket"],
        "Tokens per second": ["rate(generated_tokens_total[5m])"],
        "Active requests": ["active_requests"],
        "Queue depth": ["queue_depth"],
        "Cache hit ratio": ["cache_hits_total", "cache_misses_total"],
        "Description coverage (prose vs final)": ["description_coverage_bucket", "stage"],
        "Unsupported claims removed": ["unsupported_claims_total"],
        "Lint findings by kind": ["lint_findings_total", "kind"],
        "Image analysis seconds p50 / p95": ["image_analysis_seconds_bucket", "histogram_quantile(0.95"],
        "Generation errors by type and reason": ["generation_errors_total", "type", "reason"],
        "Model load time": ["model_load_seconds", "model"],
    }
    for title, fragments in expected.items():
        for fragment in fragments:
            assert fragment in by_title[title], (title, fragment)


def test_every_queried_metric_is_exposed(dashboard, exposed):
    queried = queried_metrics(dashboard)
    assert len(queried) >= 14
    missing = {name: sorted(titles) for name, titles in queried.items() if name not in exposed}
    assert not missing, f"the dashboard queries metrics that /metrics does not expose: {missing}"


def test_histogram_queries_use_histograms(dashboard, exposed):
    for name in queried_metrics(dashboard):
        if name.endswith("_bucket"):
            assert exposed.get(name) == "histogram", name


def test_prometheus_scrapes_the_app():
    config = yaml.safe_load(PROMETHEUS.read_text(encoding="utf-8"))
    jobs = config["scrape_configs"]
    job = next(job for job in jobs if "localhost:7860" in job["static_configs"][0]["targets"])
    assert job["metrics_path"] == "/metrics"
    assert (job.get("scrape_interval") or config["global"]["scrape_interval"]) == "15s"
