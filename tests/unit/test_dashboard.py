"""The Grafana dashboard and the Prometheus config, read as files."""
from __future__ import annotations

import pytest
import yaml

from tests.dashboards import PANELS, PROMETHEUS, load_dashboard, metric_names, panels


@pytest.fixture(scope="module")
def dashboard() -> dict:
    return load_dashboard()


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
        assert panel["datasource"] == {"type": "prometheus", "uid": f"${{{datasource['name']}}}"}, panel["title"]
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


def test_prometheus_scrapes_the_app():
    config = yaml.safe_load(PROMETHEUS.read_text(encoding="utf-8"))
    jobs = config["scrape_configs"]
    job = next(job for job in jobs if "localhost:7860" in job["static_configs"][0]["targets"])
    assert job["metrics_path"] == "/metrics"
    assert (job.get("scrape_interval") or config["global"]["scrape_interval"]) == "15s"
