"""The service on scripted engines: best-of-N budget, variants, cache, A/B, streaming and error paths.

Each scripted reply stands in for the model, so these run in milliseconds; tests/integration/test_service.py
runs the same paths on the real model.
"""
import pytest
from prometheus_client import REGISTRY

from generator.errors import EngineFailed, EngineNotReady, ValidationError
from generator.events import Partial, Result
from generator.product import MAX_SEED
from generator.quality.selection import MIN_DISTINCT
from generator.service import DescriptionService
from generator.settings import Settings
from tests.conftest import WATER_BOTTLE
from tests.fakes import GOOD_BOTTLE_DRAFT, ScriptedCompletionEngine, ScriptedTextEngine, ScriptedVisionEngine

SHORT = {"length": "short"}
OTHER_GOOD_DRAFT = (
    "Made for hikers and commuters, this matte black Insulated Water Bottle from Hydrova holds 750 ml. "
    "Stainless steel walls keep drinks cold for 24 hours and keep drinks hot for 12 hours. "
    "The leak-proof screw lid seals it, and the reusable, BPA-free design travels well on long days."
)
# 85 words with claims the merchant never made: never good enough, so best-of-N keeps drafting.
BAD_DRAFT = ("The Hydrova bottle is made of glass and holds 2 litres of water for the whole family. " * 5).strip()


def make_service(text=None, vision=None, text_b=None, **settings):
    settings = Settings(**{"warmup": False, "cache_size": 0, **settings})
    service = DescriptionService(settings, text_engine=text or ScriptedTextEngine(),
                                 vision_engine=vision or ScriptedVisionEngine(), text_engine_b=text_b)
    service.load()
    return service


def sample(name, **labels):
    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_a_good_first_draft_stops_best_of_n():
    engine = ScriptedTextEngine()
    result = make_service(engine).describe(WATER_BOTTLE, SHORT, seed=7)
    assert [params.seed for params in engine.calls] == [7]
    assert result.text == GOOD_BOTTLE_DRAFT and result.report["check"]["candidates"] == 1
    assert result.report["check"]["passed"] and result.report["seed"] == 7


def test_the_token_budget_stops_best_of_n_before_best_of():
    # short: 99 tokens a draft, budget 2.0 x 99 = 198; two 85-token drafts spend 170, a third would pass 198.
    engine = ScriptedTextEngine(replies=[BAD_DRAFT])
    result = make_service(engine, best_of=3, draft_budget=2.0).describe(WATER_BOTTLE, SHORT, seed=5)
    assert [params.seed for params in engine.calls] == [5, 6]
    assert result.report["check"]["candidates"] == 2 and result.report["tokens"] == 170
    assert result.report["check"]["unsupported_claims"] == [] and result.report["check"]["coverage"] == 1.0
    assert {"2 litres", "glass"} <= set(result.report["check"]["removed_claims"])


def test_a_larger_budget_allows_every_draft():
    engine = ScriptedTextEngine(replies=[BAD_DRAFT])
    make_service(engine, best_of=3, draft_budget=3.0).describe(WATER_BOTTLE, SHORT, seed=5)
    assert [params.seed for params in engine.calls] == [5, 6, 7]


def test_the_best_draft_wins_whatever_its_place():
    engine = ScriptedTextEngine(replies=[BAD_DRAFT, GOOD_BOTTLE_DRAFT])
    result = make_service(engine, best_of=3, draft_budget=3.0).describe(WATER_BOTTLE, SHORT, seed=1)
    assert len(engine.calls) == 2 and result.text == GOOD_BOTTLE_DRAFT  # the good second draft also stops it


def test_variants_are_distinct_best_first_and_seeded_a_thousand_apart():
    engine = ScriptedTextEngine(script=lambda messages, params: OTHER_GOOD_DRAFT if params.seed >= 1000
                                else GOOD_BOTTLE_DRAFT)
    result = make_service(engine).describe(WATER_BOTTLE, SHORT, seed=1, variants=2)
    variants = result.report["variants"]
    assert [params.seed for params in engine.calls] == [1, 1001]
    assert {v["text"] for v in variants} == {GOOD_BOTTLE_DRAFT, OTHER_GOOD_DRAFT}
    assert variants[0]["text"] == result.text and variants[0]["score"] >= variants[1]["score"]
    assert all(v["distinct_share"] >= MIN_DISTINCT and v["check"]["candidates"] == 1 for v in variants)


def test_a_variant_that_repeats_the_first_is_redrafted():
    engine = ScriptedTextEngine(replies=[GOOD_BOTTLE_DRAFT, GOOD_BOTTLE_DRAFT, OTHER_GOOD_DRAFT])
    result = make_service(engine, best_of=3, draft_budget=3.0).describe(WATER_BOTTLE, SHORT, seed=1, variants=2)
    assert [params.seed for params in engine.calls] == [1, 1001, 1002]
    assert {v["text"] for v in result.report["variants"]} == {GOOD_BOTTLE_DRAFT, OTHER_GOOD_DRAFT}
    assert sorted(v["check"]["candidates"] for v in result.report["variants"]) == [1, 2]


def test_the_stream_grows_then_ends_with_the_checked_text():
    events = list(make_service().describe_stream(WATER_BOTTLE, SHORT, seed=1))
    partials = [event.text for event in events if isinstance(event, Partial)]
    assert all(later.startswith(earlier) for earlier, later in zip(partials[:-1], partials[1:-1], strict=False))
    assert isinstance(events[-1], Result) and partials[-1] == events[-1].text


def test_identical_requests_come_from_the_cache_without_the_engine():
    engine = ScriptedTextEngine()
    service = make_service(engine, cache_size=8)
    first = service.describe(WATER_BOTTLE, SHORT, seed=3)
    again = service.describe(WATER_BOTTLE, SHORT, seed=3)
    assert len(engine.calls) == 1 and again.text == first.text
    assert first.report["cache"] == {"hit": False} and again.report["cache"]["hit"] is True
    assert again.timings == {"cache": again.report["cache"]["seconds"]}
    service.describe(WATER_BOTTLE, SHORT, seed=4)
    assert len(engine.calls) == 2  # another seed is another description


def test_a_b_routing_is_sticky_and_labels_reports_and_metrics():
    service = make_service(text_b=ScriptedTextEngine(model="scripted-b"), ab_share=0.5)
    clients = {label: next(f"c{i}" for i in range(1000) if service.route(f"c{i}") == label) for label in "AB"}
    assert all(service.route(clients[label]) == label for label in "AB" for _ in range(5))
    before = sample("generation_seconds_count", variant="B")
    result = service.describe(WATER_BOTTLE, SHORT, seed=1, client=clients["B"])
    assert (result.report["variant"], result.report["model"]) == ("B", "scripted-b")
    assert sample("generation_seconds_count", variant="B") == before + 1
    assert service.describe(WATER_BOTTLE, SHORT, seed=1, variant="A").report["model"] == "scripted-1"
    assert service.provenance()["text_model_b"]["model"] == "scripted-b"


def test_without_a_share_there_is_no_variant_b():
    with pytest.raises(ValidationError, match="^variant: must be one of A; got 'B'"):
        make_service().describe(WATER_BOTTLE, variant="B")


def test_an_engine_failing_mid_answer_is_counted_then_the_next_request_works():
    engine = ScriptedTextEngine(fail_at=(0, 3), error=EngineFailed("the text server at http://h/v1 failed"))
    service = make_service(engine)
    before = sample("generation_errors_total", type="text", reason="EngineFailed", variant="A")
    with pytest.raises(EngineFailed):
        service.describe(WATER_BOTTLE, SHORT, seed=1)
    assert sample("generation_errors_total", type="text", reason="EngineFailed", variant="A") == before + 1
    assert service.describe(WATER_BOTTLE, SHORT, seed=1).text == GOOD_BOTTLE_DRAFT


class UnloadableEngine(ScriptedTextEngine):
    """Scripted test double: its load fails, as a missing model file would."""

    def load(self) -> None:
        raise FileNotFoundError("scripted: no such model file")


def test_a_model_that_did_not_load_is_reported_and_refused():
    service = make_service(UnloadableEngine())
    assert service.health()["status"] == "degraded"
    assert service.health()["models"]["text"]["reason"] == "FileNotFoundError: scripted: no such model file"
    with pytest.raises(EngineNotReady, match="^the text model did not load: FileNotFoundError"):
        service.describe(WATER_BOTTLE)


@pytest.mark.parametrize("seed", [None, -1])
def test_no_seed_or_minus_one_picks_a_random_seed(seed):
    engine = ScriptedTextEngine()
    result = make_service(engine).describe(WATER_BOTTLE, SHORT, seed=seed)
    assert 0 <= result.report["seed"] <= MAX_SEED and engine.calls[0].seed == result.report["seed"]


@pytest.mark.parametrize("seed", [-5, MAX_SEED + 1, 1.5, "7", True])
def test_seeds_outside_the_range_name_the_field(seed):
    with pytest.raises(ValidationError, match=f"^seed: must be a whole number from 0 to {MAX_SEED}"):
        make_service().describe(WATER_BOTTLE, seed=seed)


@pytest.mark.parametrize("variants", [0, 4, "2", 1.5, True])
def test_bad_variants_name_the_field(variants):
    with pytest.raises(ValidationError, match="^variants: must be 1, 2 or 3"):
        make_service().describe(WATER_BOTTLE, variants=variants)


def test_a_photo_fills_the_product_and_the_report_says_what_was_seen(tmp_path):
    from PIL import Image

    path = tmp_path / "photo.png"
    Image.new("RGB", (64, 64), (20, 20, 20)).save(path)
    engine = ScriptedTextEngine()
    result = make_service(engine).describe_image(path, {"size": "750 ml"}, SHORT, seed=2)
    assert result.product.name == "Water Bottle" and result.product.size == "750 ml"
    assert 'printed text "HYDROVA"' in result.product.features
    assert result.report["detected"]["labels"][0]["name"] == "Water bottle"
    assert result.report["detected"]["model"]["seconds"] >= 0


# --- issue 15: a blank seed is random; markup never reaches the description -----------------------------

def test_a_blank_seed_writes_anew_and_the_seed_it_reports_repeats_from_the_cache():
    engine = ScriptedTextEngine()
    service = make_service(engine, cache_size=8)
    first = service.describe(WATER_BOTTLE, SHORT)
    second = service.describe(WATER_BOTTLE, SHORT, seed=-1)
    assert len(engine.calls) == 2 and first.report["seed"] != second.report["seed"]
    assert first.report["cache"] == second.report["cache"] == {"hit": False}
    again = service.describe(WATER_BOTTLE, SHORT, seed=first.report["seed"])
    assert len(engine.calls) == 2 and again.report["cache"]["hit"] and again.text == first.text


def test_markup_the_model_writes_never_reaches_the_text_or_the_stream():
    service = make_service()
    write = service.quality.write

    def write_with_markup(*args, **kwargs):  # whatever the checker keeps, a tag in it is taken out at the end
        written = yield from write(*args, **kwargs)
        yield Partial("<script>alert(1)</script>The bottle")
        written.best.repaired.text += " <img src=x onerror=alert(1)>Made by <b>Hydrova</b>."
        return written

    service.quality.write = write_with_markup
    events = list(service.describe_stream(WATER_BOTTLE, SHORT, seed=1))
    assert all("<" not in event.text for event in events), [event.text for event in events]
    assert events[-1].text.endswith("Made by Hydrova.") and events[-1].report["markup_removed"] == 3


def test_the_report_echoes_the_facts_exactly():
    flag = "\U0001F1EB\U0001F1F7"
    result = make_service().describe({**WATER_BOTTLE, "name": f"Insulated Water Bottle {flag}"}, SHORT, seed=1)
    assert result.report["product"]["name"] == f"Insulated Water Bottle {flag}"
    assert result.report["product"]["features"] == WATER_BOTTLE["features"].split("\n")


class CheckedCompletionEngine(ScriptedCompletionEngine):
    """Scripted grounded engine that counts its loads and checks; `bad_file` makes the check fail."""

    def __init__(self, bad_file: bool = False):
        super().__init__([GOOD_BOTTLE_DRAFT])
        self.loads, self.checks, self.bad_file = 0, 0, bad_file

    def check(self):
        self.checks += 1
        if self.bad_file:
            raise ValueError("scripted: the file does not match its manifest")

    def load(self):
        self.loads += 1
        super().load()


def test_a_path_that_calls_no_model_checks_its_file_and_puts_the_load_off():
    engine = CheckedCompletionEngine()
    service = make_service(engine, text_strategy="grounded", voice_candidates=0)
    text = service.health()["models"]["text"]
    assert service.health()["status"] == "ok" and text["loaded"] is False and "calls no model" in text["deferred"]
    assert (engine.checks, engine.loads) == (1, 0)
    assert service.describe(WATER_BOTTLE).text and engine.loads == 0  # the realizer wrote it without the model
    service.engines.require("text", load=True)  # what a request that needs the model does
    service.engines.require("text", load=True)
    assert engine.loads == 1 and service.health()["models"]["text"]["loaded"] is True


def test_a_path_that_drafts_with_the_model_loads_it_at_start_up():
    engine = CheckedCompletionEngine()
    make_service(engine, text_strategy="grounded", voice_candidates=2)
    assert engine.loads == 1


def test_a_bad_file_is_reported_at_start_up_even_when_the_load_is_put_off():
    service = make_service(CheckedCompletionEngine(bad_file=True), text_strategy="grounded", voice_candidates=0)
    health = service.health()
    assert health["status"] == "degraded" and "does not match its manifest" in health["models"]["text"]["reason"]
    with pytest.raises(EngineNotReady, match="did not load"):
        service.describe(WATER_BOTTLE)


class GatedVisionEngine(ScriptedVisionEngine):
    """Scripted vision engine whose load waits for `release` (a slow model file); `fail` makes it raise."""

    def __init__(self, fail: bool = False):
        import threading

        super().__init__()
        self.release, self.fail, self.loads = threading.Event(), fail, 0

    def load(self) -> None:
        self.release.wait(10)
        self.loads += 1
        if self.fail:
            raise OSError("scripted: the photo model could not be read")


def _photo(folder):
    from PIL import Image

    path = folder / "photo.png"
    Image.new("RGB", (64, 64), "black").save(path)
    return str(path)


def test_the_photo_model_loads_in_the_background_and_a_photo_that_comes_first_waits_for_it(tmp_path):
    """The server's start-up (app.create_app): /health answers while the photo model loads; a photo waits."""
    import threading

    vision = GatedVisionEngine()
    settings = Settings(warmup=False, cache_size=0)
    service = DescriptionService(settings, text_engine=ScriptedTextEngine(), vision_engine=vision)
    service.load(background=("vision",))
    health = service.health()
    assert health["status"] == "ok" and health["models"]["vision"]["loaded"] is False
    assert "background" in health["models"]["vision"]["deferred"]
    assert service.describe(WATER_BOTTLE).text  # text is served meanwhile
    found = []
    photo = threading.Thread(target=lambda: found.append(service.analyze_image(_photo(tmp_path))))
    photo.start()
    photo.join(0.3)
    assert photo.is_alive() and not found  # waiting for the load, not failing
    vision.release.set()
    photo.join(10)
    assert found and found[0].category == "Drinkware" and vision.loads == 1
    assert service.engines.wait_until_loaded(5) and service.health()["models"]["vision"]["loaded"] is True


def test_a_background_load_that_fails_is_reported_and_photos_get_a_clear_error(tmp_path):
    vision = GatedVisionEngine(fail=True)
    vision.release.set()
    service = DescriptionService(Settings(warmup=False, cache_size=0), text_engine=ScriptedTextEngine(),
                                 vision_engine=vision)
    service.load(background=("vision",))
    assert service.engines.wait_until_loaded(5)
    health = service.health()
    assert health["status"] == "degraded" and "could not be read" in health["models"]["vision"]["reason"]
    with pytest.raises(EngineNotReady, match="vision model did not load"):
        service.analyze_image(_photo(tmp_path))
    assert service.describe(WATER_BOTTLE).text  # the text side keeps serving
