"""The tone's phrase bank: openings and closings that state no fact, only the product's name and type.

Used where the model's lines fail the checks (or when VOICE_CANDIDATES is 0). Several per tone, so
that products in one catalogue do not open alike; every line is checked like any other sentence.
"""
from __future__ import annotations

import random
import re
from collections.abc import Callable

from .lexicon import load_data

_BANK = load_data("phrases")  # data/phrases.toml: the lines, and which tones choose which bank
# Tones the merchant may type, mapped to a bank: anything unknown gets the friendly one.
TONE_GROUPS: dict[str, str] = _BANK["tone_groups"]
# {n}: the full name; {t}: the type noun; {a}: "a"/"an" + {t}, or {t} alone when plural. A batch spreads its
# openings over the bank (sameness.OpeningSpread).
OPENINGS: dict[str, list[str]] = _BANK["openings"]
CLOSINGS: dict[str, list[str]] = _BANK["closings"]
# Words of free-text tones that say which bank fits ("calm and clinical" reads as plain copy).
TONE_WORDS: dict[str, str] = {**TONE_GROUPS, **_BANK["tone_words"]}
# The preset that names each bank, for what the report and the UI tell the merchant.
GROUP_PRESETS: dict[str, str] = _BANK["group_presets"]


def group(tone: str) -> str:
    """The phrase bank for a tone: its own, else the first word of a free-text tone that names one."""
    key = tone.lower().strip()
    if key in TONE_GROUPS:
        return TONE_GROUPS[key]
    for word in re.findall(r"[a-z-]+", key):
        if word in TONE_WORDS:
            return TONE_WORDS[word]
    return "friendly"


def tone_note(tone: str) -> str:
    """What the realizer does with a tone it has no bank of its own for ('' for the presets it knows)."""
    if tone.lower().strip() in TONE_GROUPS:
        return ""
    return f'tone: "{tone}" -> {GROUP_PRESETS[group(tone)]} (the template writer has no lines of its own for it)'


def _slots(name: str, type_noun: str, plural: bool, article: str) -> dict[str, str]:
    a = type_noun if plural else f"{article} {type_noun}"  # "rain boots made to be enjoyed", not "these rain boots"
    a_new = f"new {type_noun}" if plural else f"a new {type_noun}"
    return {"n": name, "t": type_noun, "a": a, "a_new": a_new}


# "the {n} is", "the {n} keeps": a singular verb after the name, wrong for "the Rain Boots"
_SINGULAR_VERB = re.compile(r"\{n\},? (?:is|[a-z]+s)\b")


def opening(tone: str, name: str, type_noun: str, plural: bool, article: str, rng: random.Random,
            skip: Callable[[str], bool] = lambda line: False) -> str:
    """An opening line of the tone's bank; lines `skip` refuses (a batch's frames used enough) are passed over
    while the bank has others."""
    options = OPENINGS[group(tone)]
    if plural:  # "is a ... you will reach for" reads wrongly with a plural name, and "the Rain Boots: rain boots
        # with plenty to offer" repeats itself (the type is the name's last words, with no article between)
        options = [o for o in options if not _SINGULAR_VERB.search(o) and not re.search(r"\{n\}[:,] \{a\}", o)
                   ] or options
    slots = _slots(name, type_noun, plural, article)
    fresh = [o for o in options if not skip(o.format(**slots))] or options
    return rng.choice(fresh).format(**slots)


def closings(tone: str, rng: random.Random) -> list[str]:
    """The tone's closing lines in a random order."""
    lines = list(CLOSINGS[group(tone)])
    rng.shuffle(lines)
    return lines
