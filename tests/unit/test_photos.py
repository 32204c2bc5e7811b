"""The product facts of a photo: what the merchant gave wins; what they cleared stays out."""
import pytest

from generator.engines.vision import Detection
from generator.photos import photo_product
from generator.product import ValidationError


def detection(**overrides):
    values = dict(labels=[{"name": "Water bottle", "score": 0.8}], category="Drinkware", colors=["black", "silver"],
                  text_seen="HYDROVA")
    values.update(overrides)
    return Detection(**values)


def test_photo_fills_what_the_merchant_did_not_give():
    product = photo_product(detection(), {"size": "750 ml", "name": None})
    assert product["name"] == "Water Bottle"  # a label written as a product name and product["category"] == "Drinkware"
    assert product["color"] == "black and silver" and product["size"] == "750 ml"
    assert product["features"] == ['printed text "HYDROVA"']


def test_what_the_merchant_cleared_stays_out():
    given = {"name": "Steel flask", "color": "", "text_seen": "", "features": "leak-proof"}
    product = photo_product(detection(), given)
    assert product["name"] == "Steel flask"
    assert product["color"] == "" and product["features"] == "leak-proof"  # nothing detected was added


def test_unrecognised_photo_without_a_name_asks_for_one():
    with pytest.raises(ValidationError, match="^name: the product could not be recognised"):
        photo_product(detection(labels=[], category=""), {})
