"""Every labelled series the dashboard queries exists, at 0, before the first request."""
import subprocess
import sys

from tests.dashboards import load_dashboard, queried_metrics, series
from tests.helpers import ROOT

# A fresh process: this one's registry already holds series from other tests.
FRESH_SERVICE = """
from prometheus_client import generate_latest
from generator import metrics
from generator.service import DescriptionService
from generator.settings import Settings
from generator.web.middleware import GRADIO_ENDPOINTS
from tests.fakes import ScriptedTextEngine, ScriptedVisionEngine

service = DescriptionService(Settings(warmup=False, ab_share=0.5), text_engine=ScriptedTextEngine(),
                             vision_engine=ScriptedVisionEngine(), text_engine_b=ScriptedTextEngine())
service.load()
metrics.init_api_series(GRADIO_ENDPOINTS)
print(generate_latest().decode())
"""


def test_a_fresh_service_has_a_series_for_every_queried_metric():
    out = subprocess.run([sys.executable, "-c", FRESH_SERVICE], cwd=ROOT, capture_output=True, text=True,
                         timeout=120, check=True).stdout
    found = series(out)
    missing = sorted(name for name in queried_metrics(load_dashboard()) if name not in found)
    assert not missing, f"no series yet for {missing}"
    errors = "\n".join(found["generation_errors_total"])
    for labels in ('reason="EngineFailed",type="text",variant="A"', 'reason="EngineNotReady",type="text",variant="B"',
                   'reason="EngineFailed",type="image",variant="-"'):
        assert labels in errors
    lint = "\n".join(found["lint_findings_total"])
    for kind in ("superlative", "social_proof", "health_claim", "first_person", "meta"):
        assert f'kind="{kind}"' in lint
    assert 'api_requests_total{endpoint="/describe",method="gradio",status="error"} 0.0' in out
