"""Channel listings: Amazon's and Google's limits hold for any facts, and nothing but checked text goes in."""
import re

import pytest

from generator.channels import AMAZON_BANNED, listing, listing_markdown
from generator.errors import ValidationError
from generator.product import Product, Style
from tests.conftest import WATER_BOTTLE
from tests.unit.test_service import make_service

LONG_PROSE = "\n\n".join(
    " ".join(f"Sentence {p}.{s} says the bottle keeps drinks cold for 24 hours on a long day out." for s in range(8))
    for p in range(6))  # about 4,000 characters in six paragraphs
MANY_FACTS = Product.parse({
    "name": "Steel Steel Bottle Steel Edition! $19?", "brand": "Hydrova", "color": "matte black",
    "size": "750 ml", "materials": "stainless steel",
    "features": ["keeps drinks cold for 24 hours", "leak-proof lid", "fits cup holders", "BPA-free",
                 "powder-coated grip " + "that stays put " * 11, "dishwasher safe lid " + "on the top rack " * 11]})
# Five bullets: the fifth joins the facts past the fourth and runs past 250 characters, so it is cut.


def _repeats(title):
    words = [w for w in re.findall(r"[^\W_]+", title.lower()) if w not in {"a", "the", "and", "for", "with", "of"}]
    return max(words.count(w) for w in words)


def test_an_amazon_listing_keeps_every_limit_on_awkward_facts():
    out = listing("amazon", MANY_FACTS, LONG_PROSE)
    assert len(out.title) <= 200 and not set(out.title) & set(AMAZON_BANNED)
    assert _repeats(out.title) <= 2, out.title
    assert len(out.bullets) == 5 and all(len(b) <= 250 for b in out.bullets)
    assert len(out.description) <= 2000
    assert re.sub(r"<br>", "", out.description).count("<") == 0  # <br> is the only markup
    assert out.description.startswith("Sentence 0.0") and out.description.rstrip().endswith(".")  # whole sentences
    assert all(limit.ok for limit in out.limits)
    problems = " ".join(out.problems)
    assert "removed characters" in problems and "more than twice" in problems and "cut" in problems


def test_bullets_carry_every_fact_while_they_fit():
    product = Product.parse(WATER_BOTTLE)
    out = listing("amazon", product, "The bottle keeps drinks cold.")
    joined = " ".join(out.bullets).lower()
    for fact in [*product.features, *product.materials, product.color, product.size]:
        assert fact.lower() in joined
    assert len(out.bullets) <= 5


def test_a_google_listing_is_plain_and_within_its_limits():
    out = listing("google", MANY_FACTS, LONG_PROSE * 2)
    assert len(out.title) <= 150 and len(out.description) <= 5000 and "<" not in out.description
    assert out.description.split("\n\n")[0].startswith("Sentence 0.0")
    assert [limit.name for limit in out.limits] == ["title characters", "description characters"]


def test_the_markdown_names_each_limit_with_its_figure():
    text = listing_markdown(listing("amazon", Product.parse(WATER_BOTTLE), "It keeps drinks cold.").as_dict())
    assert "Amazon title:" in text and "✓ Amazon title characters:" in text and "(limit 200)" in text
    assert listing_markdown(listing("shop", Product.parse(WATER_BOTTLE), "x").as_dict()) == ""


def test_an_unknown_channel_names_the_field():
    with pytest.raises(ValidationError) as caught:
        Style.parse({"channel": "ebay"})
    assert caught.value.field == "channel" and "amazon" in str(caught.value)
    assert Style.parse({"channel": " Amazon "}).channel == "amazon"


def test_the_service_publishes_the_channels_description_and_reports_the_listing():
    service = make_service()
    shop = service.describe(WATER_BOTTLE, {"length": "short"}, seed=7)
    amazon = service.describe(WATER_BOTTLE, {"length": "short", "channel": "amazon"}, seed=7)
    assert "listing" not in shop.report
    listing_ = amazon.report["listing"]
    assert amazon.text == listing_["description"] and len(amazon.text) <= 2000
    assert listing_["channel"] == "amazon" and listing_["bullets"] and all(x["ok"] for x in listing_["limits"])
    assert amazon.text.replace("<br><br>", "\n\n") == shop.text  # the same checked prose, in Amazon's markup
