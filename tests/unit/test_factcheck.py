import pytest

from generator.product import Product, Style
from generator.quality.factcheck import (
    check,
    detect_language,
    extract_claims,
    is_supported,
    lint,
    mentions,
    number_claims,
    repeated_phrases,
    sentences,
    unsupported_claims,
)

BOTTLE = Product.parse({
    "name": "Insulated Water Bottle", "brand": "Hydrova", "materials": "stainless steel", "color": "matte black",
    "size": "750 ml", "features": "keeps drinks cold for 24 hours\nleak-proof screw lid", "keywords": "BPA-free",
})


def keys(text):
    return [claim.key for claim in number_claims(text)]


@pytest.mark.parametrize(
    "text, key",
    [("750ml", "volume:750"), ("750 ml", "volume:750"), ("0.75 l", "volume:750"), ("0,75 litres", "volume:750"),
     ("10 inches", "length:254"), ("25.4 cm", "length:254"), ('12"', "length:304.8"), ("8 mm", "length:8"),
     ("100%", "percent:100"), ("60 W", "power:60"), ("5,000 mAh", "charge:5000"), ("128GB", "data:128"),
     ("1.2 kg", "mass:1200"), ("1200 g", "mass:1200"), ("24-hour", "time:24"), ("2 days", "time:48"),
     ("18 oz", "oz:18"), ("3 pieces", "count:3"), ("42", "number:42")],
)
def test_units_are_normalised(text, key):
    assert keys(f"It has {text} of it.") == [key]


def test_ranges_yield_both_ends():
    assert keys("sizes ranging from 18-36 ounces") == ["oz:18", "oz:36"]


def test_numbers_inside_words_are_not_claims():
    assert keys("The X100 model, version v2") == []


def test_the_invented_specs_from_the_issue_are_caught():
    text = ("Sizes ranging from 18-36 ounces (450 grams). It comes in glass containers. "
            "Made of stainless steel, it keeps drinks cold for 24 hours.")
    found = {claim.text for claim in unsupported_claims(text, BOTTLE)}
    assert {"18-36 ounces", "450 grams", "glass"} <= found
    assert not any("24" in claim or "stainless" in claim for claim in found)


def test_equivalent_units_are_supported():
    assert unsupported_claims("It holds 0.75 l, that is 750ml.", BOTTLE) == []


@pytest.mark.parametrize(
    "text, kind",
    [("It is waterproof.", "certification"), ("Certified organic cotton.", "material"), ("Now in red.", "colour"),
     ("Dishwasher safe.", "certification"), ("Uses a Vibram® sole.", "brand"),
     ("Eco-friendly choice.", "certification")],
)
def test_unsupported_terms(text, kind):
    claims = unsupported_claims(text, BOTTLE)
    assert kind in {claim.kind for claim in claims}


def test_supported_terms_come_from_any_attribute():
    text = "The matte black Hydrova® bottle is BPA-free, leak-proof and insulated."
    assert unsupported_claims(text, BOTTLE) == []
    assert {claim.kind for claim in extract_claims(text)} >= {"colour", "brand", "certification"}


def test_a_material_inside_a_longer_supported_one_is_not_counted_twice():
    claims = [c for c in extract_claims("Made of stainless steel.") if c.kind == "material"]
    assert [c.key for c in claims] == ["material:stainless steel"]


@pytest.mark.parametrize(
    "text, kind",
    [("The best in the world.", "superlative"), ("Join thousands of happy customers.", "social_proof"),
     ("It cures headaches.", "health_claim"), ("As an AI, I cannot help.", "meta"),
     ("Here is a description of the bottle.", "meta"), ("I love this bottle.", "first_person"),
     ("This paragraph explains the product.", "meta")],
)
def test_lint(text, kind):
    assert kind in {finding["kind"] for finding in lint(text)}


def test_clean_copy_has_no_lint():
    assert lint("A sturdy bottle for hikers that keeps drinks cold for 24 hours.") == []


def test_repetition():
    assert repeated_phrases("It is made of stainless steel stainless steel.")
    assert repeated_phrases("Great bottle. Great bottle.")
    assert repeated_phrases("A cold drink here, a cold drink there, a cold drink everywhere.")
    assert repeated_phrases("A bottle that keeps drinks cold.") == []


def test_sentences_keep_decimals_together():
    assert sentences("It holds 0.75 l. It is black!") == ["It holds 0.75 l.", "It is black!"]


def test_mentions_allows_paraphrase_but_not_other_numbers():
    assert mentions("This bottle keeps your drinks cold for 24 hours.", "keeps drinks cold for 24 hours")
    assert not mentions("This bottle keeps your drinks cold for 12 hours.", "keeps drinks cold for 24 hours")
    assert not mentions("A bottle.", "leak-proof screw lid")


def test_language_detection():
    assert detect_language("This bottle keeps your drinks cold for the whole day.") == "English"
    assert detect_language("Cette bouteille garde vos boissons fraîches toute la journée.") == "French"


def test_check_report_fields():
    text = "The Insulated Water Bottle by Hydrova keeps drinks cold for 24 hours. It holds 450 grams."
    report = check(text, BOTTLE, Style(length="short"))
    assert "450 grams" in report.unsupported_claims
    assert "brand: Hydrova" in report.covered and "materials: stainless steel" in report.missing
    assert report.keywords_missing == ["BPA-free"]
    assert report.words == len(text.split()) and not report.length_ok  # short band is 25-90
    assert report.language == "English" and report.language_ok
    assert not report.passed


def test_claim_support_is_by_value_not_spelling():
    from generator.quality.factcheck import Claim

    assert is_supported(Claim("number", "0.75 l", "volume:750"), BOTTLE)
    assert not is_supported(Claim("number", "1 l", "volume:1000"), BOTTLE)


@pytest.mark.parametrize(("text", "fact"), [
    ("It wipes clean.", "wipe clean"),  # was "wip" against "wipe" (nineteenth round)
    ("A storage tray is included.", "storage tray included? yes"),
    ("It includes fixings.", "fixings included"),
])
def test_a_fact_said_in_another_form_of_its_words_is_mentioned(text, fact):
    assert mentions(text, fact)


def test_a_fact_whose_words_are_not_said_is_not_mentioned():
    assert not mentions("It has a lid.", "wipe clean")
