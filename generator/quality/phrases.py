"""The tone's phrase bank: openings and closings that state no fact, only the product's name and type.

Used where the model's lines fail the checks (or when VOICE_CANDIDATES is 0). Several per tone, so
that products in one catalogue do not open alike; every line is checked like any other sentence.
"""
from __future__ import annotations

import random
import re
from collections.abc import Callable

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
# Each bank's lines start with different words, so that a catalogue does not open alike: the sameness check
# (generator/sameness.py) compares the first words with product words masked, so every line that starts with
# the name counts as one frame. A batch spreads its openings over the bank (sameness.OpeningSpread).
OPENINGS = {
    "friendly": [
        "Say hello to the {n}.",
        "Meet the {n}.",
        "Here's the {n}, {a} that is easy to love.",
        "The {n} is {a} you will reach for again and again.",
        "Everyday life gets a little nicer with the {n}.",
        "Looking for {a_new}? Meet the {n}.",
        "Let us introduce the {n}.",
        "Give a warm welcome to the {n}.",
        "You are going to like the {n}.",
        "Make room for the {n}.",
        "Treat yourself to the {n}.",
        "Get to know the {n}.",
        "Say yes to the {n}.",
        "Happy days: the {n} is here.",
        "It's easy to like the {n}.",
        "Ready for something new? Try the {n}.",
    ],
    "lively": [
        "Meet the {n}, ready for whatever the day brings.",
        "Get going with the {n}.",
        "Step up your everyday with the {n}.",
        "The {n} is ready when you are.",
        "Say hello to the {n}: {a} with plenty to offer.",
        "Ready, set, go: the {n} is here.",
        "Brighten your day with the {n}.",
        "Time to upgrade to the {n}.",
        "Upgrade your day with the {n}.",
        "Make every day count with the {n}.",
        "Jump right in with the {n}.",
        "Start strong with the {n}.",
        "Mix things up with the {n}.",
        "Let's talk about the {n}.",
        "Off you go with the {n}.",
        "All set for the day? Grab the {n}.",
    ],
    "plain": [
        "Introducing the {n}.",
        "The {n} is {a} for everyday use.",
        "Meet the {n}, {a} that keeps things simple.",
        "Take a look at the {n}.",
        "This is the {n}.",
        "Presenting the {n}.",
        "Consider the {n}.",
        "If you need {a}, the {n} is worth a look.",
        "Designed for everyday use, the {n} keeps things straightforward.",
        "Day to day, the {n} keeps things simple.",
        "Keep it simple with the {n}.",
        "For everyday use, there is the {n}.",
        "One option worth a look is the {n}.",
        "Getting to know the {n} is easy.",
        "Practical from the start, the {n} keeps things simple.",
        "Put the {n} to work.",
    ],
    "refined": [
        "Discover the {n}.",
        "Introducing the {n}.",
        "The {n} brings a quiet, refined touch to every day.",
        "Meet the {n}, {a} made to be enjoyed.",
        "Settle in with the {n}.",
        "Allow the {n} to elevate the everyday.",
        "Unhurried and considered, the {n} rewards a closer look.",
        "Consider the {n}, {a} of quiet distinction.",
        "There is an ease to the {n}.",
        "Welcome the {n} into your everyday.",
        "Understated and assured, the {n} speaks for itself.",
        "Take a moment for the {n}.",
        "Elegance lives in the details of the {n}.",
        "Quietly distinctive, the {n} is a pleasure to own.",
        "Some things are simply a pleasure, like the {n}.",
        "Graceful and calm, the {n} suits every day.",
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
