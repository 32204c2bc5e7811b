"""Word lists the checker and the voice filter use. Each list says what it is for.

Nothing here is a fact about a product: these are the words a description must not add on its own
(extras, product types, audiences, claims), and the generic words a model may add around the facts.
The lists themselves are data, one entry a line with a header saying what each is for, in
generator/data/words/ (`load_words`, `load_list`, `load_table`); tests/unit/test_word_lists.py keeps them
free of duplicates and of overlaps nobody meant. The regular-expression tables stay here, as code.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

WORDS_DIR = Path(__file__).resolve().parent.parent / "data" / "words"


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
# Production, provenance, price and popularity: claims nobody gave.
CLAIM_PATTERNS = {
    "production": (
        r"\bhand[- ]?(?:crafted|made|stitched|sewn|finished|painted|poured|built|forged|woven|knitted|carved"
        r"|thrown|blown|dyed)\b",
        r"\b[a-z]+-fired\b",
        r"\bkilns?\b",
        r"\bforged\b",
        r"\bhammered\b",
        r"\bartisan(?:s|al)?\b",
        r"\bcraftsm(?:an|en|anship)\b",
        r"\bcraftspeople\b",
        r"\bcrafted by\b",
        r"\bmaster (?:craftsm|maker|weaver|potter|artisan)",
        r"\bworkshops?\b",
        r"\bfactor(?:y|ies)\b",
        r"\bmills?\b",
        r"\bmanufactur(?:ed|er|ers|ing)\b",
        r"\bfamily[- ](?:owned|run)\b",
        r"\bsmall[- ]batch\b",
        r"\bethically\b",
    ),
    "provenance": (
        r"\bmade in\b",
        r"\bimported\b",
        r"\bsourced (?:from|in)\b",
        r"\bheritage\b",
        r"\btraditional(?:ly)?\b",
        r"\bsince \d{4}\b",
        r"\bestablished\b",
        r"\bfounded\b",
        r"\bcompan(?:y|ies)\b",
        r"\bbrands\b",
        r"\bdesigned in\b",
        r"\bfrom (?:the )?(?:finest|best)\b",
    ),
    "price": (
        r"\baffordabl[ey]\b",
        r"\bcheap(?:er|est|ly)?\b",
        r"\binexpensive\b",
        r"\bbudget\b",
        r"\bprices?\b",
        r"\bpriced\b",
        r"\bcosts?\b",
        r"\bdiscount(?:s|ed)?\b",
        r"\bon sale\b",
        r"\bbargains?\b",
        r"\bdeals?\b",
        r"\bvalue for money\b",
        r"\bfree (?:shipping|delivery|returns)\b",
        r"\bshipping\b",
        r"\bin stock\b",
        r"\blimited[- ]edition\b",
        r"\bwebsite\b",
        r"\bonline store\b",
        r"\bstores?\b",
        r"\$\d|€\d|£\d",
        r"\bmoney\b",
    ),
    "popularity": (
        r"\bbest[- ]?sell(?:er|ers|ing)\b",
        r"\bpopular(?:ity)?\b",
        r"\bfavou?rite (?:of|among|with)\b",
        r"\bloved by\b",
        r"\bbeloved\b",
        r"\btrusted\b",
        r"\bpraised\b",
        r"\bacclaimed\b",
        r"\baward",
        r"\btop[- ]rated\b",
        r"\brated\b",
        r"\breviews?\b",
        r"\bcelebrit",
        r"\binfluencers?\b",
        r"\brecommended by\b",
        r"\bendorsed\b",
        r"\bused by\b",
        r"\bchosen by\b",
        r"\brenowned\b",
        r"\bfamous\b",
        r"\biconic\b",
        r"\blegendary\b",
        r"\bworld[- ]class\b",
        r"\bcult\b",
        r"\bmillions\b",
        r"\bthousands\b",
        r"\bcustomers\b",
        r"\bfans\b",
        r"\bone of the\b",
    ),
}
# Text about the text or the task, and instructions echoed back.
META_PATTERNS = (
    r"\bdescriptions?\b",
    r"\bthis (?:text|copy|paragraph|sentence|listing|post|article)\b",
    r"\bmention(?:s|ed|ing)?\b",
    r"\bthe facts?\b",
    r"\bfacts? (?:above|given|listed)\b",
    r"\byour (?:story|writing|text|essay)\b",
    r"\badd nothing\b",
    r"\bnothing else\b",
    r"\bproduct category\b",
    r"\bkeywords?\b",
    r"\btone\b",
    r"\bas an ai\b",
    r"\blanguage model\b",
    r"\bhere is\b",
    r"\bword count\b",
    r"\bprompt\b",
    r"\binstructions?\b",
    r"\bin (?:this|the) (?:section|paragraph)\b",
    r"\blayer of detail\b",
    r"\bno shortage of\b",
    r"\bwrite\b",
    r"\bwriting\b",
    r"\bwords?\b",
    r"\bproduct name\b",
    r"\bfeatures? (?:list|section)\b",
    r"\bopening line\b",
    r"\bclosing line\b",
    r"^(?:product|brand|category|features?|materials?|colou?r|size|for|keywords?|tone)\s*:",
)
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
    if re.search(r"[^\W\d_]", token):
        return True
    return bool(re.fullmatch(r"[^\W\d_]{1,3}\.?|inch(?:es)?|pcs|pieces?|litres?|liters?", following.lower()))
