"""The phrased strategy with a scripted engine: one prompt per fact in the training format, a candidate used only
if it states its fact and nothing else, the realizer for every fact no candidate stated; and the word check."""
from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest

from generator.engines.text.base import Completions, GenerationParams
from generator.product import Product, Style
from generator.prompts import PHRASE_CUE, phrase_prompt
from generator.quality.analysis import analyse_product
from generator.quality.factcheck import coverage_items, mentions
from generator.quality.phraser import PHRASED_KINDS, _aggregate, _without, facts_of
from generator.quality.phrasing import check_phrase, stem
from generator.quality.realize import Sentence
from generator.service import DescriptionService
from generator.settings import Settings
from tests.conftest import WATER_BOTTLE
from tests.fakes import ScriptedCompletionEngine, ScriptedVisionEngine

# What the phraser might write for each of the bottle's facts: faithful sentences, and for two facts only
# sentences that add something (so the realizer has to state those).
SENTENCES = {
    "keeps drinks cold for 24 hours": ["The water bottle keeps drinks cold for 24 hours."],
    "keeps drinks hot for 12 hours": ["It keeps drinks hot for 12 hours.", "It keeps drinks hot for 14 hours."],
    "leak-proof screw lid": ["Its leak-proof screw lid is made in Italy.", "A leak-proof screw lid seals every trip."],
    "stainless steel": ["The bottle is made of stainless steel."],
    "matte black": ["It comes in matte black."],
    "750 ml": ["The water bottle holds 750 ml."],
    "hikers and commuters": ["Thousands of hikers and commuters love it."],
    "reusable": ["It is reusable."],
    "BPA-free": ["This water bottle is BPA-free."],
}


class PhraserEngine(ScriptedCompletionEngine):
    """Scripted test double of a llama.cpp engine carrying the phraser adapter: each prompt's fact gets the
    candidates SENTENCES gives it (the last repeats), grown a word at a time."""

    has_adapter = True  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__([""])

    def complete_many(self, prompt: str, n: int, params: GenerationParams,
                      stop: tuple[str, ...] = ()) -> Iterator[Completions]:
        fact = re.search(r"^Fact \(\w+\): (.*)$", prompt, re.MULTILINE).group(1)
        self.completions = SENTENCES.get(fact, ["A sentence about something else entirely."])
        yield from super().complete_many(prompt, n, params, stop)


def service(**settings):
    settings = {"warmup": False, "cache_size": 0, "writer_candidates": 2, "text_strategy": "phrase", **settings}
    svc = DescriptionService(Settings(**settings), text_engine=(engine := PhraserEngine()),
                             vision_engine=ScriptedVisionEngine())
    svc.load()
    return svc, engine


def test_the_prompt_is_one_fact_and_the_type_in_the_training_format():
    assert phrase_prompt("rice cooker", False, "feature", "rinse  rice\nbefore cooking") == (
        "Product: rice cooker\nFact (feature): rinse rice before cooking\n" + PHRASE_CUE)
    assert phrase_prompt("earbuds", True, "color", "black").startswith("Product: earbuds (plural)\n")


def test_each_fact_is_asked_for_once_with_all_its_candidates_in_one_batch():
    svc, engine = service(writer_candidates=3)
    result = svc.describe(WATER_BOTTLE, Style(), seed=5)
    facts = [p.split("\n")[1] for p, _, _ in engine.prompts]
    # the features and the materials; the realizer says the colour, the size, the audience and the keywords
    assert facts == [f"Fact ({f.kind}): {f.text}" for f in facts_of(result.product) if f.kind in PHRASED_KINDS]
    assert len(facts) == 4
    assert {n for _, n, _ in engine.prompts} == {3}
    assert result.report["strategy"] == "phrase"


def test_a_candidate_that_adds_anything_is_never_published_and_the_realizer_states_its_fact():
    svc, _ = service()
    result = svc.describe(WATER_BOTTLE, Style(length="long"), seed=5)
    for invented in ("Italy", "14 hours", "Thousands", "seals every trip"):
        assert invented not in result.text
    for phrased in ("keeps drinks hot for 12 hours", "made of stainless steel"):
        assert phrased in result.text
    for _, value in coverage_items(result.product):  # the lid and the audience, from the realizer
        assert mentions(result.text, value), value
    assert result.report["check"]["prose_coverage"] == 1.0
    # the cold and hot features and the materials; the lid's candidates all added something
    assert result.report["check"]["voice"]["note"] == "3 of 4 facts phrased by the model"


def test_the_candidate_most_candidates_agree_on_is_used_and_never_two_sentences():
    from generator.quality.phraser import Fact, PhrasedWriter

    class Votes(ScriptedCompletionEngine):
        """Scripted test double: three candidates for one fact, as a batch would draft them."""

    a = analyse_product(Product.parse({"name": "Cedar Sauna Bucket", "features": ["capacity: 4L"]}))
    for candidates, chosen in [
        (["This bucket holds 4L.", "The bucket has a capacity of 4L.", "The bucket has a capacity of 4L."],
         "The bucket has a capacity of 4L."),
        (["The bucket has a capacity of 4L. The holds 4L.", "It holds 5L.", "It holds 5L."], ""),
    ]:
        engine = Votes(candidates)
        fact = Fact("feature", "capacity: 4L", ("capacity: 4L",))
        PhrasedWriter(3).phrase(engine, fact, a, 1, "")
        assert fact.sentence == chosen
    assert fact.reasons == ["not one sentence", "numbers added: 5; numbers left out: 4",
                            "numbers added: 5; numbers left out: 4"]


def test_what_the_realizer_still_has_to_say_is_the_facts_no_candidate_stated():
    product = Product.parse(WATER_BOTTLE)
    facts = facts_of(product)
    stated = [f for f in facts if f.text in ("keeps drinks cold for 24 hours", "stainless steel", "BPA-free")]
    rest = _without(product, stated)
    assert rest.features == ("keeps drinks hot for 12 hours", "leak-proof screw lid")
    assert rest.materials == () and rest.keywords == ("reusable",)
    assert (rest.color, rest.size, rest.audience, rest.name) == ("matte black", "750 ml", "hikers and commuters",
                                                                product.name)


def test_sentences_about_the_product_pair_up_with_the_subject_said_once_and_in_turn():
    a = analyse_product(Product.parse(WATER_BOTTLE))
    texts = ["The water bottle keeps drinks cold.", "This bottle holds 750 ml.", "It's reusable.",
             "It is BPA-free.", "Its lid screws on.", "These come in black."]
    out = _aggregate([Sentence(t, [str(i)]) for i, t in enumerate(texts)], a)
    assert [s.text for s in out] == [
        "The water bottle keeps drinks cold and holds 750 ml.",
        "It is reusable and BPA-free.",  # one verb, said once
        "Its lid screws on.", "These come in black."]  # another subject: as written
    assert [s.facts for s in out] == [["0", "1"], ["2", "3"], ["4"], ["5"]]
    joined = _aggregate([Sentence("It keeps drinks cold and hot."), Sentence("The bottle is reusable.")], a)
    assert [s.text for s in joined] == ["The water bottle keeps drinks cold and hot, and is reusable."]


@pytest.mark.parametrize("sentence, fact, kind, ok", [
    ("It's rechargeable, and one charge lasts 3 months.", "rechargeable, 3 months per charge", "keyboard", True),
    ("The kettle holds 3L.", "capacity - 3L", "kettle", True),  # the key is said by the verb
    ("It weighs 1.2kg.", "weight: 1.2kg", "scale", True),
    ("It can be machine washed cold.", "Machine wash cold.", "sweater", True),
    ("These johns come in sizes M, L, XL and 2XL.", "M, L, XL, 2XL", "long johns", True),
    ("The cord measures 100m.", "100m", "cord", True),
    ("It makes a great gift.", "gift", "mug", True),
    ("Rinse the rice before cooking for fluffy results.", "rinse rice before cooking", "rice cooker", False),
    ("The kettle holds 2L.", "capacity - 3L", "kettle", False),  # a number changed
    ("It comes in black.", "black or white", "mug", False),  # a value left out
    ("It has a silent motor and a 2-year warranty.", "silent motor", "fan", False),
    ("It needs no roof rack, and straps pass through door frames.", "no roof rack needed - straps pass through door "
     "frames", "cargo bag", True),
    ("The cargo bag doesn't have a roof rack.", "no roof rack needed", "cargo bag", False),  # 'needed' left out
    ("No straps pass through door frames.", "straps pass through door frames", "cargo bag", False),  # negated
    ("Batteries are included.", "batteries not included", "label maker", False),  # the negation left out
    ("It has 3 cameras: front 1440p with infrared LEDs and rear 1080p with infrared LEDs.",
     "3 cameras: front 1440p with infrared LEDs, rear 1080p", "dash cam", False),  # said twice, of two cameras
    ("Wash these snow socks washable and reusable.", "washable and reusable", "snow socks", False),
    # a word that limits the fact is never the one left out (seventeenth round: "most" dropped, an N)
    ("It is compatible with boilers and heat pumps.", "Compatible with boilers and heat pumps? yes, most.",
     "smart thermostat", False),
    ("It is compatible with most boilers and heat pumps.", "Compatible with boilers and heat pumps? yes, most.",
     "smart thermostat", True),
])
def test_the_check_passes_a_sentence_only_if_it_states_its_fact_and_nothing_else(sentence, fact, kind, ok):
    found = check_phrase(sentence, fact, kind)
    assert found.ok is ok, found.reason()


def test_the_stem_matches_forms_of_a_word_and_never_cuts_a_short_one():
    assert stem("washable") == stem("washed") == stem("washing") == "wash"
    assert stem("glass") == "glas" and stem("gas") == "gas"


def test_the_phrases_data_keeps_only_pairs_the_check_passes(tmp_path):
    from training.phrases import prepare_phrases

    rows = [
        {"product": "kettle", "kind": "feature", "fact": "capacity - 3L", "sentence": "The kettle holds 3L.",
         "src": "t-1"},
        {"product": "kettle", "kind": "feature", "fact": "capacity - 3L", "sentence": "It holds 3L.", "src": "t-1"},
        {"product": "kettle", "kind": "feature", "fact": "auto shut-off", "sentence": "It has a quiet auto shut-off.",
         "src": "t-2"},
        {"product": "mugs (plural)", "kind": "color", "fact": "red", "sentence": "These mugs come in red!",
         "src": "t-3"},
        {"product": "mugs (plural)", "kind": "keyword", "fact": "gift", "sentence": "They make a great gift.",
         "src": "t-3"},
    ]
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "phrases_1.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    card = prepare_phrases(raw, tmp_path / "phrases")
    kept = [json.loads(line) for split in ("train", "dev")
            for line in (tmp_path / "phrases" / f"{split}.jsonl").read_text().splitlines()]
    assert sorted(r["sentence"] for r in kept) == ["The kettle holds 3L.", "They make a great gift."]
    assert card["rejected"] == {"duplicate fact": 1, "added": 1, "empty, exclaimed or over 30 words": 1}
    assert sum(card["counts"].values()) == 2


def test_an_answered_question_goes_to_the_realizer_never_the_model():
    """The twenty-third round's three N: "dimmable: no" became "It is dimmable, with no ...", "needs a hub? no"
    "needs a hub. no." (the word check counted the "no" as the negation)."""
    lights = Product.parse({"name": "Solar Festoon Lights", "features": [
        "20 shatterproof bulbs", "dimmable: no", "needs a hub? no", "weatherproof? yes"]})
    svc, engine = service()
    result = svc.describe(lights, Style(), seed=1)
    asked = [p.split("\n")[1] for p, _, _ in engine.prompts]
    assert asked == ["Fact (feature): 20 shatterproof bulbs"]
    text = result.text.lower()
    assert "not dimmable" in text and "is dimmable" not in text, result.text
