"""The grounded strategy with a scripted engine: what the model may add, and what it may not."""
from __future__ import annotations

from generator.product import Style
from generator.quality.factcheck import coverage_items, mentions
from generator.quality.phrases import OPENINGS
from generator.service import DescriptionService
from generator.settings import Settings
from tests.conftest import WATER_BOTTLE
from tests.fakes import ScriptedCompletionEngine, ScriptedVisionEngine

GOOD = " is a trusty everyday companion for hikers and commuters.\nClosing: Take it everywhere, every day."
INVENTED = (" is crafted by artisans in Italy and holds 2 litres.\nClosing: Thousands of customers love it, "
            "and it comes with a free strap.")
OFF = " makes your espresso fan a special moment of the underarm massage.\nClosing: A kitchen tool for chefs."


def service(engine, **settings):
    settings = {"warmup": False, "cache_size": 0, "voice_candidates": 4, **settings}
    svc = DescriptionService(Settings(**settings), text_engine=engine,
                             vision_engine=ScriptedVisionEngine())
    svc.load()
    return svc


def test_model_lines_that_pass_are_published_and_every_fact_is_in_the_prose():
    engine = ScriptedCompletionEngine([GOOD])
    result = service(engine).describe(WATER_BOTTLE, Style(length="medium"), seed=3)
    assert result.report["strategy"] == "grounded"
    assert result.text.startswith("The Hydrova Insulated Water Bottle is a trusty everyday companion")
    assert "Take it everywhere, every day." in result.text
    for _, value in coverage_items(result.product):
        assert mentions(result.text, value), value
    check = result.report["check"]
    assert check["prose_coverage"] == 1.0 and check["voice"]["openings_passed"] == 4
    assert check["model_sentences"] == 2 and check["flags"] == []


def test_invented_lines_are_never_published():
    engine = ScriptedCompletionEngine([INVENTED, OFF])
    result = service(engine).describe(WATER_BOTTLE, Style(length="medium"), seed=3)
    for word in ("artisans", "Italy", "2 litres", "Thousands", "strap", "espresso", "massage", "chefs"):
        assert word not in result.text
    assert result.report["check"]["voice"]["openings_passed"] == 0
    assert result.report["check"]["model_sentences"] == 0
    opening = result.text.split(".")[0] + "."  # a line of the phrase bank stands in
    assert any(opening == line.format(n="Hydrova Insulated Water Bottle", a="a water bottle", t="water bottle",
                                      a_new="a new water bottle") for line in OPENINGS["friendly"]), opening


def test_the_engine_drafts_all_candidates_in_one_call_with_the_seed():
    engine = ScriptedCompletionEngine([GOOD])
    service(engine, voice_candidates=6).describe(WATER_BOTTLE, Style(), seed=11)
    assert len(engine.prompts) == 1
    prompt, n, params = engine.prompts[0]
    assert n == 6 and params.seed == 11 and prompt.endswith("Opening: The Hydrova Insulated Water Bottle")


def test_bullets_are_a_format_not_coverage():
    engine = ScriptedCompletionEngine([GOOD])
    prose = service(engine).describe(WATER_BOTTLE, Style(), seed=3)
    listed = service(engine).describe(WATER_BOTTLE, Style(format="prose+bullets"), seed=3)
    assert "\n- " not in prose.text and listed.text.startswith(prose.text) and "\n- Leak-proof screw lid" in listed.text
    assert listed.report["check"]["prose_coverage"] == prose.report["check"]["prose_coverage"] == 1.0


def test_by_default_the_template_lines_stand_and_the_model_is_not_called():
    engine = ScriptedCompletionEngine([GOOD])
    result = service(engine, voice_candidates=Settings().voice_candidates).describe(
        WATER_BOTTLE, Style(length="medium"), seed=3)
    assert Settings().voice_candidates == 0 and engine.prompts == []
    assert "trusty everyday companion" not in result.text and result.report["check"]["prose_coverage"] == 1.0
    assert result.report["check"]["candidates"] == 0 and result.report["tokens"] == 0
    voice = result.report["check"]["voice"]
    assert "error" not in voice and voice["note"].startswith("VOICE_CANDIDATES=0")


# --- issue 24 case 5: nothing silently ignored ---------------------------------------------------------------

def test_a_free_text_tone_is_mapped_to_a_preset_and_the_report_says_so():
    engine = ScriptedCompletionEngine([GOOD])
    result = service(engine, voice_candidates=0).describe(WATER_BOTTLE, Style(tone="calm and clinical"), seed=3)
    warnings = result.report["check"]["warnings"]
    assert any(w.startswith('tone: "calm and clinical" -> luxurious') for w in warnings), warnings
    plain = service(engine, voice_candidates=0).describe(WATER_BOTTLE, Style(tone="professional"), seed=3)
    assert not any(w.startswith("tone:") for w in plain.report["check"]["warnings"])


def test_a_language_the_templates_cannot_write_names_the_template_writer():
    engine = ScriptedCompletionEngine([GOOD])
    result = service(engine, voice_candidates=0).describe(WATER_BOTTLE, Style(language="French"), seed=3)
    warnings = result.report["check"]["warnings"]
    assert any("the template writer (TEXT_STRATEGY=grounded) writes English sentences only" in w
               and "cannot write French" in w for w in warnings), warnings
