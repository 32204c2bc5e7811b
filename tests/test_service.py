"""The service on the real default model: validation, streaming, report, metrics."""
import pytest
from prometheus_client import REGISTRY

from generator.product import ValidationError
from generator.prompts import PROMPT_VERSION
from generator.service import DescriptionService, Partial, Result
from generator.settings import Settings


def test_medium_description_is_prose_with_a_full_report(service, water_bottle):
    result = service.describe(water_bottle, {"length": "medium"}, seed=3)
    assert len(result.text.split()) >= 40
    assert result.text[-1] in ".!?\"'”’)"
    report = result.report
    assert report["engine"] == "llamacpp" and "SmolLM2" in report["model"]
    assert report["prompt_version"] == PROMPT_VERSION
    assert report["tokens"] > 40 and report["seconds"] > 0
    assert report["provenance"]["text_model"]["sha256"]


def test_stream_yields_growing_partials_then_result(service, water_bottle):
    events = list(service.describe_stream(water_bottle, {"length": "short"}, seed=1))
    partials = [event.text for event in events if isinstance(event, Partial)]
    assert len(partials) > 5
    assert all(later.startswith(earlier) for earlier, later in zip(partials, partials[1:]))
    assert isinstance(events[-1], Result)


def test_seed_makes_results_repeatable(service, water_bottle):
    assert service.describe(water_bottle, seed=11).text == service.describe(water_bottle, seed=11).text


def test_counters_move(service, water_bottle):
    def value(name, **labels):
        return REGISTRY.get_sample_value(name, labels) or 0.0

    before = (value("generation_requests_total", type="text"), value("generated_tokens_total"))
    result = service.describe(water_bottle, {"length": "short"}, seed=2)
    assert value("generation_requests_total", type="text") == before[0] + 1
    assert value("generated_tokens_total") == before[1] + result.report["tokens"]


def test_invalid_input_raises_before_generation(service):
    with pytest.raises(ValidationError, match="^name"):
        service.describe({"name": ""})


def test_failed_load_is_reported_not_raised(tmp_path):
    svc = DescriptionService(Settings(text_model=str(tmp_path / "nope.gguf")))
    svc.load()
    health = svc.health()
    assert health["status"] == "error"
    assert "nope.gguf" in health["models"]["text"]["reason"]
