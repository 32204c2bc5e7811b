"""The service on the real default model: validation, streaming, report, metrics."""
import pytest
from prometheus_client import REGISTRY

from generator.product import ValidationError
from generator.prompts import PROMPT_VERSION
from generator.quality.selection import MIN_DISTINCT
from generator.service import DescriptionService, Partial, Result
from generator.settings import Settings


def test_medium_description_is_prose_with_a_full_report(service, water_bottle):
    result = service.describe(water_bottle, {"length": "medium"}, seed=4)
    prose = result.text.split("Key features:")[0].strip()
    assert result.report["check"]["prose_words"] >= 40 and len(prose.split()) >= 40
    assert prose[-1] in ".!?\"'”’)"
    report = result.report
    assert report["engine"] == "llamacpp" and "SmolLM2" in report["model"]
    assert report["prompt_version"] == PROMPT_VERSION
    assert report["tokens"] > 40 and report["seconds"] > 0
    assert report["provenance"]["text_model"]["sha256"]


def test_stream_yields_growing_partials_then_result(service, water_bottle):
    events = list(service.describe_stream(water_bottle, {"length": "medium"}, seed=1))
    partials = [event.text for event in events if isinstance(event, Partial)]
    drafting, final = partials[:-1], partials[-1]
    assert len(drafting) >= 3  # the first draft streams, a few updates a second
    assert all(later.startswith(earlier) for earlier, later in zip(drafting, drafting[1:], strict=False))
    assert isinstance(events[-1], Result) and final == events[-1].text  # then the checked text replaces it


def test_seed_makes_results_repeatable(service, water_bottle):
    assert service.describe(water_bottle, seed=11).text == service.describe(water_bottle, seed=11).text


def test_counters_move(service, water_bottle):
    def value(name, **labels):
        return REGISTRY.get_sample_value(name, labels) or 0.0

    before = (value("generation_requests_total", type="text", variant="A"), value("generated_tokens_total"))
    result = service.describe(water_bottle, {"length": "short"}, seed=2)
    assert value("generation_requests_total", type="text", variant="A") == before[0] + 1
    assert value("generated_tokens_total") == before[1] + result.report["tokens"]


def test_invalid_input_raises_before_generation(service):
    with pytest.raises(ValidationError, match="^name"):
        service.describe({"name": ""})


def test_failed_load_is_reported_not_raised(tmp_path):
    svc = DescriptionService(Settings(text_model=str(tmp_path / "nope.gguf")))
    svc.load()
    health = svc.health()
    assert health["status"] == "degraded"
    assert "nope.gguf" in health["models"]["text"]["reason"]
    assert health["models"]["vision"]["loaded"] is True


def test_describe_image_reports_what_was_detected(service, tmp_path):
    from PIL import Image
    from skimage import data

    path = tmp_path / "camera.png"
    Image.fromarray(data.camera()).save(path)
    events = list(service.describe_image_stream(path, {}, {"length": "short"}, seed=1))
    final = events[-1]
    assert isinstance(final, Result)
    assert final.report["detected"]["labels"][0]["name"] == "Tripod"
    assert final.product.name == "Tripod"
    assert final.report["detected"]["model"]["seconds"] > 0


def test_end_to_end_description_has_no_unsupported_number(service, water_bottle):
    from generator.quality.factcheck import number_claims, unsupported_claims

    result = service.describe(water_bottle, {"length": "medium"}, seed=5)
    product = result.product
    assert [c for c in unsupported_claims(result.text, product) if c.kind == "number"] == []
    assert {c.key for c in number_claims(result.text)} <= {"volume:750", "time:24", "time:12", "number:750",
                                                            "number:24", "number:12"}
    check = result.report["check"]
    assert check["coverage"] == 1.0 and check["keywords_missing"] == [] and check["unsupported_claims"] == []
    assert check["candidates"] >= 1


def test_variants_differ_and_each_has_a_scorecard(service, water_bottle):
    result = service.describe(water_bottle, {"length": "short"}, seed=7, variants=2)
    variants = result.report["variants"]
    assert len(variants) == 2 and variants[0]["text"] == result.text
    assert variants[0]["text"] != variants[1]["text"]
    assert all(v["distinct_share"] >= MIN_DISTINCT and "coverage" in v["check"] for v in variants)


@pytest.mark.parametrize("variants", [0, 4, "2", 1.5, True])
def test_bad_variants_name_the_field(service, water_bottle, variants):
    with pytest.raises(ValidationError, match="^variants"):
        service.describe(water_bottle, variants=variants)


@pytest.mark.parametrize("seed", [-5, "x", 2**40, 1.5])
def test_bad_seed_names_the_field(service, water_bottle, seed):
    with pytest.raises(ValidationError, match="^seed"):
        service.describe(water_bottle, seed=seed)


def test_a_language_the_model_cannot_write_is_reported_plainly(service, water_bottle):
    result = service.describe(water_bottle, {"language": "Finnish", "length": "short"}, seed=1)
    check = result.report["check"]
    assert check["language_ok"] == (check["language"] == "Finnish")
    warned = any("cannot write Finnish" in warning for warning in check["warnings"])
    assert warned == (not check["language_ok"])  # a mismatch is always said plainly, and only then


def test_identical_requests_are_served_from_the_cache(service, water_bottle):
    from prometheus_client import REGISTRY

    service = DescriptionService(Settings(cache_size=8, voice_candidates=4), service.text_engine, service.vision_engine)
    hits = REGISTRY.get_sample_value("cache_hits_total") or 0.0
    first = service.describe(water_bottle, {"length": "short", "tone": "playful"}, seed=21)
    again = service.describe(water_bottle, {"length": "short", "tone": "playful"}, seed=21)
    assert first.report["cache"]["hit"] is False and again.report["cache"]["hit"] is True
    assert again.text == first.text and again.report["cache"]["seconds"] < 0.05
    assert again.timings == {"cache": again.report["cache"]["seconds"]} and first.timings["generate"] > 0.1
    assert REGISTRY.get_sample_value("cache_hits_total") == hits + 1
    other = service.describe(water_bottle, {"length": "short", "tone": "playful"}, seed=22)
    assert other.report["cache"]["hit"] is False
