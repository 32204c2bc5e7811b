"""Claims in a text against the product's facts.

The checker extracts what a description asserts (numbers with units, materials, colours,
brands, certifications and properties), compares them with the merchant's attributes, and
measures coverage, keywords, length, repetition, language and compliance lint.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any

from ..product import Product, Style
from .check import docs
from .check.patterns import matches
from .check.terms import spaced, terms
from .lexicon import load_data, load_words, without_stock_code

LENGTH_BANDS = {"short": (25, 90), "medium": (60, 160), "long": (120, 300)}

# unit spelling -> (dimension, factor to the dimension's base unit)
_UNITS: dict[str, tuple[str, float]] = {}
for _names, _dim, _factor in (
    (("ml", "millilitre", "milliliter"), "volume", 1.0),
    (("cl", "centilitre", "centiliter"), "volume", 10.0),
    (("l", "litre", "liter", "ltr"), "volume", 1000.0),
    (("fl oz", "fl. oz", "fluid ounce"), "fl_oz", 1.0),
    (("oz", "ounce"), "oz", 1.0),
    (("mg", "milligram"), "mass", 0.001),
    (("g", "gram", "gr"), "mass", 1.0),
    (("kg", "kilogram", "kilo"), "mass", 1000.0),
    (("lb", "lbs", "pound"), "mass", 453.592),
    (("mm", "millimetre", "millimeter"), "length", 1.0),
    (("cm", "centimetre", "centimeter"), "length", 10.0),
    (("m", "metre", "meter"), "length", 1000.0),
    (("inch", "inches", '"', "in."), "length", 25.4),
    (("ft", "foot", "feet"), "length", 304.8),
    (("%", "percent", "per cent"), "percent", 1.0),
    (("w", "watt"), "power", 1.0),
    (("kw", "kilowatt"), "power", 1000.0),
    (("mah",), "charge", 1.0),
    (("mb", "megabyte"), "data", 0.001),
    (("gb", "gigabyte"), "data", 1.0),
    (("tb", "terabyte"), "data", 1000.0),
    (("v", "volt"), "voltage", 1.0),
    (("min", "mins", "minute"), "time", 1 / 60),
    (("h", "hr", "hrs", "hour"), "time", 1.0),
    (("day",), "time", 24.0),
    (("week",), "time", 168.0),
    (("month",), "time", 730.0),
    (("year", "yr", "yrs"), "time", 8760.0),
    (("pack", "pcs", "piece", "pieces"), "count", 1.0),
):
    for _name in _names:
        _UNITS[_name] = (_dim, _factor)

_UNIT_ALTERNATIVES = "|".join(
    sorted((re.escape(name) + ("" if name in ('"', "%") or name.endswith(".") else "s?") for name in _UNITS),
           key=len, reverse=True)
)
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?"
_QUANTITY_RE = re.compile(
    rf"(?<![\w.,])({_NUMBER})(?:[ \t]*(?:-|–|to)[ \t]*({_NUMBER}))?(?:[ \t]*-?[ \t]*({_UNIT_ALTERNATIVES})(?![a-z]))?",
    re.IGNORECASE,
)

# What no product description says, whatever the facts: the [lint] patterns of data/claim_patterns.toml, matched
# by check/patterns.py.
LINT_KINDS = tuple(load_data("claim_patterns")["lint"])
_BRAND_MARK_RE = re.compile(r"\b([A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)\s*[®™]")
_WORD_RE = re.compile(r"[\w'-]+", re.UNICODE)
_STOPWORDS = load_words("stopwords")


@dataclass(frozen=True)
class Claim:
    kind: str  # number | material | colour | brand | certification
    text: str
    key: str  # normalised: e.g. "volume:750" or "material:stainless steel"


def _to_float(number: str) -> float:
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", number):  # 1,000 is a thousand, 0,75 a decimal
        return float(number.replace(",", ""))
    return float(number.replace(",", "."))


def _unit_key(unit: str) -> tuple[str, float]:
    unit = unit.lower().strip()
    if unit in _UNITS:
        return _UNITS[unit]
    return _UNITS[unit[:-1]]  # a plural


def number_claims(text: str) -> list[Claim]:
    claims = []
    for match in _QUANTITY_RE.finditer(text):
        low, high, unit = match.groups()
        for number in filter(None, (low, high)):
            if unit:
                dimension, factor = _unit_key(unit)
                key = f"{dimension}:{round(_to_float(number) * factor, 3):g}"
            else:
                key = f"number:{_to_float(number):g}"
            claims.append(Claim("number", match.group(0).strip(), key))
    return claims


def _term_claims(doc: Any) -> list[Claim]:
    claims = [Claim(term.kind, term.span.text, f"{term.kind}:{_normalise_term(term.term)}") for term in terms(doc)]
    for match in _BRAND_MARK_RE.finditer(doc.text):
        claims.append(Claim("brand", match.group(0), f"brand:{match.group(1).lower()}"))
    return claims


def _normalise_term(term: str) -> str:
    return spaced(term).replace("gray", "grey").replace("aluminum", "aluminium")


def extract_claims(text: str, parsed: list[Any] | None = None) -> list[Claim]:
    """Numbers with units, materials, colours, certifications and ®/™ brands in a text (its sentence docs from
    check/docs.py, or `parsed` where the caller has them)."""
    parsed = docs.text_docs(text) if parsed is None else parsed
    return number_claims(text) + [claim for doc in parsed for claim in _term_claims(doc)]


def fact_text(product: Product) -> str:
    parts = [product.name, product.category, product.brand, product.color, product.size, product.audience,
             *product.features, *product.materials, *product.keywords]
    return "\n".join(part for part in parts if part)


@lru_cache(maxsize=256)
def _support(product: Product) -> tuple[frozenset[str], str]:
    facts = fact_text(product)
    keys = {claim.key for claim in extract_claims(facts, [docs.tokens(facts)])}
    # A bare number in the text is backed by the same number with a unit in the facts.
    keys |= {"number:" + claim.key.split(":")[1] for claim in number_claims(facts)}
    # a value that ends a fact ends a sentence too: "3cm / 1.2in" said last reads "1.2in.", which the unit
    # pattern takes for inches (thirteenth round: the sentence was dropped, with four facts)
    keys |= {claim.key for line in facts.split("\n") for claim in number_claims(line.strip() + ".")}
    if product.brand:
        keys.add(f"brand:{product.brand.lower()}")
    return frozenset(keys), _normalise_term(facts)


def is_supported(claim: Claim, product: Product) -> bool:
    keys, facts = _support(product)
    if claim.key in keys:
        return True
    if claim.kind in ("material", "colour", "certification"):
        term = claim.key.split(":", 1)[1]
        return re.search(rf"(?<!\w){re.escape(term)}(?!\w)", facts) is not None
    if claim.kind == "brand":
        return claim.key.split(":", 1)[1] in facts
    return False


def unsupported_claims(text: str, product: Product, parsed: list[Any] | None = None) -> list[Claim]:
    return [claim for claim in extract_claims(text, parsed) if not is_supported(claim, product)]


def lint(text: str, parsed: list[Any] | None = None) -> list[dict[str, str]]:
    """Compliance findings: what no description says (superlatives, social proof, health claims, first person)."""
    parsed = docs.text_docs(text) if parsed is None else parsed
    return [{"kind": match.kind, "text": match.text} for doc in parsed for match in matches(doc, "lint")]


sentences = docs.sentences


def words(text: str) -> list[str]:
    return _WORD_RE.findall(text)


def _stem(word: str) -> str:
    """'washing', 'washes', 'washed' -> 'wash'; a final e goes too, so that 'wipe' and 'wipes', 'include' and
    'included' meet ('wip', 'includ')."""
    word = word.lower()
    for suffix in ("ing", "es", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word[:-1] if word.endswith("e") and len(word) >= 4 else word


def _content_stems(text: str) -> list[str]:
    return [_stem(word) for word in words(text) if word.lower() not in _STOPWORDS]


def mentions(text: str, attribute: str, threshold: float = 0.6) -> bool:
    """Whether `text` states `attribute`: its numbers verbatim and most of its content words."""
    said = {claim.key for claim in number_claims(text)}
    # "3cm / 1.2in" said last in a sentence reads "1.2in.", which the unit pattern takes for inches
    if all({claim.key for claim in number_claims(value)} - said for value in (attribute, attribute + ".")):
        return False
    wanted = _content_stems(attribute)
    if not wanted:
        return True
    present = set(_content_stems(text))
    return sum(stem in present for stem in wanted) / len(wanted) >= threshold


def has_phrase(text: str, phrase: str) -> bool:
    """A keyword is in the text whatever its case, hyphens and apostrophes: "mothers day" is in "Mother's Day"."""
    def plain(value: str) -> str:
        return re.sub(r"['’]", "", spaced(value))

    return re.search(rf"(?<!\w){re.escape(plain(phrase))}(?!\w)", plain(text)) is not None


LINK = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)


def links(product: Product) -> list[str]:
    """Features that hold a link: never said in prose (a URL split into words misleads), named in the report."""
    return [feature for feature in product.features if LINK.search(feature)]


def coverage_items(product: Product) -> list[tuple[str, str]]:
    """The (field, value) pairs a description should state. Keywords are measured separately."""
    items = [("name", without_stock_code(product.name))]  # the shop's stock code is not said in prose
    items += [(key, getattr(product, key)) for key in ("brand", "color", "size", "audience") if getattr(product, key)]
    items += [("features", feature) for feature in product.features if not LINK.search(feature)]  # links: left out
    items += [("materials", material) for material in product.materials]
    return items


def repeated_phrases(text: str) -> list[str]:
    """Phrases said twice in a row ("steel steel"), duplicate sentences, and 3-grams used 3+ times."""
    found = [m.group(0) for m in re.finditer(r"\b((?:\w+\W+){0,3}?\w+)\W+\1\b", text, re.IGNORECASE)
             if len(m.group(1)) > 2]
    seen: set[str] = set()
    for sentence in sentences(text):
        key = " ".join(words(sentence.lower()))
        if key in seen and len(key) > 10:
            found.append(sentence)
        seen.add(key)
    tokens = [word.lower() for word in words(text)]
    trigrams: dict[tuple[str, ...], int] = {}
    for gram in zip(tokens, tokens[1:], tokens[2:], strict=False):
        if not set(gram) <= _STOPWORDS:
            trigrams[gram] = trigrams.get(gram, 0) + 1
    found += [" ".join(gram) for gram, count in trigrams.items() if count >= 3]
    return found


@lru_cache(maxsize=1)
def _language_detector() -> Any:
    from lingua import LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()


def detect_language(text: str) -> str:
    language = _language_detector().detect_language_of(text) if text.strip() else None
    return language.name.title() if language else "Unknown"


@dataclass
class CheckReport:
    coverage: float
    covered: list[str]
    missing: list[str]
    unsupported_claims: list[str]
    keywords_hit: list[str]
    keywords_missing: list[str]
    words: int
    target_words: int
    length_band: tuple[int, int]
    length_ok: bool
    repetition: list[str]
    language: str
    language_ok: bool
    lint: list[dict[str, str]]
    removed_claims: list[str] = field(default_factory=list)
    removed_lint: list[dict[str, str]] = field(default_factory=list)
    removed_sentences: int = 0

    @property
    def passed(self) -> bool:
        return (not self.unsupported_claims and not self.missing and not self.keywords_missing
                and self.length_ok and not self.repetition and self.language_ok and not self.lint)

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["length_band"] = list(self.length_band)
        out["passed"] = self.passed
        return out


def check(text: str, product: Product, style: Style) -> CheckReport:
    items = coverage_items(product)
    covered = [f"{key}: {value}" for key, value in items if mentions(text, value)]
    missing = [f"{key}: {value}" for key, value in items if not mentions(text, value)]
    count = len(words(text))
    band = LENGTH_BANDS[style.length]
    language = detect_language(text)
    return CheckReport(
        coverage=round(len(covered) / len(items), 3) if items else 1.0,
        covered=covered,
        missing=missing,
        unsupported_claims=sorted({claim.text for claim in unsupported_claims(text, product)}),
        keywords_hit=[k for k in product.keywords if has_phrase(text, k)],
        keywords_missing=[k for k in product.keywords if not has_phrase(text, k)],
        words=count,
        target_words=style.target_words,
        length_band=band,
        length_ok=band[0] <= count <= band[1],
        repetition=repeated_phrases(text),
        language=language,
        language_ok=language == style.language,
        lint=lint(text),
    )
