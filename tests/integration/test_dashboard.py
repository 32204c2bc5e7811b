"""The Grafana dashboard queries only metrics the real app exposes on /metrics."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.dashboards import exposed_names, load_dashboard, queried_metrics, series
from tests.helpers import ROOT

FRESH_APP = """
from fastapi.testclient import TestClient
from app import create_app
app = create_app()
with TestClient(app) as client:  # the server's start-up: the photo model loads in the background
    assert app.state.service.engines.wait_until_loaded(120)
    print(client.get("/metrics").text)
"""


@pytest.fixture(scope="module")
def dashboard() -> dict:
    return load_dashboard()


@pytest.fixture(scope="module")
def exposed() -> dict[str, str]:
    """Sample names the real app's /metrics can show -> their metric type (from `# TYPE` lines)."""
    from fastapi.testclient import TestClient

    from app import create_app

    with TestClient(create_app()) as client:
        response = client.get("/metrics")
    assert response.status_code == 200
    return exposed_names(response.text)


def test_every_queried_metric_is_exposed(dashboard, exposed):
    queried = queried_metrics(dashboard)
    assert len(queried) >= 14
    missing = {name: sorted(titles) for name, titles in queried.items() if name not in exposed}
    assert not missing, f"the dashboard queries metrics that /metrics does not expose: {missing}"


def test_histogram_queries_use_histograms(dashboard, exposed):
    for name in queried_metrics(dashboard):
        if name.endswith("_bucket"):
            assert exposed.get(name) == "histogram", name


def test_a_fresh_app_has_a_series_for_every_queried_metric(dashboard):
    """The real app, new in its own process: every panel has data (zeros) before the first request."""
    out = subprocess.run([sys.executable, "-c", FRESH_APP], cwd=ROOT, env={**os.environ, "MODEL_WARMUP": "0"},
                         capture_output=True, text=True, timeout=300, check=True).stdout
    found = series(out)
    missing = sorted(name for name in queried_metrics(dashboard) if name not in found)
    assert not missing, f"a fresh app has no series for {missing}"
