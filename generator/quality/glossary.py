"""A brand glossary: words the text must never use, and phrases it must say once.

- A banned word (or phrase) is matched whole, case-insensitively, with its plural ("cheap" also bans "Cheap",
  "bargain" bans "bargains"). A sentence holding one is dropped like any flagged sentence (kind "banned"); a
  bullet holding one is left out of the list. A fact of the merchant's that holds one is not written from
  (`without_banned`) and is reported in the check's `glossary.banned_in_facts`, so nothing is dropped
  silently. The product name cannot be left out of a description, so a banned word in it is a ValidationError.
- A required phrase the prose does not already say is added, as written, as a sentence of its own. It is the
  merchant's text, so the checker counts it as a fact (`with_required`).
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Any

from ..errors import ValidationError
from ..product import Product, Style


@lru_cache(maxsize=256)
def _pattern(term: str) -> re.Pattern[str]:
    words = [re.escape(word) for word in term.split()]
    return re.compile(r"(?<![\w-])" + r"\s+".join(words) + r"(?:e?s)?(?![\w-])", re.IGNORECASE)


def banned_in(text: str, banned: tuple[str, ...]) -> list[str]:
    """The banned terms `text` uses."""
    return [term for term in banned if _pattern(term).search(text)]


def count(text: str, phrase: str) -> int:
    return len(_pattern(phrase).findall(text))


def banned_in_facts(product: Product, style: Style) -> list[str]:
    """Each fact that holds a banned term, named by its field: what the description had to leave out."""
    found = []
    for field_name in ("category", "brand", "features", "materials", "color", "size", "audience", "keywords"):
        value = getattr(product, field_name)
        for item in value if isinstance(value, tuple) else (value,):
            for term in banned_in(item, style.banned) if item else []:
                found.append(f"{field_name}: “{item}” has the banned word “{term}”")
    return found


def without_banned(product: Product, style: Style) -> Product:
    """The facts to write from: every fact item that holds a banned term left out (banned_in_facts names them)."""
    if not style.banned:
        return product

    def keep(value: str) -> bool:
        return not banned_in(value, style.banned)

    changes: dict[str, Any] = {name: "" for name in ("category", "brand", "color", "size", "audience")
                               if getattr(product, name) and not keep(getattr(product, name))}
    changes |= {name: tuple(v for v in getattr(product, name) if keep(v)) for name in ("features", "materials",
                                                                                      "keywords")}
    return replace(product, **changes)


def validate(product: Product, style: Style) -> None:
    """A banned term in the name, or in a required phrase, cannot be honoured: say so before writing."""
    for term in banned_in(product.name, style.banned):
        raise ValidationError("banned", f"“{term}” is in the product name, which every description states; "
                                        "take it off the banned list or rename the product")
    for phrase in style.required:
        for term in banned_in(phrase, style.banned):
            raise ValidationError("required", f"“{phrase}” has the banned word “{term}”")


def as_sentence(phrase: str) -> str:
    phrase = phrase.strip()
    return phrase[:1].upper() + phrase[1:] + ("" if phrase[-1:] in ".!?" else ".")


def with_required(product: Product, style: Style) -> Product:
    """The product whose facts include the required phrases: the merchant's own words, checked as facts."""
    if not style.required:
        return product
    return replace(product, features=(*product.features, *(p for p in style.required
                                                            if p.casefold() not in map(str.casefold,
                                                                                       product.features))))


def report(prose: str, product: Product, style: Style) -> dict[str, Any] | None:
    """What the glossary asked and what the published prose does; None when the request had no glossary."""
    if not style.banned and not style.required:
        return None
    used = banned_in(prose, style.banned)
    counts = {phrase: count(prose, phrase) for phrase in style.required}
    return {"banned": list(style.banned), "required": list(style.required), "banned_used": used,
            "required_counts": counts, "banned_in_facts": banned_in_facts(product, style),
            "ok": not used and all(n == 1 for n in counts.values())}
