"""The product schema: validation and normalisation of merchant input.

Every error names the field it is about, so the UI and the API can tell the
merchant exactly what to fix.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from .errors import ValidationError
from .textsafety import MAX_WORD_CHARS, has_markup, longest_word, looks_like_instruction

__all__ = ["PRODUCT_FIELDS", "Product", "Style", "ValidationError", "clean_text", "parse_seed", "parse_variants",
           "split_list"]

MAX_FIELD_CHARS = 200
MAX_FEATURES = 30
MAX_MATERIALS = 20
MAX_KEYWORDS = 20
MAX_TONE_CHARS = 60
MAX_LANGUAGE_CHARS = 30
MAX_SEED = 2**31 - 3001  # variants and their drafts add up to a few thousand to the seed
MAX_VARIANTS = 3

TEXT_FIELDS = ("name", "category", "brand", "color", "size", "audience")
LIST_FIELDS = {"features": MAX_FEATURES, "materials": MAX_MATERIALS, "keywords": MAX_KEYWORDS}
PRODUCT_FIELDS = ("name", "category", "brand", "features", "materials", "color", "size", "audience", "keywords")

TONE_PRESETS = ("friendly", "professional", "luxurious", "playful", "minimal", "energetic", "warm")
FORMATS = ("prose", "prose+bullets", "html", "markdown")  # html and markdown: paragraphs and a list of key facts
MAX_GLOSSARY_ITEMS = 20  # banned words, and required phrases, each
CHANNELS = ("shop", "amazon", "google")  # where it is published: each has its limits (channels.py)
LENGTH_WORDS = {"short": 50, "medium": 100, "long": 180}

# Bidirectional overrides can make text display differently from what it says.
_BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Invisible characters with no meaning in product copy; dropped silently.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u2060\ufeff"))
_LANGUAGE_RE = re.compile(r"^[^\W\d_]+(?:[ \-'][^\W\d_]+)*$")


def _clean_text(field_name: str, value: Any, limit: int = MAX_FIELD_CHARS) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError(field_name, f"must be text, got {type(value).__name__}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError(field_name, "contains invalid Unicode (a lone surrogate)") from None
    value = unicodedata.normalize("NFC", value).translate(_INVISIBLE)
    for char in value:
        if char in _BIDI_CONTROLS:
            raise ValidationError(field_name, f"contains a bidirectional override character (U+{ord(char):04X})")
        if unicodedata.category(char) == "Cc" and char not in "\t":
            raise ValidationError(field_name, f"contains a control character (U+{ord(char):04X})")
    value = " ".join(value.split())
    if len(value) > limit:
        raise ValidationError(field_name, f"is {len(value)} characters long; the limit is {limit}")
    if has_markup(value):
        raise ValidationError(field_name, "contains HTML markup (a '<' followed by a letter, '/' or '!'); "
                                          "product facts are plain text, so remove the tags")
    if longest_word(value):
        raise ValidationError(field_name, f"has a word of {longest_word(value)} letters; the limit is "
                                          f"{MAX_WORD_CHARS} (split it, or shorten it)")
    if looks_like_instruction(value):
        raise ValidationError(field_name, "looks like an instruction to the model, not a product fact; "
                                          "describe the product instead")
    return value


def clean_text(field_name: str, value: Any, limit: int = MAX_FIELD_CHARS) -> str:
    """One text field checked and normalised as the form's are; errors name `field_name`."""
    return _clean_text(field_name, value, limit)


def split_list(value: Any) -> list[Any]:
    """Lists arrive as lists, or as strings split by newlines (or, with no newline, by commas)."""
    if value is None:
        return []
    if isinstance(value, str):
        separator = "\n" if "\n" in value else ","
        return [part for part in value.replace("\r\n", "\n").split(separator) if part.strip()]
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]  # a wrong type: the item check below names it


# Pasted lists keep their markers ("- dimmable", "• USB-C port", "1. fits most cars") and sentences their full
# stop ("Machine wash cold."): an item is the fact without them. A question mark is kept ("waterproof? yes").
_LIST_MARKER = re.compile(r"^(?:[-*•·◦▪‣–—]+|\d{1,2}[.)])\s+")
_TRAILING_PUNCTUATION = re.compile(r"(?<!\.\.)[\s.,;:!]+$")


def list_item(text: str) -> str:
    """A list item without a leading list marker or trailing punctuation."""
    return _TRAILING_PUNCTUATION.sub("", _LIST_MARKER.sub("", text))


def _clean_list(field_name: str, value: Any, max_items: int) -> list[str]:
    if value is not None and not isinstance(value, (str, list, tuple)):
        raise ValidationError(field_name, f"must be text or a list of text, got {type(value).__name__}")
    items: list[str] = []
    for index, raw in enumerate(split_list(value), start=1):
        item = list_item(_clean_text(f"{field_name} (item {index})", raw))
        if item and item.casefold() not in (seen.casefold() for seen in items):
            items.append(item)
    if len(items) > max_items:
        raise ValidationError(field_name, f"has {len(items)} items; the limit is {max_items}")
    return items


@dataclass(frozen=True)
class Product:
    name: str
    category: str = ""
    brand: str = ""
    features: tuple[str, ...] = ()
    materials: tuple[str, ...] = ()
    color: str = ""
    size: str = ""
    audience: str = ""
    keywords: tuple[str, ...] = ()

    @classmethod
    def parse(cls, data: Mapping[str, Any]) -> Product:
        if not isinstance(data, Mapping):
            raise ValidationError("product", f"must be a mapping of fields, got {type(data).__name__}")
        unknown = [key for key in data if key not in PRODUCT_FIELDS]
        if unknown:
            key = unknown[0]
            if isinstance(key, str) and key.isidentifier() and len(key) <= 40:
                raise ValidationError(key, f"is not a product field; the fields are {', '.join(PRODUCT_FIELDS)}")
            raise ValidationError("product", f"has an unknown field {str(key)[:40]!r}")
        values: dict[str, Any] = {name: _clean_text(name, data.get(name)) for name in TEXT_FIELDS}
        for name, limit in LIST_FIELDS.items():
            values[name] = tuple(_clean_list(name, data.get(name), limit))
        if not values["name"]:
            raise ValidationError("name", "is required")
        if not any(char.isalnum() for char in values["name"]):
            raise ValidationError("name", "needs at least one letter or digit")
        return cls(**values)

    def as_dict(self) -> dict[str, Any]:
        return {key: list(value) if isinstance(value, tuple) else value for key, value in asdict(self).items()}


@dataclass(frozen=True)
class Style:
    tone: str = "friendly"
    length: str = "medium"
    language: str = "English"
    format: str = "prose"  # or "prose+bullets": the prose, then the facts as a bullet list
    channel: str = "shop"  # or "amazon", "google": the listing is built to that channel's limits
    banned: tuple[str, ...] = ()  # the brand glossary: words the text never uses (quality/glossary.py)
    required: tuple[str, ...] = ()  # and phrases it says once
    # Opening frames to avoid (sameness.opening_frame): set by a batch to spread its openings, never by a form.
    avoid_openings: frozenset[str] = frozenset()

    @classmethod
    def parse(cls, data: Mapping[str, Any]) -> Style:
        tone = _clean_text("tone", data.get("tone"), MAX_TONE_CHARS) or "friendly"
        length = _clean_text("length", data.get("length")).lower() or "medium"
        if length not in LENGTH_WORDS:
            raise ValidationError("length", f"must be one of {', '.join(LENGTH_WORDS)}; got {length!r}")
        language = _clean_text("language", data.get("language"), MAX_LANGUAGE_CHARS) or "English"
        if not _LANGUAGE_RE.match(language):
            raise ValidationError("language", "must be a language name, such as English or French")
        text_format = _clean_text("format", data.get("format")).lower() or "prose"
        if text_format not in FORMATS:
            raise ValidationError("format", f"must be one of {', '.join(FORMATS)}; got {text_format!r}")
        channel = _clean_text("channel", data.get("channel")).lower() or "shop"
        if channel not in CHANNELS:
            raise ValidationError("channel", f"must be one of {', '.join(CHANNELS)}; got {channel!r}")
        banned = tuple(_clean_list("banned", data.get("banned"), MAX_GLOSSARY_ITEMS))
        required = tuple(_clean_list("required", data.get("required"), MAX_GLOSSARY_ITEMS))
        return cls(tone=tone, length=length, language=language.title(), format=text_format, channel=channel,
                   banned=banned, required=required)

    @property
    def target_words(self) -> int:
        return LENGTH_WORDS[self.length]

    def as_dict(self) -> dict[str, Any]:
        out = {key: list(value) if isinstance(value, tuple) else value for key, value in asdict(self).items()}
        avoid = out.pop("avoid_openings")
        return out | ({"avoid_openings": sorted(avoid)} if avoid else {})


def parse_variants(variants: Any) -> int:
    """How many distinct descriptions to write: 1, 2 or 3."""
    if isinstance(variants, float) and variants.is_integer():
        variants = int(variants)
    if not isinstance(variants, int) or isinstance(variants, bool) or not 1 <= variants <= MAX_VARIANTS:
        raise ValidationError("variants", f"must be 1, 2 or 3; got {variants!r}")
    return variants


def parse_seed(seed: Any) -> int | None:
    """A seed for repeatable text: a whole number from 0 to MAX_SEED. None (blank), or -1, picks one at random.

    The same rule holds for the API's `seed` parameter and the batch CSV's `seed` column.
    """
    if seed is None or seed == -1:
        return None
    if isinstance(seed, float) and seed.is_integer():
        seed = int(seed)
    if not isinstance(seed, int) or isinstance(seed, bool) or not 0 <= seed <= MAX_SEED:
        raise ValidationError("seed", f"must be a whole number from 0 to {MAX_SEED}, or -1 or blank for a random "
                                      f"seed; got {seed!r}")
    return seed
