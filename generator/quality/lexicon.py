"""Word lists the checker and the voice filter use. Each list says what it is for.

Nothing here is a fact about a product: these are the words a description must not add on its own
(extras, product types, audiences, claims), and the generic words a model may add around the facts.
The lists themselves are data, one entry a line with a header saying what each is for, in
generator/data/words/ (`load_words`, `load_list`, `load_table`); tests/unit/test_word_lists.py keeps them
free of duplicates and of overlaps nobody meant. The claim patterns are data/claim_patterns.toml (check/patterns.py).
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
WORDS_DIR = DATA_DIR / "words"


@cache
def load_data(name: str) -> dict[str, Any]:
    """generator/data/<name>.toml: the pattern and phrase tables that are data, not code."""
    with (DATA_DIR / f"{name}.toml").open("rb") as handle:
        return tomllib.load(handle)


@cache
def load_list(name: str) -> tuple[str, ...]:
    """The entries of data/words/<name>.txt in file order: one a line, stripped; blank lines and lines starting
    with `#` are skipped. For lists whose order matters (frames chosen with rng.choice, terms tried in order)."""
    lines = (line.strip() for line in (WORDS_DIR / f"{name}.txt").read_text(encoding="utf-8").splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


@cache
def load_words(name: str) -> frozenset[str]:
    """data/words/<name>.txt as a set of words or phrases (see `load_list`)."""
    return frozenset(load_list(name))


def load_table(name: str) -> dict[str, str]:
    """data/words/<name>.txt as a mapping, in file order: each entry is `key<TAB>value` (a new dict each call)."""
    table = {}
    for entry in load_list(name):
        key, tab, value = entry.partition("\t")
        if not tab:
            raise ValueError(f"{WORDS_DIR / name}.txt: {entry!r} is not key<TAB>value")
        table[key.strip()] = value.strip()
    return table


NUMBER_WORDS = {word: int(number) for word, number in load_table("number_words").items()}
ENTITY_LABELS = set(load_words("entity_labels"))
# Components, accessories and extras a description must not add unless the facts name them.
EXTRAS = load_words("extras")
# Who a product is for: saying one the facts do not name is a claim.
AUDIENCE_WORDS = load_words("audience_words")
# Nouns that name a kind of product: calling a tripod a camera is the wrong product.
PRODUCT_TYPES = load_words("product_types")
# The vocabulary a model may add around the facts: generic praise, everyday settings, connectives
# (data/words/generic.txt says how the voice filter uses it).
GENERIC = load_words("generic")
# What a model line may call the product ("The Hydrova bottle is a trusty companion"), besides its own type.
GENERIC_NOUNS = load_words("generic_nouns")
# Words that look harmless but promise something checkable; never added unless in the facts.
NEVER = load_words("never")
# Materials, for telling a material from a product word (analysis) and a material head (realize).
MATERIAL_WORDS = load_words("material_words")
# Edition and model words merchants put after the product type: "Blender Pro" is a blender, not "a blender pro".
EDITION_WORDS = load_words("edition_words")


def without_edition(name: str) -> str:
    """'Air Fryer XL' -> 'Air Fryer', 'Charger 65W' -> 'Charger', 'Mixer II' -> 'Mixer' (one word always stays)."""
    words = name.split()
    while len(words) > 1 and (
        words[-1].lower().strip(".") in EDITION_WORDS or re.fullmatch(r"[IVX]{2,4}|[A-Za-z]*\d[\w.+-]*", words[-1])
    ):
        words.pop()
    return " ".join(words)


# A stock code a shop exports with the name ("Float Tube [SKU FT-2210]", "GOLF GLOVE - REF 4471B", "Bird Feeder
# #BF-07"): a code for the shop, not a fact for the shopper, so prose leaves it out (seventeenth round: "the
# Petrol Pressure Washer Pw-3100 [Sku Tx-3100P]"). A model code ("PW-3100", "Brush #6") names the product and stays.
_STOCK_CODE = re.compile(r"\s*[\[(]\s*(?:sku|ref|art|item|code)\b[^\])]*[\])]"
                         r"|\s+(?:[-–—|]\s*)?(?:sku|ref)\b\.?\s*[:#]?\s*[\w./-]*\d[\w./-]*"
                         r"|\s+#[A-Za-z]+-?\d[\w-]*", re.IGNORECASE)


def without_stock_code(name: str) -> str:
    """'Float Tube [SKU FT-2210]' -> 'Float Tube'; a name that is nothing but a code stays as it is."""
    return _STOCK_CODE.sub("", name).strip() or name


_SIBILANT_PLURAL = re.compile(r"(?:ss|x|z|ch|sh)es$")


def singular(word: str) -> str:
    """A lower-case English plural's singular, by the spelling rules (not `rstrip("s")`, which turns "dress" into
    "dre" and "glass" into "gla"): berries -> berry, boxes -> box, glasses -> glass, corks -> cork; a word
    that is not a regular plural ("dress", "glass", "lens", "series") comes back as it is."""
    if len(word) <= 3 or word.endswith(("ss", "us", "is", "series", "news", "lens")):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if _SIBILANT_PLURAL.search(word):
        return word[:-2]
    return word[:-1] if word.endswith("s") else word


# What merchants put after the product's type in a name: a qualifier after a dash, a bracket, a comma, "with"
# or "w/" ("GOLF GLOVE - REF 4471B", "Ski Helmet with MIPS [SKU SH4410]", "Window Bird Feeder w/ Suction Cups").
_QUALIFIER = re.compile(r"\s+[-–—|/]\s+|\s*[(\[,]|\s+(?:w/|with|for)\s+", re.IGNORECASE)
_LABELS = frozenset({"size", "no", "no.", "nr", "number", "model", "type", "series", "ref", "sku", "art"})


def type_part(name: str) -> str:
    """The part of a name that holds the product's type: before a qualifier, and before the first spec that follows
    a word ("Beer Bottles 500ml Amber" -> "Beer Bottles", "rc car spare battery 7.2v 3000mah nimh" -> "rc car
    spare battery"); the whole name when that would leave no word."""
    core = _QUALIFIER.split(name, maxsplit=1)[0].strip()
    core = core if re.search(r"[^\W\d_]{3,}", core) else name
    tokens = core.split()
    for index, token in enumerate(tokens):
        if (index and _spec(token, tokens[index + 1] if index + 1 < len(tokens) else "")
                and tokens[index - 1].lower() not in _LABELS
                and re.search(r"[^\W\d_]{3,}", " ".join(tokens[:index]))):
            return " ".join(tokens[:index])
    return core


def _spec(token: str, following: str) -> bool:
    """A measure ("500ml", "7.2v", "14-Way", "137X274CM") or a number with its unit after it ("32 oz", "4 inch");
    a bare number before a word is a model number ("Aero Feather 88 Badminton Racket")."""
    if not re.search(r"\d", token):
        return False
    if re.search(r"[^\W\d_]", token) or re.fullmatch(r"\d+/\d+(?:\s*in)?", token):  # a fraction: "5/8 STEM"
        return True
    return bool(re.fullmatch(r"[^\W\d_]{1,3}\.?|inch(?:es)?|pcs|pieces?|litres?|liters?", following.lower()))
