"""A product at the documented limits of the form gets a text, never an internal error (hardening round 2)."""
from __future__ import annotations

import random

import pytest

from generator.product import MAX_FEATURES, MAX_FIELD_CHARS, MAX_KEYWORDS, MAX_MATERIALS, Product, Style
from generator.quality.analysis import analyse_product
from generator.quality.realize import CONNECTIVES, Realizer, Sentence
from generator.service import DescriptionService
from generator.settings import Settings
from tests.fakes import ScriptedTextEngine, ScriptedVisionEngine

VERBS = ("keeps", "holds", "folds", "turns", "locks", "clips", "charges", "dims", "tilts", "swivels")


def at_the_limits() -> dict:
    """30 features of about 200 characters, 20 materials and 20 keywords: the form's documented maximum."""
    features = [(f"{VERBS[i % len(VERBS)]} the arm number {i} in place with a quiet click so the light lands "
                 f"exactly where the page is at the desk or by the bed for reading late into the evening "
                 f"and early in the morning without glare")[:MAX_FIELD_CHARS] for i in range(MAX_FEATURES)]
    return {"name": "Desk Lamp", "features": features,
            "materials": [f"alloy grade {i}" for i in range(MAX_MATERIALS)],
            "keywords": [f"reading light {i}" for i in range(MAX_KEYWORDS)]}


@pytest.mark.parametrize("length", ["short", "medium", "long"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_product_at_the_limits_gets_a_text(length, seed):
    svc = DescriptionService(Settings(warmup=False, cache_size=0), text_engine=ScriptedTextEngine(),
                             vision_engine=ScriptedVisionEngine())
    svc.load()
    result = svc.describe(at_the_limits(), Style(length=length), seed=seed)
    assert result.text and "{" not in result.text


def test_more_joinable_sentences_than_connectives_never_runs_out():
    realizer = Realizer(analyse_product(Product.parse({"name": "Desk Lamp"})), "friendly", "long", 1)
    sentences = [Sentence(f"It has part {i}.", [], "body") for i in range(3 * len(CONNECTIVES))]
    realizer.rng = random.Random(1)
    realizer._connect(sentences)
    openers = [s.text.split(" it ")[0] for s in sentences if not s.text.startswith("It ")]
    assert len(openers) == len(set(openers)) <= len(CONNECTIVES)  # each connective at most once



@pytest.mark.parametrize("length", ["short", "medium", "long"])
def test_the_length_setting_is_a_bound_and_what_did_not_fit_is_named(length):
    """Issue 24 case 2: 1,240-1,300 words for any length once the facts were many."""
    svc = DescriptionService(Settings(warmup=False, cache_size=0), text_engine=ScriptedTextEngine(),
                             vision_engine=ScriptedVisionEngine())
    svc.load()
    for text_format in ("prose", "prose+bullets"):
        result = svc.describe(at_the_limits(), Style(length=length, format=text_format), seed=1)
        prose = result.text.split("\n- ")[0]
        assert len(prose.split()) <= 1.5 * Style(length=length).target_words
        assert result.report["check"]["left_out"]  # named in the report
        if text_format == "prose+bullets":  # and listed where the format has a list
            assert result.text.count("\n- ") >= MAX_FEATURES
