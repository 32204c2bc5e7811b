"""The fine-tuned writer strategy with a scripted engine: one batch of candidates from the short prompt, every
sentence checked, the best candidate kept, left-out facts stated; and the adapter setting."""
from __future__ import annotations

import json

import pytest

from generator.engines.text import adapter as adapter_module
from generator.engines.text.adapter import writer_adapter
from generator.engines.text.gguf import GgufSource
from generator.models import ModelFileError, sha256_of
from generator.product import Product, Style
from generator.prompts import (
    EDITOR_FORMAT_VERSION,
    WRITER_CUE,
    WRITER_FORMAT_VERSION,
    editor_prompt,
    realizer_draft,
    writer_prompt,
)
from generator.quality.factcheck import coverage_items, mentions
from generator.service import DescriptionService
from generator.settings import Settings
from tests.conftest import WATER_BOTTLE
from tests.fakes import ScriptedCompletionEngine, ScriptedVisionEngine

GOOD = ("On a long trail or a packed commute, the Hydrova Insulated Water Bottle keeps drinks cold for 24 hours "
        "and keeps drinks hot for 12 hours. Its stainless steel body holds 750 ml in matte black, and the "
        "leak-proof screw lid stays shut in a bag.\n\nA reusable, BPA-free bottle for hikers and commuters.")
INVENTED = ("The Hydrova Insulated Water Bottle is handcrafted in Italy and holds 2 litres. Thousands of customers "
            "love it, and it comes with a free carabiner.")
PARTIAL = "The Hydrova Insulated Water Bottle keeps drinks cold for 24 hours."


class WriterEngine(ScriptedCompletionEngine):
    """Scripted test double of a llama.cpp engine that carries the writer adapter."""

    has_adapter = True  # type: ignore[assignment]


def service(engine, **settings):
    settings = {"warmup": False, "cache_size": 0, "writer_candidates": 3, **settings}
    svc = DescriptionService(Settings(**settings), text_engine=engine, vision_engine=ScriptedVisionEngine())
    svc.load()
    return svc


def test_the_prompt_is_the_facts_in_the_training_format_and_nothing_else():
    product = Product.parse({**WATER_BOTTLE, "features": ["Machine wash cold, lay flat to dry", "leak-proof lid"]})
    prompt = writer_prompt(product, Style(tone="calm and clinical", length="short"))
    assert prompt.endswith("\n" + WRITER_CUE)
    lines = prompt.splitlines()
    assert lines[0] == "Product: Insulated Water Bottle"
    # features keep their own commas: the list separator is a semicolon
    assert "Features: Machine wash cold, lay flat to dry; leak-proof lid" in lines
    assert "Tone: calm and clinical" in lines and "Length: short" in lines
    assert not any(line.startswith("Language") for line in lines)  # English is the default
    assert "Language: French" in writer_prompt(product, Style(language="French"))
    empty = writer_prompt(Product.parse({"name": "mug"}), Style())
    assert empty.splitlines()[:1] == ["Product: mug"] and "Brand" not in empty


def test_all_candidates_are_drafted_in_one_batch_from_the_writer_prompt():
    engine = WriterEngine([GOOD])
    result = service(engine, writer_candidates=5).describe(WATER_BOTTLE, Style(), seed=11)
    assert len(engine.prompts) == 1
    prompt, n, params = engine.prompts[0]
    assert n == 5 and params.seed == 11 and prompt == writer_prompt(result.product, result.style)
    assert result.report["strategy"] == "writer" and result.report["check"]["candidates"] == 5


def test_the_best_checked_candidate_is_published_and_invented_facts_never_are():
    engine = WriterEngine([INVENTED, GOOD, PARTIAL])
    result = service(engine).describe(WATER_BOTTLE, Style(), seed=3)
    assert result.text.startswith("On a long trail or a packed commute, the Hydrova")
    for word in ("Italy", "handcrafted", "2 litres", "Thousands", "carabiner"):
        assert word not in result.text
    assert result.report["check"]["prose_coverage"] == 1.0


def test_facts_a_draft_left_out_are_stated_by_the_realizer():
    engine = WriterEngine([PARTIAL])
    result = service(engine).describe(WATER_BOTTLE, Style(), seed=3)
    assert result.text.startswith(PARTIAL)
    for _, value in coverage_items(result.product):
        assert mentions(result.text, value), value


def test_an_invented_draft_alone_still_gives_a_faithful_text():
    result = service(WriterEngine([INVENTED])).describe(WATER_BOTTLE, Style(), seed=3)
    for word in ("Italy", "handcrafted", "2 litres", "Thousands", "carabiner"):
        assert word not in result.text
    assert result.report["check"]["prose_coverage"] == 1.0
    assert result.report["check"]["flags"]  # what was dropped, and why


def test_the_adapter_setting_off_means_no_adapter_and_a_missing_file_is_refused(tmp_path):
    source = GgufSource.from_setting("")
    assert writer_adapter("off", source) is None
    with pytest.raises(FileNotFoundError, match="TEXT_ADAPTER"):
        writer_adapter(str(tmp_path / "nope.gguf"), source)
    with pytest.raises(ModelFileError, match="embedded models only"):
        writer_adapter("auto", GgufSource.from_setting(str(tmp_path / "x.gguf")))


def test_a_shipped_adapter_is_checked_against_its_card(tmp_path, monkeypatch):
    monkeypatch.setattr(adapter_module, "SHIPPED", tmp_path)
    source = GgufSource.from_setting("smollm2")
    with pytest.raises(ModelFileError, match="no writer adapter ships"):
        writer_adapter("auto", source)
    gguf = tmp_path / "writer-smollm2.gguf"
    gguf.write_bytes(b"GGUF adapter bytes")
    card = {"sha256": sha256_of(gguf), "data_md5": "d" * 32, "format_version": WRITER_FORMAT_VERSION}
    gguf.with_suffix(".json").write_text(json.dumps(card))
    found = writer_adapter("auto", source)
    assert found is not None and found.info()["sha256"] == card["sha256"]
    assert found.info()["data_version"] == "d" * 32
    gguf.write_bytes(b"GGUF adapter bytes, changed")
    with pytest.raises(ModelFileError, match="does not match the sha256"):
        writer_adapter("auto", source)
    gguf.with_suffix(".json").write_text(json.dumps({**card, "sha256": sha256_of(gguf), "format_version": "old"}))
    with pytest.raises(ModelFileError, match="prompt format old"):
        writer_adapter("auto", source)


def test_the_report_says_what_wrote_the_text():
    written = service(WriterEngine([GOOD])).describe(WATER_BOTTLE, Style(), seed=3).report["written_by"]
    assert written["writer"] == "fine-tuned writer" and written["checker"].startswith("spaCy en_core_web_sm")
    realized = service(ScriptedCompletionEngine([GOOD]), voice_candidates=0).describe(
        WATER_BOTTLE, Style(), seed=3).report["written_by"]
    assert realized["writer"] == "template realizer" and realized["model"] is None and realized["adapter"] is None


def test_the_editor_is_prompted_with_the_facts_and_the_realizers_draft_and_checked_like_the_writer():
    """TEXT_STRATEGY=edit: the realizer's draft (no model call) between the facts and the cue, one batch of
    candidates, each checked; what it invents is dropped and what it leaves out is stated."""
    engine = WriterEngine([INVENTED, GOOD])
    result = service(engine, text_strategy="edit").describe(WATER_BOTTLE, Style(), seed=5)
    prompt, n, params = engine.prompts[0]
    draft = realizer_draft(result.product, result.style, 5)
    assert prompt == editor_prompt(result.product, result.style, draft) and n == 3 and params.seed == 5
    facts = writer_prompt(result.product, result.style).removesuffix(WRITER_CUE)
    assert prompt.startswith(facts) and f"Draft:\n{' '.join(draft.split())}\n" in prompt
    assert prompt.endswith("\n" + WRITER_CUE)
    assert result.report["strategy"] == "edit" and result.text.startswith("On a long trail")
    assert "Italy" not in result.text and result.report["check"]["prose_coverage"] == 1.0
    assert result.report["written_by"]["writer"].startswith("fine-tuned editor")


def test_the_editors_shipped_adapter_is_its_own_file_and_format(tmp_path, monkeypatch):
    monkeypatch.setattr(adapter_module, "SHIPPED", tmp_path)
    source = GgufSource.from_setting("smollm2")
    with pytest.raises(ModelFileError, match="no editor adapter ships .*editor-smollm2.gguf"):
        writer_adapter("auto", source, "edit")
    gguf = tmp_path / "editor-smollm2.gguf"
    gguf.write_bytes(b"GGUF adapter bytes")
    card = {"sha256": sha256_of(gguf), "data_md5": "d" * 32, "format_version": WRITER_FORMAT_VERSION}
    gguf.with_suffix(".json").write_text(json.dumps(card))
    with pytest.raises(ModelFileError, match=f"the app writes {EDITOR_FORMAT_VERSION}"):
        writer_adapter("auto", source, "edit")  # a writer's adapter is no editor
    gguf.with_suffix(".json").write_text(json.dumps({**card, "format_version": EDITOR_FORMAT_VERSION}))
    assert writer_adapter("auto", source, "edit") is not None
