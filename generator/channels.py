"""Where the description is published: each channel's limits, enforced on the listing built from checked text.

- `shop` (the default): the description as written, with the SEO title and meta description (quality/seo.py).
- `amazon`: a title of at most 200 characters with none of ``! $ ? _ { } ^ ¬ ¦`` and no word more than twice,
  five bullets of at most 250 characters, and a plain description of at most 2,000 characters whose only markup
  is ``<br>``.
- `google` (Merchant Center): a title of at most 150 characters and a plain description of at most 5,000.

A listing is built only from what was already checked: the title from the merchant's name, brand and
attributes, the bullets from the facts, the description from the checked prose, cut at a sentence. What had to
change to meet a limit is said in `problems`, and every limit with its figure goes into `limits`, which the
scorecard shows.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from .product import CHANNELS, Product
from .quality.compose import bullet_lines
from .quality.factcheck import sentences
from .quality.glossary import banned_in

__all__ = ["CHANNELS", "Listing", "listing", "listing_markdown"]
AMAZON_BANNED = "!$?_{}^¬¦"
# Amazon counts repeats of words that carry meaning; these may recur ("Pot for Tea and for Coffee").
_FUNCTION_WORDS = frozenset("a an the and or for with of in on to by at from x".split())
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


@dataclass(frozen=True)
class Limit:
    name: str  # what is limited, as the scorecard says it
    value: int
    limit: int

    @property
    def ok(self) -> bool:
        return self.value <= self.limit

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "value": self.value, "limit": self.limit, "ok": self.ok}


@dataclass
class Listing:
    channel: str
    title: str = ""
    bullets: list[str] = field(default_factory=list)
    description: str = ""
    limits: list[Limit] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"channel": self.channel, "title": self.title, "bullets": self.bullets,
                "description": self.description, "limits": [limit.as_dict() for limit in self.limits],
                "problems": self.problems}


def _cut_words(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return re.sub(r"[\s,;:–-]+$", "", text[: limit + 1].rsplit(" ", 1)[0])


def _cut_sentences(paragraphs: list[str], limit: int, joiner: str) -> tuple[list[str], int]:
    """Whole sentences, in order, while the joined text stays within `limit`; and how many were left out."""
    kept: list[list[str]] = []
    dropped = 0
    for paragraph in paragraphs:
        current: list[str] = []
        for sentence in sentences(paragraph):
            trial = joiner.join(" ".join(p) for p in [*kept, [*current, sentence]] if p)
            if dropped or len(trial) > limit:
                dropped += 1
                continue
            current.append(sentence)
        if current:
            kept.append(current)
    return [" ".join(p) for p in kept], dropped


def _title_parts(product: Product, banned: tuple[str, ...] = ()) -> list[str]:
    brand = "" if banned_in(product.brand, banned) else product.brand
    name = product.name if not brand or brand.lower() in product.name.lower() else f"{brand} {product.name}"
    parts = [name]
    for value in (", ".join(product.materials), product.color, product.size):
        if value and value.lower() not in name.lower() and not banned_in(value, banned):
            parts.append(value)
    return parts


def _word_counts(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for word in _WORD.findall(text.lower()):
        if word not in _FUNCTION_WORDS:
            counts[word] = counts.get(word, 0) + 1
    return counts


def _most_repeated(text: str) -> int:
    return max(_word_counts(text).values(), default=0)


def amazon_title(product: Product, problems: list[str], banned: tuple[str, ...] = ()) -> str:
    """Brand and name, then material, colour and size while each adds no word a third time; the banned
    characters removed, and the whole within 200 characters."""
    parts = [re.sub(r"\s{2,}", " ", part.translate({ord(c): " " for c in AMAZON_BANNED})).strip(" ,")
             for part in _title_parts(product, banned)]
    if parts[0] != _title_parts(product, banned)[0]:
        problems.append(f"title: removed characters Amazon does not allow ({' '.join(AMAZON_BANNED)})")
    title = parts[0]
    if _most_repeated(title) > 2:  # the name itself repeats a word: later repeats go
        seen: dict[str, int] = {}
        kept = []
        for token in title.split():
            key = token.lower().strip(",.;:()")
            seen[key] = seen.get(key, 0) + 1
            if key in _FUNCTION_WORDS or seen[key] <= 2:
                kept.append(token)
        title = " ".join(kept)
        problems.append("title: a word of the name appeared more than twice; its later repeats were left out")
    for part in parts[1:]:
        trial = f"{title}, {part}"
        if len(trial) <= 200 and _most_repeated(trial) <= 2:
            title = trial
    return _cut_words(title, 200)


def _bullets(product: Product, count: int, limit: int, problems: list[str], banned: tuple[str, ...]) -> list[str]:
    lines = [line for line in bullet_lines(product) if not banned_in(line, banned)]
    if len(lines) > count:  # the rest go into the last bullet, joined, so no fact is lost while it fits
        lines = [*lines[: count - 1], "; ".join(lines[count - 1:])]
    out = []
    for line in lines:
        if len(line) > limit:
            problems.append(f"a bullet was cut to {limit} characters: {line[:40]}…")
        out.append(_cut_words(line, limit))
    return out


def _plain(prose: str) -> list[str]:
    return [p.strip() for p in prose.split("\n\n") if p.strip()]


def listing(channel: str, product: Product, prose: str, seo: dict[str, Any] | None = None,
            banned: tuple[str, ...] = ()) -> Listing:
    """The listing for `channel` from the checked prose; `seo` is the report's SEO fields (the shop's title);
    `banned`: the brand glossary's words, left out of the title and bullets with the facts that hold them."""
    out = Listing(channel)
    if channel == "amazon":
        out.title = amazon_title(product, out.problems, banned)
        out.bullets = _bullets(product, 5, 250, out.problems, banned)
        paragraphs, dropped = _cut_sentences([html.escape(p, quote=False) for p in _plain(prose)], 2000, "<br><br>")
        out.description = "<br><br>".join(paragraphs)
        out.limits = [Limit("title characters", len(out.title), 200),
                      Limit("title: most repeats of one word", _most_repeated(out.title), 2),
                      Limit("bullets", len(out.bullets), 5),
                      *(Limit(f"bullet {i} characters", len(b), 250) for i, b in enumerate(out.bullets, 1)),
                      Limit("description characters", len(out.description), 2000)]
    elif channel == "google":
        out.title = _cut_words(", ".join(_title_parts(product, banned)), 150)
        paragraphs, dropped = _cut_sentences(_plain(prose), 5000, "\n\n")
        out.description = "\n\n".join(paragraphs)
        out.limits = [Limit("title characters", len(out.title), 150),
                      Limit("description characters", len(out.description), 5000)]
    else:
        out.title = (seo or {}).get("title", "")
        out.description = prose
        dropped = 0
    if dropped:
        out.problems.append(f"the description was cut to the channel's limit: {dropped} sentence(s) left out")
    return out


def listing_markdown(listing_: dict[str, Any]) -> str:
    """The channel's title and bullets, and each of its limits with the figure, for the scorecard."""
    if listing_["channel"] == "shop":
        return ""
    channel = listing_["channel"].title()
    lines = [f"{channel} title: {listing_['title']}"]
    lines += [f"{channel} bullet: {bullet}" for bullet in listing_["bullets"]]
    lines += [f"{'✓' if item['ok'] else '⚠'} {channel} {item['name']}: {item['value']} (limit {item['limit']})"
              for item in listing_["limits"]]
    lines += [f"⚠ {problem}" for problem in listing_["problems"]]
    return "\n".join(f"- {line}" for line in lines)
