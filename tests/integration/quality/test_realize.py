"""The realizer on products written for these tests: grammar, agreement, and every fact said once checked."""

from __future__ import annotations

import re

import pytest

from generator.product import Product
from generator.quality.analysis import (
    ADJ,
    CLAUSE,
    FOR,
    INCLUDED,
    MEASURE,
    NP,
    PAIR,
    STEP,
    VP,
    analyse,
    analyse_product,
    indefinite,
    product_type,
)
from generator.quality.claims import facts_for, sentence_flags
from generator.quality.factcheck import coverage_items, has_phrase, mentions
from generator.quality.realize import CONNECTIVES, Realizer, feature_clauses, keyword_frames, size_clause
from tests.integration.quality import products


def said_as(fact: str) -> list[tuple[str, str]]:
    """How the analysis reads one feature: (kind, what is said) of each phrase it makes of it."""
    return [(p.kind, p.core) for p in analyse_product(Product.parse({"name": "Tool", "features": [fact]})).features]


PRODUCTS = [
    products.DRILL,
    {
        "name": "Rain Boots",
        "brand": "Puddle Co",
        "features": ["pull-on tabs", "removable insoles", "slip-resistant sole"],
        "materials": ["natural rubber"],
        "color": "mustard yellow",
        "size": "UK 3 to 8",
        "keywords": ["waterproof", "rainy days"],
    },
    products.ESPRESSO,
    products.TOWELS,
    {
        "name": "Board Game",
        "brand": "Meeple Forge",
        "features": ["2 to 5 players", "ages 10 and up", "illustrated cards and wooden tokens"],
        "audience": "families",
        "keywords": ["strategy", "gift"],
    },
    {
        "name": "Wool Area Rug",
        "features": ["hand-tufted", "low pile", "non-slip backing recommended"],
        "materials": ["New Zealand wool"],
        "color": "charcoal and cream",
        "size": "160 x 230 cm",
        "keywords": ["living room"],
    },
    {
        "name": "Outdoor String Lights",
        "brand": "Glowvine",
        "features": ["25 shatterproof bulbs", "15 m long", "solar powered", "8 lighting modes"],
        "color": "warm white",
        "keywords": ["patio", "garden party"],
    },
    {
        "name": "Face Moisturiser",
        "brand": "Dewlab",
        "features": ["with hyaluronic acid", "fragrance-free", "suitable for sensitive skin"],
        "size": "50 ml",
        "audience": "all skin types",
        "keywords": ["hydrating", "daily"],
    },
    {
        "name": "Weighted Blanket",
        "features": ["glass bead filling", "removable cover", "7 kg"],
        "materials": ["cotton cover"],
        "color": "stone grey",
        "size": "150 x 200 cm",
        "keywords": ["sleep"],
    },
    {
        "name": "Over-Ear Headphones",
        "brand": "Sonique",
        "features": ["40 mm drivers", "3.5 mm cable included", "memory foam ear cushions"],
        "materials": ["protein leather"],
        "color": "black",
        "keywords": ["wired", "studio"],
    },
    {  # a two-word French name, a plural "notes of" phrase, a colour that takes "an", two "... safe" facts
        "name": "Eau de Toilette",
        "brand": "Maison Vert",
        "features": ["notes of cedar and vanilla", "dishwasher safe", "oven safe"],
        "materials": ["glass bottle"],
        "color": "ochre",
        "size": "100 ml",
    },
]


@pytest.mark.parametrize(
    ("fragment", "kind"),
    [
        ("keeps drinks cold for 24 hours", VP),
        ("folds to 45 cm", VP),
        ("oscillates 80 degrees", VP),
        ("leak-proof screw lid", NP),
        ("ribbed cuffs", NP),
        ("poppers at the shoulders", NP),
        ("weighted base", NP),
        ("dishwasher safe", ADJ),
        ("quick-drying", ADJ),
        ("hand-tufted", ADJ),
        ("fragrance-free", ADJ),
        ("600 GSM", MEASURE),
        ("7 kg", MEASURE),
        ("carry strap included", INCLUDED),
        ("ages 10 and up", FOR),
        ("2 to 5 players", FOR),
        ("notes of cedar and vanilla", NP),  # not "it notes of ..."
        ("backlight", NP),  # "the watch is backlight" was rated as broken English
        ("water resistant to 50 m", ADJ),
        ("cordless", ADJ),
        ("windproof up to 90 km/h", ADJ),  # not "a windproof up to 90 km/h"
    ],
)
def test_fragments_get_their_grammatical_type(fragment, kind):
    assert analyse("features", fragment).kind == kind


@pytest.mark.parametrize(
    ("phrase", "article"),
    [
        ("8 mm heel-to-toe drop", "an"),
        ("18 V battery", "an"),
        ("11 inch screen", "an"),
        ("6 mm mat", "a"),
        ("LED work light", "an"),
        ("USB-C port", "a"),
        ("one-piece lid", "a"),
        ("hour glass", "an"),
        ("apple", "an"),
        ("unique design", "a"),
        ("FM radio", "an"),
        ("ochre", "an"),
        ("X-ray print", "an"),  # a letter said by its name, as inflect says it
        ("U-lock", "a"),
        # where inflect 7.6 (issue 22: "inflect takes over articles") says "a": ours stays by measurement
        ("MIPS liner", "an"), ("80 W motor", "an"), ("SUV roof box", "an"),
    ],
)
def test_indefinite_article_by_sound(phrase, article):
    assert indefinite(phrase) == article


@pytest.mark.parametrize(
    ("name", "type_noun", "plural"),
    [
        ("Insulated Water Bottle", "water bottle", False),
        ("Rain Boots", "rain boots", True),
        ("Carbon Steel Wok", "wok", False),
        ("Two-Person Tent", "tent", False),
        ("Smart LED Bulb", "LED bulb", False),
        ("Macrame Wall Hanging", "wall hanging", False),
        ("Knit Mittens", "mittens", True),
        ("Eau de Toilette", "eau de toilette", False),
        ("Wireless Earbuds", "wireless earbuds", True),  # the tagger calls "earbuds" singular
        ("Camera Lens", "camera lens", False),
        # edition and model words after the type are not the type
        ("Blender Pro", "blender", False),
        ("Air Fryer XL", "air fryer", False),
        ("Headphones Elite", "headphones", True),
        ("TV Stand Deluxe", "TV stand", False),
        ("USB-C Charger 65W", "charger", False),
        ("Stand Mixer II", "stand mixer", False),
    ],
)
def test_the_product_type_is_what_sentences_call_it(name, type_noun, plural):
    found, _, is_plural = product_type(name)
    assert (found, is_plural) == (type_noun, plural)


@pytest.mark.parametrize("data", PRODUCTS, ids=[p["name"] for p in PRODUCTS])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_realized_sentences_state_every_fact_and_pass_the_checker(data, seed):
    from generator.quality.analysis import analyse_product

    product = Product.parse(data)
    realizer = Realizer(analyse_product(product), "friendly", "medium", seed)
    sentences = [realizer.template_opening(), *realizer.body(), *realizer.closing()]
    text = " ".join(s.text for s in sentences)
    for _, value in coverage_items(product):
        assert mentions(text, value), (value, text)
    for keyword in product.keywords:
        assert has_phrase(text, keyword), (keyword, text)
    facts = facts_for(product)
    for sentence in sentences:
        assert sentence_flags(sentence.text, facts) == [], sentence.text


@pytest.mark.parametrize(
    ("fragment", "kind", "core"),
    [  # fragments from the fourth blind round's E items, which frames for noun phrases had garbled
        ("spit rod adjusts from 70 to 100 cm", CLAUSE, "spit rod adjusts from 70 to 100 cm"),
        ("built-in tarp keeps rope off the dirt", CLAUSE, "built-in tarp keeps rope off the dirt"),
        ("double canopy vents wind", CLAUSE, "double canopy vents wind"),
        ("2 magnets hold the lid shut", CLAUSE, "2 magnets hold the lid shut"),
        ("sports bag holds 30 L", CLAUSE, "sports bag holds 30 L"),
        ("soak for 30 minutes before use", STEP, "soak for 30 minutes before use"),
        ("use in a nyjer feeder with small ports", STEP, "use in a nyjer feeder with small ports"),
        ("machine wash 30°C", STEP, "machine wash 30°C"),
        ("reapply every 2 hours", STEP, "reapply every 2 hours"),
        ("cleaned to reduce husk mess", ADJ, "cleaned to reduce husk mess"),
        ("built for steep overhangs", ADJ, "built for steep overhangs"),
        ("pressurised", ADJ, "pressurised"),
        ("for all court surfaces", FOR, "all court surfaces"),
        ("hand launched, no motor", VP, "is hand launched and has no motor"),
        ("no palm oil", VP, "has no palm oil"),
        ("auto-inflates on contact with water", VP, "auto-inflates on contact with water"),
        ("gently buffs dry lips", VP, "gently buffs dry lips"),
        ("no assembly", VP, "needs no assembly"),
        ("assembly required", STEP, "assembly required"),
        ("pockets fit A4 files", CLAUSE, "pockets fit A4 files"),
        ("towel dries fast", CLAUSE, "towel dries fast"),
        # and what stays as it was: a verb phrase of the product, noun phrases that hold a verb-like word
        ("holds up to 10 kg", VP, "holds up to 10 kg"),
        ("fits ropes up to 80m", VP, "fits ropes up to 80m"),
        ("30 hours total playback with case", NP, "30 hours total playback with case"),
        ("pull handles", NP, "pull handles"),
        ("3 carry handles", NP, "3 carry handles"),
        ("taped seams", NP, "taped seams"),
        ("guest codes with time limits", NP, "guest codes with time limits"),
        ("no tools needed", STEP, "no tools needed"),  # said as written, a sentence of its own
        ("no lighter fluid needed", STEP, "no lighter fluid needed"),
        ("self assembly - screws included", STEP, "self assembly - screws included"),
        ("not for use with boiling liquids", VP, "is not for use with boiling liquids"),
        ("Can be trimmed to width", VP, "can be trimmed to width"),
        ("range up to 150m", PAIR, "up to 150m"),
        ("wicks moisture after exercise", VP, "wicks moisture after exercise"),
        ("Store away from direct sunlight", STEP, "store away from direct sunlight"),
        ("Lightweight? yes, 220 g", ADJ, "lightweight (220 g)"),
        ("cut to size", NP, "cut to size"),
        ("closes inside out - wet side stays in", VP, "closes inside out - wet side stays in"),
        ("hangs on headrest or sits on floor", VP, "hangs on headrest or sits on floor"),
        ("fact boxes on every page", NP, "fact boxes on every page"),
        ("cold shoe mounts x3", NP, "3 cold shoe mounts"),
        ("space for your own notes", NP, "space for your own notes"),
        ("weight 5.5 kg", PAIR, "5.5 kg"),
        ("water when soil feels dry", NP, "water when soil feels dry"),
    ],
)
def test_a_fragment_shaped_as_a_sentence_is_said_as_one(fragment, kind, core):
    phrase = analyse("features", fragment)
    assert (phrase.kind, phrase.core) == (kind, core)


@pytest.mark.parametrize("plural", [False, True])
def test_clauses_and_instructions_are_sentences_of_their_own_that_pass_the_checker(plural):
    product = Product.parse({
        "name": "Rope Bags" if plural else "Rope Bag", "brand": "Cragline",
        "features": ["built-in tarp keeps rope off the dirt", "bag folds flat", "2 magnets hold the lid shut",
                     "hand launched, no motor", "for all court surfaces", "machine wash 30°C"],
    })
    realizer = Realizer(analyse_product(product), "friendly", "medium", 3)
    sentences = [realizer.template_opening(), *realizer.body(), *realizer.closing()]
    texts = [s.text for s in sentences]
    its = "Their" if plural else "Its"
    assert f"{its} built-in tarp keeps rope off the dirt." in texts
    assert "The bag folds flat." in texts  # the subject is the product: not "Its bag"
    assert f"{its} 2 magnets hold the lid shut." in texts  # no sentence starts with a figure
    assert texts[-1 - len(realizer.closing())] == "Machine wash 30°C.", texts  # instructions close the body
    body = " ".join(texts)
    assert ("are hand launched and have no motor" if plural else "is hand launched and has no motor") in body
    assert re.search(r"(?:suitable )?for all court surfaces", body, re.IGNORECASE)
    assert not re.search(r"\b(?:comes? with|has|have|features?) (?:a |an )?(?:built-in tarp|for all|machine wash)",
                         body), body
    facts = facts_for(product)
    for sentence in sentences:
        assert sentence_flags(sentence.text, facts) == [], sentence.text


def test_two_negated_verb_phrases_merge_without_losing_the_negation():
    from generator.quality.realize import merge_vps

    merged = merge_vps([analyse("features", "no palm oil"), analyse("features", "no added salt or sugar")])
    assert merged == [("has no palm oil and no added salt or sugar", ["no palm oil", "no added salt or sugar"])]


def test_plural_products_agree():
    product = Product.parse(PRODUCTS[1])  # Rain Boots
    from generator.quality.analysis import analyse_product

    text = " ".join(s.text for s in Realizer(analyse_product(product), "friendly", "medium", 4).body())
    assert " has " not in text and " is " not in text and " comes " not in text


def test_seeds_vary_the_text_not_the_facts():
    from generator.quality.analysis import analyse_product

    product = Product.parse(PRODUCTS[0])
    texts = {
        " ".join(s.text for s in Realizer(analyse_product(product), "friendly", "medium", seed).body())
        for seed in range(6)
    }
    assert len(texts) >= 4


def test_a_plural_of_phrase_takes_no_article_and_a_vowel_colour_takes_an():
    product = Product.parse(PRODUCTS[-1])
    texts = " ".join(s.text for seed in range(8) for s in Realizer(analyse_product(product), "warm", "medium",
                                                                    seed).body())
    assert "a notes" not in texts and "a ochre" not in texts and "de toilette notes" not in texts


@pytest.mark.parametrize(
    ("fragment", "head", "mass"),
    [("30 hours total playback with case", "playback", True), ("flat base for all hobs", "base", False),
     ("12 hours runtime", "runtime", True),
     # the editions rating's two slips: "they have foldable design", "features a cable management"
     ("foldable design", "design", False), ("cable management", "management", True)],
)
def test_the_head_is_before_the_preposition_and_a_duration_takes_no_article(fragment, head, mass):
    phrase = analyse("features", fragment)
    assert (phrase.head, phrase.mass) == (head, mass)


@pytest.mark.parametrize("tone", ["friendly", "energetic", "professional", "luxurious"])
def test_every_opening_template_passes_the_checker(tone):
    # found on the development set: "Here is the …" read as meta text, "Meet the Clearview …" as an organisation
    import random

    from generator.quality.phrases import OPENINGS, group, opening

    product = Product.parse({"name": "Reading Glasses", "brand": "Clearview", "features": ["spring hinges"]})
    facts = facts_for(product)
    for seed in range(len(OPENINGS[group(tone)]) * 4):
        line = opening(tone, "Clearview Reading Glasses", "reading glasses", True, "", random.Random(seed))
        assert sentence_flags(line, facts) == [], line
        single = opening(tone, "Breezo Pedestal Fan", "pedestal fan", False, "a", random.Random(seed))
        assert sentence_flags(single, facts_for(Product.parse({"name": "Pedestal Fan", "brand": "Breezo"}))) == [], \
            single


@pytest.mark.parametrize(
    ("keyword", "plural", "expected"),
    [
        ("gifting", False, "gifting"),  # was dropped: "It makes a thoughtful gift."
        ("gift idea", True, "They are a great gift idea."),  # was "designed with gift idea in mind"
        ("birthday gifts", False, "for birthday gifts."),
        ("birthday gift", False, "birthday gift."),
        ("christmas gift ideas", True, "any list of Christmas gift ideas."),
        ("mothers day", False, "for Mother's Day."),
        ("christmas", True, "for Christmas."),
    ],
)
def test_gift_and_holiday_keywords_read_as_english_in_the_merchants_words(keyword, plural, expected):
    name = "Wool Socks" if plural else "Scented Candle"
    product = Product.parse({"name": name, "features": ["cushioned sole"], "keywords": [keyword]})
    for seed in range(4):
        closing = " ".join(s.text for s in Realizer(analyse_product(product), "friendly", "medium", seed).closing())
        assert expected in closing, (seed, closing)
        assert not sentence_flags(closing, facts_for(product), "", topical=False), closing
        assert has_phrase(closing, keyword) or keyword.startswith("mothers"), closing


def test_long_copy_with_only_an_opening_repeats_no_sentence():
    """Long layout when nothing but the opening comes before the closing lines (test_repair's fuzzing)."""
    from generator.product import Style
    from generator.quality.repair import repair

    text = repair("", Product.parse({"name": "Scented Candle", "keywords": ["gift"]}), Style(length="long")).text
    sentences = [s for s in text.replace("\n\n", " ").split(". ") if s]
    assert len(sentences) == len(set(sentences)), text


@pytest.mark.parametrize(("brand", "name", "full"), [
    ("Hydrova", "Hydrova Water Bottle", "Hydrova Water Bottle"),
    ("hydrova", "Hydrova Water Bottle", "Hydrova Water Bottle"),
    ("AA", "AAA", "AA AAA"),  # a brand inside a longer word is not named (test_repair's fuzzing)
    ("Oak", "Oakley Sunglasses", "Oak Oakley Sunglasses"),
])
def test_the_full_name_names_the_brand_once(brand, name, full):
    assert analyse_product(Product.parse({"name": name, "brand": brand})).full_name == full


@pytest.mark.parametrize(("name", "said"), [
    # a name in capitals or lower case throughout, as a shop writes it (the training split's merchant-typed names)
    ("LINEN TROUSERS - DRAWSTRING", "Linen Trousers - Drawstring"),
    ("CHINO TROUSERS SLIM FIT 32L", "Chino Trousers Slim Fit 32L"),
    ("led strip lights 5m rgb with remote", "LED Strip Lights 5m RGB with Remote"),
    ("BIFOLD WALLET RFID", "Bifold Wallet RFID"),
    ("kids' t-shirt", "Kids' T-Shirt"),
    # the merchant's own mixed case, and a one-word mark, stay as typed
    ("SNAPDASH card game (2-8 players)", "SNAPDASH card game (2-8 players)"),
    ("iPhone Case", "iPhone Case"),
    ("AAA", "AAA"),
])
def test_a_name_typed_in_one_case_is_said_in_title_case(name, said):
    assert analyse_product(Product.parse({"name": name})).full_name == said


def test_plural_products_agree_in_the_recap_too():
    """'these hiking socks is thoughtfully put together' (seen in the edition-names rating set)."""
    product = Product.parse({"name": "Wool Hiking Socks", "features": ["cushioned sole", "reinforced heel and toe",
                                                                       "pack of 3 pairs"]})
    recaps = {Realizer(analyse_product(product), "friendly", "medium", seed).recap()[0].text for seed in range(24)}
    assert len(recaps) >= 3, recaps
    for text in recaps:
        assert not re.search(r"\bsocks (?:is|covers|has)\b", text), text


@pytest.mark.parametrize(
    ("name", "type_noun"),
    [  # held-out names the realizer called by a code, a qualifier or a spec (second blind round, 2026-12-06)
        ("GOLF GLOVE - REF 4471B", "golf glove"),
        ("Ski Helmet with MIPS [SKU SH4410]", "ski helmet"),
        ("RIDING HAT – PAS015 / VG1", "riding hat"),
        ("Alpine Harness Pro [REF HA5502]", "harness"),
        ("Ski Goggles OTG – Magnetic Lens", "ski goggles"),
        ("Window Bird Feeder w/ Suction Cups", "bird feeder"),
        ("Tennis Ball Hopper – Holds 72", "tennis ball hopper"),  # a compound modifier (data/words/type_compounds.txt)
        ("Stand Bag 14-Way Divider", "stand bag"),
        ("Thermostatic Shower System with Riser Rail", "shower system"),
        ("TABLE COVER RECTANGLE 137X274CM", "table cover"),
        ("Beer Bottles 500ml Amber (Box of 12)", "beer bottles"),
        ("rc car spare battery 7.2v 3000mah nimh", "spare battery"),
        ("Size 5 Football", "football"),
        # a name in capitals throughout has no acronyms to skip (third round: "SKI BOOT BAG 50L" was "this ski")
        ("SKI BOOT BAG 50L", "boot bag"),
        ("CARP ROD POD – ADJUSTABLE LEGS!!", "rod pod"),
        ("SMOKY BBQ RUB 250G", "rub"),
        # a bare number before a word is a model number, not a spec (fourth round: "this feather")
        ("Aero Feather 88 Badminton Racket", "badminton racket"),
        ("Trail Insulated Bottle 32 oz", "bottle"),
        # what follows a known type only qualifies it (the training split's merchant-typed names)
        ("Yoga Towel Non Slip", "yoga towel"),
        ("Weight Bench Adjustable 7 positions", "weight bench"),
        ("Car Mount Wireless Charger Auto-Clamp 15W", "wireless charger"),
        ("neck pillow memory foam", "neck pillow"),
        ("BIFOLD WALLET RFID", "wallet"),
        ("Camping Chair Folding", "camping chair"),
        ("Macrame Wall Hanging", "wall hanging"),
        ("Jersey T-Shirt Dress", "dress"),  # a hyphenated word before the type is no qualifier after it
        ("Xbox Controller Rechargeable Battery Pack (2 pack)", "battery pack"),  # an adjective before the type
        # a count of parts at the end is a spec; a participle before a noun modifies it ("this laptop" was said)
        ("Laptop Cooling Pad 5 Fans", "cooling pad"),
        ("Power Strip 4 Outlets", "power strip"),
        ("Sandwich Maker Toastie", "sandwich maker"),
        # an acronym, a measure in inches or a count after the type is a spec (training split: "this cable usb",
        # "this sensor")
        ("Apple Watch Charger Cable USB-C 1m", "charger cable"),
        ('Premium Compact Camera 1" Sensor', "compact camera"),
        ("USB Hub 4 Port", "hub"),
        ("Tent 4 Person", "tent"),
        # the tenth round's N items, each a product called something it is not ("this small dog", "this
        # driftwood", "this drone") and its E items ("this porcelain", "this carbon fiber", "folding hexagon")
        ("NAIL CLIPPERS CAT & SMALL DOG W/ SAFETY GUARD", "nail clippers"),
        ("java fern on driftwood - M", "java fern"),
        ("drone landing pad foldable 55cm / 22in", "landing pad"),
        ("GAIWAN PORCELAIN 120ml", "gaiwan"),
        ("spray skirt neoprene touring", "spray skirt"),
        ("record cleaning brush carbon fiber anti-static", "cleaning brush"),
        ("DICE TRAY FOLDING HEXAGON", "dice tray"),
        ("Carbon Steel Wok", "wok"),  # a material before its noun stays a material
        # the eleventh round's ("these baritone uke", "g chrome", "strings low", "j hook", "c hub", "oil cedar")
        ("baritone uke strings DGBE, 2 sets", "uke strings"),
        ("pointed nib G chrome 10 pcs", "nib"),
        ("TENOR UKULELE STRINGS LOW G - WOUND 4TH", "ukulele strings"),
        ("HIVE TOOL J HOOK STAINLESS 26CM", "hive tool"),
        ("7-in-1 USB C Hub HB-700", "hub"),
        ("beard oil cedar + bergamot 30ml", "beard oil"),
        ("Slimline Type G Travel Adapter", "travel adapter"),  # a letter a label names is no model letter
        ("Brow Gel - Clear", "brow gel"),  # a substance that is the product
        # a noun the tagger reads as a verb, and a participle at the end (the training split: "this yoga")
        ("Steering Wheel Stand Foldable", "wheel stand"),
        ("Cork Yoga Block Rounded (set of 2)", "yoga block"),
    ],
)
def test_a_code_qualifier_or_spec_after_the_type_is_not_the_type(name, type_noun):
    assert product_type(name)[0] == type_noun


@pytest.mark.parametrize(
    ("name", "category", "type_noun"),
    [
        # the category names the type where the name alone does not know it (eighth round: "this length arched")
        ("Mirror Full Length Arched", "Home > Mirrors", "mirror"),
        ("CAR PHONE MOUNT MAGNETIC VENT", "Car Accessories > Phone Mounts", "phone mount"),
        ("TV WALL MOUNT TILTING 32-65 inch", "TV Mounts & Brackets", "wall mount"),
        ("Dog Training Clicker 2-pack", "Pets > Dog Training", "training clicker"),
        ("drone landing pad foldable 55cm / 22in", "Drones", "landing pad"),  # a participle before its noun
        # a known type or a set read from the name stands, whatever the category
        ("Yoga Towel Non Slip", "Yoga > Mats", "yoga towel"),
        ("Velvet Quilt Set - King (3pc)", "Bedding > Quilts", "quilt set"),
        # a noun after the category's word makes a compound with it (data/dev: "this clear brow", "this hand")
        ("Clear Brow Gel", "Makeup > Brows", "brow gel"),
        ("Hand Cream Trio", "Body Care > Hands", "cream trio"),
        ("Silk Velvet Cushion Cover", "Home Textiles > Cushions", "cushion cover"),
    ],
)
def test_the_category_says_where_an_unknown_type_ends(name, category, type_noun):
    assert product_type(name, category)[0] == type_noun


@pytest.mark.parametrize("name", ["Mirror Full Length Arched", "Foam Play Mat for Baby - Extra Large",
                                  "Dog Training Clicker 2-pack"])
@pytest.mark.parametrize("category", ["Home Accessories", "Baby > Play", "Pets > Dog Training", "Cookware"])
def test_a_broad_activity_or_singular_category_says_nothing_of_the_type(name, category):
    assert product_type(name, category) == product_type(name)


@pytest.mark.parametrize(
    ("fact", "kind", "said"),
    [
        ("chain included? yes", "INCLUDED", "chain"),
        ("machine washable? yes", "ADJ", "machine washable"),
        ("floats? no - keep the lanyard on", "VP", "does not float: keep the lanyard on"),
        ("waterproof? no", "VP", "is not waterproof"),
        ("works on resin? no", "VP", "does not work on resin"),
        # fourth round: "includes a nut tool not" told a shopper the tool is included
        ("nut tool not included", "VP", "does not come with a nut tool"),
    ],
)
def test_a_fact_typed_as_a_question_and_answer_is_said_as_a_statement(fact, kind, said):
    phrase = analyse("features", fact)
    assert (phrase.kind, phrase.core, phrase.text) == (kind, said, fact)


@pytest.mark.parametrize(("fact", "kind", "said"), [
    # a key that names people makes the value a note to them (training split: "has pet owners of toxic if eaten")
    ("pet owners: toxic if eaten", "STEP", "a note for pet owners: toxic if eaten"),
    ("parents: supervise at all times", "STEP", "a note for parents: supervise at all times"),
    ("kids: ages 3+", "PAIR", "ages 3+"),  # an age is the key's value, not a note
])
def test_a_key_naming_people_is_a_note_to_them(fact, kind, said):
    phrase = analyse("features", fact)
    assert (phrase.kind, phrase.core) == (kind, said)


@pytest.mark.parametrize(("fact", "kind", "said"), [
    # the training split's merchant-typed fragments: "It has a vegan.", "has whipped texture melts into skin",
    # "comes with a choose around 10% of body weight"
    ("vegan", "ADJ", "vegan"),
    ("whipped texture melts into skin", "CLAUSE", "whipped texture melts into skin"),
    ("choose around 10% of body weight", "STEP", "choose around 10% of body weight"),
])
def test_the_training_splits_fragments_get_their_grammatical_type(fact, kind, said):
    phrase = analyse("features", fact)
    assert (phrase.kind, phrase.core) == (kind, said)


@pytest.mark.parametrize(("keyword", "said"), [
    ("learn piano", "made to help you learn piano"),  # was "a great pick for anyone who loves a good learn piano"
    ("save space", "made to help you save space"),
    ("declutter", "made to help you declutter"),  # one word that is no noun (was "made with declutter in mind")
])
def test_a_keyword_led_by_a_verb_is_what_the_product_helps_with(keyword, said):
    analysis = analyse_product(Product.parse({"name": "61-Key Keyboard", "keywords": [keyword]}))
    assert keyword_frames(analysis.keywords[0], analysis) == [said]


@pytest.mark.parametrize("keyword", ["front door", "office to weekend", "clean beauty", "camp cooking", "sleep"])
def test_a_keyword_led_by_a_noun_or_adjective_gets_no_verb_frame(keyword):
    analysis = analyse_product(Product.parse({"name": "Doormat", "keywords": [keyword]}))
    assert not any(f.startswith("made to help you") for f in keyword_frames(analysis.keywords[0], analysis))


def test_a_question_answer_fact_never_reaches_the_text_raw():
    product = Product.parse({"name": "Waterproof Phone Pouch IPX8 (2-pack)", "brand": "Driftsafe",
                             "features": ["touchscreen works through the window? yes",
                                          "floats? no - keep the lanyard on", "waterproof? no"]})
    for seed in range(6):
        realizer = Realizer(analyse_product(product), "friendly", "short", seed)
        text = " ".join(s.text for s in [realizer.template_opening(), *realizer.body()])
        assert "? yes" not in text and "? no" not in text and "{" not in text, text


@pytest.mark.parametrize("name", ["BATH TOWEL SET 8PC - CHARCOAL", "Kettlebell 16kg – Cast Iron",
                                  "Towel Bundle (4 pcs)"])
def test_the_type_read_from_a_name_is_one_the_checker_accepts(name):
    # the type came from before a qualifier or a spec while the checker still took the name's last word for the
    # type, so "the towel set …" was dropped as another product and the text lost its facts (data/dev, t5-231)
    from generator.product import Style
    from generator.quality.compose import compose

    product = Product.parse({"name": name, "features": ["wide handle", "flat base"], "color": "black"})
    realizer = Realizer(analyse_product(product), "friendly", "medium", 1)
    repaired = compose([realizer.template_opening(), *realizer.body()], product, Style(length="medium"), 1)
    assert [flag for _, flags in repaired.removed for flag in flags if flag.kind == "product_type"] == []
    assert name.split()[0].lower() in repaired.prose.lower()


def test_a_keyword_the_opening_says_gets_no_line_and_sizes_and_ingredients_read_as_english():
    # from the fifth blind round's E items: "It is a true raised toilet seat", "has a 3-pack", "has a 91 cm uncut",
    # "With oats, an apple, a mint and a linseed"
    product = Product.parse({"name": "Horse Treats - Apple & Mint", "brand": "Hayloft", "size": "3-pack",
                             "materials": ["oats", "apple", "mint", "linseed"], "keywords": ["horse treats"]})
    realizer = Realizer(analyse_product(product), "friendly", "medium", 2)
    opening = realizer.template_opening()
    closing = realizer.closing(said=opening.text)
    sentences = [opening, *realizer.body(), *closing]
    text = " ".join(s.text for s in sentences)
    assert not any("horse treats" in s.text.lower() for s in closing), text
    assert any("horse treats" in s.text.lower() for s in realizer.closing()), "said nowhere, it gets its line"
    assert has_phrase(text, "horse treats") and "come as a 3-pack" in text, text
    assert "oats, apple, mint and linseed" in text and "an apple" not in text, text
    cane = Realizer(analyse_product(Product.parse({"name": "Walking Cane", "size": "91 cm uncut"})), "friendly",
                    "short", 1)
    assert "measures 91 cm uncut" in " ".join(s.text for s in cane.body())


def test_sold_separately_is_not_an_inclusion_and_a_size_with_its_verb_is_one_phrase():
    # the sixth blind round's N items: "features a counterflow chiller sold separately", and "fits frame codes
    # C02, C04 and F06" split into "fits frame codes C02 and comes in C04 and F06"
    assert analyse("features", "counterflow chiller sold separately").core == "does not come with a counterflow chiller"
    product = Product.parse({"name": "Skylight Blind", "size": "fits frame codes C02, C04 and F06",
                             "features": ["counterflow chiller sold separately"]})
    body = " ".join(s.text for s in Realizer(analyse_product(product), "friendly", "medium", 1).body())
    assert "fits frame codes C02, C04 and F06" in body and "comes in C04" not in body, body
    assert "does not come with a counterflow chiller" in body and "features a counterflow" not in body, body
    kit = Realizer(analyse_product(Product.parse({"name": "Cider Kit", "size": "makes 23L"})), "friendly", "short", 1)
    assert "makes 23L" in " ".join(s.text for s in kit.body()) and "holds makes" not in " ".join(
        s.text for s in kit.body())


@pytest.mark.parametrize(("size", "said"), [  # the sixth round's E items: "measures length 78 cm", "has a 2 tier"
    ("length 78 cm", "has a length of 78 cm"),
    ("max user weight 100 kg", "has a max user weight of 100 kg"),
    ("2 tier", "has 2 tiers"),
    ("10m set", "comes as a 10m set"),
    ("50 strips", "comes with 50 strips"),
    ("40 pcs", "comes with 40 pcs"),
    ("3-pack", "comes as a 3-pack"),
])
def test_a_size_is_said_by_what_it_measures_or_counts(size, said):
    realizer = Realizer(analyse_product(Product.parse({"name": "Shower Caddy", "size": size})), "friendly", "short", 1)
    assert said in " ".join(s.text for s in realizer.body())


@pytest.mark.parametrize(("fragment", "kind", "core"), [
    ("seat width 42 cm", PAIR, "42 cm"),  # said "a seat width of 42 cm"
    ("dishwasher safe: no - hand wash", VP, "is not dishwasher safe: hand wash"),
    ("O-rings are food-grade silicone", CLAUSE, "O-rings are food-grade silicone"),
    ("sprinkle directly onto the must", STEP, "sprinkle directly onto the must"),
])
def test_labelled_measures_answers_and_clauses_with_be(fragment, kind, core):
    phrase = analyse("features", fragment)
    assert (phrase.kind, phrase.core) == (kind, core)


# The seventh blind round's E classes (2026-12-07-heldout-g), each as the analysis now reads it.
@pytest.mark.parametrize(
    ("field", "fragment", "kind", "core", "article"),
    [
        ("features", "weighted corners for a clean drop", NP, "weighted corners for a clean drop", ""),  # "a weighted"
        ("features", "100% fluorocarbon", NP, "100% fluorocarbon", ""),  # was "features a 100% fluorocarbon"
        ("features", "75% layout", NP, "75% layout", "a"),  # a percent before a count noun keeps its article
        ("features", "less chalk dust at the gym", NP, "less chalk dust at the gym", ""),  # was "a less chalk"
        ("features", "1080p video", NP, "1080p video", ""),
        ("features", "20 m cable to your TV", NP, "20 m cable to your TV", "a"),  # was "features 20 m cable"
        ("features", "chrome-plated grill 40 x 27 cm", NP, "chrome-plated grill (40 x 27 cm)", "a"),
        ("features", "40 x 60 cm", MEASURE, "40 x 60 cm", ""),  # was "It features 40 x 60 cm"
        ("features", "accuracy ±0.5°C", PAIR, "±0.5°C", ""),  # was "has an accuracy ±0.5°C"
        ("features", "fins included? no", VP, "does not come with fins", ""),  # was "is not fins included"
        ("features", "pre-strung, ready to hang", ADJ, "pre-strung and ready to hang", ""),  # was "has a pre-strung"
        ("features", "top fixing, fits most D-shaped toilets", VP, "has top fixing and fits most D-shaped toilets", ""),
        ("features", "EVA foam tyres - never go flat", CLAUSE, "EVA foam tyres never go flat", ""),  # was verbatim
        ("features", "Odour resistant - wear it for days", VP, "is odour resistant, so you can wear it for days", ""),
        ("features", "letters 15cm tall", CLAUSE, "letters are 15cm tall", ""),  # was "It letters 15cm tall"
        ("features", "spray on legs, body and neck, avoid eyes", STEP, "spray on legs, body and neck, avoid eyes", ""),
        ("features", "2 panels, each 1 x 2.5 m", NP, "2 panels, each 1 x 2.5 m", ""),  # no "(...)" after "each"
        # from the training split's merchant-typed products
        ("features", "Machine wash cold, no fabric softener", STEP, "machine wash cold, no fabric softener", ""),
        ("features", "non-stick basket, dishwasher safe", CLAUSE, "non-stick basket is dishwasher safe", ""),
        ("features", "9 hooks from 2mm to 6mm", NP, "9 hooks from 2mm to 6mm", ""),  # a count is no subject
        ("features", "hidden zips against the back panel", NP, "hidden zips against the back panel", ""),
        ("features", "elasticated all round", ADJ, "elasticated all round", ""),
        ("features", "1200mAh each", MEASURE, "1200mAh each", ""),
    ],
)
def test_the_seventh_rounds_fragments_get_their_grammatical_type(field, fragment, kind, core, article):
    phrase = analyse(field, fragment)
    assert (phrase.kind, phrase.core, phrase.article) == (kind, core, article)


def _text(facts: dict, seeds: int = 6, tone: str = "friendly", length: str = "long") -> list[str]:
    a = analyse_product(Product.parse(facts))
    out = []
    for seed in range(seeds):
        r = Realizer(a, tone, length, seed)
        out.append(" ".join(s.text for s in [*r.body(), *r.closing()]))
    return out


def test_materials_are_made_of_unless_they_name_a_part_and_sizes_measure_what_they_name():
    """Seventh round: "has a metallic foil", "has a magnesium carbonate", "measures 40 x 27 cm cooking area",
    "measures spout reach 120mm", "comes with a flexible tails of 350mm", "comes with a weight of 230g"."""
    for text in _text({"name": "Liquid Chalk",
                       "materials": ["magnesium carbonate", "metallic foil", "polycarbonate shell"],
                       "features": ["flexible tails: 350mm", "weight 230g"], "size": "40 x 27 cm cooking area"}):
        assert re.search(r"(?i)made (?:of|from) magnesium carbonate and metallic foil", text), text
        assert "a polycarbonate shell" in text and "a magnesium" not in text and "a metallic" not in text, text
        assert "has a 40 x 27 cm cooking area" in text and "has flexible tails of 350mm" in text, text
        assert "weighs 230g" in text, text
    for text in _text({"name": "Basin Mixer Tap", "size": "spout reach 120mm, height 165mm"}):
        assert "has a spout reach of 120mm and a height of 165mm" in text, text
    for text in _text({"name": "Lined Curtains", "size": "made to measure, widths up to 300 cm"}):
        assert "are made to measure" in text and "come in made to measure" not in text, text


@pytest.mark.parametrize(
    ("keyword", "expected"),
    [("dechlorinator", "just the thing if you need a dechlorinator"), ("spin", "for spin"),
     ("commuter", "commuter"),  # someone, not a tool: never "if you need a commuter"
     ("primary fermentation", "for primary fermentation"), ("family home", "the family home"),
     ("nesting season", "for nesting season")],
)
def test_a_keyword_of_a_known_kind_never_gets_with_x_in_mind(keyword, expected):
    """Raters marked "designed with X in mind" keyword lines a slip (fourth to seventh rounds): a tool's name, a
    quality, a purpose, a place and a season each get a frame of their own. (Only a count noun that no list
    knows still gets "made with X in mind".)"""
    facts = {"name": "Water Conditioner", "features": ["removes chlorine"], "keywords": [keyword]}
    for text in _text(facts):
        assert ("in mind" not in text or keyword == "commuter") and expected in text, text
        assert "need a commuter" not in text
        assert not sentence_flags(text, facts_for(Product.parse(facts)), "", topical=False), text


def test_an_adjective_keyword_that_repeats_the_type_is_not_put_before_it():
    """Seventh round: "this fly repellent fly spray"."""
    for text in _text({"name": "Horse Fly Spray", "features": ["repels flies"], "keywords": ["fly repellent"]}):
        assert "fly repellent fly spray" not in text, text


def test_a_clause_about_a_substance_gets_no_possessive():
    """'Their water pours through holes in the bottom' (data/dev): water is no part of the bath boats."""
    for text in _text({"name": "Stacking Bath Boats", "features": ["set of 3 boats",
                                                                  "water pours through holes in the bottom"]}):
        assert "Water pours through holes in the bottom." in text and "Their water" not in text, text



# The eighth blind round's realizer items (2026-12-07-heldout-h), each as the analysis now reads it.
@pytest.mark.parametrize(
    ("fragment", "kind", "core"),
    [
        ("gentle on hair, no creases", VP, "is gentle on hair and has no creases"),  # was "a gentle on hair"
        ("Flatten and hone the blade before first use.", STEP, "flatten and hone the blade before first use"),
        ("Keep sealed with the desiccant when not in use.", STEP, "keep sealed with the desiccant when not in use"),
        ("use 1-3 g per litre", STEP, "use 1-3 g per litre"),  # was "features a use 1-3 g per litre"
        ("wrap 5-6 turns clockwise onto the male thread", STEP, "wrap 5-6 turns clockwise onto the male thread"),
        ("trim the face to your fingers with scissors", STEP, "trim the face to your fingers with scissors"),
        ("touch dry in 4 hours", ADJ, "touch dry in 4 hours"),  # was "features a touch dry in 4 hours"
        ("includes a size 0 brush", VP, "includes a size 0 brush"),  # was "comes with an includes a size of 0"
        ("double-sided: textured PEI on both faces", ADJ, "double-sided, with textured PEI on both faces"),
        ("suits 1:35 and 1:48 figures", VP, "suits 1:35 and 1:48 figures"),  # a ratio is no "key: value"
        ("teeth: rounded tips, no snagging", CLAUSE, "teeth have rounded tips, no snagging"),  # was "a teeth of"
        ("parts pop off once the sheet cools", CLAUSE, "parts pop off once the sheet cools"),
        ("gyro stabilised for steady hover", ADJ, "gyro stabilised for steady hover"),
        ("fit standard Langstroth deep boxes", VP, "fits standard Langstroth deep boxes"),  # was "With fit ..."
        ("Cushioned sole.", NP, "cushioned sole"),  # a sentence that starts with no verb stays what it is
    ],
)
def test_the_eighth_rounds_fragments_get_their_grammatical_type(fragment, kind, core):
    phrase = analyse("features", fragment)
    assert (phrase.kind, phrase.core) == (kind, core)


def test_a_load_or_capacity_is_never_said_as_the_products_weight():
    """The eighth round's N items: 'max user weight 120 kg' read 'weighs 120 kg', '25 g capacity' read 'weighs
    25 g capacity'."""
    for text in _text({"name": "Folding Mobility Scooter", "features": ["max user weight 120 kg", "weight 23 kg"],
                       "size": "folded 98 x 55 x 40 cm"}):
        assert "weighs 120 kg" not in text and "a max user weight of 120 kg" in text and "weighs 23 kg" in text, text
    for text in _text({"name": "Stainless Burr Hand Grinder", "size": "25 g capacity"}):
        assert "has a 25 g capacity" in text and "weighs" not in text, text


@pytest.mark.parametrize(("name", "type_noun"), [("Low Angle Block Plane No. 60½", "block plane"),
                                                 ("Claw Clip Large (2-pack)", "claw clip")])
def test_a_model_number_or_a_size_word_after_the_type_is_not_the_type(name, type_noun):
    assert product_type(name)[0] == type_noun


@pytest.mark.parametrize(("fact", "mass"), [
    ("adhesive tabs and glue included", True),  # training split: "come with an adhesive tabs and glue"
    ("pegs and a mallet included", True),
    ("charging case and cable", False),  # "a charging case and cable"
])
def test_joined_nouns_take_the_article_of_the_first(fact, mass):
    assert analyse("features", fact).mass is mass


@pytest.mark.parametrize("typed", [
    # the ninth round: all said inside frames ("It comes with Push straight down ...", "they feature Brush off ice
    # before storing"), because the form drops the full stop that marked them as sentences
    "Push straight down on the handle to punch - no hammer.",
    "Brush off ice before storing.",
    "Rinse and dry the tools after each session.",
    "Wash by hand; not dishwasher safe.",
    "Apply thin with a cloth while the lathe spins at low speed.",
])
def test_an_instruction_typed_as_a_sentence_is_one_through_the_form(typed):
    product = Product.parse({"name": "Pottery Tool Kit", "features": [typed, "zip pouch included"]})
    assert analyse_product(product).features[0].kind == STEP
    text = " ".join(s.text for s in Realizer(analyse_product(product), "friendly", "medium", 1).body())
    assert f"{typed.rstrip('.')}." in text, text


@pytest.mark.parametrize("fragment", ["Light weight frame", "Heat mats and bulbs", "Dual Band Radio"])
def test_a_capitalised_noun_phrase_is_no_instruction(fragment):
    product = Product.parse({"name": "Pottery Tool Kit", "features": [fragment]})
    assert analyse_product(product).features[0].kind != STEP


@pytest.mark.parametrize(("name", "keyword", "said"), [
    # a keyword no list knows qualifies the type (ninth round: "made with vivarium in mind" was a slip to raters)
    ("Digital Thermostat", "vivarium", "a fine vivarium thermostat"),
    ("Soy Wax Flakes", "bulk", "fine bulk flakes"),
    ("Noise Machine", "white noise", "made for white noise"),  # not "a fine white noise noise machine"
    ("Glass Teapot", "loose leaf tea", "made for loose leaf tea"),  # what it is for, not a kind of teapot
    ("Building Blocks", "Montessori", "fine Montessori building blocks"),  # a one-word name keeps its capital
])
def test_an_unknown_keyword_qualifies_the_type(name, keyword, said):
    analysis = analyse_product(Product.parse({"name": name, "keywords": [keyword]}))
    assert keyword_frames(analysis.keywords[0], analysis) == [said]


@pytest.mark.parametrize(("size", "said"), [
    # the ninth round's sizes: "has an about 6 square feet", "has a 16 inches overall", "has an Up to 30 batches",
    # "measure slides 76 x 26 mm", "measures length: 22cm", "measures head 12" / 30cm; height 10cm"
    ("about 6 square feet", "{v:covers} about 6 square feet"),
    ("16 inches overall", "{v:measures} 16 inches overall"),
    ("Up to 30 batches", "{be} good for up to 30 batches"),
    ("slides 76 x 26 mm", "{has} slides measuring 76 x 26 mm"),
    ("length: 22cm", "{has} a length of 22cm"),
    ('head 12" / 30cm; height 10cm', '{v:measures} head 12" / 30cm and {has} a height of 10cm'),
    # a singular label without a colon is a part measured, as sizes that share a verb ("has a bath of" read wrong)
    # one part, had ("measures base ..." rated worse; "has a pouch of 25 x 18 cm" too)
    ("base 48 x 18 cm", "{has} a base measuring 48 x 18 cm"),
    ("bath 70 x 130 cm, hand 50 x 90 cm, face 30 x 30 cm",
     "{v:measures} bath 70 x 130 cm, hand 50 x 90 cm and face 30 x 30 cm"),
    ("UK 4 - 22", "{v:comes} in sizes UK 4 - 22"),  # a size label is no key
])
def test_a_size_with_a_key_or_a_quantifier_is_said_with_a_verb_that_fits(size, said):
    clause = size_clause(size)
    assert clause is not None and clause.predicates == [said]


@pytest.mark.parametrize(("fact", "kind", "core"), [
    # the ninth round's fragments: "Length - 6in / 15cm." and "Core - asymmetric." said as written; "features a
    # 3 light settings"; "comes with 10 of the sheets are gold foil"; "is licence required to transmit"; "comes
    # with a Thermometer ..."; "Ground to a 40-degree bevel." as an instruction
    ("length - 6in / 15cm", "PAIR", "6in / 15cm"),
    ("core - asymmetric", "CLAUSE", "core is asymmetric"),
    ("3 light settings: warm, cool, daylight", "NP", "3 light settings: warm, cool, daylight"),
    ("10 of the sheets are gold foil", "CLAUSE", "10 of the sheets are gold foil"),
    ("licence required to transmit", "STEP", "licence required to transmit"),
    ("Thermometer and recipe booklet included", "INCLUDED", "thermometer and recipe booklet"),
    ("Ground to a 40-degree bevel", "ADJ", "ground to a 40-degree bevel"),
    ("New Zealand wool", "NP", "New Zealand wool"),  # a name keeps its capitals
    ("EVA foam tyres - never go flat", "CLAUSE", "EVA foam tyres never go flat"),  # a clause is no key
])
def test_the_ninth_rounds_fragments_get_their_grammatical_type(fact, kind, core):
    phrase = analyse_product(Product.parse({"name": "Tool", "features": [fact]})).features[0]
    assert (phrase.kind, phrase.core) == (kind, core)


@pytest.mark.parametrize(("features", "said"), [
    # the tenth round: two facts typed as one ("comes with a grows ...", "needs no drilling needed") are two
    (["grows 30-50cm tall; background plant"], [("VP", "grows 30-50cm tall"), ("NP", "background plant")]),
    (["adhesive mount; no drilling"], [("NP", "adhesive mount"), ("VP", "needs no drilling")]),
    (["diameter: 15cm; height: 8cm"], [("PAIR", "15cm"), ("PAIR", "8cm")]),
    # a typed sentence, and a key's several values, stay whole
    (["Wash by hand; not dishwasher safe."], [("STEP", "wash by hand; not dishwasher safe")]),
    (["sizes: S; M; L"], [("PAIR", "S; M; L")]),
    # instructions typed as sentences whose verb is a noun too ("a store at room temperature", "a tamp until ...")
    (["Store at room temperature."], [("STEP", "store at room temperature")]),
    (["Water thoroughly after repotting."], [("STEP", "water thoroughly after repotting")]),
    (["wear over paddock boots"], [("STEP", "wear over paddock boots")]),
])
def test_the_tenth_rounds_features_are_read_as_typed(features, said):
    analysed = analyse_product(Product.parse({"name": "Tool", "features": features})).features
    assert [(p.kind, p.core) for p in analysed] == said


@pytest.mark.parametrize(("name", "said"), [
    ("HARE'S EAR DUBBING DISPENSER - 12 COLOURS", "Hare's Ear Dubbing Dispenser - 12 Colours"),  # was "Hare'S"
    ("card sleeves 63.5 x 88 mm (100 pack) - matte clear", "Card Sleeves 63.5 x 88 mm (100 Pack) - Matte Clear"),
])
def test_title_case_keeps_apostrophes_and_units_lower(name, said):
    assert analyse_product(Product.parse({"name": name})).full_name == said


@pytest.mark.parametrize(("fact", "kind"), [
    ("refillable", "ADJ"),  # data/dev: "comes with a push-button selector and a refillable"
    ("oil-absorbing", "ADJ"),  # data/dev: "comes with oil-absorbing and 8 shades"
    ("vegetable", "NP"),
    ("D-ring for clipping to the deck bungee", "NP"),  # twelfth round: "the dry bag is D-ring for clipping"
    ("turntable", "NP"),
])
def test_an_adjective_by_its_ending_is_said_of_the_product(fact, kind):
    assert analyse("features", fact).kind == kind


def test_keyword_lines_go_two_to_a_sentence_without_a_stacked_too():
    """The tenth round: three 'It is ... too.' lines in a row were 'repetitive "ideal for ... too" sentences'."""
    product = Product.parse({"name": "Diver Watch", "keywords": ["sport", "beach", "summer", "travel"]})
    for seed in range(8):
        lines = [s.text for s in Realizer(analyse_product(product), "friendly", "medium", seed).closing()]
        assert not any(line.endswith(" too.") for line in lines), lines
        assert len(lines) <= 3, lines


def test_at_most_two_connectives_a_text():
    product = Product.parse({"name": "Trail Backpack", "features": [
        "padded hip belt", "rain cover", "hydration sleeve", "side pockets", "chest strap", "laptop sleeve",
        "top lid pocket", "trekking pole loops"], "materials": ["nylon"], "color": "green", "size": "30 L"})
    for seed in range(12):
        text = " ".join(s.text for s in Realizer(analyse_product(product), "friendly", "long", seed).body())
        found = [c for c in CONNECTIVES if f"{c} " in text]
        assert len(found) <= 2, (found, text)


@pytest.mark.parametrize(("fact", "said"), [
    # the eleventh round's fragments (its N: "does not come with a 2-bolt cleat mount, cleats")
    ("2-bolt cleat mount, cleats not included", [("NP", "2-bolt cleat mount"), ("VP", "does not come with cleats")]),
    ("hold: firm", [("CLAUSE", "hold is firm")]),
    ("edgeless: won't scratch paint", [("VP", "is edgeless, so it won't scratch paint")]),
    ("Rinse in warm water after use.", [("STEP", "rinse in warm water after use")]),
    ("scoop daily, top up as needed", [("STEP", "scoop daily, top up as needed")]),
    ("take apart to wash", [("STEP", "take apart to wash")]),
    ("each tray 20 x 20cm", [("CLAUSE", "each tray measures 20 x 20cm")]),
    ("J-hook end lifts frames out by the lug", [("CLAUSE", "J-hook end lifts frames out by the lug")]),
    ("bentonite clay forms firm clumps", [("CLAUSE", "bentonite clay forms firm clumps")]),
])
def test_the_eleventh_rounds_fragments_get_their_grammatical_type(fact, said):
    assert said_as(fact) == said


def test_a_size_across_is_measured():
    clause = size_clause("8 cm across")  # was "has an 8 cm across"
    assert clause is not None and clause.predicates == ["{v:measures} 8 cm across"]


@pytest.mark.parametrize(("fact", "kind", "core"), [
    # the training split's (tuned there): "It features a does not convert voltage", "comes with worn under
    # clothing", "Flexible sole - folds in half." as written, "has ... no holes - adjusts to any length", "has ...
    # each 1.5 g", "features dry-erase ink wipes off easily"
    ("does not convert voltage", "VP", "does not convert voltage"),
    ("worn under clothing", "ADJ", "worn under clothing"),
    ("flexible sole - folds in half", "CLAUSE", "flexible sole folds in half"),
    ("no holes - adjusts to any length", "VP", "has no holes and adjusts to any length"),
    ("each 1.5 g", "CLAUSE", "each one is 1.5 g"),
    ("dry-erase ink wipes off easily", "CLAUSE", "dry-erase ink wipes off easily"),
])
def test_the_training_splits_dashed_and_negated_features(fact, kind, core):
    phrase = analyse_product(Product.parse({"name": "Tool", "features": [fact]})).features[0]
    assert (phrase.kind, phrase.core) == (kind, core)


@pytest.mark.parametrize(("name", "type_noun"), [
    ('Honing Steel 10"', "honing steel"),  # an -ing word before the head is part of the type
    ("Kids Sleeping Bag – Dino", "sleeping bag"),
])
def test_an_ing_word_before_the_head_is_part_of_the_type(name, type_noun):
    assert product_type(name)[0] == type_noun


@pytest.mark.parametrize(("fact", "said"), [
    # the thirteenth round's fragments: clauses whose verb no list knew were things it "comes with" ("comes with a
    # double-insulated bowl freezes in 16 hours", "features lever lowers smoothly")
    ("magnetic closure opens and shuts with one hand", [("CLAUSE", "magnetic closure opens and shuts with one hand")]),
    ("legs fold down into carry handles", [("CLAUSE", "legs fold down into carry handles")]),
    ("lever lowers smoothly", [("CLAUSE", "lever lowers smoothly")]),
    ("double swivel stops tangles", [("CLAUSE", "double swivel stops tangles")]),
    ("double-insulated bowl freezes in 16 hours", [("CLAUSE", "double-insulated bowl freezes in 16 hours")]),
    ("bamboo lift-off lid doubles as a cutting board", [("CLAUSE", "bamboo lift-off lid doubles as a cutting board")]),
    ("silicone core inside gives it grip", [("CLAUSE", "silicone core inside gives it grip")]),
    ("weighted head builds swing strength", [("CLAUSE", "weighted head builds swing strength")]),
    ("swirl lever dispenses soft serve straight into the cone",
     [("CLAUSE", "swirl lever dispenses soft serve straight into the cone")]),
    # ... but parts named by a plural that is a verb too stay parts
    ("ventilation holes at the back", [("NP", "ventilation holes at the back")]),
    ("two silicone handle covers", [("NP", "two silicone handle covers")]),
    ("4 ink colours in one barrel", [("NP", "4 ink colours in one barrel")]),
    ("defrost and reheat functions", [("NP", "defrost and reheat functions")]),
    ("cold shoe mounts x3", [("NP", "3 cold shoe mounts")]),
    # instructions: "With a press between the main strings", "comes with a hand wash", "features a rinse and hang"
    ("Press between the main strings near the throat.", [("STEP", "press between the main strings near the throat")]),
    ("hand wash", [("STEP", "hand wash")]),
    ("rinse and hang to dry", [("STEP", "rinse and hang to dry")]),
    ("cut along the marked lines", [("STEP", "cut along the marked lines")]),
    ("replace filter every 6 months", [("STEP", "replace filter every 6 months")]),
    # keys and values: "has holds of 2 loaves", "a quiet of under 28dB", "has rings of 316 stainless steel",
    # "has two compartments of top for loaves, ...", "Weight per block - 1.1 lb." and "Humidity setting 35% - 80%."
    ("holds: 2 loaves", [("PAIR", "2 loaves")]),
    ("quiet: under 28dB", [("ADJ", "quiet (under 28dB)")]),
    ("rings: 316 stainless steel", [("CLAUSE", "rings are 316 stainless steel")]),
    ("two compartments: top for loaves, bottom for rolls",
     [("NP", "two compartments: top for loaves, bottom for rolls")]),
    ("weight per block - 1.1 lb", [("CLAUSE", "each block weighs 1.1 lb")]),
    ("humidity setting 35% - 80%", [("PAIR", "35% - 80%")]),
    # "has also for coffee beans", "has no drilling needed", "Cover comes off - machine washable." as written
    ("also for coffee beans, seeds and dried herbs",
     [("VP", "can also be used for coffee beans, seeds and dried herbs")]),
    ("no drilling needed - stands on the floor", [("VP", "needs no drilling and stands on the floor")]),
    ("cover comes off - machine washable", [("CLAUSE", "cover comes off and is machine washable")]),
    ("non-slip even when hands are sweaty", [("ADJ", "non-slip even when hands are sweaty")]),
    # left by the thirteenth round, fixed after the fourteenth: "has a power of 12V adapter, included"
    ("power: 12V adapter, included", [("INCLUDED", "12V adapter")]),
    ("battery: CR2032, included", [("INCLUDED", "CR2032 battery")]),
    ("air line: 2 x 5m included", [("INCLUDED", "2 x 5m air line")]),
    ("assembly - 4 screws, screwdriver included", [("PAIR", "4 screws, screwdriver included")]),  # not "screwdriver
    # assembly"
    # a capital typed at the start of a common word is no name ("comes with a Wide, even rainfall spray")
    ("Wide, even rainfall spray", [("NP", "wide, even rainfall spray")]),
    ("Anti-clog silicone nozzles", [("NP", "anti-clog silicone nozzles")]),
    ("O-rings are food-grade silicone", [("CLAUSE", "O-rings are food-grade silicone")]),
])
def test_the_thirteenth_rounds_fragments_get_their_grammatical_type(fact, said):
    assert said_as(fact) == said


@pytest.mark.parametrize(("fact", "predicate"), [
    ("holds: 2 loaves", "{v:holds} 2 loaves"),  # was "has holds of 2 loaves"
    ("graduation: 1g", "{has} a graduation of 1g"),  # a spec is had, not "comes with a graduation of 1g"
    ("weight: 7.9-8.3 oz", "{v:weighs} 7.9-8.3 oz"),  # a range weighs too
    ("humidity setting 35% - 80%", "{has} a humidity setting of 35% - 80%"),
])
def test_a_key_and_value_gets_a_verb_that_fits(fact, predicate):
    clauses = feature_clauses(analyse_product(Product.parse({"name": "Tool", "features": [fact]})).features)
    assert [c.predicates for c in clauses] == [[predicate]]


@pytest.mark.parametrize(("size", "predicate"), [
    ("for boards up to 6'6\"", "{be} for boards up to 6'6\""),  # was "has a for boards up to of 6'6\""
    ("standard", "{v:comes} in a standard size"),  # was "comes in standard"
    ("16 oz", "{v:comes} in a 16 oz size"),  # ounces of a jar are no weight (the round's N: "They weigh 16 oz")
    ("pouch 25 x 18 cm", "{has} a pouch measuring 25 x 18 cm"),
    ("6 ft x 6 ft floor, 6.5 ft high", "{has} a 6 ft x 6 ft floor and {v:stands} 6.5 ft high"),
    ("small, medium, large", "{v:comes} in small, medium and large"),  # was "comes in small, comes in medium ..."
])
def test_the_thirteenth_rounds_sizes(size, predicate):
    clause = size_clause(size)
    assert clause is not None and clause.predicates == [predicate]


@pytest.mark.parametrize(("name", "category", "kind"), [
    ("tip-up with thermal base", "ice fishing", "tip-up"),  # was "an up"
    ("SPINFORCE PRO 16MM PICKLEBALL PADDLE CARBON", "pickleball", "paddle"),  # was "the spinforce"
    ("Ultrasonic Desk Humidifier", "Humidifiers", "desk humidifier"),  # was "the desk"
    ("WATER BATH CANNER 21.5 QT WITH RACK", "Canning & Preserving", "water bath canner"),  # was "the water bath"
    ("Freezer Bowl Ice Cream Maker", "Ice Cream Makers", "ice cream maker"),  # was "cream maker"
    ("SOFT SERVE MACHINE MINI", "Ice Cream Makers", "soft serve machine"),
    ("Putting Green Mat 3x10 ft w/ Auto Ball Return", "golf training aids", "putting green mat"),
    # the fourteenth round's N items, fixed after it: "the mount handlebar", "the stem" (toe stops), "the
    # thermostat" (a heat mat, whose name ends in a feature typed in lower case)
    ("SCOOTER PHONE MOUNT HANDLEBAR ALUMINUM", "Scooter Accessories", "phone mount"),
    ("TOE STOPS ADJUSTABLE 5/8 STEM (PAIR)", "Roller Skate Parts", "toe stops"),
    ("KOMBUCHA HEAT MAT adjustable thermostat", "Kombucha Brewing", "heat mat"),
    ("Laptop Stand Adjustable Aluminium", "Laptop Accessories", "laptop stand"),
    ("Bike Handlebar Bag", "Cycling", "handlebar bag"),
    # from the sixteenth round (docs/ratings/2026-12-07-heldout-p): "the basic", "pig cage"
    ("SV-200 sous vide immersion circulator basic", "Sous Vide Cookers", "immersion circulator"),
    ("Guinea Pig Cage Indoor 120cm Extra Large", "Small Animal Cages & Hutches", "guinea pig cage"),
    # a phrase of the category's that the name has, with more after it, ends the type: "the set electric", "the
    # colour display" (sixteenth round), "the tri-fold" (fourteenth), "the case" (fifteenth)
    ("fondue set electric 8 forks", "Fondue Sets", "fondue set"),
    ("WS-2900 Wireless Home Weather Station Colour Display", "Weather Stations", "weather station"),
    ("GARMENT BAG CARRY ON TRI-FOLD", "garment bags", "garment bag"),
    ("TRAVEL CIGAR HUMIDOR CASE WATERPROOF 5 CT", "Cigar Humidors", "cigar humidor"),
    ("Bath Toy Boats", "Bath Toys", "toy boats"),  # one plural noun after the phrase is its head
    # the seventeenth round's "the sound diesel": an acronym in a mixed-case name qualifies the category's word
    ("DCC Sound Diesel Locomotive HO 1:87", "Model Railway > Locomotives", "diesel locomotive"),
    # a material inside a kit's or a set's name is not the end of its type (eighteenth round: "the epoxy"; sixteenth:
    # "the brasserie")
    ("epoxy resin starter kit (beginner edition)", "Crafts > Resin", "starter kit"),
    ("Brasserie Cast Iron Fondue Set", "Fondue Sets", "fondue set"),
    ("Teddy Fleece Duvet Set", "Bedding", "duvet set"),
    # the category's word after a model code, where the words before the code name no known type (nineteenth
    # round: "the pro runner")
    ("PRO RUNNER T9 TREADMILL - REF 5520C", "Home & Garden > Fitness > Cardio > Treadmills", "treadmill"),
    ("Slate 11 Tablet", "Tablets", "tablet"),
    ("iPhone 15 Pro Max Case with Card Slot & Kickstand", "phone cases", "case"),
    ("Crystal Chandelier 6 Light", "Ceiling Lights", "crystal chandelier"),  # a known type before the code stays
    # and what stays as it was
    ("Braiser 3.5 qt - Matte Black", "Cookware > Braisers", "braiser"),
    ("tongs 12 inch locking", "BBQ Accessories", "tongs"),
    ("packable daypack 20L - folds into pocket", "Bags", "daypack"),
    ("KETTLEBELL 16KG CAST IRON", "Strength Training", "kettlebell"),
    ("wifi smart plug outdoor - dual outlet IP44", "Smart Home", "smart plug"),
    ("Guitar Stand A-Frame", "Guitar Accessories", "frame"),
])
def test_the_thirteenth_rounds_types(name, category, kind):
    assert product_type(name, category)[0] == kind


def test_keywords_that_name_a_problem_a_kit_or_people_get_frames_that_fit():
    """The thirteenth round: "the damp compact dehumidifier", "a fine mould compact dehumidifier", "made for coffee
    gear", "a fine kids cream maker", "a fine quick setup ice shelter", "a great match for locking"."""
    def said(name: str, keyword: str) -> str:
        analysed = analyse_product(Product.parse({"name": name, "keywords": [keyword]}))
        return keyword_frames(analysed.keywords[0], analysed)[0]
    assert said("Compact Dehumidifier", "damp") == "made to tackle damp"
    assert said("Coffee Scale with Timer", "coffee gear") == "a great addition to your coffee gear"
    assert said("Ice Cream Maker", "kids") == "perfect for your kids"
    assert said("Ice Shelter", "quick setup") == "built for quick setup"
    assert said("Screwgate Carabiner", "locking") == "a locking carabiner"
    assert said("Water Bath Canner", "jam") == "made for jam"
    style = analyse_product(Product.parse({"name": "Bread Bin", "keywords": ["vintage"]})).keywords[0]
    assert style.kind == "ADJ"  # "this vintage bread bin", not "designed for vintage"


def test_keyword_frames_that_differ_only_in_the_keyword_are_said_once():
    product = Product.parse({"name": "Compact Dehumidifier", "keywords": ["damp", "mould"]})
    for seed in range(6):
        lines = [s.text for s in Realizer(analyse_product(product), "friendly", "medium", seed).closing()]
        assert "It is made to tackle damp and mould." in lines, lines


def test_a_size_a_feature_already_gives_is_said_once():
    product = Product.parse({"name": "TV Backlight LED Strip", "features": ["length: 4m", "adhesive backing"],
                             "size": "4m"})
    for seed in range(6):
        text = " ".join(s.text for s in Realizer(analyse_product(product), "friendly", "medium", seed).body())
        assert text.count("4m") == 1, text


def test_no_with_front_pairs_unrelated_facts():
    product = Product.parse({"name": "Baking Scale", "features": ["removable 2L mixing bowl", "weighs up to 3kg"],
                             "color": "white"})
    for seed in range(12):
        text = " ".join(s.text for s in Realizer(analyse_product(product), "friendly", "short", seed).body())
        assert not re.search(r"(?:^|\. )With ", text), text


def test_a_measure_that_ends_a_sentence_is_the_facts_measure():
    """The thirteenth round: "... and measures approx. 3cm / 1.2in." was flagged ("1.2in." read as a length the
    facts lack), so the sentence and its four facts were dropped; coverage missed it too."""
    product = Product.parse({"name": "Tennis Dampener", "size": "approx. 3cm / 1.2in", "features": ["stays put"]})
    sentence = "It stays put and measures approx. 3cm / 1.2in."
    assert sentence_flags(sentence, facts_for(product)) == []
    assert mentions(sentence, "approx. 3cm / 1.2in")
    assert sentence_flags("It measures 3cm / 2.5in.", facts_for(product)) != []  # another length still is


def test_what_the_product_is_used_for_does_not_call_it_that():
    product = Product.parse({"name": "Chainmail Scrubber", "features": ["also for woks, carbon steel, glass bakeware"]})
    sentence = "It can also be used for woks, carbon steel, glass bakeware."
    assert sentence_flags(sentence, facts_for(product)) == []
    assert sentence_flags("This wok is safe on seasoning.", facts_for(product)) != []  # calling it one still is


def test_a_size_keyed_by_the_type_is_measured():
    """The fourteenth round: "the cabinet has a cabinet measuring 42 x 15 x 4 in" for a cabinet."""
    clause = size_clause("cabinet 42 x 15 x 4 in", "cabinet")
    assert clause is not None and clause.predicates == ["{v:measures} 42 x 15 x 4 in"]
    other = size_clause("cabinet 42 x 15 x 4 in", "ironing board")
    assert other is not None and other.predicates == ["{has} a cabinet measuring 42 x 15 x 4 in"]


# The seventeenth round (docs/ratings/2026-12-07-heldout-q): fragments that no frame for a noun phrase takes, said
# as sentences of their own ("feature each pair comes with a soft pouch", "has a kickstands built in", "has a glue
# required", "has cars of 2, lights: no", "has an age of 3+", "a 6 sheets per pass")
@pytest.mark.parametrize(("fact", "said"), [
    ("each pair comes with a soft pouch", [("CLAUSE", "each pair comes with a soft pouch")]),
    ("track pieces click together in minutes", [("CLAUSE", "track pieces click together in minutes")]),
    ("Also takes credit cards and staples", [("VP", "also takes credit cards and staples")]),
    ("kickstands built in", [("CLAUSE", "kickstands are built in")]),
    ("seat angle fixed at 20°", [("CLAUSE", "seat angle is fixed at 20°")]),
    ("glue required (not included)", [("STEP", "glue is required (not included)")]),
    ("knee pads 5 cm thick", [("CLAUSE", "knee pads are 5 cm thick")]),
    ("cars: 2, lights: no", [("NP", "2 cars"), ("VP", "does not have lights")]),
    ("wheels: yes", [("NP", "wheels")]),
    ("age: 3+", [("FOR", "ages 3+")]),
    ("6 sheets per pass", [("NP", "6 sheets per pass")]),
    # and what stays a noun phrase: a participle or a verb the parse reads into a noun phrase
    ("cushioned footbed", [("NP", "cushioned footbed")]),
    ("canvas carry bag", [("NP", "canvas carry bag")]),
    ("cable knit", [("NP", "cable knit")]),
    ("bias cut for drape", [("NP", "bias cut for drape")]),
    ("spring hinges", [("NP", "spring hinges")]),
    ("powder coated steel frame", [("NP", "powder coated steel frame")]),
    ("solar powered", [("ADJ", "solar powered")]),
])
def test_the_seventeenth_rounds_fragments_get_their_grammatical_type(fact, said):
    assert said_as(fact) == said


def test_a_fragment_with_its_own_subject_is_a_sentence_not_a_thing_the_product_has():
    product = Product.parse({"name": "Reading Glasses (3-pack)", "features": [
        "spring hinges", "each pair comes with a soft pouch", "glue required (not included)", "kickstands built in"]})
    text = " ".join(s.text for s in Realizer(analyse_product(product), "friendly", "medium", 1).body())
    assert "Each pair comes with a soft pouch." in text and "Glue is required (not included)." in text
    assert "kickstands are built in." in text
    assert not re.search(r"(?:has|have|feature|features|comes with|come with) (?:a |an )?(?:each|glue|kickstands)",
                         text)


@pytest.mark.parametrize(("name", "said"), [
    ("PETROL PRESSURE WASHER PW-3100 [SKU TX-3100P]", "Petrol Pressure Washer PW-3100"),  # was "Pw-3100 [Sku"
    ("N GAUGE STATION PLATFORM KIT - REF 2231", "N Gauge Station Platform Kit"),
    ("Bird Feeder #BF-07", "Bird Feeder"),
    ("Paint Brush #6", "Paint Brush #6"),  # a size, not a stock code
    ("KARAOKE PARTY SPEAKER KP-40 WITH 2 WIRELESS MICS", "Karaoke Party Speaker KP-40 with 2 Wireless Mics"),
    ("PROGRAMMABLE THERMOSTAT 7-DAY", "Programmable Thermostat 7-Day"),
    ("LEAF BLOWER 3-IN-1", "Leaf Blower 3-in-1"),
    ("X-RAY FILM HOLDER", "X-Ray Film Holder"),  # was "x-Ray": a name's first word is no unit
    ("tower fan w/ remote", "Tower Fan w/ Remote"),  # eighteenth round: "W/ Remote"
])
def test_the_prose_name_leaves_out_a_stock_code_and_keeps_a_model_codes_capitals(name, said):
    assert analyse_product(Product.parse({"name": name})).full_name == said


def test_a_stock_code_the_text_leaves_out_is_not_a_missing_fact():
    product = Product.parse({"name": "Float Tube [SKU FT-2210]", "features": ["inflatable seat"]})
    assert dict(coverage_items(product))["name"] == "Float Tube"


# The eighteenth round (docs/ratings/2026-12-07-heldout-r): its N item that both raters marked, a fact the
# merchant did not give ("comes with replacement filter every 3 months": filters supplied)
@pytest.mark.parametrize(("fact", "said"), [
    ("replacement filter every 3 months", [("STEP", "it needs a replacement filter every 3 months")]),
    ("descale every 4 weeks", [("STEP", "descale every 4 weeks")]),  # an instruction stays one
    ("shreds 12 sheets at a time", [("VP", "shreds 12 sheets at a time")]),
    # and its E items' shorthand, typed tidily: a question answered by words, "incl.", "X included: values"
    ("air assist? built in", [("CLAUSE", "air assist is built in")]),  # was "has an air assist? built in"
    ("Filter cleaning? push-button, semi-automatic", [("CLAUSE", "filter cleaning is push-button, semi-automatic")]),
    ("Quiet? 50 dB on low", [("ADJ", "quiet (50 dB on low)")]),  # was "has a Quiet? 50 dB on low"
    ("wheels included: 36 grit and 60 grit", [("INCLUDED", "36 grit and 60 grit wheels")]),  # was "has a wheels
    # included of 36 grit"
    ("height adjustable: 78-95 cm", [("PAIR", "78-95 cm")]),  # "an adjustable height of", not "a height adjustable"
    ("Pads won't mark your work!", [("CLAUSE", "pads won't mark your work")]),  # was "has a Pads won't mark"
    ("6 heads incl. fork, bullet and flat", [("NP", "6 heads including fork, bullet and flat")]),  # "a 6 heads"
    ("52 cm wide - fits through narrow doorways", [("VP", "is 52 cm wide and fits through narrow doorways")]),
    ("double-layer insulated", [("ADJ", "double-layer insulated")]),  # was "has a double-layer insulated"
    ("backrest removable? yes", [("CLAUSE", "backrest is removable")]),  # was "is backrest removable"
    ("straps adjustable", [("CLAUSE", "straps are adjustable")]),
    ("machine washable", [("ADJ", "machine washable")]),  # said of the whole product
    ("not waterproof: wipe only", [("VP", "is not waterproof (wipe only)")]),  # was garbled with the next fact
    ("batteries: 2 x AAA", [("VP", "takes 2 x AAA batteries")]),  # was "has batteries of 2 x AAA"
    # the nineteenth round's (docs/ratings/2026-12-07-heldout-s), after its rating
    ("solvent paints? not recommended", [("STEP", "solvent paints are not recommended")]),  # was "has solvent
    # paints of not recommended"
    ("motor: 3.5 HP continuous", [("NP", "3.5 HP continuous motor")]),  # was "a motor of 3.5 HP continuous"
    ("height adjustable 180-225 cm", [("PAIR", "180-225 cm")]),  # an adjustable height of 180-225 cm
    ("LCD: time, calories, watts, RPM", [("NP", "LCD showing time, calories, watts, RPM")]),  # was "a lcd of"
    ("rear-facing 40-105 cm", [("ADJ", "rear-facing (40-105 cm)")]),
    ("hand-sharpened 15-degree edge", [("NP", "hand-sharpened 15-degree edge")]),  # a noun phrase stays one
    ("screen: touch, colour", [("PAIR", "touch, colour")]),
    # what stays as it was: a value that names things, and a shorthand no careful writer would expand alike
    ("scent: lavender and cedar", [("PAIR", "lavender and cedar")]),
    ("stand w/ wheels", [("NP", "stand w/ wheels")]),
])
def test_the_eighteenth_rounds_fragments_get_their_grammatical_type(fact, said):
    assert said_as(fact) == said


def test_a_part_on_a_schedule_is_needed_not_supplied():
    product = Product.parse({"name": "Car & Desk Air Purifier", "features": ["replacement filter every 3 months"]})
    facts = facts_for(product)
    assert {f.kind for f in sentence_flags("It comes with replacement filter every 3 months.", facts)} == {"schedule"}
    assert not sentence_flags("It needs a replacement filter every 3 months.", facts)
    assert not sentence_flags("It comes with a timer that runs every 2 hours.", facts_for(Product.parse(
        {"name": "Fan", "features": ["timer runs every 2 hours"]})))
    text = " ".join(s.text for s in Realizer(analyse_product(product), "friendly", "medium", 1).body())
    assert "It needs a replacement filter every 3 months." in text


def test_an_adjustable_key_is_said_as_an_adjustable_measure():
    product = Product.parse({"name": "Walking Frame", "features": ["height adjustable: 78-95 cm"]})
    text = " ".join(s.text for s in Realizer(analyse_product(product), "friendly", "medium", 1).body())
    assert "an adjustable height of 78-95 cm" in text



# The nineteenth round's other items (docs/ratings/2026-12-07-heldout-s), after its rating: a clause whose verb
# the parse or the word lists missed ("features a triangular pad gets into corners", "come with a paint may chip",
# "this treadmill assembly takes"), a value of a measure and an adjective ("has a chuck of 13 mm keyless"), a dash
# key with "approx", an adjective and a dash ("Reversible - alphabet print / plain.") and "Wipe clean." pasted
@pytest.mark.parametrize(("fact", "said"), [
    ("triangular pad gets into corners", [("CLAUSE", "triangular pad gets into corners")]),
    ("performance monitor shows split time and stroke rate",
     [("CLAUSE", "performance monitor shows split time and stroke rate")]),
    ("5 cantilever trays open in one movement", [("CLAUSE", "5 cantilever trays open in one movement")]),
    ("paint may chip with heavy use", [("CLAUSE", "paint may chip with heavy use")]),
    ("Assembly takes about 45 minutes.", [("CLAUSE", "assembly takes about 45 minutes")]),
    ("chuck: 13 mm keyless", [("NP", "keyless 13 mm chuck")]),
    ("resistance levels: 8 magnetic", [("NP", "8 magnetic resistance levels")]),
    ("weight - approx 18 kg", [("PAIR", "approx 18 kg")]),
    ("reversible - alphabet print / plain", [("ADJ", "reversible (alphabet print / plain)")]),
    ("wipe clean", [("VP", "wipes clean")]),
    ("Wipe clean.", [("VP", "wipes clean")]),
    ("wipe clean with a damp cloth", [("VP", "wipes clean with a damp cloth")]),
    ("Wipe clean with a damp cloth.", [("STEP", "wipe clean with a damp cloth")]),  # a sentence, an instruction
    ("weekly prompts and reflection pages", [("NP", "weekly prompts and reflection pages")]),  # not "weekly"+verb
    ("each band: 30 x 5 cm", [("CLAUSE", "each band measures 30 x 5 cm")]),  # was "have an each band of"
    ("each weight: 2 kg", [("CLAUSE", "each weight weighs 2 kg")]),
    # what stays as it was: plural parts that are no clause, a noun phrase with a number, an adverb and its verb
    ("foam grips on 3 hand positions", [("CLAUSE", "foam grips on 3 hand positions")]),
    ("grip holes for easy carrying", [("NP", "grip holes for easy carrying")]),
    ("spring hinges", [("NP", "spring hinges")]),
    ("gently buffs dry lips", [("VP", "gently buffs dry lips")]),
    ("chuck: 13 mm", [("PAIR", "13 mm")]),
])
def test_the_nineteenth_rounds_other_fragments_get_their_grammatical_type(fact, said):
    assert said_as(fact) == said


def test_a_clause_and_a_care_line_read_as_sentences():
    product = Product.parse({"name": "Orbital Sander", "features": [
        "triangular pad gets into corners", "wipe clean", "chuck: 13 mm keyless"]})
    text = " ".join(s.text for s in Realizer(analyse_product(product), "friendly", "medium", 1).body())
    assert "triangular pad gets into corners." in text and "wipes clean" in text and "keyless 13 mm chuck" in text
    assert not re.search(r"(?:has|have|features?|comes? with) (?:a |an )?triangular pad|^Wipe clean\.|chuck of",
                         text)


@pytest.mark.parametrize(("size", "predicate"), [
    ("folded 17 x 9 cm (6.7 x 3.5 in)", "{v:measures} 17 x 9 cm (6.7 x 3.5 in) when folded"),  # "has a folded
    ("packed: 55 x 28 cm", "{v:measures} 55 x 28 cm when packed"),  # measuring" (seventeenth, nineteenth rounds)
    ("56 x 38 x 86 cm stacked", "{v:measures} 56 x 38 x 86 cm when stacked"),  # was "has a 56 x 38 x 86 cm stacked"
    ("0.53 x 10.05 m roll", "{v:comes} in a 0.53 x 10.05 m roll"),  # was "has a 0.53 x 10.05 m roll"
    ("roll 52 cm x 10 m (20.5 in x 33 ft)", "{v:comes} in a roll measuring 52 cm x 10 m (20.5 in x 33 ft)"),
    ("15 kg per plate", "{v:weighs} 15 kg per plate"),  # was "have a 15 kg per plate"
    ("H 38 cm", "{v:stands} 38 cm high"),  # was "measures H 38 cm"
    ("120 cm wide, 60 cm from wall", "{v:measures} 120 cm wide and {v:sits} 60 cm from the wall"),
    # what stays as it was
    ("30 x 40 cm each", "{v:measures} 30 x 40 cm each"),
    ("16 inches overall", "{v:measures} 16 inches overall"),
])
def test_the_nineteenth_rounds_sizes(size, predicate):
    clause = size_clause(size)
    assert clause is not None and clause.predicates == [predicate]


def test_predicates_that_share_a_verb_make_one_list():
    from generator.quality.realize import _merge_same_verb

    assert _merge_same_verb(["has a lid", "has a strap"]) == ["has a lid and a strap"]
    assert _merge_same_verb(["features 4 adjustment points", "features a front clip and reflective stitching"]) == [
        "features 4 adjustment points, a front clip and reflective stitching"]  # was "points and a clip and ..."
    assert _merge_same_verb(["has a lid and a strap", "has a clip"]) == ["has a lid and a strap", "has a clip"]


# The twentieth round (docs/ratings/2026-12-07-heldout-t), after its rating: keys, clauses and instructions the
# frames misread ("it is cable, with 1.5mm²", "has includes of", "is not anti-fog coating", "come with blades come
# pre-sharpened", "Its grease filters dishwasher safe.", "comes with a keep dry", "the welding helmet shades 5-8")
@pytest.mark.parametrize(("fact", "said"), [
    ("cable: 1.5mm²", [("PAIR", "1.5mm²")]),
    ("includes: head guard, chest protector, gloves", [("INCLUDED", "head guard, chest protector, gloves")]),
    ("battery: CR2450, replaceable", [("NP", "replaceable CR2450 battery")]),
    ("anti-fog coating: no", [("VP", "does not have an anti-fog coating")]),
    ("belt not included", [("VP", "does not come with a belt")]),
    ("batteries not included", [("VP", "does not come with batteries")]),
    ("blades come pre-sharpened", [("CLAUSE", "blades come pre-sharpened")]),
    ("Tips swap without tools!", [("CLAUSE", "tips swap without tools")]),
    ("grease filters dishwasher safe? yes", [("CLAUSE", "grease filters are dishwasher safe")]),
    ("Keep dry.", [("STEP", "keep dry")]),
    ("shades 5-8 and 9-13", [("NP", "shades 5-8 and 9-13")]),
    ("frost free - no manual defrosting", [("VP", "is frost free and has no manual defrosting")]),
    ("curve - P92", [("PAIR", "P92")]),
    ("wind-up handle - no more tangles", [("NP", "wind-up handle (no more tangles)")]),
    ("2-in-1: fan in summer, heater in winter", [("ADJ", "2-in-1 (fan in summer, heater in winter)")]),
    ("Geofencing - turns heating down when everyone leaves",
     [("CLAUSE", "geofencing turns heating down when everyone leaves")]),
    ("magnetic - holds magnets and notes", [("VP", "is magnetic and holds magnets and notes")]),
    ("fine mesh catches leaves and insects", [("CLAUSE", "fine mesh catches leaves and insects")]),
    ("washable pre-filter catches fur", [("CLAUSE", "washable pre-filter catches fur")]),
    ("locomotive with 3 wagons", [("NP", "locomotive with 3 wagons")]),
    ("polish with a dry cloth only", [("STEP", "polish with a dry cloth only")]),
    ("spikes + rubber feet", [("NP", "spikes + rubber feet")]),  # was "They spike + rubber feet."
    ("fine 0.5 mm tip for lines and dots", [("NP", "fine 0.5 mm tip for lines and dots")]),  # was an instruction
    # what stays as it was: an adjective's "no", a verb's object, an adjective with its complement
    ("waterproof? no", [("VP", "is not waterproof")]),
    ("holds 5 kg", [("VP", "holds 5 kg")]),
    ("compatible with most hoses", [("ADJ", "compatible with most hoses")]),
    ("non-slip grips on sole", [("NP", "non-slip grips on sole")]),
    ("quick-release hooks fit racks 8-16mm", [("CLAUSE", "quick-release hooks fit racks 8-16mm")]),
])
def test_the_twentieth_rounds_fragments_get_their_grammatical_type(fact, said):
    assert said_as(fact) == said


@pytest.mark.parametrize(("size", "type_head", "predicate"), [
    ("Short Handle", "bat", "{v:comes} in a Short Handle size"),  # was "comes in Short Handle"
    ("adult", "mask", "{v:comes} in an adult size"),
    ("pocket-sized", "tester", "{be} pocket-sized"),
    ("Left or Right", "stick", "{be} available in Left or Right"),
    ("Senior 7-12", "skate", "{v:comes} in sizes Senior 7-12"),  # was "has a senior of 7-12"
    ("EU 30-33 or EU 34-37", "skates", "{v:comes} in sizes EU 30-33 or EU 34-37"),  # was "have a eu of"
    ("age 4-5 / 6-7 / 8-9", "skirt", "{v:comes} in sizes for ages 4-5 / 6-7 / 8-9"),  # was "has an age of"
    ("160 cm / 170 cm / 180 cm", "gi", "{v:comes} in sizes 160 cm / 170 cm / 180 cm"),  # was "measure 160 cm / ..."
    ("pair", "dumbbells", "{v:comes} as a pair"),
    # what stays as it was: one measure in two units, a set's pieces, a list, a gauge
    ("30 cm / 12 in", "tray", "{v:measures} 30 cm / 12 in"),
    ("150 ml / 260 ml", "set", "{v:holds} 150 ml / 260 ml"),
    ("small, medium, large", "tee", "{v:comes} in small, medium and large"),
    ("OO gauge", "set", "{v:comes} in OO gauge"),
])
def test_the_twentieth_rounds_sizes(size, type_head, predicate):
    clause = size_clause(size, type_head)
    assert clause is not None and clause.predicates == [predicate]


@pytest.mark.parametrize(("name", "category", "kind"), [
    ("Alto Recorder in F", "Recorders", "alto recorder"),  # was "the recorder in"
    ("Harmonica in C", "harmonicas", "harmonica"),
    ("Under Counter Freezer", "Freezers", "freezer"),  # was "counter freezer"
    ("Galvanised Watering Can 5L", "Garden > Watering", "watering can"),  # stays
    ("Thermal Waffle Top", "Tops", "waffle top"),
])
def test_the_twentieth_rounds_types(name, category, kind):
    assert product_type(name, category)[0] == kind


def test_keywords_that_are_phrases_or_the_products_own_name_get_frames_that_fit():
    def frames(name, keyword, **more):
        return keyword_frames(analyse_product(Product.parse({"name": name, "keywords": [keyword], **more})).keywords[0],
                              analyse_product(Product.parse({"name": name})))

    assert frames("Plug-In Socket Tester", "peace of mind") == ["perfect for peace of mind", "made for peace of mind"]
    assert frames("Pleated School Skirt", "back to school")[0] == "perfect for back to school"  # no "the"
    assert frames("Junior Batting Pads", "cricket pads") == ["true cricket pads"]  # was "a great match for"
    assert "made for one of a kind" not in frames("Oil Painting", "one of a kind")
    product = Product.parse({"name": "Fridge Freezer", "keywords": ["freestanding"]})
    assert [k.kind for k in analyse_product(product).keywords] == ["ADJ"]  # "a freestanding fridge freezer"


def test_a_keys_value_said_on_its_own_is_the_merchants_words_not_another_product():
    product = Product.parse({"name": "Bladeless Tower Fan", "features": ["2-in-1: fan in summer, heater in winter"]})
    assert not sentence_flags("This tower fan is 2-in-1 (fan in summer, heater in winter).", facts_for(product))
    assert sentence_flags("This heater is quiet.", facts_for(Product.parse({"name": "Bladeless Tower Fan"})))


def test_a_flagged_sentence_of_several_facts_keeps_each_fact_that_passes_alone():
    """The twenty-first round's N: one flagged word ("lamp", read as another product) dropped a sentence of five
    facts and left 25 words. Each fact is also said alone; the checker keeps those that pass."""
    from generator.quality.compose import check_sentences
    from generator.quality.realize import Sentence

    product = Product.parse({"name": "Gel Nail Art Pen Set", "features": ["12 shades", "fine tip"]})
    whole = Sentence("It has 12 shades and a fine tip and is handmade in Italy.", ["12 shades", "fine tip"],
                     parts=[Sentence("It has 12 shades.", ["12 shades"]), Sentence("It has a fine tip.", ["fine tip"]),
                            Sentence("It is handmade in Italy.", [])])
    kept, removed = check_sentences([whole], product)
    assert [s.text for s in kept] == ["It has 12 shades.", "It has a fine tip."]
    assert [text for text, _ in removed] == [whole.text]
    realized = Realizer(analyse_product(Product.parse({"name": "Pen Set", "features": ["needs a UV lamp", "12 shades"],
                                                       "color": "assorted"})), "friendly", "short", 1).body()
    several = [s for s in realized if len(s.facts) > 1]
    assert several and all({f for part in s.parts for f in part.facts} == set(s.facts) for s in several)


# The twenty-first round (docs/ratings/2026-12-07-heldout-u), after its rating: its E items' shapes
@pytest.mark.parametrize(("fact", "said"), [
    ("won't stick to the wound", [("VP", "won't stick to the wound")]),  # was "feature a won't stick"
    ("transparent film barely shows on skin", [("CLAUSE", "transparent film barely shows on skin")]),
    ("snap lids open with a push of the thumb", [("CLAUSE", "snap lids open with a push of the thumb")]),
    ("Pot and forks are dishwasher safe.", [("CLAUSE", "pot and forks are dishwasher safe")]),  # was "is pot and"
    ("battery - 2x AAA (not included)", [("VP", "takes 2x AAA batteries (not included)")]),
    ("battery: 1 x AAA (included)", [("VP", "takes 1 x AAA battery (included)")]),
    ("fan power: 4 x AA batteries (not included)", [("VP", "takes 4 x AA batteries (not included)")]),
    ("noise: under 50 dB", [("VP", "runs at under 50 dB")]),  # was "has a noise of"
    ("qty: 20 cups", [("VP", "comes in a pack of 20 cups")]),  # was "a qty of 20 cups"
    ("adjustable straps: 4", [("NP", "4 adjustable straps")]),  # was "adjustable straps of 4"
    ("small: 15 x 10 cm", [("CLAUSE", "the small one measures 15 x 10 cm")]),  # was "is small (15 x 10 cm)"
    ("runtime - 90 min", [("PAIR", "90 min")]),  # was "Runtime - 90 min."
    ("apply under the natural lashes, not on the lid", [("STEP", "apply under the natural lashes, not on the lid")]),
    ("remove tab, wait 1 minute before inserting", [("STEP", "remove tab, wait 1 minute before inserting")]),
    ("re-freeze and reuse", [("STEP", "re-freeze and reuse")]),  # was "comes with a re-freeze and reuse"
    ("twist to fire", [("STEP", "twist to fire")]),
    ("fill through the flap on the back", [("STEP", "fill through the flap on the back")]),
    ("sheer and lightweight", [("ADJ", "sheer and lightweight")]),  # was "have a sheer and lightweight"
    ("sturdy enough for hot, saucy food", [("ADJ", "sturdy enough for hot, saucy food")]),
    ("Recyclable where facilities exist.", [("ADJ", "recyclable where facilities exist")]),
    # what stays as it was
    ("chain with hook", [("NP", "chain with hook")]),
    ("ready to hang", [("ADJ", "ready to hang")]),
    ("cut to size", [("NP", "cut to size")]),
    ("black and white", [("NP", "black and white")]),
    ("serves 6-8", [("VP", "serves 6-8")]),
    ("Never point at the sun.", [("STEP", "Never point at the sun")]),
    ("contains: cocoa mass, sugar", [("PAIR", "cocoa mass, sugar")]),
    ("quiet: under 28dB", [("ADJ", "quiet (under 28dB)")]),
])
def test_the_twenty_first_rounds_fragments_get_their_grammatical_type(fact, said):
    assert said_as(fact) == said


def test_the_twenty_first_rounds_types_colours_and_notes():
    assert product_type("Hearing Aid Batteries Size 312 (60 pack)", "Health")[0] == "hearing aid batteries"
    assert product_type("body wave lace front wig 22 inch", "Wigs")[0] == "lace front wig"  # was "front wig"
    assert product_type("pull-string piñata NUMBER 5", "Party > Piñatas")[0] == "piñata"  # was "number"
    assert product_type("Cold Pack Set (2 pcs) – Small & Large", "cold packs")[0] == "cold pack set"
    from generator.quality.realize import colour_clause

    assert colour_clause("honey blonde / dark brown / jet black").predicates == [
        "{v:comes} in honey blonde, dark brown or jet black", "{be} available in honey blonde, dark brown or jet black"]
    assert "finished in" in " ".join(colour_clause("black handle / white bristles").predicates)  # parts, as typed
    product = Product.parse({"name": "Confetti Cannon", "features": ["outdoor use recommended"]})
    text = " ".join(s.text for s in Realizer(analyse_product(product), "friendly", "medium", 1).body())
    assert "Outdoor use is recommended." in text  # was "An outdoor use is recommended."


@pytest.mark.parametrize(("name", "category", "kind"), [  # the twenty-second round (2026-12-07-heldout-v)
    ("under desk pedestal 3 drawer", "filing cabinets", "pedestal"),  # was "this drawer"
    ("Merino Liner Socks 2 Pack", "Socks > Hiking", "liner socks"),  # was "the pack"
    ("Indoor Plant Stand 3 Tier", "home & garden", "plant stand"),
    ("Adjustable 3-Hole Punch", "Office Supplies", "hole punch"),  # was "the adjustable"
    ("HEAVY DUTY STAPLER HD-100", "Office Supplies > Staplers", "heavy duty stapler"),  # was "duty stapler"
    ("Detachable Tow Bar Kit", "Towing > Tow Bars", "tow bar kit"),  # was "bar kit"
    # what stays: a count compound after a type, a shape word that is the type's
    ("BBQ Tool Set 5-Piece [SKU BBQ-TS18]", "bbq & grilling", "tool set"),
    ("TACKLE BOX 3-TRAY CANTILEVER", "Tackle Storage", "tackle box"),
    ("Kids Star Projector Night Light", "Lighting > Kids", "night light"),
])
def test_the_twenty_second_rounds_types(name, category, kind):
    assert product_type(name, category)[0] == kind


@pytest.mark.parametrize(("fact", "said"), [  # the twenty-second round's fragments, after its rating
    ("castors: 4 (2 lockable)", [("NP", "4 castors (2 lockable)")]),  # was "has castors of 4 (2 lockable)"
    ("brightness: 5 levels", [("NP", "5 brightness levels")]),  # was "a brightness of 5 levels"
    ("wheels: 2 x pneumatic", [("NP", "2 pneumatic wheels")]),  # was "pneumatic 2 x wheels"
    ("cca: 400", [("NP", "400 CCA")]),  # was "is cca (400)"
    ("assembly: 2 people, approx 4 hours", [("CLAUSE", "assembly takes 2 people, approx 4 hours")]),
    ("roof bars needed: no", [("VP", "does not need roof bars")]),  # was "is not roof bars needed"
    ("assembly required: no", [("VP", "does not need assembly")]),
    ("roof vents x2", [("NP", "2 roof vents")]),  # was "Its roof vents x2."
    ("spare blades (x3)", [("NP", "3 spare blades")]),
    ("wall bracket pivots 180°", [("CLAUSE", "wall bracket pivots 180°")]),  # was "has ... and wall bracket pivots"
    ("green coating blends into foliage", [("CLAUSE", "green coating blends into foliage")]),
    ("Clamps to desks and shelves up to 5 cm thick.", [("VP", "clamps to desks and shelves up to 5 cm thick")]),
    ("lights flash with every step", [("CLAUSE", "lights flash with every step")]),  # was "They light flash"
    ("Pieces stay put when the board gets bumped.", [("CLAUSE", "pieces stay put when the board gets bumped")]),
    # what stays
    ("raises monitor 12 cm", [("VP", "raises monitor 12 cm")]),
    ("restores shine to tarnished metal", [("VP", "restores shine to tarnished metal")]),
    ("includes pick-up pencil and tweezers", [("VP", "includes pick-up pencil and tweezers")]),
    ("quiet: under 28dB", [("ADJ", "quiet (under 28dB)")]),
    ("chuck: 13 mm keyless", [("NP", "keyless 13 mm chuck")]),
    ("ventilation holes at the back", [("NP", "ventilation holes at the back")]),
    ("capacity: 400", [("PAIR", "400")]),
])
def test_the_twenty_second_rounds_fragments_get_their_grammatical_type(fact, said):
    assert said_as(fact) == said


def test_the_twenty_second_rounds_colours_and_materials():
    from generator.quality.realize import colour_clause

    assert colour_clause("clear").predicates == ["{be} clear"]  # was "Finished in clear"
    assert not any("finished" in p for p in colour_clause("natural").predicates)
    assert colour_clause("black / blue / red ink").predicates == ["{v:comes} with black, blue or red ink"]
    assert not any(p.endswith(" finish") for p in colour_clause("black with red stitching").predicates)  # was "a black
    assert "{be} finished in black" in colour_clause("black").predicates  # with red stitching finish"
    kneeler = Product.parse({"name": "Garden Kneeler", "materials": ["steel frame", "EVA foam"]})
    for seed in range(6):
        text = " ".join(s.text for s in Realizer(analyse_product(kneeler), "friendly", "medium", seed).body())
        assert "uses EVA foam" in text and "Made from" not in text, text  # the foam is not the whole kneeler's
    cabinet = Product.parse({"name": "File Cabinet", "materials": ["walnut veneer", "brass"],
                             "features": ["brushed brass handles", "2 wide drawers"]})
    for seed in range(6):
        text = " ".join(s.text for s in Realizer(analyse_product(cabinet), "friendly", "medium", seed).body())
        assert "Made of brass" not in text and "made of brass" not in text, text  # the handles' brass
    whole = Product.parse({"name": "Water Bottle", "materials": ["stainless steel"],
                           "features": ["stainless steel lid"]})
    texts = {" ".join(s.text for s in Realizer(analyse_product(whole), "friendly", "medium", seed).body())
             for seed in range(6)}
    assert any("made from stainless steel" in t.lower() or "made of stainless steel" in t.lower() for t in texts)


def test_a_list_of_two_things_keeps_each_as_a_part():
    """The twenty-second round: one flagged figure in "comes with 5 brightness levels and a colour temperature
    3000K-6500K" dropped the sentence and both facts; each thing of a list is a part the checker can keep alone."""
    product = Product.parse({"name": "Desk Lamp", "features": ["touch controls", "USB-A charging port"]})
    realizer = Realizer(analyse_product(product), "friendly", "medium", 1)
    listed = [s for s in realizer.body() if set(s.facts) == {"touch controls", "USB-A charging port"}]
    assert listed, [s.text for s in realizer.body()]
    assert [p.facts for p in listed[0].parts] == [["touch controls"], ["USB-A charging port"]]
    assert [p.text for p in listed[0].parts] == ["It has touch controls.", "It has a USB-A charging port."]


@pytest.mark.parametrize(("fact", "said"), [  # the twenty-third round (2026-12-07-heldout-w), after its rating
    ("lightweight yet warm", [("ADJ", "lightweight yet warm")]),  # was "features a lightweight yet warm"
    ("balanced, low-noise", [("ADJ", "balanced and low-noise")]),  # was "comes with balanced, low-noise"
    ("easy-care, machine washable", [("ADJ", "easy-care and machine washable")]),  # was "Its easy-care is ..."
    ("naturally temperature regulating", [("ADJ", "naturally temperature regulating")]),
    ("breathable so it doesn't trap heat", [("ADJ", "breathable so it doesn't trap heat")]),
    ("shielded against interference", [("ADJ", "shielded against interference")]),
    ("plug & play on PC and Mac!", [("ADJ", "plug & play on PC and Mac")]),  # was "comes with a plug & play"
    ("wall mountable", [("ADJ", "wall mountable")]),  # was "Its wall is mountable."
    ("assembly: none needed", [("VP", "needs no assembly")]),  # was "has an assembly of none needed"
    ("subwoofer: wireless, 6.5 inch driver", [("NP", "wireless subwoofer with a 6.5 inch driver")]),
    ("jacket - braided nylon", [("CLAUSE", "jacket is braided nylon")]),  # was said as written
    ("firmness - medium-firm", [("CLAUSE", "firmness is medium-firm")]),
    ("built-in mic - stereo", [("CLAUSE", "built-in mic is stereo")]),
    ("RGB lighting - can be switched off", [("CLAUSE", "RGB lighting can be switched off")]),
    ("indoor use only", [("ADJ", "for indoor use only")]),  # was "have an indoor use only"
    # what stays: things, instructions, several values of a key
    ("loud, clear ring", [("NP", "loud, clear ring")]),
    ("battery opening for quick swaps", [("NP", "battery opening for quick swaps")]),
    ("polish with a dry cloth only", [("STEP", "polish with a dry cloth only")]),
    ("plug and play USB receiver", [("NP", "plug and play USB receiver")]),
    ("scent: fig and cedar", [("PAIR", "fig and cedar")]),
    ("capacity: 300ml milk / 150ml foam", [("PAIR", "300ml milk / 150ml foam")]),
    ("zip pocket - holds keys", [("CLAUSE", "zip pocket holds keys")]),
])
def test_the_twenty_third_rounds_fragments_get_their_grammatical_type(fact, said):
    assert said_as(fact) == said


@pytest.mark.parametrize(("size", "said"), [  # bed sizes, a weight and a part's measure (twenty-third round)
    ("King - 225 x 220 cm", "{v:comes} in King size, measuring 225 x 220 cm"),  # was "measures King - 225 ..."
    ("King 150 x 200 cm (5ft)", "{v:comes} in King size, measuring 150 x 200 cm (5ft)"),  # was "has a king
    ("Double (135 x 190 cm)", "{v:comes} in Double size, measuring 135 x 190 cm"),  # measuring"
    ("single, double or king", "{v:comes} in single, double or king sizes"),  # was "single size and double or king"
    ("Super King", "{v:comes} in Super King size"),
    ("weight - 3.2 kg", "{v:weighs} 3.2 kg"),  # was "weighs weight - 3.2 kg"
    ("58 cm tall, shade 35 cm wide", "{v:stands} 58 cm tall and {has} a shade 35 cm wide"),
    ("S / M / L", "{v:comes} in sizes S / M / L"),  # what stays
    ("28 cm folded", "{v:measures} 28 cm when folded"),
])
def test_the_twenty_third_rounds_sizes(size, said):
    from generator.quality.realize import size_clause

    assert size_clause(size, "duvet").predicates == [said]
    assert "toddler size" not in size_clause("toddler 5 - youth 3", "sneakers").predicates[0]  # a shoe size range


@pytest.mark.parametrize(("name", "category", "kind"), [  # the twenty-third round's types
    ("belt drive turntable with built-in preamp", "Turntables", "belt drive turntable"),  # was "drive turntable"
    ("all season duvet king size", "Bedding > Duvets", "all season duvet"),  # was "season duvet"
    ("hotel style pillows (2-pack)", "Bedroom > Pillows", "pillows"),  # was "style pillows"
    ("Studio Condenser Mic SC-24 USB-C", "Recording > USB Microphones", "condenser mic"),  # was "studio condenser"
    ("Smart Air Quality Monitor", "Smart Home Sensors", "air quality monitor"),
    ("HEAVY DUTY STAPLER HD-100", "Office Supplies > Staplers", "heavy duty stapler"),  # what stays
])
def test_the_twenty_third_rounds_types(name, category, kind):
    assert product_type(name, category)[0] == kind
