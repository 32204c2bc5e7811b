"""An SEO title (at most 60 characters) and a meta description (120 to 160) for every description.

Both state facts only: the title is the brand, the name and the first keyword; the meta description is the
published prose's own opening sentences (already checked), then the key facts, cut at a word, never past 160
characters. Each is checked like the prose (claims.sentence_flags) and must hold the first keyword; what did
not fit the rules is said in `problems`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..product import Product
from .claims import facts_for, sentence_flags
from .factcheck import has_phrase, sentences
from .glossary import banned_in

TITLE_MAX = 60
META_MIN, META_MAX = 120, 160


@dataclass(frozen=True)
class Seo:
    title: str
    description: str
    problems: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {"title": self.title, "description": self.description, "problems": self.problems}


def _cut(text: str, limit: int) -> str:
    """`text` within `limit` characters, cut at a word and tidied of a dangling comma or 'and'."""
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0]
    return re.sub(r"(?:[\s,;:–-]+|\s+(?:and|or|with|the|a|an))+$", "", cut)


def seo_title(product: Product, banned: tuple[str, ...] = ()) -> str:
    brand = "" if banned_in(product.brand, banned) else product.brand
    name = product.name if not brand or brand.lower() in product.name.lower() else f"{brand} {product.name}"
    keyword = next((k for k in product.keywords[:1] if not banned_in(k, banned)), "")
    if keyword and not has_phrase(name, keyword) and len(name) + 3 + len(keyword) <= TITLE_MAX:
        return f"{name} | {keyword[:1].upper() + keyword[1:]}"
    return _cut(name, TITLE_MAX)


def meta_description(product: Product, prose: str, banned: tuple[str, ...] = ()) -> str:
    keyword = next((k for k in product.keywords[:1] if not banned_in(k, banned)), "")
    whole = sentences(prose.replace("\n", " "))
    kept: list[str] = []
    for sentence in whole:  # whole sentences of the checked prose
        if len(" ".join([*kept, sentence])) > META_MAX:
            break
        kept.append(sentence)
    # Then the first keyword if the sentences lack it, and the key facts they do not state, whole, while they fit.
    facts = [f for f in (*product.features, *product.materials, product.color, product.size)
             if f and not banned_in(f, banned)]
    missing_keyword = [keyword] if keyword and not has_phrase(" ".join(kept), keyword) else []
    while missing_keyword and kept[1:] and len(" ".join(kept)) + len(keyword) + 3 > META_MAX:
        kept.pop()  # room for the keyword before any further sentence
    text = " ".join(kept)
    listed: list[str] = []
    for fact in [*missing_keyword, *(f for f in facts if not has_phrase(text, f))]:
        fits = len(f"{text} {', '.join([*listed, fact])}.") <= META_MAX
        if fits and (len(text) < META_MIN or fact in missing_keyword):
            listed.append(fact)
    if listed:
        joined = ", ".join(listed)
        text = f"{text} {joined[:1].upper() + joined[1:]}."
    return text


def seo_fields(product: Product, prose: str, banned: tuple[str, ...] = ()) -> Seo:
    """`banned`: the brand glossary's words, left out with the facts that hold them."""
    title, description = seo_title(product, banned), meta_description(product, prose, banned)
    problems = []
    if len(title) > TITLE_MAX:
        problems.append(f"title is {len(title)} characters; the limit is {TITLE_MAX}")
    if not META_MIN <= len(description) <= META_MAX:
        problems.append(f"meta description is {len(description)} characters; the range is {META_MIN}-{META_MAX} "
                        "(the facts are too few for more)" if len(description) < META_MIN else "")
    keyword = next((k for k in product.keywords[:1] if not banned_in(k, banned)), "")
    if keyword and not (has_phrase(title, keyword) or has_phrase(description, keyword)):
        problems.append(f"the first keyword '{keyword}' did not fit")
    facts = facts_for(product)
    for part in (title, description):
        problems += [f"{flag.kind}: {flag.text}" for flag in sentence_flags(part, facts, topical=False)]
    return Seo(title, description, [problem for problem in problems if problem])
