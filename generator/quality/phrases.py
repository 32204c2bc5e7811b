"""The tone's phrase bank: openings and closings that state no fact, only the product's name and type.

Used where the model's lines fail the checks (or when VOICE_CANDIDATES is 0). Several per tone, so
that products in one catalogue do not open alike; every line is checked like any other sentence.
"""
from __future__ import annotations

import random
import re

# Tones the merchant may type, mapped to a bank: anything unknown gets the friendly one.
TONE_GROUPS = {
    "friendly": "friendly", "warm": "friendly", "playful": "friendly", "casual": "friendly", "relaxed": "friendly",
    "gentle": "friendly", "cheerful": "friendly", "fun": "friendly",
    "energetic": "lively", "adventurous": "lively", "modern": "lively", "stylish": "lively", "bold": "lively",
    "enthusiastic": "lively", "sporty": "lively",
    "professional": "plain", "practical": "plain", "minimal": "plain", "technical": "plain", "informative": "plain",
    "luxurious": "refined", "elegant": "refined", "refined": "refined", "calm": "refined", "sophisticated": "refined",
}

# {n}: the full name; {t}: the type noun ("water bottle"); {a}: "a"/"an" + {t}, or "these" + {t} when plural.
OPENINGS = {
    "friendly": [
        "Say hello to the {n}.",
        "Meet the {n}.",
        "Here's the {n}, {a} that is easy to love.",
        "The {n} is {a} you will reach for again and again.",
        "Everyday life gets a little nicer with the {n}.",
        "Looking for {a_new}? Meet the {n}.",
    ],
    "lively": [
        "Meet the {n}, ready for whatever the day brings.",
        "Get going with the {n}.",
        "Step up your everyday with the {n}.",
        "The {n} is ready when you are.",
        "Say hello to the {n}: {a} with plenty to offer.",
    ],
    "plain": [
        "Introducing the {n}.",
        "The {n} is {a} for everyday use.",
        "Meet the {n}, {a} that keeps things simple.",
        "The {n} covers the essentials.",
        "Take a look at the {n}.",
    ],
    "refined": [
        "Discover the {n}.",
        "Introducing the {n}.",
        "The {n} brings a quiet, refined touch to every day.",
        "Meet the {n}, {a} made to be enjoyed.",
        "Settle in with the {n}.",
    ],
}
CLOSINGS = {
    "friendly": ["Easy to love, day after day.", "A lovely little upgrade for every day.",
                 "Simple, practical and ready when you are.", "An everyday pleasure."],
    "lively": ["Ready when you are.", "Made for busy days.", "Ready for every day.", "Built to keep up with you."],
    "plain": ["A dependable choice for everyday use.", "Practical, reliable and easy to live with.",
              "A sensible choice for every day."],
    "refined": ["A refined finishing touch for every day.", "Quietly elegant, day after day.",
                "A quiet everyday pleasure."],
}


# Words of free-text tones that say which bank fits ("calm and clinical" reads as plain copy).
TONE_WORDS = {**TONE_GROUPS, "clinical": "plain", "matter-of-fact": "plain", "honest": "plain", "dry": "plain",
              "straightforward": "plain", "no-nonsense": "plain", "understated": "refined", "luxury": "refined",
              "premium": "refined", "classy": "refined", "upbeat": "lively", "punchy": "lively", "sporty": "lively",
              "witty": "friendly", "cosy": "friendly", "cozy": "friendly", "kind": "friendly", "chatty": "friendly"}
# The preset that names each bank, for what the report and the UI tell the merchant.
GROUP_PRESETS = {"friendly": "friendly", "lively": "energetic", "plain": "professional", "refined": "luxurious"}


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


def opening(tone: str, name: str, type_noun: str, plural: bool, article: str, rng: random.Random) -> str:
    options = OPENINGS[group(tone)]
    if plural:  # "is a ... you will reach for" reads wrongly with a plural name, and "the Rain Boots: rain boots
        # with plenty to offer" repeats itself (the type is the name's last words, with no article between)
        options = [o for o in options if "{n} is" not in o and not re.search(r"\{n\}[:,] \{a\}", o)] or options
    return rng.choice(options).format(**_slots(name, type_noun, plural, article))


def closings(tone: str, rng: random.Random) -> list[str]:
    """The tone's closing lines in a random order."""
    lines = list(CLOSINGS[group(tone)])
    rng.shuffle(lines)
    return lines
