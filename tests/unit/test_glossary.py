"""The brand glossary on both writing paths: a banned word never appears, a required phrase appears once,
and a banned word among the merchant's facts is reported, not dropped silently."""
import pytest

from generator.errors import ValidationError
from generator.quality.glossary import banned_in, count
from tests.conftest import WATER_BOTTLE
from tests.unit.test_service import make_service

STRATEGIES = ["free", "grounded"]  # a scripted draft repaired, and the template realizer


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_a_banned_word_never_appears_and_its_fact_is_reported(strategy):
    service = make_service(text_strategy=strategy)
    style = {"length": "medium", "format": "prose+bullets", "channel": "shop", "banned": "leak-proof, hydrova"}
    result = service.describe(WATER_BOTTLE, style, seed=3)
    published = " ".join([result.text, result.report["seo"]["title"], result.report["seo"]["description"]])
    assert banned_in(published, ("leak-proof", "hydrova")) == []
    terms = result.report["check"]["glossary"]
    assert terms["ok"] and terms["banned_used"] == []
    assert any(item.startswith("features: “leak-proof screw lid”") for item in terms["banned_in_facts"])
    assert any(item.startswith("brand: “Hydrova”") for item in terms["banned_in_facts"])


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_a_required_phrase_is_said_once_and_checked_as_the_merchants_own(strategy):
    service = make_service(text_strategy=strategy)
    result = service.describe(WATER_BOTTLE, {"length": "short", "required": "Free UK delivery over £30"}, seed=3)
    assert count(result.text, "Free UK delivery over £30") == 1
    assert result.report["check"]["glossary"]["required_counts"] == {"Free UK delivery over £30": 1}
    assert result.report["check"]["unsupported_claims"] == []  # "£30" is the merchant's, not invented
    assert "Free UK" not in "\n".join(result.report["product"]["features"])  # the facts echo as given


def test_a_channel_listing_leaves_banned_facts_out_of_its_title_and_bullets():
    service = make_service(text_strategy="grounded")
    result = service.describe(WATER_BOTTLE, {"channel": "amazon", "banned": "matte black"}, seed=3)
    listing = result.report["listing"]
    assert "matte black" not in (listing["title"] + " ".join(listing["bullets"]) + result.text).lower()


@pytest.mark.parametrize(("style", "field", "message"), [
    ({"banned": "bottle"}, "banned", "is in the product name"),
    ({"banned": "free", "required": "Free delivery"}, "required", "has the banned word"),
    ({"banned": ",".join(f"w{i}" for i in range(21))}, "banned", "has 21 items; the limit is 20"),
])
def test_a_glossary_that_cannot_be_honoured_names_the_field(style, field, message):
    with pytest.raises(ValidationError) as caught:
        make_service().describe(WATER_BOTTLE, style, seed=3)
    assert caught.value.field == field and message in str(caught.value)


def test_matching_is_whole_word_case_blind_and_takes_plurals():
    assert banned_in("Cheap and CHEAPS", ("cheap",)) == ["cheap"]
    assert banned_in("cheapest deals", ("cheap",)) == []  # a different word
    assert banned_in("a non-toxic finish", ("toxic",)) == []  # part of a hyphenated word
    assert count("Free delivery. free  delivery!", "free delivery") == 2
