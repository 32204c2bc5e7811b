"""The sentence checker on hand-written sentences: each class of claim, caught and not caught.

Every caught example is a kind of failure a blind reader found in real model output.
"""

from __future__ import annotations

import pytest

from generator.product import Product
from generator.quality.claims import facts_for, sentence_flags
from tests.integration.quality import products

TOWELS = Product.parse(products.TOWELS)
ESPRESSO = Product.parse(products.ESPRESSO)
CUP = Product.parse(
    {"name": "Tea Cup", "features": ["dishwasher safe", "microwave safe"], "materials": ["stoneware"],
     "size": "250 ml"}
)
BOTTLE = Product.parse(
    {
        "name": "Trail Bottle",
        "features": ["leak proof screw lid", "holds 1 l"],
        "color": "navy blue",
        "size": "1 kg",
        "keywords": ["reusable"],
    }
)
DRILL = Product.parse(products.DRILL)
DESK = Product.parse(
    {
        "name": "Standing Desk Frame",
        "brand": "Elevo",
        "features": ["dual motors", "4 memory presets", "supports up to 120 kg"],
        "materials": ["powder-coated steel"],
        "color": "black",
        "audience": "home office workers",
    }
)
TRIPOD = Product.parse(
    {
        "name": "Camera Tripod",
        "brand": "Steadi",
        "features": ["3-way pan head", "quick-release plate", "extends to 160 cm", "folds to 45 cm"],
        "materials": ["aluminium legs"],
        "color": "black",
        "size": "1.3 kg",
        "audience": "travel photographers",
    }
)
MITTENS = Product.parse(
    {
        "name": "Knit Mittens",
        "features": ["fleece lining", "ribbed cuffs"],
        "materials": ["lambswool"],
        "color": "oatmeal",
        "audience": "women",
        "keywords": ["cosy", "winter"],
    }
)
PIGGY = Product.parse(
    {
        "name": "Ceramic Piggy Bank",
        "brand": "Little Oink",
        "features": ["rubber stopper at the base", "hand-painted face"],
        "materials": ["glazed ceramic"],
        "color": "pink",
        "audience": "children",
    }
)
NECKLACE = Product.parse(
    {
        "name": "Pendant Necklace",
        "brand": "Aurelle",
        "features": ["lobster clasp", "freshwater pearl pendant"],
        "materials": ["925 sterling silver"],
        "audience": "women",
    }
)
FAN = Product.parse(
    {
        "name": "Pedestal Fan",
        "brand": "Breezo",
        "features": ["3 speeds", "oscillates 80 degrees", "remote control included"],
        "materials": ["ABS plastic"],
        "color": "white",
    }
)
WOK = Product.parse(
    {
        "name": "Carbon Steel Wok",
        "brand": "Flameline",
        "features": ["flat base for all hobs", "pre-seasoned"],
        "materials": ["carbon steel"],
        "audience": "home cooks",
        "keywords": ["stir-fry"],
    }
)
BOOTS = Product.parse(
    {
        "name": "Rain Boots",
        "brand": "Puddle Co",
        "features": ["pull-on tabs", "removable insoles"],
        "materials": ["natural rubber"],
        "color": "mustard yellow",
    }
)
HOODIE = Product.parse(
    {
        "name": "Heavyweight Hoodie",
        "features": ["kangaroo pocket", "handmade"],
        "materials": ["100% French flax linen"],
    }
)


def kinds(sentence: str, product: Product) -> set[str]:
    return {flag.kind for flag in sentence_flags(sentence, facts_for(product))}


CAUGHT = [
    # named entities the facts do not name
    ("entity", "Lumina, a bespoke bedding company in the UK, made this set.", TOWELS),
    ("entity", "It is used by several prominent brands such as Canon and Nikon.", TRIPOD),
    ("entity", "This wok comes straight from Italy.", WOK),
    ("entity", "The wok comes from Ladle, a kitchen name.", WOK),
    ("off_topic", "Ladle offers a wide range of products for the kitchen.", WOK),
    ("entity", "John designed it in Paris in 1998.", TOWELS),
    # counts as words, and numbers that change a given figure
    ("number", "Enjoy six Turkish cotton towels in every set.", TOWELS),
    ("number", "It makes 6 cups of espresso per minute.", ESPRESSO),
    ("number", "The drill has 18 speed gearboxes.", DRILL),
    # the type's words as the type's only: a speaker stand is no speaker
    ("product_type", "This speaker sounds great.", Product.parse({"name": "Speaker Stands (pair)"})),
    # a key's own number only: 5 is the levels', not the weight's
    ("number", "It comes with 5 weight levels.",
     Product.parse({"name": "Desk Lamp", "features": "brightness: 5 levels; weight: 2 kg"})),
    ("number", "It supports up to 150 kg.", DESK),
    # extras the box does not hold
    ("extra", "It even has a built-in desk lamp.", DESK),
    ("extra", "The remote controls are equipped with a digital display screen.", FAN),
    ("extra", "An advanced touchscreen display lets you control your photos through a smartphone app.", TRIPOD),
    ("extra", "It comes with a 2-year warranty.", DRILL),
    # production, provenance, price and popularity
    ("production", "Crafted by the finest artisans in the world, it lasts.", WOK),
    ("production", "A charcoal-fired wok for stir-fry lovers.", WOK),
    ("production", "The set comes from a renowned silk mill.", TOWELS),
    ("price", "It is one of the most affordable options.", FAN),
    ("price", "It is available at a discounted price on the Breezo website.", FAN),
    ("popularity", "Praised by many photographers, the tripod extends to 160 cm.", TRIPOD),
    ("popularity", "This iconic espresso maker is a best-seller.", ESPRESSO),
    ("provenance", "The fan is made in Germany.", FAN),
    # the wrong product type, and contradictions of colour, material or audience
    ("product_type", "This versatile camera extends to 160 cm.", TRIPOD),
    ("product_type", "These earrings add a dainty touch.", NECKLACE),
    ("product_type", "This microwave holds 250 ml.", CUP),
    ("audience", "These cosy mittens are a menswear classic.", MITTENS),
    ("material", "The piggy bank is made of rubber.", PIGGY),
    ("colour", "The fan comes in a sleek black finish.", FAN),
    # off-topic
    ("off_topic", "Rain boots offer the perfect underarm massage.", BOOTS),
    # meta text and echoed instructions
    ("meta", "The mention of power tools adds an extra layer of detail.", DRILL),
    ("meta", "There's no shortage of options for this extraordinary product category.", FAN),
    ("meta", "Add nothing else to your story except for one fact that is mentioned above.", FAN),
    ("meta", "Mentioning the feature of a product is an important part of your writing.", FAN),
]

NOT_CAUGHT = [
    ("This set of 4 towels is quick-drying and made from Turkish cotton.", TOWELS),
    ("At 600 GSM, these white towels measure 70 x 140 cm.", TOWELS),
    ("It makes 6 cups, and its safety valve and heat-resistant handle make it easy to use.", ESPRESSO),
    ("Its 18 V lithium-ion battery and 2 speed settings keep DIY enthusiasts working.", DRILL),
    ("With dual motors and 4 memory presets, it supports up to 120 kg.", DESK),
    ("The Steadi Camera Tripod extends to 160 cm and folds to 45 cm.", TRIPOD),
    ("Lined with fleece, these knit mittens keep hands cosy all winter.", MITTENS),
    ("Made from glazed ceramic, it has a rubber stopper at the base.", PIGGY),
    ("Perfect for your daily routine.", BOOTS),
    ("It is handmade from 100% French flax linen.", HOODIE),
    ("The Breezo Pedestal Fan oscillates 80 degrees and has 3 speeds.", FAN),
    ("A remote control is included.", FAN),
    # seen when merging: a hyphenated fact word, a lower-case phrase the small NER calls an organisation,
    # and a given figure whose number the facts also use for something else
    ("The leak-proof screw lid seals it, and it is reusable.", BOTTLE),
    ("It wears navy blue well.", BOTTLE),
    ("It weighs 1 kg and holds 1 l.", BOTTLE),
    # what it is safe for is not what it is
    ("It is made from stoneware and dishwasher and microwave safe.", CUP),
    ("Dishwasher and microwave safe, it holds 250 ml.", CUP),
    # an edition word after the type: the Blender Pro is a blender
    ("This blender features a 1200 W motor and 6 speed settings.",
     Product.parse({"name": "Blender Pro", "features": "1200 W motor; 6 speed settings"})),
    # a product-type word inside the product's own name, however the name parses
    ("The TV AAAAaBAA AA is an aa you will reach for again and again.", Product.parse({"name": "TV AAAAaBAA AA"})),
    ("It features TV ABmAAAA AA.", Product.parse({"name": "AA", "features": "TV ABmAAAA AA"})),
    # an entity stretched over two given facts (the pipeline tags "103 ml and ai 1076 ml" a TIME)
    ("It features AA AAAA 103 ml and ai 1076 ml.",
     Product.parse({"name": "AA", "features": "AA AAAA 103 ml; Ai 1076 ml"})),
    # a unit glued to its number is a measure, not an unknown word ("ml" was half of "Just add 500ml water.")
    ("Just add 500ml water.", Product.parse({"name": "Cleaning Tablets", "features": "just add 500ml water"})),
    ("Just as handy, it holds 30ml bottles.", Product.parse({"name": "Drawing Inks Set", "size": "30ml bottles"})),
    # the words of the type the realizer reads, however the pipeline parses them (twenty-third round: "belt" was
    # another product in "The retro belt drive turntable features ...", and three sentences went)
    ("The retro belt drive turntable features an MDF plinth.",
     Product.parse({"name": "belt drive turntable with built-in preamp", "materials": "MDF plinth"})),
    # the product's own part, said with "its": a cable's jacket is no jacket
    ("Its jacket is braided nylon.", Product.parse({"name": "XLR Cable 3m", "features": "jacket - braided nylon"})),
    # a number said before its own key (twenty-second round: "5 brightness levels" for "brightness: 5 levels" was
    # flagged, and the sentence took a second fact with it)
    ("It comes with 5 brightness levels.", Product.parse({"name": "Desk Lamp", "features": "brightness: 5 levels"})),
    ("It comes with 400 CCA.", Product.parse({"name": "Car Battery", "features": "cca: 400"})),
    # the type the realizer reads from the name and category is the product's own (a training-split product lost
    # every feature: "this step stool" was flagged as another product, and the sentences carrying them dropped)
    ("Made of plastic, this step stool holds up to 150 kg.",
     Product.parse({"name": "Kids Step Stool Foldable", "features": "holds up to 150 kg", "materials": "plastic"})),
    ("This mirror measures 160 x 60 cm.",
     Product.parse({"name": "Mirror Full Length Arched", "category": "Home > Mirrors", "size": "160 x 60 cm"})),
    # a thing the product has, which the facts name, is not what it is called (training split: 38 texts of 2,112
    # lost such sentences, and the facts in them)
    ("This slicer includes a cut-resistant glove.",
     Product.parse({"name": "Mandoline Slicer", "features": "cut-resistant glove included"})),
    ("Just as handy, the travel cot comes with a mattress.",
     Product.parse({"name": "Pop-Up Travel Cot", "features": "mattress included"})),
    ("Grab the Bounce Bed Co Hybrid Mattress 25cm.",  # the brand's words are the merchant's
     Product.parse({"name": "Hybrid Mattress 25cm", "brand": "Bounce Bed Co"})),
]


@pytest.mark.parametrize(("kind", "sentence", "product"), CAUGHT, ids=[c[1][:40] for c in CAUGHT])
def test_caught(kind, sentence, product):
    assert kind in kinds(sentence, product)


@pytest.mark.parametrize(("sentence", "product"), NOT_CAUGHT, ids=[c[0][:40] for c in NOT_CAUGHT])
def test_not_caught(sentence, product):
    assert kinds(sentence, product) == set()
