"""What kind of phrase each of the merchant's fragments is, so that it can go into a sentence.

"keeps drinks cold for 24 hours" is a verb phrase, "leak-proof screw lid" a noun phrase, "dishwasher
safe" an adjective phrase, "600 GSM" a bare measure, "carry strap included" an included item.
Fragments are parsed inside carrier sentences ("It ...", "It has ...", "It is ...") because spaCy
tags a lone fragment poorly: on its own "ribbed cuffs" comes out as a past-tense verb, after
"It has" as the noun phrase it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from ..product import Product
from .check.terms import MATERIALS
from .factcheck import LINK
from .lexicon import (
    AUDIENCE_WORDS,
    EDITION_WORDS,
    MATERIAL_WORDS,
    PRODUCT_TYPES,
    load_list,
    load_words,
    singular,
    type_part,
    without_edition,
    without_stock_code,
)
from .nlp import nlp

VP, NP, ADJ, MEASURE, INCLUDED, WITH, PAIR, FOR, NOTE, CLAUSE, STEP = (
    "VP",
    "NP",
    "ADJ",
    "MEASURE",
    "INCLUDED",
    "WITH",
    "PAIR",
    "FOR",
    "NOTE",
    "CLAUSE",  # a sentence of its own with its own subject: "spit rod adjusts from 70 to 100 cm"
    "STEP",  # an instruction to the shopper: "soak for 30 minutes before use", "machine wash 30°C"
)

# Count nouns the suffix rule would take for mass nouns: "a 3000 mm waterproof rating", "a pulse function".
COUNT_HEADS = load_words("count_heads")
# Nouns that take no article after "It has" (uncountable in product copy), and every material word.
MASS_HEADS = load_words("mass_heads") | MATERIAL_WORDS
# Last words that make a fragment an adjective phrase ("dishwasher safe", "fragrance-free").
ADJ_ENDINGS = load_words("adj_endings")
_MEASURE_RE = re.compile(
    r"^(?:up to |about |over |under )?\d[\d.,]*\s*(?:(?:-|–|to|x|×)\s*\d[\d.,]*\s*){0,2}[A-Za-z%°]{1,6}\.?"
    r"(?: each)?$"
)


@lru_cache(maxsize=4)
def _lemma_words(pos: str) -> frozenset[str]:
    table = nlp().get_pipe("lemmatizer").lookups.get_table("lemma_index")
    return frozenset(table[pos])


def _known_word(word: str) -> bool:
    return any(word in _lemma_words(pos) for pos in ("noun", "verb", "adj"))


def known_noun(word: str) -> bool:
    """Whether spaCy's lemmatizer knows `word` (lower case) as a noun."""
    return word in _lemma_words("noun")


@dataclass(frozen=True)
class Phrase:
    """One fragment of the merchant's, analysed."""

    field: str  # features, materials, keywords
    text: str  # as the merchant wrote it
    kind: str  # VP, NP, ADJ, MEASURE, INCLUDED, WITH, PAIR, FOR, NOTE, CLAUSE, STEP
    core: str  # what to say: the fragment, its noun phrase ("X included"), or a value ("scent: X")
    head: str = ""  # head noun of a noun phrase, lower case
    plural: bool = False
    mass: bool = False  # no article: "active noise cancellation", "stainless steel"
    plural_verb: str = ""  # a verb phrase agreeing with a plural product: "keep drinks cold ..."
    label: str = ""  # PAIR: the key of "key: value"

    @property
    def article(self) -> str:
        if self.plural or self.mass or self.kind not in (NP, INCLUDED):
            return ""
        return indefinite(self.core)




def indefinite(phrase: str) -> str:
    """'a' or 'an' by sound: an 8 mm drop, an 18 V battery, an LED light, a USB port, a one-piece lid."""
    word = re.split(r"[\s-]", phrase.strip(), maxsplit=1)[0]
    if not word:
        return "a"
    digits = re.match(r"\d+", word)
    if digits:
        number = digits.group(0)
        return "an" if number.startswith("8") or number in ("11", "18") or re.fullmatch(r"18\d{2}", number) else "a"
    if word.isupper() and word.isalpha() and (len(word) > 1 or phrase.strip()[1:2] == "-"):  # "an X-ray", "an LED"
        return "an" if word[0] in "AEFHILMNORSX" else "a"
    lower = word.lower()
    if re.match(r"(?:uni|use|usu|uti|eu|one|once|ubi|ure|uro)", lower):
        return "a"
    if re.match(r"(?:hour|honest|honou?r|heir)", lower):
        return "an"
    return "an" if lower[0] in "aeiou" else "a"


def _keep_case(text: str) -> str:
    """Lower-case the first letter unless the first word is a name, an acronym or a proper adjective."""
    first = text.split(" ", 1)[0]
    if not first[:1].isupper():
        return text
    if len(first) > 1 and (first.isupper() or any(c.isupper() for c in first[1:]) or any(c.isdigit() for c in first)):
        return text  # LED, USB-C, PBT
    doc = nlp()(f"It has {text}.")
    # New Zealand wool, French flax linen; not a common noun the recognizer takes for a name because the merchant
    # capitalised it ("Thermometer and recipe booklet", "Four 8-inch wheels": ninth round)
    if any(ent.start <= 2 < ent.end and ent.label_ not in ("CARDINAL", "QUANTITY", "ORDINAL")
           and (ent.label_ in ("NORP", "GPE", "LOC")
                or (len(ent) > 1 and all(t.text[:1].isupper() for t in ent))
                # "Montessori" alone is the merchant's name for it; "Thermometer and recipe booklet" is no name
                or (len(ent) == 1 and (" " not in text.strip() or not _known_word(ent.text.lower()))))
           for ent in doc.ents):
        return text
    # "Wide, even spray", "Anti-clog nozzles", "Tool-free installation" are common words too (thirteenth round)
    parts = [part for part in first.lower().strip(",;:.!").split("-") if part]
    known = [any(part in _lemma_words(pos) for pos in ("noun", "verb", "adj", "adv"))
             or part in ("anti", "non", "pre", "re", "self", "semi", "multi") for part in parts]
    if not parts or len(parts[0]) == 1 or not all(known):
        return text  # Turkish, Vibram
    return text[:1].lower() + text[1:]


# A fact typed as a question and its answer: "chain included? yes", "floats? no - keep the lanyard on".
_ANSWERED = re.compile(r"^(?P<q>[^?]{2,}?)\s*\?\s*(?P<a>yes|no)\b[\s.,;:!–—-]*(?P<rest>.*)$", re.IGNORECASE)


def _typed_instruction(raw: str) -> bool:
    """A feature typed as a sentence that starts with a verb: an instruction, whatever the verb also names. The
    form drops its full stop (Product.parse), so a sentence is a capital, then lower case, three words or more."""
    words = raw.strip().rstrip(".").split()
    if len(words) < 3 or not words[0][:1].isupper() or not words[1][:1].islower():
        return False
    first, second = words[0].lower(), words[1].lower().strip(",;")
    if second in ("to", "from", "by", "in", "with", "for") and (first.endswith("ed") or first in PARTICIPLES):
        return False  # "Ground to a 40-degree bevel": said of the product
    # the tagger reads some capitalised first words as names ("Brush off ice ..."): a verb before a particle is one
    return nlp()(" ".join(words))[0].tag_ == "VB" or (first in _lemma_words("verb") and (
        second in PARTICLE_NEXT or (second.endswith("ly") and len(second) > 4)))  # "Water thoroughly after ..."


PARTICLE_NEXT = load_words("particle_next")
PARTICIPLES = load_words("participles")


_NOT_PARTS = frozenset("scent fragrance flavour flavor capacity notes smell taste".split())  # keys, not parts
_ADDRESSED = re.compile(r"\b(?:owners?|parents?|users?|beginners?|kids|children|adults|wearers?|riders?|drivers?)$")


def _pair_phrase(field_name: str, text: str, label: str, value: str) -> Phrase:
    """"key: value": a spec ("bed temp: 50-60°C") is a key and value; an adjective key is said of the product
    ("double-sided: textured PEI on both faces" -> "is double-sided, with ..."); a plural part with words for a
    value is a clause ("teeth: rounded tips" -> "Its teeth have rounded tips")."""
    # "pet owners: toxic if eaten" is a note to them (was "has pet owners of toxic ..."); "kids: ages 3+" is not
    if _ADDRESSED.search(label) and not re.match(r"(?:ages?\b|\d)", value.lower()):
        return Phrase(field_name, text, STEP, core=f"a note for {label}: {value}")
    adjective_key = re.fullmatch(
        r"[a-z]+-(?:sided|sized|shaped|coated|lined|free|proof)|[a-z]+(?:able|ible|proof|less)", label) and not (
        known_noun(label) and not _is_adjective(label))  # "cable: 1.5mm²" is a key (was "is cable, with 1.5mm²")
    # an included value is an inclusion: "power: 12V adapter, included" (fourteenth round: "has a power of 12V
    # adapter, included"), "battery: CR2032 included"; not a list ("4 screws, screwdriver included")
    supplied = re.match(r"^([^,]+?),?\s+(?:included|supplied)$", value, re.IGNORECASE)
    if supplied:
        thing = supplied.group(1) if label == "power" else f"{supplied.group(1)} {label}"
        inner = _noun_phrase(field_name, thing)
        return Phrase(field_name, text, INCLUDED, core=inner.core, head=inner.head, plural=inner.plural,
                      mass=inner.mass)
    if adjective_key and re.match(r"(?:won't|will|can|can't|doesn't|does|never|stays?)\b", value.lower()):
        return Phrase(field_name, text, VP, core=f"is {label}, so it {value}",
                      plural_verb=f"are {label}, so they {value}")  # "edgeless: won't scratch paint"
    if adjective_key:
        return Phrase(field_name, text, ADJ, core=f"{label}, with {value}")
    if " " not in value.strip() and (value.lower() in _lemma_words("adj") or value.lower().split("-")[-1]
                                     in ADJ_ENDINGS or all(part in _lemma_words("adj") for part in
                                                           value.lower().split("-"))) \
            and not value[:1].isdigit():  # "hold: firm", "firmness: medium-firm"
        verb = "are" if singular(label) != label else "is"  # "core: asymmetric" -> "Its core is asymmetric"
        return Phrase(field_name, text, CLAUSE, core=f"{label} {verb} {value}", plural=verb == "are")
    if label in _SIZE_WORDS and re.match(r"\d", value) and re.search(r"\d\s*(?:mm|cm|m|in|inch|\")", value):
        return Phrase(field_name, text, CLAUSE, core=f"the {label} one measures {value}")  # "small: 15 x 10 cm"
    if (" " not in label and _is_adjective(label) and _known_word(label)  # not "cca: 400", an acronym
            and re.match(r"(?:under|below|less than|up to|about|\d)", value.lower())):
        return Phrase(field_name, text, ADJ, core=f"{label} ({value})")  # "quiet: under 28dB" (was "a quiet of")
    plural = singular(label) != label or label in ("teeth", "feet")
    said = value.lower().split()
    one_material = plural or (not re.search(r"\d|[,/+&]|\band\b", value) and label not in _NOT_PARTS)
    if one_material and len(label.split()) <= 2 and singular(label.split()[-1]) in _lemma_words("noun") and said and (
            said[-1] in MATERIAL_WORDS or " ".join(said[-2:]) in MATERIALS):
        # "rings: 316 stainless steel" (was "has rings of"), "jacket - braided nylon" (twenty-third round)
        return Phrase(field_name, text, CLAUSE, core=f"{label} {'are' if plural else 'is'} {value}", plural=plural)
    described = re.match(r"[a-z]+(?:ed|able|ible)\b", value.lower())  # "rounded tips", not "rose, fig, neroli"
    if plural and " " not in label and described:
        verb = "are" if _is_adjective(value) else "have"  # "legs: adjustable" -> "Its legs are adjustable"
        return Phrase(field_name, text, CLAUSE, core=f"{label} {verb} {value}", plural=True)
    if (by_value := _pair_by_value(field_name, text, label, value, plural)) is not None:
        return by_value
    if (counted := _counted_pair(field_name, text, label, value.strip(), plural)) is not None:
        return counted
    return Phrase(field_name, text, PAIR, core=value, label=label)


# Plural nouns that count steps of a setting: "brightness: 5 levels" is "5 brightness levels".
_STEP_NOUNS = frozenset("levels settings modes speeds positions programmes programs stages steps zones angles heights"
                        .split())
_PROCESS_KEYS = frozenset("assembly installation setup set-up fitting fit-up build".split())


def _counted_pair(field_name: str, text: str, label: str, value: str, plural: bool) -> Phrase | None:
    """A key counted by its value (the twenty-second round: "castors of 4 (2 lockable)", "a brightness of 5
    levels", "pneumatic 2 x wheels", "is cca (400)", "an assembly of 2 people, approx 4 hours")."""
    words = label.split()
    counted = re.fullmatch(r"(\d+)(\s*\([^)]*\))?", value)
    if counted and plural and len(words) <= 3 and counted.group(2):  # "castors: 4 (2 lockable)"
        return Phrase(field_name, text, NP, core=f"{counted.group(1)} {label}{counted.group(2)}", head=words[-1],
                      plural=True, mass=True)
    steps = re.fullmatch(r"(\d+)\s+([a-z]+)", value)
    if steps and steps.group(2) in _STEP_NOUNS and len(words) <= 2:  # "brightness: 5 levels"
        return Phrase(field_name, text, NP, core=f"{steps.group(1)} {label} {steps.group(2)}", head=steps.group(2),
                      plural=True, mass=True)
    each = re.fullmatch(r"(\d+)\s*[x×]\s*([a-z][a-z-]+)", value)
    if each and plural and len(words) <= 2 and (_is_adjective(each.group(2)) or not known_noun(each.group(2))):
        return Phrase(field_name, text, NP, core=f"{each.group(1)} {each.group(2)} {label}", head=words[-1],
                      plural=True, mass=True)  # "wheels: 2 x pneumatic"
    if re.fullmatch(r"\d[\d.,]*", value) and len(words) == 1 and 2 <= len(label) <= 4 and label.isalpha() \
            and not _known_word(label):  # an acronym's count: "cca: 400" -> "400 CCA"
        return Phrase(field_name, text, NP, core=f"{value} {label.upper()}", head=label, mass=True)
    if re.fullmatch(r"(?:none|not)\s+(?:needed|required)", value.lower()):  # "assembly: none needed" (was "has an
        return Phrase(field_name, text, VP, core=f"needs no {label}", plural_verb=f"need no {label}")  # assembly of")
    described = re.fullmatch(r"([a-z]+(?:-[a-z]+)?),\s+(.+)", value)
    thing = described.group(2) if described else ""
    last = thing.split()[-1] if thing else ""
    if described and len(words) == 1 and known_noun(label) and _is_adjective(described.group(1)) \
            and described.group(1) not in COLOUR_WORDS and known_noun(singular(last.lower())) \
            and not _is_adjective(last):  # "subwoofer: wireless, 6.5 inch driver" -> "a wireless subwoofer with a
        # 6.5 inch driver" (was "a subwoofer of wireless, ...")
        said = f"{described.group(1)} {label} with {'' if singular(last) != last else indefinite(thing) + ' '}{thing}"
        return Phrase(field_name, text, NP, core=said, head=label, plural=plural)
    if label in _PROCESS_KEYS and re.search(r"\b(?:people|persons?|adults|minutes?|mins?|hours?|hrs?)\b", value):
        return Phrase(field_name, text, CLAUSE, core=f"{label} takes {value}")  # "assembly: 2 people, approx 4 hours"
    return None


def _pair_by_value(field_name: str, text: str, label: str, value: str, plural: bool) -> Phrase | None:
    """A key whose value says how it should be said (the seventeenth to nineteenth rounds' items)."""
    if _answered_by_words(label, value):  # "air assist: built in" -> "Its air assist is built in" (was "has an air
        # assist of built in"; eighteenth round)
        return Phrase(field_name, text, CLAUSE, core=f"{label} {'are' if plural else 'is'} {value}", plural=plural)
    if label in _CONTENTS and value.strip():  # "includes: head guard, chest protector" (was "has includes of")
        return Phrase(field_name, text, INCLUDED, core=value.strip(), head=value.strip().split()[-1].lower(),
                      plural=True)
    described = re.fullmatch(r"([A-Za-z0-9][\w.-]*),\s*([a-z]+(?:able|ible))", value.strip())
    if described and " " not in label:  # "battery: CR2450, replaceable" -> "a replaceable CR2450 battery"
        return Phrase(field_name, text, NP, core=f"{described.group(2)} {described.group(1)} {label}", head=label,
                      plural=plural)
    each = re.fullmatch(r"each ([a-z]+)", label)
    if each and re.match(r"\d", value.strip()):  # "each band: 30 x 5 cm" (nineteenth round: "have an each band of")
        verb = "weighs" if re.search(r"\d\s*(?:kg|g|lb|lbs|oz)$", value.strip(), re.IGNORECASE) else "measures"
        return Phrase(field_name, text, CLAUSE, core=f"{label} {verb} {value.strip()}")
    if re.fullmatch(r"not (?:recommended|suitable|advised)", value.strip().lower()):  # "solvent paints? not
        be = "are" if plural else "is"  # recommended" (was "has solvent paints of not recommended"): a note
        return Phrase(field_name, text, STEP, core=f"{label} {be} {value.strip().lower()}")
    rated = re.fullmatch(r"(\d[\d.,]*\s*[A-Za-z]{1,4})\s+(continuous|peak|max|nominal|rated)", value.strip())
    if rated and " " not in label:  # "motor: 3.5 HP continuous" -> "a 3.5 HP continuous motor"
        return Phrase(field_name, text, NP, core=f"{value.strip()} {label}", head=label, plural=plural)
    if label in _SHOWING and "," in value:  # "LCD: time, calories, watts" -> "an LCD showing time, calories ..."
        shown = label.upper() if label in ("lcd", "led") else label
        return Phrase(field_name, text, NP, core=f"{shown} showing {value.strip()}", head=label.split()[-1])
    if label.startswith("not ") and _is_adjective(label.split()[-1]):  # "not waterproof: wipe only" (was "has a
        return Phrase(field_name, text, VP, core=f"is {label} ({value})",  # not waterproof of wipe only")
                      plural_verb=f"are {label} ({value})")
    cells = re.fullmatch(r"(\d+\s*x\s*[A-Za-z0-9]+?)(\s+batter(?:y|ies))?(\s*\((?:not )?included\))?", value.strip())
    if cells and (label in ("battery", "batteries") or cells.group(2)):  # "2 x AAA", "fan power: 4 x AA batteries
        noun = "battery" if re.match(r"1\s*x", cells.group(1)) else "batteries"  # (not included)" -> "takes 4 x AA
        said = f"{cells.group(1)} {noun}{cells.group(3) or ''}"  # batteries (not included)"
        return Phrase(field_name, text, VP, core=f"takes {said}", plural_verb=f"take {said}")
    if label in ("noise", "noise level", "sound level") and re.match(r"(?:under|below|about|up to|\d)", value):
        return Phrase(field_name, text, VP, core=f"runs at {value.strip()}", plural_verb=f"run at {value.strip()}")
    if label in ("qty", "quantity", "count", "pcs", "pieces", "pack size") and re.match(r"\d", value.strip()):
        said = f"in a pack of {value.strip()}"  # "qty: 20 cups" -> "comes in a pack of 20 cups" (was "a qty of")
        return Phrase(field_name, text, VP, core=f"comes {said}", plural_verb=f"come {said}")
    given = re.fullmatch(r"(.+?)\s+(?:included|supplied)", label)
    if given and value.strip():  # "wheels included: 36 grit and 60 grit" -> "36 grit and 60 grit wheels"
        inner = _noun_phrase(field_name, f"{value.strip()} {given.group(1)}")
        return Phrase(field_name, text, INCLUDED, core=inner.core, head=inner.head, plural=inner.plural,
                      mass=inner.mass)
    if label.endswith(" adjustable") and re.match(r"\d", value):  # "height adjustable: 78-95 cm"
        return Phrase(field_name, text, PAIR, core=value, label=f"adjustable {label.removesuffix(' adjustable')}")
    if label in _AGE_LABELS and re.match(r"\d", value):  # "age: 3+" -> "for ages 3+" (was "has an age of 3+")
        return Phrase(field_name, text, FOR, core=f"ages {value}")
    described = re.fullmatch(r"(\d[\d.,]*(?:\s*(?!x\b)[A-Za-z]{1,3})?)\s+([a-z]{4,})", value.strip())
    if described and _is_adjective(described.group(2)) and not known_noun(described.group(2)) \
            and len(label.split()) <= 2:  # "chuck: 13 mm keyless" -> "a keyless 13 mm chuck", "resistance levels:
        amount, quality = described.groups()  # 8 magnetic" -> "8 magnetic resistance levels" (nineteenth round:
        core = f"{amount} {quality} {label}" if amount.isdigit() else f"{quality} {amount} {label}"  # "a chuck of
        return Phrase(field_name, text, NP, core=core, head=label.split()[-1], plural=plural)  # 13 mm keyless")
    if plural and len(label.split()) <= 3 and re.fullmatch(r"\d+", value.strip()) and int(value) > 1:
        return Phrase(field_name, text, NP, core=f"{value.strip()} {label}", head=label, plural=True)  # "cars: 2"
    return None


def _answered_by_words(label: str, value: str) -> bool:
    """A key a question asked, answered with words that say how it is: 'built in', 'push-button, semi-automatic'
    (a state or a manner, never a number, a thing that is included, or a list of values such as 'oak, ash')."""
    words = value.lower().replace(",", " ").split()
    return (bool(words) and len(words) <= 3 and not re.search(r"\d", value) and " " in label
            and all(w in _lemma_words("adj") or w.endswith(("ed", "able")) or "-" in w or w in ("in", "on", "off")
                    for w in words))


_SHOWING = frozenset({"lcd", "display", "console", "lcd display", "led display"})  # what it shows
_CONTENTS = frozenset({"includes", "included", "contents", "in the box", "kit includes", "set includes", "comes with",
                       "box contains"})  # not "contains: milk", an allergen
_AGE_LABELS = frozenset({"age", "ages", "age range", "recommended age", "suitable age", "suitable for ages"})


def _answered(field_name: str, text: str, match: re.Match[str]) -> Phrase:
    """A yes is the statement ("chain included"); a no is its negation ("does not float", "is not waterproof"),
    what follows the answer kept after a colon. Said as a verb phrase, so that it agrees ("they do not float")."""
    question, rest = match.group("q").strip(), match.group("rest").strip()
    if match.group("a").lower() == "yes":  # "lightweight? yes, 220 g" -> "lightweight (220 g)"
        said = analyse(field_name, question)
        return replace(said, text=text, core=f"{said.core} ({rest})" if rest else said.core,
                       plural_verb=f"{said.plural_verb} ({rest})" if rest and said.plural_verb else said.plural_verb)
    needed = re.match(r"^(.+?)\s+(?:needed|required)$", question, re.IGNORECASE)
    if needed:  # "roof bars needed: no" -> "does not need roof bars" (twenty-second round: "is not roof bars needed")
        thing = _keep_case(needed.group(1))
        core, plural = f"does not need {thing}", f"do not need {thing}"
        if rest:
            core, plural = f"{core}: {rest}", f"{plural}: {rest}"
        return Phrase(field_name, text, VP, core=core, plural_verb=plural)
    left_out = re.match(r"^(.+?)\s+(?:included|supplied|provided)$", question, re.IGNORECASE)
    if left_out:  # "fins included? no": "does not come with fins" (was "is not fins included")
        thing = _keep_case(left_out.group(1))
        core, plural = f"does not come with {thing}", f"do not come with {thing}"
        if rest:
            core, plural = f"{core}: {rest}", f"{plural}: {rest}"
        return Phrase(field_name, text, VP, core=core, plural_verb=plural)
    first, _, tail = question.partition(" ")
    token = nlp()(f"It {question}.")[1]
    if token.tag_ == "VBZ" and token.lemma_.lower() not in ("be", "have"):
        lemma = token.lemma_.lower() + (f" {tail}" if tail else "")
        core, plural = f"does not {lemma}", f"do not {lemma}"
    elif _lacks(question):  # "anti-fog coating: no" (twentieth round: "is not anti-fog coating")
        thing = _with_article(_keep_case(question))
        core, plural = f"does not have {thing}", f"do not have {thing}"
    else:
        core, plural = f"is not {_keep_case(question)}", f"are not {_keep_case(question)}"
    if rest:
        core, plural = f"{core}: {rest}", f"{plural}: {rest}"
    return Phrase(field_name, text, VP, core=core, plural_verb=plural)


def _lacks(question: str) -> bool:
    """A "no" to a part, not to a quality: the question names a thing ("anti-fog coating", "lid"), not what the
    product is ("waterproof", "assembly required")."""
    last = question.lower().split()[-1]
    return (known_noun(singular(last)) and not _is_adjective(question) and not last.endswith(("ed", "able", "ible"))
            and last not in _lemma_words("adj"))


@lru_cache(maxsize=2048)
def _dash_as_colon(text: str) -> str:
    """'length - 6in / 15cm', 'core - asymmetric': a key and its value, typed with a dash (ninth round: said as
    written, "Length - 6in / 15cm."); not a clause ('EVA foam tyres - never go flat')."""
    dashed = re.match(r"^([A-Za-z][a-z]*(?: [a-z]+)?)\s[-–—]\s((?:(?:approx\.?|about|ca\.?|max\.?|up to)\s*)?\d.*"
                      r"|[a-z]+|[A-Z]{1,3}\d[\w.-]*)$", text)  # "weight - approx 18 kg", "curve - P92" too
    valued = re.match(r"^([A-Za-z][a-z-]*(?: [a-z-]+)?)\s[-–—]\s([a-z][a-z-]*(?: [a-z][a-z-]*)?)$", text)
    if valued and not dashed:  # "jacket - braided nylon", "firmness - medium-firm" (twenty-third round: said as
        value = valued.group(2)  # written)
        if value.split()[-1] in MATERIAL_WORDS or value in MATERIALS or (" " not in value and (
                _is_adjective(value) or value.split("-")[0] in _lemma_words("adj"))):
            dashed = valued
    if dashed:
        last = dashed.group(1).split()[-1].lower()
        if (last in _lemma_words("noun") or (not _known_word(last) and not re.search(r"(?:ed|ing|ly|able)$", last))) \
                and not _verb_s(last):  # "runtime - 90 min"; not "dual sided - 1000 grit ..."
            return f"{dashed.group(1)}: {dashed.group(2)}"
    return text


_COUNT_WORDS = frozenset("two three four five six seven eight nine ten twelve".split())


def _keyed(field_name: str, text: str) -> Phrase | None:
    """A key and its value: "3 light settings: warm, cool" (the count is the thing), "dishwasher safe: no - hand
    wash" (a question answered), "seat width 42 cm" (a measure after its label), "bed temp: 50-60°C"."""
    pair = None if re.search(r"\d:\d", text) else re.match(r"^([A-Za-z0-9][\w -]{0,30}):\s*(.+)$", text)  # not 1:35
    if pair and re.fullmatch(r"\d+-in-\d+", pair.group(1).strip().lower()):  # "2-in-1: fan in summer, heater in
        return Phrase(field_name, text, ADJ, core=f"{pair.group(1).strip()} ({pair.group(2).strip()})")  # winter"
    if pair and (pair.group(1)[:1].isdigit() or pair.group(1).split()[0].lower() in _COUNT_WORDS):
        return Phrase(field_name, text, NP, core=_keep_case(text), head=pair.group(1).split()[-1].lower(),
                      plural=True, mass=True)
    label = pair.group(1).strip().lower() if pair else ""
    answer = re.fullmatch(r"(?i)(yes|no)\b[\s.!]*", pair.group(2)) if pair else None
    if answer and " " not in label and singular(label) != label and singular(label) in _lemma_words("noun"):
        # "lights: no" is "has no lights" (seventeenth round), where "lights? no" asks whether it lights
        if answer.group(1).lower() == "yes":
            return Phrase(field_name, text, NP, core=label, head=label, plural=True)
        return Phrase(field_name, text, VP, core=f"does not have {label}", plural_verb=f"do not have {label}")
    if pair and re.match(r"(?i)(?:yes|no)\b", pair.group(2)):
        return analyse(field_name, f"{pair.group(1)}? {pair.group(2)}")
    measure = _LABELLED.match(text)
    if measure:  # "recommended tension 20-28 lbs": "a recommended tension of 20-28 lbs"
        return Phrase(field_name, text, PAIR, core=measure.group("value"), label=measure.group("label").lower())
    if pair:
        return _pair_phrase(field_name, text, pair.group(1).strip().lower(), pair.group(2))
    return None


def _per_or_range(field_name: str, text: str) -> Phrase | None:
    """A measure per piece, or a key and a range typed with a dash (thirteenth round: both said as written)."""
    per = re.match(r"^(weight|length|width|height|size) per ([a-z]+)\s*(?:[-–:]\s*)?(\d.*)$", text, re.IGNORECASE)
    if per:  # "weight per block - 1.1 lb": "each block weighs 1.1 lb"
        verb = "weighs" if per.group(1).lower() == "weight" else "measures"
        return Phrase(field_name, text, CLAUSE, core=f"each {per.group(2)} {verb} {per.group(3)}")
    ranged = re.match(r"^([a-z]+(?: [a-z]+){0,2}) (\d[\d.,]*\s*%?\s*[-–]\s*\d[\d.,]*\s*%?)$", text)
    label = ranged.group(1).split() if ranged else []
    if ranged and known_noun(label[-1]) and not _verb_s(label[0]) and not set(label) & NOT_SUBJECT:  # "humidity
        # setting 35% - 80%": a key and its range; not "fires at cone 5-6"
        return Phrase(field_name, text, PAIR, core=ranged.group(2), label=ranged.group(1))
    return None


def _keyword_kind(text: str, core: str) -> Phrase | None:
    """A problem is a noun ("damp": "made to tackle damp"); a style ("vintage") and "refillable", "flameless" are
    adjectives, never "designed for refillable"."""
    if core.lower() in PROBLEMS:
        return Phrase("keywords", text, NP, core=core, head=core.split()[-1].lower(), mass=True)
    if core.lower() in STYLES:  # "this vintage bread bin" (was "designed for vintage")
        return Phrase("keywords", text, ADJ, core=core)
    if re.fullmatch(r"[a-z]{3,}(?:able|ible|less|ful|ous|ive)|(?:free|self|hard|long|fast|quick|easy)[a-z]{3,}ing",
                    core.lower()):  # "freestanding" (twentieth round: "a great match for freestanding")
        return Phrase("keywords", text, ADJ, core=core)
    return None


def _included_or_not(field_name: str, text: str) -> Phrase | None:
    """"nut tool not included": what it does not come with, never an inclusion; "screws included": an inclusion;
    "self assembly - screws included": as written."""
    left_out = re.match(r"^(.+?)\s+(?:not\s+(?:included|supplied|provided)|sold\s+separately)$", text, re.IGNORECASE)
    if left_out:
        thing = _with_article(_keep_case(left_out.group(1)))  # "belt not included": "does not come with a belt"
        return Phrase(field_name, text, VP, core=f"does not come with {thing}",
                      plural_verb=f"do not come with {thing}")
    included = re.match(r"^(.+?)\s+(?:included|supplied|provided)$", text, re.IGNORECASE)
    if included and re.search(r"\s[-–—]\s", included.group(1)):
        return Phrase(field_name, text, STEP, core=_keep_case(text))
    if included:
        inner = _noun_phrase(field_name, included.group(1))
        return Phrase(
            field_name, text, INCLUDED, core=inner.core, head=inner.head, plural=inner.plural, mass=inner.mass
        )
    return None


def _with_article(thing: str) -> str:
    """A single countable thing takes "a" ("a belt"); a list, a plural, a mass noun, a name or a determined thing
    stays as typed."""
    words = thing.split()
    last = words[-1].lower() if words else ""
    if (not words or len(words) > 3 or re.search(r"[,&/+]|\band\b|\bor\b", thing) or thing[:1].isupper()
            or re.match(r"(?:a|an|the|any|its|their|your|no|\d)\b", thing.lower()) or singular(last) != last
            or last in MASS_HEADS or not known_noun(last)):
        return thing
    return f"{indefinite(thing)} {thing}"


def _as_typed_tidily(text: str) -> str:
    """A merchant's shorthand in a feature, as a careful writer types it (eighteenth round): a question answered by
    a value is a key and its value ("air assist? built in" -> "air assist: built in"), "incl." is "including",
    and the exclamation mark goes ("Pads won't mark your work!")."""
    text = text.rstrip("!").rstrip()
    asked = re.match(r"^([^?:]{2,40}?)\s*\?\s+(?!(?:yes|no)\b)(\S.*)$", text, re.IGNORECASE)
    if asked:
        text = f"{asked.group(1)}: {asked.group(2)}"
    times = re.fullmatch(r"([A-Za-z][A-Za-z -]*?[a-z]s)\s*\(?\s*[x×]\s*(\d+)\s*\)?", text)
    if times:  # "roof vents x2" -> "2 roof vents" (twenty-second round: "Its roof vents x2.")
        text = f"{times.group(2)} {times.group(1)}"
    return re.sub(r"\bincl\.(?=\s)", "including", text, flags=re.IGNORECASE)


def analyse(field_name: str, raw: str) -> Phrase:
    text = " ".join(raw.split()).strip().rstrip(".")
    text = _as_typed_tidily(text) if field_name == "features" else text
    answered = _ANSWERED.match(text)
    if answered:
        return _answered(field_name, text, answered)
    per_or_range = _per_or_range(field_name, text)
    if per_or_range is not None:
        return per_or_range
    text = _dash_as_colon(text)
    keyed = _keyed(field_name, text)
    if keyed is not None:
        return keyed
    given = _included_or_not(field_name, text)
    if given is not None:
        return given
    if re.match(r"^with\s+\S", text, re.IGNORECASE):
        return Phrase(field_name, text, WITH, core=_keep_case(text[5:].strip()))
    core = _keep_case(text)
    if re.match(r"^(?:ages?\s+\d|\d+(?:\s*(?:to|-|–)\s*\d+)?\s+(?:players|people|persons|users)\b)", core):
        return Phrase(field_name, text, FOR, core=core)
    if re.search(r"\brecommended$", core):
        return Phrase(field_name, text, NOTE, core=core)
    if _MEASURE_RE.match(text) and not re.search(r"[a-z]{3,}s$", text):
        return Phrase(field_name, text, MEASURE, core=core)
    if field_name == "features" and (_typed_instruction(raw) or _KEEP.fullmatch(core)):  # "Flatten and hone the blade
        # before first use.", "Keep dry." (twentieth round: "comes with a keep dry")
        return Phrase(field_name, text, STEP, core=core)
    if field_name == "features":
        shaped = _sentence_shaped(field_name, text, core)
        if shaped is not None:
            return shaped
    if field_name == "keywords" and (keyword := _keyword_kind(text, core)) is not None:
        return keyword
    if (field_name == "keywords" or " " not in core) and _is_adjective(core):
        return Phrase(field_name, text, ADJ, core=core)
    if (complemented := _complemented(field_name, text, core)) is not None:
        return complemented
    if field_name != "materials" and not re.match(r"^[a-z]+s of\b", core):  # "notes of cedar" is a noun phrase
        doc = nlp()(f"It {_lower_first(core)}.")  # "Clamps to desks ...", typed as a sentence, is no name
        adverb = doc[1].tag_ == "RB" and doc[1].lower_ in ("also", "even", "still", "easily")  # "Also takes cards"
        first = doc[2] if adverb else doc[1]
        if (first.tag_ == "VBZ" and first.dep_ == "ROOT" and first.lemma_.lower() in _lemma_words("verb")
                and first.lower_.endswith("s") and not _numbered(core)  # not "frost free", "shades 5-8 and 9-13",
                and doc[first.i + 1].text not in ("+", "&")):  # "spikes + rubber feet"
            if _subject_and_verb(field_name, doc, first.i) and not adverb:  # "Pieces stay put when ...", "lights
                return Phrase(field_name, text, CLAUSE, core=_lower_first(core), plural=True)  # flash with ..."
            words = _lower_first(core).split(" ", 2 if adverb else 1)
            verb_at = 1 if adverb else 0
            plural = " ".join([*words[:verb_at], _plural_verb(first.lemma_.lower()), *words[verb_at + 1:]])
            return Phrase(field_name, text, VP, core=" ".join(words), plural_verb=plural)
    if field_name == "features" and (own := _own_sentence(field_name, text, core)) is not None:
        return own
    phrase = _noun_phrase(field_name, text)
    head_of = re.match(r"^([a-z]+s) of\b", core)  # "notes of cedar": the head is "notes", a plural
    return replace(phrase, head=head_of.group(1), plural=True, mass=False) if head_of else phrase


# What follows a verb in a clause led by its plural subject ("handles fold down into legs"), not a verb's object.
CLAUSE_NEXT = load_words("clause_next")


def _subject_and_verb(field_name: str, doc: Any, at: int) -> bool:
    """Whether the word at `at`, which the parse read as the product's verb, is a plural subject before its verb."""
    verb, after = doc[at + 1], doc[at + 2] if at + 2 < len(doc) else None
    return (field_name == "features" and verb.tag_ in ("VB", "VBP") and verb.is_lower and after is not None
            and (not known_noun(verb.lower_) or after.lower_ in CLAUSE_NEXT or after.i == len(doc) - 1))


def _complemented(field_name: str, text: str, core: str) -> Phrase | None:
    """An adjective and its complement: "suitable for sensitive skin", "expandable by 4 cm", "water resistant to 50
    m"; not a thing with another ("locomotive with 3 wagons", twentieth round: "is locomotive with"), and an
    instruction as one ("polish with a dry cloth only")."""
    complement = re.match(r"^((?:[\w-]+\s+)??)([\w-]+)\s+(?:for|to|with|by|up to|from|against|in|on|even when|even in"
                          r"|when)\b", core)
    if complement is None:
        return None
    lead, word = complement.group(1).strip(), complement.group(2).lower()
    with_noun = core[complement.end() - 4:complement.end()] == "with" and known_noun(word) \
        and word not in _COMPLEMENT_ADJECTIVES
    told = re.search(r"\bwith (?:a|an|the|your|\d+)\b|\b(?:before|after|only|each|every|daily|weekly|until|then)\b",
                     core)
    if with_noun and not lead and word in _lemma_words("verb") and (
            told or nlp()(f"{_cap(core)}.")[0].tag_ == "VB"):
        return Phrase(field_name, text, STEP, core=core)  # not "chain with hook", "bowl with lid"
    if not with_noun and ((not lead and _is_adjective(word)) or (lead and word in _COMPLEMENT_ADJECTIVES)):
        return Phrase(field_name, text, ADJ, core=core)
    return None


def _numbered(core: str) -> bool:
    """A plural noun and its numbers, nothing else: "shades 5-8 and 9-13", "speeds 1-6" (twentieth round: "the
    welding helmet shades 5-8"), never a verb's object ("holds 5 kg")."""
    number = r"\d+(?:\s*[-–]\s*\d+)?"
    if core.split(" ", 1)[0] in ("serves", "seats", "sleeps", "feeds", "fits", "holds", "makes", "takes"):
        return False  # "serves 6-8": a verb
    return re.fullmatch(rf"[a-z]+s {number}(?:\s*(?:,|and|or|/)\s*{number})*", core) is not None


def _lower_first(text: str) -> str:
    """'Also takes cards' -> 'also takes cards'; an acronym ('DCC sound') stays."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


_NEEDED = frozenset("required needed".split())
_KEEP = re.compile(r"(?:keep|store) (?:dry|cool|flat|upright|indoors|away from .+|out of .+)", re.IGNORECASE)
_SCHEDULE = re.compile(r"^(?P<thing>[a-z][\w -]*?)\s+every\s+(?P<when>\d[\d.,–-]*\s*(?:hours?|days?|weeks?|months?"
                       r"|years?|uses?|washes))$", re.IGNORECASE)


def _own_sentence(field_name: str, text: str, core: str) -> Phrase | None:
    """What the parse reads as a sentence of its own, which no frame for a noun phrase takes (seventeenth round:
    "feature each pair comes with a soft pouch", "has a kickstands built in", "has a glue required"):
    - a subject and its present-tense verb: "each pair comes with a soft pouch", "track pieces click together";
      a verb that is a noun too ("lid locks", "spring hinges") only with an object or an adverb after it, or a
      determiner before its subject;
    - a thing and a participle saying its state: "kickstands built in" -> "kickstands are built in", "seat angle
      fixed at 20°"; what is required or needed is said last, as an instruction ("Glue is required.");
    - a part on a schedule is one it needs: "replacement filter every 3 months"."""
    schedule = _SCHEDULE.match(core)
    if schedule and nlp()(core)[0].tag_ != "VB":  # "replacement filter every 3 months" is needed, not included
        part = schedule.group("thing")  # (eighteenth round: "comes with replacement filter every 3 months", an N)
        return Phrase(field_name, text, STEP, core=f"it needs {indefinite(part)} {part} every {schedule['when']}")
    doc = nlp()(f"{_cap(core)}.")
    root: Any = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or root.i == 0 or any(t.text in (",", ";", ":") for t in doc[: root.i]):
        return None
    subject = next((c for c in root.children if c.dep_ == "nsubj" and c.i < root.i), None)
    nouns = _lemma_words("noun")
    modal = root.tag_ == "VB" and any(c.dep_ == "aux" and c.tag_ == "MD" for c in root.children)  # "won't mark"
    # the tagger reads a capitalised first noun as a name ("Paint may chip"): a word the merchant typed in lower
    # case is a common noun
    tag = "NN" if subject is not None and subject.tag_ == "NNP" and subject.i == 0 and core[:1].islower() else (
        subject.tag_ if subject is not None else "")
    agrees = subject is not None and ((tag, root.tag_) in (("NN", "VBZ"), ("NNS", "VBP"))
                                      or (modal and tag in ("NN", "NNS")))
    if (subject is not None and agrees and subject.left_edge.i == 0
            and root.lemma_.lower() in _lemma_words("verb")):  # not "Canvas carry bag", a proper noun's verb
        noun_too = root.lower_ in nouns or singular(root.lower_) in nouns
        verb_like = any(c.dep_ in ("dobj", "prt", "advmod") and c.i > root.i and c.is_alpha  # not "mounts x3"
                        for c in root.children)
        determined = any(c.dep_ == "det" for c in subject.children)  # "each pair comes with ..."
        if not noun_too or verb_like or determined or modal:  # "paint may chip with heavy use"
            return Phrase(field_name, text, CLAUSE, core=_lower_first(core), plural=tag == "NNS")
        return None
    # a thing, then its participle: the root noun with the participle after it, or the participle as the root
    thing: Any = root if root.tag_ in ("NN", "NNS", "NNP", "NNPS") else subject
    participle: Any = (next((c for c in root.children if c.dep_ == "acl" and c.i == root.i + 1), None)
                  if thing is root else root)
    if (thing is None or participle is None or participle.tag_ not in ("VBN", "VBD") or thing.left_edge.i != 0
            or thing.tag_ not in ("NN", "NNS", "NNP", "NNPS") or participle.i != thing.i + 1 or not participle.is_alpha
            or participle.lemma_.lower() not in _lemma_words("verb")  # "Cushioned footbed": no verb "footbe"
            or (not participle.lower_.endswith("ed") and participle.lower_ in nouns)):  # "bias cut", "cable knit"
        return None
    after = doc[participle.i + 1]
    if after.tag_ not in ("IN", "RP", "RB", "-LRB-"):
        return None  # "powder coated steel frame": the noun's; "solar powered": an adjective, said as one
    words = core.split()
    said, rest = " ".join(words[: thing.i + 1]), " ".join(words[thing.i + 1:])
    plural = singular(thing.lower_) != thing.lower_
    clause = f"{said} {'are' if plural else 'is'} {rest}"
    if participle.lower_ in _NEEDED:
        return Phrase(field_name, text, STEP, core=clause)
    return Phrase(field_name, text, CLAUSE, core=_lower_first(clause), plural=plural)


# Words that follow an instruction's verb ("soak for 30 minutes", "reapply every 2 hours"): data/words/.
STEP_NEXT = load_words("step_next")
# Verbs whose past participle is the base form: "cut to size" is a state, not an instruction.
_SAME_PARTICIPLE = frozenset("cut set put cast shut spread split let hit".split())
# Two-word care and use verbs that the tagger reads as nouns ("machine wash 30°C").
_CARE = re.compile(r"^(?:(?:machine|hand)\s+wash|spot\s+clean|tumble\s+dry|line\s+dry|dry\s+clean|wipe\s+clean"
                   r"|do\s+not|don't|never|just|simply|always)\b", re.IGNORECASE)
# Plural nouns of an amount, never the subject of a clause ("30 hours total playback").
_AMOUNTS = frozenset("seconds minutes hours days weeks months years times uses washes pieces".split())
CLAUSE_VERBS = load_words("clause_verbs")
# Spec labels that read as verbs before a number ("weight 5.5 kg"), and words that make what comes before a verb
# something other than its subject ("water when soil feels dry"): data/words/.
SPEC_LABELS = load_words("spec_labels")
NOT_SUBJECT = load_words("not_subject")
_PARTICLES = frozenset("up down out in on off over back away through about".split())
# Words after a participle that make it a predicate ("built for steep overhangs", "cleaned to reduce mess").
_PREDICATE_NEXT = frozenset("for to in from by with at on into without as all".split())


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _verb_s(word: str) -> str:
    """The base form of a present-tense verb ending in -s ("adjusts" -> "adjust", "lasts" -> "last"); ''."""
    verbs = _lemma_words("verb")
    for base in (word[:-2], word[:-1]) if word.endswith("es") else (word[:-1],) if word.endswith("s") else ():
        if base in verbs:
            return base
        if base.endswith("i") and base[:-1] + "y" in verbs:  # "dries" -> "dry"
            return base[:-1] + "y"
    return ""


def _predicate(phrase: Phrase, plural: bool) -> str:
    """A phrase said after the product as subject: 'is X', 'has a X', a verb phrase; '' when it cannot be."""
    if phrase.kind == VP:
        return phrase.plural_verb if plural else phrase.core
    if phrase.kind == ADJ:
        return f"{'are' if plural else 'is'} {phrase.core}"
    if phrase.kind == NP:
        article = "" if phrase.plural or phrase.mass else indefinite(phrase.core) + " "
        return f"{'have' if plural else 'has'} {article}{phrase.core}"
    return ""


def _sentence_shaped(field_name: str, text: str, core: str) -> Phrase | None:
    """A feature that is not a noun or adjective phrase: a clause with its own subject, an instruction, a
    participle ("built for steep overhangs"), "for ..." or "no ...", or two of those joined by a comma
    ("hand launched, no motor"). The frames that take a noun phrase turned these into "comes with spit rod
    adjusts ..." and "has a for pressures 0.5-5 bar"."""
    if not core.split():  # nothing but punctuation ("..." less its full stops)
        return None
    also = re.match(r"^also (?:for|good for|great for) (.+)$", core, re.IGNORECASE)
    if also:  # "also for coffee beans, seeds and dried herbs" (thirteenth round: "has also for coffee beans")
        said = f"can also be used for {also.group(1)}"
        return Phrase(field_name, text, VP, core=said, plural_verb=said)
    each = re.match(r"^each (?:([a-z]+) (\d.*)|()(\d[\d.,]*\s*[a-zA-Z]{1,3}))$", core, re.IGNORECASE)
    if each:  # "each 1.5 g": "Each one is 1.5 g."; "each tray 20 x 20cm" (was "come with an each tray ...")
        return Phrase(field_name, text, CLAUSE, core=f"each {each.group(1)} measures {each.group(2)}" if each.group(1)
                      else f"each one is {each.group(4)}")
    if re.match(r"^\d+ of (?:the|its|these) [a-z]+ (?:are|is|have|has)\b", core, re.IGNORECASE):
        return Phrase(field_name, text, CLAUSE, core=core, plural=True)  # "10 of the sheets are gold foil"
    sized = re.match(r"^(?P<n>(?:[a-z]+ )?[a-z]+s)\s+(?P<m>\d[\d.,]*\s*[a-z]{0,4})\s+"
                     r"(?P<a>tall|wide|long|high|deep|thick)$", core)  # "knee pads 5 cm thick" too
    if sized and singular(sized.group("n").split()[-1]) in _lemma_words("noun"):  # "letters 15cm tall" (was "It
        # letters ...")
        return Phrase(field_name, text, CLAUSE, core="{n} are {m} {a}".format(**sized.groupdict()), plural=True)
    if shaped := _predicate_shapes(field_name, text, core) or _short_shapes(field_name, text, core):
        return shaped
    joined = re.match(r"^(?P<a>[^,;]+?)\s*(?:,|;|\s[–—-])\s+(?P<b>no\s+[^,;]+)$", core, re.IGNORECASE)
    if joined:  # "hand launched, no motor": two predicates of the product
        first = analyse(field_name, joined.group("a"))
        second = analyse(field_name, joined.group("b"))
        one, many = _predicate(first, False), _predicate(second, False)
        if first.kind in (VP, ADJ) and one and many:
            return Phrase(field_name, text, VP, core=f"{one} and {many}",
                          plural_verb=f"{_predicate(first, True)} and {_predicate(second, True)}")
        if first.kind == STEP:  # "machine wash cold, no fabric softener": an instruction, as written
            return Phrase(field_name, text, STEP, core=core)
        if first.kind == NP and re.match(r"no (?:more|need)\b", joined.group("b"), re.IGNORECASE):  # "wind-up
            return replace(first, text=text, core=f"{first.core} ({joined.group('b')})")  # handle - no more tangles"
        return None
    last = re.split(r",\s+", core)[-1].split()
    if "," in core and len(last) >= 2 and last[0].lower() in _WARNING_VERBS:  # "spray on legs, body and neck,
        return Phrase(field_name, text, STEP, core=core)  # avoid eyes": an instruction, said as written
    pair = re.match(r"^(?P<a>[^,;]+?)\s*[,;]\s+(?P<b>[^,;]+)$", core)
    if pair:  # "top fixing, fits most D-shaped toilets", "pre-strung, ready to hang": two predicates
        first, second = analyse(field_name, pair.group("a")), analyse(field_name, pair.group("b"))
        if first.kind == STEP or (second.kind == STEP and nlp()(f"{_cap(pair.group('a'))}.")[0].tag_ == "VB"):
            return Phrase(field_name, text, STEP, core=core)  # "scoop daily, top up", "remove tab, wait 1 minute"
        one, two = _predicate(first, False), _predicate(second, False)
        if first.kind == ADJ == second.kind:  # "is pre-strung and ready to hang"; "small, medium and large"
            return Phrase(field_name, text, ADJ, core=f"{first.core}{', ' if ' and ' in second.core else ' and '}"
                                                      f"{second.core}")
        if (first.kind == NP and second.kind == ADJ and not first.mass and len(first.core.split()) <= 4
                and not re.search(r"\s(?:in|on|at|for|with|to|from)\s", first.core)
                and second.core.split()[-1].split("-")[-1] in ADJ_ENDINGS):  # "non-stick basket, dishwasher safe":
            be = "are" if first.plural else "is"  # "Its non-stick basket is dishwasher safe."
            return Phrase(field_name, text, CLAUSE, core=f"{first.core} {be} {second.core}", plural=first.plural)
        if second.kind in (VP, ADJ) and (first.kind in (VP, ADJ) or (first.kind == NP and second.kind == VP)) \
                and one and two:
            return Phrase(field_name, text, VP, core=f"{one} and {two}",
                          plural_verb=f"{_predicate(first, True)} and {_predicate(second, True)}")
    return _by_first_word(field_name, text, core) or _step_or_participle(field_name, text, core) or _clause(
        field_name, text, core)


def _short_shapes(field_name: str, text: str, core: str) -> Phrase | None:
    """Short shapes the twenty-first round found read as things ("a sheer and lightweight", "a sturdy enough for hot
    food", "a twist to fire", "a re-freeze and reuse", "recyclable where facilities exist"): two adjectives, an
    adjective and "enough" or "where", a verb and what it does, two verbs."""
    lower = core.lower()
    stated = re.fullmatch(r"([a-z][a-z -]*?[a-z]) (are|is) (.+)", lower)  # "pot and forks are dishwasher safe"
    subject = stated.group(1).split() if stated else []
    if (stated and len(subject) <= 4 and singular(subject[-1]) in _lemma_words("noun") and not _verb_s(subject[0])
            and not set(subject) & {"if", "when", "while", "moment", "even", "until", "once", "where", "-"}):
        return Phrase(field_name, text, CLAUSE, core=_lower_first(core), plural=stated.group(2) == "are")
    both = re.fullmatch(r"([a-z-]+) and ([a-z-]+)", lower)
    if both and all(_is_adjective(w) and w not in COLOUR_WORDS and w not in MATERIAL_WORDS for w in both.groups()):
        return Phrase(field_name, text, ADJ, core=core)
    first = lower.split()[0]
    if re.fullmatch(r"[a-z-]+ enough (?:for|to) .+", lower) and _is_adjective(first):
        return Phrase(field_name, text, ADJ, core=core)
    if re.fullmatch(r"[a-z-]+(?:able|ible) (?:where|when|if|once|after) .+", lower):
        return Phrase(field_name, text, ADJ, core=core)
    verbs = _lemma_words("verb")
    to_do = re.fullmatch(r"([a-z]+) to ([a-z]+)", lower)  # "twist to fire", "pull to open"
    if to_do and all(w in verbs for w in to_do.groups()) and not _is_adjective(to_do.group(1)) \
            and to_do.group(1) not in _SAME_PARTICIPLE:  # not "ready to hang", "cut to size" (states)
        return Phrase(field_name, text, STEP, core=core)
    two = re.fullmatch(r"([a-z-]+) and ([a-z-]+)", lower)  # "re-freeze and reuse"
    if two and all(w.removeprefix("re-") in verbs and not known_noun(w) for w in two.groups()):
        return Phrase(field_name, text, STEP, core=core)
    if re.fullmatch(r"(?:indoor|outdoor|domestic|household|home|professional|external) use only", lower):
        return Phrase(field_name, text, ADJ, core=f"for {core}")  # twenty-third round: "have an indoor use only"
    return _adjective_list(field_name, text, core)


_PLUG_AND_PLAY = re.compile(r"(?i)\bplug(?:\s*(?:&|and)\s*|-and-)play\b")


def _adjective_list(field_name: str, text: str, core: str) -> Phrase | None:
    """Qualities joined, or one with an adverb before it or "so" or "against" after it (twenty-third round: "features
    a lightweight yet warm", "comes with balanced, low-noise", "comes with naturally temperature regulating", "has a
    breathable so it doesn't trap heat", "features shielded against interference"): said of the product ("is
    lightweight yet warm", "is balanced and low-noise"). Not things ("loud, clear ring", "battery opening")."""
    lower = _PLUG_AND_PLAY.sub("plug-and-play", core.lower())
    joined = re.search(r"\s+(?:so|against)\s+", lower)
    head = lower[:joined.start()] if joined else lower
    if re.fullmatch(r"plug-and-play(?:\s+(?:on|with|for|in)\s.*)?", head):  # "plug & play on PC and Mac" (was
        # "comes with a plug & play on ...")
        return Phrase(field_name, text, ADJ, core=core)
    items = [w for w in re.split(r"\s*(?:,|(?<!-)\b(?:yet|and|but)\b(?!-))\s*", head) if w]
    adverb = len(items) == 1 and re.match(r"[a-z]{3,}ly\s", head) is not None and not known_noun(head.split()[0])
    if not items or len(items) > 3 or (len(items) == 1 and not joined and not adverb):
        return None

    def quality(words: str) -> bool:
        parts = words.split()
        if adverb:
            parts = parts[1:]  # "naturally temperature regulating", "highly absorbent"
        said = " ".join(parts)
        hyphened = re.fullmatch(r"([a-z]+)-[a-z]+", said)  # "low-noise", "easy-care"
        return (said == "plug-and-play" or (len(parts) == 1 and _is_adjective(said))
                or (hyphened is not None and hyphened.group(1) in _lemma_words("adj"))
                or (len(parts) == 2 and parts[1] in ADJ_ENDINGS)  # "machine washable"
                or (len(parts) == 1 and re.fullmatch(r"[a-z]{3,}(?:able|ible|ed)", said) is not None)
                or (adverb and len(parts) == 2 and known_noun(parts[0]) and parts[1].endswith("ing")))

    if not all(quality(w) for w in items) or any(w in COLOUR_WORDS or w in MATERIAL_WORDS for w in items) \
            or any(nlp()(f"{_cap(w)}.")[0].tag_ == "VB" and not _is_adjective(w) for w in items):
        return None
    two = len(items) == 2 and "," in head and not re.search(r"\b(?:and|yet|but)\b", head)
    said = re.sub(r",\s*", " and ", core, count=1) if two else core  # "balanced and low-noise"
    return Phrase(field_name, text, ADJ, core=said)


def _predicate_shapes(field_name: str, text: str, core: str) -> Phrase | None:
    """A size, a dash, then what it does ("52 cm wide - fits through narrow doorways" -> "is 52 cm wide and fits
    through narrow doorways", was said as written); a hyphenated word and a participle ("double-layer insulated"
    -> "is double-layer insulated", was "has a double-layer insulated"); a part and what can be done to it
    ("backrest removable" -> "Its backrest is removable", was "is backrest removable"). From the eighteenth round;
    and "wipe clean", what it does (nineteenth round: pasted as "Wipe clean.")."""
    wipes = re.fullmatch(r"(?:it )?wipes? clean((?: with| using| in)\b.*)?", core, re.IGNORECASE)
    if wipes:
        rest = wipes.group(1) or ""
        return Phrase(field_name, text, VP, core=f"wipes clean{rest}", plural_verb=f"wipe clean{rest}")
    sized = re.match(r"^(?P<a>\d[\d.,]*\s*[a-z]{1,3}\s+(?:wide|long|tall|high|deep|thick))\s+[–—-]\s+(?P<b>.+)$", core)
    if sized:
        then = analyse(field_name, sized.group("b"))
        if then.kind == VP and then.plural_verb:
            return Phrase(field_name, text, VP, core=f"is {sized.group('a')} and {then.core}",
                          plural_verb=f"are {sized.group('a')} and {then.plural_verb}")
    made = re.fullmatch(r"[a-z]+-[a-z]+ ([a-z]+ed)", core)
    if made and nlp()(made.group(1))[0].lemma_ in _lemma_words("verb"):
        return Phrase(field_name, text, ADJ, core=core)
    adjustable = re.fullmatch(r"([a-z]+) adjustable (\d.*)", core)  # "height adjustable 180-225 cm"
    if adjustable:
        return Phrase(field_name, text, PAIR, core=adjustable.group(2), label=f"adjustable {adjustable.group(1)}")
    facing = re.fullmatch(r"([a-z]+-[a-z]+(?:ing|ed)) (\d[\d.,]*(?:\s*[-–]\s*\d[\d.,]*)?\s*[a-z%°\"]{0,4})",
                          core)  # "rear-facing 40-105 cm" -> "rear-facing
    if facing:  # (40-105 cm)", was "features ... and rear-facing 40-105 cm" (nineteenth round)
        return Phrase(field_name, text, ADJ, core=f"{facing.group(1)} ({facing.group(2)})")
    used = re.fullmatch(r"([a-z][a-z -]*?[a-z]) ((?:dishwasher|machine|oven|microwave|freezer|hand) (?:safe|washable))",
                        core)  # "grease filters dishwasher safe" (twentieth round: "Its grease filters dishwasher
    if used and singular(used.group(1).split()[-1]) in _lemma_words("noun") and not re.search(
            r"\b(?:is|are|be)$", used.group(1)):  # safe.", read as a verb); not "parts are dishwasher safe"
        plural = singular(used.group(1).split()[-1]) != used.group(1).split()[-1]
        return Phrase(field_name, text, CLAUSE, core=f"{used.group(1)} {'are' if plural else 'is'} {used.group(2)}",
                      plural=plural)
    part = re.fullmatch(r"([a-z]+) ([a-z]+(?:able|ible))", core)  # "backrest removable": its backrest is removable
    if part and singular(part.group(1)) in _lemma_words("noun") and part.group(1) not in _USE_NOUNS:  # not "machine
        # washable"
        plural = singular(part.group(1)) != part.group(1)
        return Phrase(field_name, text, CLAUSE, core=f"{part.group(1)} {'are' if plural else 'is'} {part.group(2)}",
                      plural=plural)
    return None


# Nouns that make an adjective with what follows, said of the whole product: "machine washable", "oven safe".
_USE_NOUNS = frozenset("machine hand dishwasher oven microwave freezer water weather tumble wall ceiling rack".split())


def _by_first_word(field_name: str, text: str, core: str) -> Phrase | None:
    """What the first word decides: "no ...", "not ...", a modal, a spec label, a verb in -s, "for ..."."""
    words = core.split()
    lower = [w.lower() for w in words]
    needed_at = next((i for i, w in enumerate(lower[:4]) if w in ("required", "needed")), -1)
    if needed_at > 0 and needed_at < len(words) - 1 and lower[needed_at + 1] in ("to", "for"):
        return Phrase(field_name, text, STEP, core=core)  # "licence required to transmit", as written
    if (len(words) <= 3 or lower[0] == "no") and lower[-1] in ("required", "needed"):  # "assembly required",
        return Phrase(field_name, text, STEP, core=core)  # "no lighter fluid needed": said as written
    if lower[0] == "no" and re.search(r"\s[-–—]\s", core):  # "no holes - adjusts to any length"
        dashed = _dashed(field_name, text, core)
        if dashed is not None:
            return dashed
    if lower[0] == "no":  # "no palm oil", "no added sugar"; not "no tools needed", "no adapter needed for most"
        if len(words) > 1 and not any(word.endswith("ed") for word in lower[2:]):
            needs = re.match(r"no (?:assembly|installation|set-?up|tools?|batteries|drilling)\b", core, re.IGNORECASE)
            verb, verbs_ = ("needs", "need") if needs else ("has", "have")  # "needs no assembly"
            return Phrase(field_name, text, VP, core=f"{verb} {core}", plural_verb=f"{verbs_} {core}")
        return None
    if re.search(r"\s[-–—]\s", core) and len(words) <= 8 and not _verb_s(lower[0]):  # as written, unless
        return _dashed(field_name, text, core) or Phrase(field_name, text, STEP, core=core)  # it is a clause
    if lower[0] in ("does", "doesn't") and len(words) > 2 and lower[0:2] != ["does", "so"]:  # "does not convert
        plural = re.sub(r"^does(?:n't)?", lambda m: "do" if m.group(0) == "does" else "don't", core, flags=re.I)
        return Phrase(field_name, text, VP, core=core, plural_verb=plural)  # voltage" (was "features a does not")
    if lower[0] == "not" and len(words) > 1:  # "not for use with boiling liquids"
        return Phrase(field_name, text, VP, core=f"is {core}", plural_verb=f"are {core}")
    if (lower[0] in ("can", "will", "may", "must", "should", "won't", "can't", "cannot") or (
            lower[0] == "never" and lower[1].endswith("s"))) and len(words) > 1:
        # "can be trimmed to width", "won't stick to the wound" (twenty-first round: "feature a won't stick")
        return Phrase(field_name, text, VP, core=core, plural_verb=core)
    if lower[0] in SPEC_LABELS and len(words) > 1 and (  # "range up to 150m", "weight 5.5 kg"
            words[1][:1].isdigit() or lower[1] in ("up", "about", "over", "under", "approx")):
        return Phrase(field_name, text, PAIR, core=" ".join(words[1:]), label=lower[0])
    base = next((b for b in (lower[0][:-1], lower[0][:-2]) if lower[0].endswith("s") and b in CLAUSE_VERBS), "")
    if (len(words) > 1 and base and lower[1] not in ("of", "and", "&", "or", "+")
            and not re.match(r"[\d(]", lower[1])):  # "wicks moisture after exercise": a verb phrase
        return Phrase(field_name, text, VP, core=_lower_first(core), plural_verb=" ".join([base, *words[1:]]))
    if len(words) > 2 and lower[0].endswith("ly") and _verb_s(lower[1]) and not known_noun(lower[0]):  # "gently
        # buffs dry lips"; not "assembly takes about 45 minutes" (nineteenth round: "this treadmill assembly takes")
        return Phrase(field_name, text, VP, core=core, plural_verb=" ".join([words[0], _verb_s(lower[1]), *words[2:]]))
    prefixed = re.fullmatch(r"(?:auto|self|pre)-([a-z]+)", lower[0])
    if prefixed and _verb_s(prefixed.group(1)):  # "auto-inflates on contact with water"
        base = f"{lower[0].rsplit('-', 1)[0]}-{_verb_s(prefixed.group(1))}"
        return Phrase(field_name, text, VP, core=core, plural_verb=" ".join([base, *words[1:]]))
    if lower[0] == "for" and len(words) > 1:  # "for all court surfaces"
        return Phrase(field_name, text, FOR, core=" ".join(words[1:]))
    return None


# First words of a warning after an instruction's comma: "spray on legs, body and neck, avoid eyes".
_WARNING_VERBS = frozenset("avoid keep store do don't never use".split())
_ADVERB_START = frozenset("never always won't don't doesn't stay stays".split())


# Verbs in -s that follow "adjective - " as what it does: "magnetic - holds magnets and notes".
_VERB_S_ONLY_AFTER_ADJ = frozenset("holds keeps fits takes works stays lasts cleans folds stands".split())


def _dashed(field_name: str, text: str, core: str) -> Phrase | None:
    """'X - Y' said as one sentence, where it can be (seventh round: both were said as written, without a verb):
    "EVA foam tyres - never go flat" -> "Its EVA foam tyres never go flat." (a clause); "odour resistant - wear it
    for days" -> "is odour resistant, so you can wear it for days"."""
    left, right = (part.strip() for part in re.split(r"\s[-–—]\s", core, maxsplit=1))
    first = right.split()[0].lower()
    last = left.split()[-1].lower()
    if first in _ADVERB_START and last.endswith("s") and singular(last) in _lemma_words("noun"):
        return Phrase(field_name, text, CLAUSE, core=f"{left} {right}", plural=True)
    if first in ("can", "will", "won't", "cannot", "can't") and left.split()[-1].lower() in _lemma_words("noun"):
        return Phrase(field_name, text, CLAUSE, core=f"{left} {right}")  # "RGB lighting - can be switched off"
    if _verb_s(first) and left.split()[0].lower() == "no":  # "no holes - adjusts to any length"
        base = " ".join([_verb_s(first), *right.split()[1:]])
        needs = re.match(r"^(no .+?) (?:needed|required)$", left, re.IGNORECASE)  # "no drilling needed - stands
        if needs:  # on the floor" (thirteenth round: "has no drilling needed")
            return Phrase(field_name, text, VP, core=f"needs {needs.group(1)} and {right}",
                          plural_verb=f"need {needs.group(1)} and {base}")
        return Phrase(field_name, text, VP, core=f"has {left} and {right}", plural_verb=f"have {left} and {base}")
    if _clause(field_name, left, left) is not None and _is_adjective(right):  # "cover comes off - machine
        return Phrase(field_name, text, CLAUSE, core=f"{left} and is {right}")  # washable": one clause
    if _verb_s(first) and (last in _lemma_words("noun") or (last.endswith(("ing", "tion")) and " " not in left)) \
            and not last.endswith("s"):  # "flexible sole - folds in half", "Geofencing - turns heating down ..."
        return Phrase(field_name, text, CLAUSE, core=f"{_lower_first(left)} {right}")  # "Its flexible sole folds in
        # half."
    if " " not in left and _is_adjective(left) and _verb_s(first) and first in _VERB_S_ONLY_AFTER_ADJ:
        rest = " ".join(right.split()[1:])  # "magnetic - holds magnets and notes" (was said as written)
        return Phrase(field_name, text, VP, core=f"is {left} and {right}",
                      plural_verb=f"are {left} and {_verb_s(first)} {rest}".rstrip())
    adjective = last.split("-")[-1] in ADJ_ENDINGS or last in _COMPLEMENT_ADJECTIVES
    if adjective and first in _lemma_words("verb") and nlp()(f"{_cap(right)}.")[0].tag_ == "VB":
        them = re.sub(r"\bit\b", "them", right)
        return Phrase(field_name, text, VP, core=f"is {left}, so you can {right}",
                      plural_verb=f"are {left}, so you can {them}")
    if " " not in left and _is_adjective(left) and not _verb_s(first) and "," not in right:
        return Phrase(field_name, text, ADJ, core=f"{left} ({right})")  # "reversible - alphabet print / plain"
    return None  # (nineteenth round: said as written, "Reversible - alphabet print / plain.")


# After "rinse and hang": what makes the pair instructions, not nouns ("defrost and reheat functions", "hook and
# loop straps").
_AFTER_SECOND_VERB = frozenset("to the it them with in on off out up dry flat".split())


def _step_or_participle(field_name: str, text: str, core: str) -> Phrase | None:
    """An instruction ("soak for 30 minutes before use"), or a participle said of the product ("built for ...")."""
    words = core.split()
    lower = [w.lower() for w in words]
    if len(words) >= 3 and lower[0] in PARTICIPLES and lower[1] in ("to", "from", "by", "in", "with", "for"):
        return Phrase(field_name, text, ADJ, core=core)  # "ground to a 40-degree bevel": said of the product
    nouns, verbs, adjectives = _lemma_words("noun"), _lemma_words("verb"), _lemma_words("adj")
    verb = lower[0][2:] if lower[0].startswith("re") and lower[0][2:] in verbs else lower[0]  # "reapply"
    # A verb straight before a determiner, a pronoun or a number is an instruction, even one the tagger reads
    # as a noun: no noun phrase starts "trim the face ...", "use 1-3 g per litre", "wrap 5-6 turns ...".
    if len(words) >= 2 and verb in verbs and lower[1] in ("daily", "weekly", "gently", "thoroughly", "apart"):
        return Phrase(field_name, text, STEP, core=core)  # "scoop daily, top up as needed" (was "is scoop daily")
    if len(words) == 2 and _CARE.match(core) and lower[0] in ("hand", "machine", "spot", "dry", "tumble", "wipe"):
        return Phrase(field_name, text, STEP, core=core)  # "hand wash" (was "comes with a hand wash")
    # "rinse and hang to dry", "cut along the marked lines", "replace filter every 6 months" (thirteenth round:
    # "features a rinse and hang to dry", "With a cut along ..."): the parse reads the first word as a verb
    if len(words) >= 3 and verb in verbs and verb not in SPEC_LABELS and (
            (lower[1] == "and" and lower[2] in verbs and len(words) > 3 and lower[3] in _AFTER_SECOND_VERB)
            or lower[1] in ("along", "between", "across", "around")
            or "every" in lower[1:3]) and nlp()(f"{_cap(core)}.")[0].tag_ == "VB":
        return Phrase(field_name, text, STEP, core=core)
    approx = len(words) >= 3 and lower[1] in ("around", "about", "approximately", "approx.") \
        and re.match(r"\d", lower[2])
    measured = verb in adjectives and re.match(r"\d[\d.,]*\s*(?:mm|cm|m|in|inch|g|kg|ml|l)\b", " ".join(lower[1:3]))
    if (len(words) >= 3 and verb in verbs and verb not in SPEC_LABELS and not measured  # not "fine 0.5 mm tip"
            and (lower[1] in _DETERMINERS or re.match(r"\d", lower[1]) or approx)):  # "choose around 10% of ..."
        return Phrase(field_name, text, STEP, core=core)
    if len(words) >= 3 and (_CARE.match(core) or (
            verb in verbs and verb not in adjectives and verb not in _SAME_PARTICIPLE and verb not in SPEC_LABELS
            and (lower[1] in STEP_NEXT or lower[1][:1].isdigit() or (lower[1].endswith("ly") and len(lower[1]) > 4))
            and (lower[1] != "for" or lower[2][:1].isdigit())  # "soak for 30 minutes", not "space for notes"
            and (verb not in nouns or nlp()(f"{_cap(core)}.")[0].tag_ == "VB"))):  # "hood for ..." is a noun
        return Phrase(field_name, text, STEP, core=core)
    if (len(words) >= 3 and lower[0] in nouns and re.fullmatch(r"[a-z]+(?:ed|ised|ized)", lower[1])
            and lower[2] in _PREDICATE_NEXT):  # "gyro stabilised for steady hover": "is gyro stabilised for ..."
        return Phrase(field_name, text, ADJ, core=core)
    if len(words) >= 2 and lower[0] in ("fit", "suit", "fold"):  # a plural product's verb: "fit standard deep
        # boxes", "fold flat when not in use"
        return Phrase(field_name, text, VP, core=f"{lower[0]}s {' '.join(words[1:])}", plural_verb=core)
    participle = re.fullmatch(r"[a-z]+(?:ed|ised|ized)", lower[0]) or lower[0] in PARTICIPLES
    if participle and (len(words) == 1 or lower[1] in _PREDICATE_NEXT or lower[1] == "under"):  # "worn under ..."
        return Phrase(field_name, text, ADJ, core=core)  # "pressurised", "cleaned to reduce husk mess"
    if len(words) == 2 and lower[0] in nouns and re.fullmatch(r"[a-z]+ed", lower[1]):
        return Phrase(field_name, text, ADJ, core=core)  # "hand launched", "oven baked"
    return None


def _clause(field_name: str, text: str, core: str) -> Phrase | None:
    """A clause with its own subject: a verb from CLAUSE_VERBS after a noun, before what it does."""
    words = core.split()
    lower = [w.lower() for w in words]
    nouns, adjectives = _lemma_words("noun"), _lemma_words("adj")
    # "the built-in tarp keeps rope off the dirt", "2 magnets hold the lid shut": subject, verb, the rest. A verb
    # in -s after a singular noun is taken before a base form after a plural one ("sports bag holds 30 L").
    found: list[tuple[int, bool]] = []
    for index in range(1, len(words) - 1):
        word, before, after = lower[index], lower[index - 1], lower[index + 1]
        opens_with = word == "open" and after == "with"  # "snap lids open with a push"
        if (not re.fullmatch(r"[a-z]+", word) or word in _PARTICLES
                or (after in ("with", "for", "of", "and", "or", "&", "-", "–") and not opens_with)):
            continue
        if before.endswith("ly") and len(before) > 4 and index > 1 and not known_noun(before):  # "transparent film
            before = lower[index - 2]  # barely shows on skin" (twenty-first round: "come with transparent film ...")
        if (NOT_SUBJECT & set(lower[:index]) or any(w.endswith(",") or w in ("-", "–", "—") for w in lower[:index])
                or (index > 1 and _verb_s(lower[0]) and lower[1] not in nouns)):  # "closes inside out - wet side ..."
            break
        if not re.search(r"[a-z]", before):  # "9 hooks from 2mm to 6mm": a count, not a subject
            continue
        if (_verb_s(word) in CLAUSE_VERBS or word == "is") and not before.endswith("s") and (
                before in nouns or (re.fullmatch(r"(?:[a-z]|pre|post|auto|self|micro|mini|e)-[a-z]+", before)
                                    and before.split("-")[-1] in nouns)):  # "washable pre-filter catches fur",
            # "G-sensor locks files"; not "non-slip grips on sole", "quick-release hooks fit racks"
            found.append((index, False))
        elif word == "are" and before.endswith("s") and (before.split("-")[-1][:-1] in nouns
                                                          or before.split("-")[-1][:-2] in nouns):
            found.append((index, True))  # "O-rings are food-grade silicone"
        elif (word in CLAUSE_VERBS and (word not in adjectives or word in ("fit", "pop")  # not "buffs dry lips"
                                        or (word == "open" and after in ("in", "out", "flat", "fully", "wide", "with")))
              and before.endswith("s") and not before.endswith("ss") and before not in _AMOUNTS
              and (before[:-1] in nouns or before[:-2] in nouns)):
            found.append((index, True))
    found.sort(key=lambda item: item[1])
    if found:
        return Phrase(field_name, text, CLAUSE, core=_lower_first(core), plural=found[0][1])  # "Tips swap ..."
    return _parsed_clause(field_name, text, core)


# What follows a verb, not a noun, in "double swivel stops tangles", "clear body shows the level", "lid doubles as
# a cutting board", "lever lowers smoothly": an object, an adverb or a particle (not "holes at the back").
AFTER_VERB = load_words("after_verb")


def _parsed_clause(field_name: str, text: str, core: str) -> Phrase | None:
    """A clause whose verb is not in CLAUSE_VERBS, by the parse (thirteenth round: "magnetic closure opens and
    shuts with one hand", "double-insulated bowl freezes in 16 hours", "legs fold down into carry handles" were
    said as things it "comes with"): the root a present-tense verb after its subject, and, where the verb is also
    a plural noun ("stops", "covers", "holes"), what follows it reads as a verb's (an object, an adverb)."""
    first = core.split()[0]
    if first[:1].isdigit():
        return None  # a count of things ("4 front bellows pockets")
    doc = nlp()(f"The {core}.")
    verbs, nouns = _lemma_words("verb"), _lemma_words("noun")
    # the root; or a verb with no noun reading after a noun, which the tagger took for one ("swirl lever
    # dispenses soft serve ...")
    root = next((t for t in doc[1:-1] if t.dep_ == "ROOT"), None)
    plain = next((t for t in doc[2:-2] if _verb_s(t.lower_) and singular(t.lower_) not in nouns
                  and t.lower_ not in nouns and doc[t.i - 1].tag_ in ("NN", "NNS")), None)
    root = plain if plain is not None and (root is None or root.tag_ not in ("VBZ", "VBP") or plain.i < root.i) \
        else root
    if root is None or root.i < 2 or root.i >= len(doc) - 2 or not re.fullmatch(r"[a-z]+", root.lower_):
        return None
    # the subject: straight before the verb, or before one adverb ("silicone core inside gives it grip")
    subject = doc[root.i - 1] if doc[root.i - 1].tag_ != "RB" or root.i < 3 else doc[root.i - 2]
    word, after = root.lower_, doc[root.i + 1]
    if subject.tag_ not in ("NN", "NNS") or "," in core.split(word)[0] or subject.lower_ in _AMOUNTS \
            or after.lower_ in ("for", "of") or (
            subject.dep_ != "nsubj" and root is not plain and doc[root.i - 1] is subject):
        return None
    plural = subject.tag_ == "NNS"
    base = word if plural else _verb_s(word)
    if base not in verbs or (plural and root.tag_ != "VBP") or (not plural and root.tag_ not in ("VBZ", "NNS")):
        return None
    noun_too = (singular(word) in nouns or word in nouns) and word not in CLAUSE_VERBS
    verb_like_next = (after.lower_ in AFTER_VERB or after.lower_.endswith("ly")
                      or any(c.dep_ in ("dobj", "dative") and c.is_alpha and c.i > root.i for c in root.children)
                      # "freezes in 16 hours", not "colours in one barrel"
                      or (after.tag_ == "IN" and doc[root.i + 2].like_num
                          and re.match(r"(?:second|minute|hour|day|week)s?$", doc[root.i + 3].lower_))
                      or (after.lower_ in ("and", "or") and bool(_verb_s(doc[root.i + 2].lower_)))  # "opens and shuts"
                      # "wall bracket pivots 180°", "green coating blends into foliage" (twenty-second round: both
                      # things it "has")
                      or (after.like_num and doc[root.i + 2].text in ("°", "degrees"))
                      or after.lower_ in ("into", "onto", "through"))
    if noun_too and not verb_like_next:
        return None
    # parsed again only for a clause found: the product's own verb ("filters blue light") and an instruction
    # ("watch birds up close from inside") read as clauses with "The" before them
    if (_verb_s(first.lower()) and nlp()(f"It {core}.")[1].tag_ == "VBZ") or nlp()(f"{_cap(core)}.")[0].tag_ == "VB":
        return None
    return Phrase(field_name, text, CLAUSE, core=core, plural=plural)


def _labelled(labels: str) -> re.Pattern[str]:
    """A measure after its label, the label's last word one of `labels`: "seat width 42 cm", "max user weight
    100 kg", "gauge 0.66 mm", "length approx. 17 cm"."""
    return re.compile(
        rf"^(?P<label>(?:(?!(?:a|an|the) )[A-Za-z-]+ ){{0,2}}(?:{labels}))"  # no article: "includes a size 0 brush"
        rf"\s+(?P<value>(?:(?:approx\.?|about|up to|max\.?|±)\s*)?\d.*)$",
        re.IGNORECASE)


# A feature: any spec label. A size: a dimension or weight only ("size 10" comes in a size; see realize.size_clause).
_LABELLED = _labelled("length|width|height|depth|weight|diameter|capacity|range|tension|gauge|volume|load|thickness"
                      "|size|speed|power|accuracy|reach|resolution|output")
LABELLED_SIZE = _labelled("length|width|height|depth|weight|diameter|capacity|thickness|reach")


_COMPLEMENT_ADJECTIVES = frozenset("resistant safe proof suitable compatible adjustable expandable rated dry".split())
_DETERMINERS = frozenset("the a an your it them each every".split())


def _is_adjective(core: str) -> bool:
    doc = nlp()(f"It is {core}.")
    last = doc[len(doc) - 2]
    word = last.lower_
    if core.split("-")[-1].lower() in ADJ_ENDINGS:
        return True
    if " " not in core and re.search(r"[a-z]{3}(?:proof|free|resistant)$", core.lower()):  # "windproof"
        return True
    if last.tag_ in ("JJ", "JJR", "JJS"):
        if word in _lemma_words("adj") or "-" in core:
            return True
        if word in _lemma_words("noun"):
            return False
        # a word the lists do not know: an adjective unless it reads as a noun after "a" ("a backlight")
        has = nlp()(f"It has a {core}.")
        return has[len(has) - 2].tag_ not in ("NN", "NNS")
    return (
        last.tag_ in ("VBG", "VBN") and last.dep_ == "acomp" and " " not in core and word not in _lemma_words("noun")
    )


def _plural_verb(lemma: str) -> str:
    return {"be": "are", "have": "have", "do": "do"}.get(lemma, lemma)


# Nouns that end in -s and are singular ("lens", "series"): data/words/.
SINGULAR_S = load_words("singular_s")


def _plural_noun(token: Any) -> bool:
    word = token.lower_
    if token.tag_ in ("NNS", "NNPS"):
        return True
    # "Soy Wax Flakes": the tagger may read the type as a verb in -s
    noun = token.pos_ in ("NOUN", "PROPN") or (token.tag_ == "VBZ" and singular(word) in _lemma_words("noun"))
    return (word.endswith("s") and not word.endswith(("ss", "us", "is")) and word not in SINGULAR_S
            and noun and len(word) > 3)


# A measure after the noun it measures: "chrome-plated grill 40 x 27 cm", "ceramic disc cartridge, 35mm".
_TRAILING_MEASURE = re.compile(r"^(?P<noun>.*[A-Za-z]{3,}),?\s+(?P<measure>\d[\d.,]*(?:\s*[x×]\s*\d[\d.,]*)*\s*"
                               r"(?:mm|cm|m|in|inch|inches|ml|l|g|kg|oz|lb|w|v|mah)?)$", re.IGNORECASE)
# First words that are a quantity, not a thing: "less chalk dust at the gym", "more legroom".
_QUANTIFIERS = frozenset("less more extra fewer plenty lots no".split())


# "6 sheets per pass", "6 heads including fork ...": things counted (seventeenth and eighteenth rounds: "a 6
# sheets per pass", "a 6 heads incl.")
_COUNTED = re.compile(r"\d+\s+([a-z]+s)(?:\s+(?:per|a|each)\s+[a-z]+|\s+(?:including|with)\s.+)", re.IGNORECASE)


def _counted_things(field_name: str, text: str) -> Phrase | None:
    """"6 sheets per pass" (the sheets are counted), "shades 5-8 and 9-13" (things and their numbers)."""
    counted = _COUNTED.fullmatch(text.strip())
    if counted or _numbered(text.strip().lower()):
        noun = counted.group(1) if counted else text.split()[0]
        return Phrase(field_name, text, NP, core=_keep_case(text), head=noun.lower(), plural=True, mass=not counted)
    return None


def _noun_phrase(field_name: str, text: str) -> Phrase:
    if (counted := _counted_things(field_name, text)) is not None:
        return counted
    trailing = _TRAILING_MEASURE.match(text)
    noun = trailing.group("noun").split()[-1].lower() if trailing else ""
    # the noun phrase, the measure in brackets after it
    if trailing and not _MEASURE_RE.match(text) and singular(noun) in _lemma_words("noun") and noun != "per":
        inner = _noun_phrase(field_name, trailing.group("noun"))
        if inner.kind == NP:
            return replace(inner, text=text, core=f"{inner.core} ({trailing.group('measure')})")
    core = _keep_case(text)
    doc = nlp()(f"It has {core}.")
    objects = [t for t in doc if t.dep_ in ("dobj", "attr", "npadvmod", "oprd") and t.head.i == 1]
    head: Any = objects[0] if objects and objects[0].pos_ in ("NOUN", "PROPN") else None
    # "30 hours total playback with case": the head is before the preposition ("playback"), not "case"; "20 m
    # cable to your TV": "cable" ("up to" is no preposition here)
    main = re.split(r"\s+(?:with|for|from|in|on|at|(?<!\bup )to|against|under|inside|along|around|into|onto"
                    r"|between|without|via|through|behind|across|below|above)\s+", core, maxsplit=1)[0]
    last_word = main.split()[-1].lower()
    known = _lemma_words("noun")
    ends_adjective = (last_word.split("-")[-1] in ADJ_ENDINGS  # "dishwasher safe", "IP67 waterproof"
                      or re.search(r"[a-z]{3}(?:proof|free)$", last_word) is not None
                      # "refillable", "oil-absorbing" (data/dev: "comes with a refillable")
                      or (re.search(r"[a-z]{4}(?:able|ible)$", last_word) is not None and last_word not in known)
                      or re.fullmatch(r"[a-z]{2,}-[a-z]{2,}ing", last_word) is not None)  # not "d-ring"
    if main != core and (last_word in known or singular(last_word) in known) and not ends_adjective:
        head = next((t for t in doc[2:-1] if t.lower_ == last_word), head)
    elif (head is None or head.i != len(doc) - 2) and not ends_adjective and (
            last_word in _lemma_words("noun") or (singular(last_word) != last_word  # "18 oz and 28 oz weighted
                                                   and singular(last_word) in _lemma_words("noun"))):  # tins"
        head = doc[len(doc) - 2]
    if head is None or ends_adjective:
        nouns = [t for t in doc[2:-1] if t.pos_ in ("NOUN", "PROPN")]
        if not nouns and not ends_adjective and " " not in core:  # "backlight": a noun after "a"
            with_article = nlp()(f"It has a {core}.")
            nouns = [t for t in with_article[3:-1] if t.tag_ in ("NN", "NNS")]
        if ends_adjective or not nouns:
            return Phrase(field_name, text, ADJ, core=core)
        head = nouns[-1]
    lemma = head.lemma_.lower()
    word = head.lower_
    plural = _plural_noun(head)
    proper = head.text[:1].isupper()
    mass = not plural and (
        lemma in MASS_HEADS
        or proper
        or head.pos_ == "NUM"
        or (re.search(r"(?:ance|ence|ity|ness|ing|acy)$", lemma) is not None and lemma not in COUNT_HEADS)
    )
    timed = re.match(r"^\d[\d.,]*\s+(?:hours?|minutes?|days?|weeks?|months?|years?)\b", core)
    if re.match(r"^(?:up to|about|over|under|more than|at least)\b", core) or (core[:1].isdigit() and plural) or timed:
        mass = True  # "up to 14 hours battery life", "24 colours"
    if core.split()[0].lower() in _QUANTIFIERS:
        mass = True  # "less chalk dust at the gym" ("100% fluorocarbon" is a material; "a 75% layout" is not)
    # the article goes with the first of joined nouns: "adhesive tabs and glue" takes none (was "an adhesive tabs")
    first = next((t for t in doc[2:-1] if t.dep_ == "cc" or t.text in (",", "+", "&")), None)
    if first is not None and first.i > 2 and doc[first.i - 1].tag_ == "NNS":
        mass = True
    return Phrase(field_name, text, NP, core=core, head=word, plural=plural, mass=mass)


@dataclass
class Analysis:
    """A product's facts, each fragment analysed, and what the product is called in a sentence."""

    name: str
    brand: str
    type_noun: str  # "water bottle": what the product is, for "this water bottle"
    type_head: str  # "bottle"
    plural: bool  # "these boots"
    features: list[Phrase] = field(default_factory=list)
    materials: list[Phrase] = field(default_factory=list)
    keywords: list[Phrase] = field(default_factory=list)
    color: str = ""
    size: str = ""
    audience: str = ""

    @property
    def full_name(self) -> str:
        """The name as prose says it: the brand first unless the name has it; no trailing '!!' before a full stop;
        in title case where the merchant typed it in capitals or lower case throughout (shop_case); without a
        shop's stock code."""
        name = without_stock_code(self.name)
        name = shop_case(_TRAILING_MARKS.sub("", name) or name)
        # A word match, not a substring: brand "AA" is not named by "AAA".
        named = self.brand and re.search(rf"(?<!\w){re.escape(self.brand)}(?!\w)", name, re.IGNORECASE)
        return name if not self.brand or named else f"{self.brand} {name}"


_TRAILING_MARKS = re.compile(r"[\s!?.…]+$")
ACRONYMS = load_words("acronyms")
TRAILING_QUALIFIERS = load_words("trailing_qualifiers")
_UNITS = frozenset("x mm cm m ml l g kg oz lb in ft".split())  # units in a name stay lower case
_SMALL_WORDS = frozenset("a an and or of for with in on to by the".split())


def shop_case(name: str) -> str:
    """A name typed in capitals or lower case throughout, as a shop writes it: 'LINEN TROUSERS - DRAWSTRING' ->
    'Linen Trousers - Drawstring', 'led strip lights 5m rgb' -> 'LED Strip Lights 5m RGB'. Words with digits
    ('32L', '40x60cm'), acronyms (ACRONYMS) and small words after the first stay as they are; a name in mixed
    case is the merchant's own spelling ('iPhone', 'SNAPDASH card game') and stays."""
    letters = [c for c in name if c.isalpha()]
    if not letters or not (all(c.isupper() for c in letters) or all(c.islower() for c in letters)):
        return name
    if len(re.findall(r"[^\W\d_]{3,}", name)) < 2:  # 'AAA', 'HELLO': a word, maybe a mark, not a name
        return name

    def word(piece: str, first: bool, after: str) -> str:
        if not piece.isalpha() or re.search(r"\d", piece):
            return piece
        if after.endswith(("'", "’")) or (piece.lower() in _UNITS and not first):  # "HARE'S"; "63.5 x 88 mm"
            return piece.lower()
        if piece.upper() in ACRONYMS:
            return piece.upper()
        if piece.lower() in _SMALL_WORDS and not first:
            return piece.lower()
        return piece[:1].upper() + piece[1:].lower()

    out: list[str] = []
    first = True
    pieces = re.split(r"(\W+)", name)  # words, with the spaces, hyphens and slashes between them kept
    for index, piece in enumerate(pieces):
        # the letters of a model code stay as typed: "PW-3100", "KP-40" (seventeenth round: "Pw-3100"); not
        # "7-DAY" or "3-IN-1", whose letters follow a number
        code = (index + 2 < len(pieces) and pieces[index + 1] == "-" and pieces[index + 2][:1].isdigit()
                and not (index >= 2 and pieces[index - 1] == "-" and pieces[index - 2][-1:].isdigit()))
        # "w/" is a small word: "Tower Fan w/ Remote", not "W/ Remote" (eighteenth round)
        with_slash = piece.lower() == "w" and not first and pieces[index + 1 : index + 2] == ["/ "]
        out.append(piece.lower() if with_slash else piece if code
                   else word(piece, first, out[-1] if out else "") if piece else piece)
        first = first and not piece.isalpha()
    return "".join(out)


_SHAPES = frozenset("rectangle round square oval circle hexagon hexagonal octagon triangle".split())
_SIZE_WORDS = frozenset("large small medium mini big regular xl xxl".split())  # "Claw Clip Large"
COLOUR_WORDS = frozenset(load_list("colours"))


def _acronym(word: str) -> bool:
    """'OTG', 'MIPS', 'XL': capitals only, two to four letters, in a name not written in capitals throughout."""
    return 2 <= len(word) <= 4 and word.isalpha() and word.isupper()


_QUALIFIER_START = frozenset("non anti".split())
_COLLECTIONS = frozenset("set kit pack pair bundle".split())  # heads, not qualifiers: "BATH TOWEL SET 8PC"


_LETTER_LABELS = frozenset("type size class grade vitamin plan model series".split())  # a letter they name
_ANIMALS = frozenset("dog dogs cat cats puppy puppies kitten kittens".split())  # whom a pet product is for
_SUBSTANCES = frozenset("gel wax foam clay paper cream oil stone".split())  # "Brow Gel": the substance is the product


def _material_after_type(span: Any) -> Any:
    """The name up to a noun that a material follows ("GAIWAN PORCELAIN", "spray skirt neoprene touring", "e-bike
    battery cover neoprene frame mount"; tenth round: "this porcelain", "this frame mount"), or None. Not a
    substance that is the product ("Brow Gel"), nor a material before its noun ("Leather Steering Wheel Cover")."""
    for token in span[1:]:
        before = token.doc[token.i - 1]
        after = token.doc[token.i + 1] if token.i + 1 < span.end else None
        pair = f"{token.lower_} {after.lower_}" if after is not None else ""
        if not (token.lower_ in MATERIALS or token.lower_ in MATERIAL_WORDS or pair in MATERIALS) \
                or token.lower_ in _SUBSTANCES:
            continue
        if before.pos_ not in ("NOUN", "PROPN") or before.lower_ in MATERIAL_WORDS or not before.is_alpha:
            continue
        if span[-1].lower_ in _COLLECTIONS and token.i < span.end - 1:  # "epoxy resin starter kit" is a kit
            continue  # (eighteenth round: "the epoxy")
        # a material before the noun it makes is no qualifier ("Carbon Steel Wok"), unless a known type precedes it
        if (pair not in MATERIALS and after is not None and after.pos_ in ("NOUN", "PROPN")
                and before.lower_ not in PRODUCT_TYPES):
            continue
        return span.doc[span.start : token.i]
    return None


def _without_trailing_specs(span: Any) -> Any:
    """The name less a size word, a count of parts, an inch measure or a count at its end; and less what follows a
    model letter after a noun ("pointed nib G chrome", "HIVE TOOL J HOOK", "STRINGS LOW G"; not "USB C Hub")."""
    for token in span[1:]:
        before = token.doc[token.i - 1]
        rest = token.doc[token.i + 1 : span.end]
        if (len(token.text) == 1 and token.is_alpha and before.text.upper() not in ACRONYMS
                and before.pos_ in ("NOUN", "PROPN", "ADJ") and token.i - 1 > span.start
                and before.lower_ not in _LETTER_LABELS  # "Type G Travel Adapter", "Vitamin C Serum"
                and not any(t.lower_ in PRODUCT_TYPES for t in rest)):
            span = span.doc[span.start : token.i]
            while len(span) >= 2 and span[-1].pos_ == "ADJ":  # "strings low"
                span = span[:-1]
            break
    while len(span) >= 2 and span[-1].lower_ in _SIZE_WORDS:  # "Claw Clip Large"
        span = span[:-1]
    if len(span) >= 3 and span[-2].tag_ == "NNS" and span[-1].lower_ in _lemma_words("adj"):  # "STRINGS LOW G"
        span = span[:-1]
    # a count of parts at the end is a spec ("Laptop Cooling Pad 5 Fans", "Power Strip 4 Outlets"); a singular noun
    # after a number is the type ("Size 5 Football")
    if len(span) >= 3 and span[-1].tag_ == "NNS" and (span[-2].like_num or span[-2].text.isdigit()):
        span = span[:-2]
    if len(span) >= 4 and span[-2].text in ('"', "''", "”", "″") and span[-3].like_num:  # 'Camera 1" Sensor'
        span = span[:-3]
    # "USB Hub 4 Port", "Tent 4 Person": a count after the type; not "Size 5 Football" (a size label's number)
    if (len(span) >= 3 and span[-2].text.isdigit() and span[-1].tag_ == "NN" and span[-3].pos_ in ("NOUN", "PROPN")
            and span[-3].lower_ not in ("size", "no", "number", "model", "series", "version", "mark", "formula")):
        span = span[:-2]
    return span


def _without_trailing_qualifiers(span: Any) -> Any:
    """The name up to its product type, where what follows the type only qualifies it: a known type
    (lexicon.PRODUCT_TYPES) before an adjective, a number, a participle or a hyphenated word ("Weight Bench
    Adjustable 7 positions", "Mirror Full Length Arched", "Wireless Charger Auto-Clamp"), any noun before
    "non"/"anti" ("Yoga Towel Non Slip"), a material at the end ("neck pillow memory foam"), or an unknown word
    at the end ("BIFOLD WALLET RFID"). A noun before an adjective is not enough: "Aero Feather 88 Badminton
    Racket", "Trail Insulated Bottle"."""
    nouns = _lemma_words("noun")
    span = _without_trailing_specs(span)
    def qualifies(after: Any) -> bool:
        if after.lower_ in _COLLECTIONS:
            return False
        # a participle before a noun modifies it ("Laptop Cooling Pad", "Camping Sleeping Bag"): no qualifier
        before_noun = after.i + 1 < span.end and after.doc[after.i + 1].pos_ in ("NOUN", "PROPN") \
            and after.lower_.endswith("ing")
        return (after.lower_ in _QUALIFIER_START or after.pos_ in ("ADJ", "NUM") or after.text[:1].isdigit()
                or (after.tag_ in ("VBG", "VBN") and not before_noun)
                or (after.i == span.end - 1 and after.lower_.endswith("ing")))

    for token in span[:-1]:
        after = token.doc[token.i + 1]
        rest = token.doc[token.i + 1 : span.end]
        is_noun = token.pos_ in ("NOUN", "PROPN") and (token.lower_ in nouns or token.lemma_ in nouns)
        # "Charger Auto-Clamp 15W", not "Jersey T-Shirt Dress": a hyphenated word with only numbers after it
        hyphened = (token.i + 2 < span.end and token.doc[token.i + 2].text in ("-", "–")
                    and all(t.like_num or t.text[:1].isdigit() for t in token.doc[token.i + 4 : span.end]))
        # not "Xbox Controller Rechargeable Battery Pack": a singular noun at the end is the type
        ends_in_noun = rest[-1].tag_ in ("NN", "NNP") and not rest[-1].lower_.endswith("ing") \
            and not rest[-1].text[:1].isdigit() and rest[-1].lower_ in nouns
        if token.lower_ in PRODUCT_TYPES and is_noun and (
                (qualifies(after) and not ends_in_noun and not any(t.lower_ in PRODUCT_TYPES for t in rest))
                or hyphened):
            return span.doc[span.start : token.i + 1]
        if is_noun and after.lower_ in _QUALIFIER_START and not any(t.lower_ in PRODUCT_TYPES for t in rest):
            cut = span.doc[span.start : token.i + 1]  # "... brush carbon fiber anti-static": then the material
            return _material_after_type(cut) or cut
    if len(span) >= 3:
        last_two = f"{span[-2].lower_} {span[-1].lower_}"
        if last_two in MATERIALS and span[-3].pos_ == "NOUN":
            return span[:-2]
    material = _material_after_type(span)
    if material is not None:
        return material
    # "BIFOLD WALLET RFID", "Sandwich Maker Toastie": an unknown word after a noun; not after an activity ("Dog
    # Training Clicker")
    # "Ultrasonic Desk Humidifier", "WATER BATH CANNER": a word in -er or -or names a thing (thirteenth round: "the
    # desk", "the water bath")
    if len(span) >= 2 and span[-2].pos_ == "NOUN" and not span[-2].lower_.endswith("ing") and (
            span[-1].is_alpha and span[-1].lower_ not in _lemma_words("noun")
                and span[-1].lemma_ not in _lemma_words("noun") and span[-1].lower_ not in PRODUCT_TYPES
                and not (re.search(r"[a-z]{3}(?:er|[^o]or)$", span[-1].lower_)
                         and span[-1].lower_ not in _lemma_words("adj"))):
        return span[:-1]
    return span


BROAD_CATEGORY_HEADS = load_words("broad_category_heads")
TYPE_COMPOUNDS = load_words("type_compounds")
# Keywords that name a problem the product tackles ("damp": a noun, however it reads) and a style ("vintage": an
# adjective before the type, however it ends).
PROBLEMS = load_words("problems")
STYLES = load_words("styles")


def _category_parts(category: str) -> list[list[str]]:
    """The words of each thing the category's last level names: 'Cat Trees & Scratchers' -> [['cat', 'trees'],
    ['scratchers']]."""
    last = re.split(r"\s*[>/|]\s*", category.strip())[-1].lower()
    return [re.findall(r"[a-z]+", part) for part in re.split(r"\s*(?:&|,|\band\b)\s*", last)]


def category_heads(category: str) -> frozenset[str]:
    """The count nouns the category's last level names in the plural, singular: 'Car Accessories > Phone Mounts'
    -> {'mount'}, 'Bathroom > Mirrors' -> {'mirror'}. Broad words ('Accessories', 'Supplies'), activities ('Dog
    Training') and singular words ('Baby > Play', 'Cookware') name no product type."""
    heads = set()
    for words in _category_parts(category):
        if words and singular(words[-1]) != words[-1] and singular(words[-1]) not in BROAD_CATEGORY_HEADS:
            heads.add(singular(words[-1]))
    return frozenset(heads)


def _type_from_category(name: str, category: str) -> str:
    """The name cut after the word its category names, where words follow it: 'Mirror Full Length Arched' in
    'Mirrors' -> 'Mirror', 'CAR PHONE MOUNT MAGNETIC VENT' in 'Phone Mounts' -> 'CAR PHONE MOUNT'; else the name."""
    heads = category_heads(category)
    if not heads:
        return name
    doc = nlp()(f"I bought the {name.lower()}.")
    span = doc[3 : len(doc) - 1]
    typed = {word.lower(): word for word in name.split()}

    def qualifies(token: Any) -> bool:  # "Mirror Full ...", "Mount Tilting", "Padlock Brass 40mm"; not "Cushion Cover"
        material = token.lower_ in MATERIAL_WORDS and token.i < span.end - 1  # "Brow Gel": the gel is the type
        ing = token.lower_.endswith("ing") or token.tag_ == "VBG"  # "MOUNT TILTING"; not "drone landing pad"
        if ing and token.i + 1 < span.end and token.doc[token.i + 1].pos_ in ("NOUN", "PROPN"):
            return False
        return (token.pos_ in ("ADJ", "NUM", "INTJ") or token.tag_ in ("VBG", "VBN", "VBD") or ing
                or bool(re.search(r"\d", token.text)) or material or token.lower_ in _SHAPES
                or (_acronym(typed.get(token.lower_, "")) and not name.isupper()))  # "Diesel Locomotive HO 1:87"

    for token in span[:-1]:
        if singular(token.lower_) in heads and qualifies(doc[token.i + 1]):
            return name[: token.idx + len(token.text) - len("I bought the ")]
    return name


def _category_phrases(category: str) -> list[str]:
    """The category's last level as phrases of two or more words, singular: 'Fondue Sets' -> ['fondue set'],
    'Weather Stations' -> ['weather station'], 'Cat Trees & Scratchers' -> ['cat tree']."""
    phrases = []
    for words in _category_parts(category):
        if len(words) >= 2 and singular(words[-1]) != words[-1]:
            phrases.append(" ".join([*words[:-1], singular(words[-1])]))
    return phrases


def _cut_after_phrase(name: str, category: str) -> str:
    """The name cut after the category's own phrase where more follows it: 'fondue set electric 8 forks' in
    'Fondue Sets' -> 'fondue set', '... Weather Station Colour Display' in 'Weather Stations' -> '... Weather
    Station'; else the name. Two words of the category, in order, name the type more surely than one."""
    for phrase in _category_phrases(category):
        spaced = r"\s+".join(re.escape(word) for word in phrase.split())
        match = re.search(rf"(?i)(?<![\w-]){spaced}s?(?![\w-])", name)
        if match is None:
            continue
        rest = name[match.end():].strip()
        # "Bath Toy Boats": one plural noun after the phrase is the head it qualifies, not a qualifier
        if rest and not (re.fullmatch(r"[^\W\d_]+", rest) and singular(rest.lower()) != rest.lower()):
            return name[: match.end()]
    return name


def product_type(name: str, category: str = "") -> tuple[str, str, bool]:
    """The name's product type (below), read with its category: where the type read from the name alone is no
    known type and the category names a word of the name followed by qualifiers, the type ends at that word; a
    phrase of the category's that the name has, with more after it, ends the type too."""
    found = _product_type(name)
    after_code = _category_word_after_code(name, category, found[1]) if category else ""
    if after_code:  # "PRO RUNNER T9 TREADMILL" in "Treadmills": a treadmill (nineteenth round: "the pro runner")
        return _product_type(after_code)
    if category and found[1] not in PRODUCT_TYPES | _COLLECTIONS and found[1] not in category_heads(category):
        cut = _type_from_category(without_edition(type_part(name)), category)
        if cut == without_edition(type_part(name)):
            cut = _cut_after_phrase(cut, category)
        if cut != without_edition(type_part(name)):
            return _product_type(cut)
    return found


def _category_word_after_code(name: str, category: str, head: str) -> str:
    """The words after a model code up to the category's own word, where the type read before the code is not
    the category's ("PRO RUNNER T9 TREADMILL" in "Treadmills" -> "TREADMILL"); else ""."""
    heads = category_heads(category)
    words = without_stock_code(name).split()
    lower = [w.lower().strip(",.()") for w in words]
    if not heads or head in heads or head in PRODUCT_TYPES or head not in lower:  # not "Crystal Chandelier 6 Light"
        return ""
    at = max((i for i, w in enumerate(lower) if singular(w) in heads), default=-1)
    codes = [i for i in range(lower.index(head) + 1, at) if re.search(r"\d", lower[i])]
    if not codes:
        return ""
    start = codes[-1] + 1
    while start < at and lower[start] in EDITION_WORDS:  # "iPhone 15 Pro Max Case": a case
        start += 1
    return " ".join(words[start : at + 1])


def _nounish(token: Any) -> bool:
    """A noun in a product's name, whatever the tagger says: "Steering Wheel Stand" (a base verb that is a noun
    too), "Snorkel Set Adult" (a collection word), "Handheld Transceiver VHF/UHF" (an "adjective" that no adjective
    list knows and no adjective ending makes one)."""
    return (token.pos_ in ("NOUN", "PROPN") or token.lower_ in _COLLECTIONS
            or (token.tag_ == "VBZ" and singular(token.lower_) in _lemma_words("noun") and token.i > 0
                and token.doc[token.i - 1].pos_ == "NOUN")  # "uke strings": the tagger's verb in -s
            or (token.tag_ == "VB" and token.lower_ in _lemma_words("noun"))
            or (token.tag_ == "JJ" and token.is_alpha and token.lower_ not in _lemma_words("adj")
                and not token.lower_.endswith(("al", "ic", "ous", "ive", "ful", "less", "able", "ible", "y"))))


def _before_trailing_qualifier(name: str) -> str:
    """The name up to a qualifier typed after the type (TRAILING_QUALIFIERS): at the end or before more qualifiers,
    a number or a code ("CHEESE PRESS STAINLESS 2 GAL", "Pinpointer Probe Waterproof PP-30"). Not before a noun
    ("Heavy Duty Electric Kettle", "Xbox Controller Rechargeable Battery Pack"): there it qualifies that noun."""
    words = name.split()
    for i in range(1, len(words)):
        word, before = words[i].lower(), words[i - 1].lower()
        if word not in TRAILING_QUALIFIERS or before in TRAILING_QUALIFIERS | MATERIAL_WORDS or not before.isalpha():
            continue
        rest = [w.lower() for w in words[i + 1 :]]
        ends = all(w in TRAILING_QUALIFIERS | MATERIAL_WORDS or re.search(r"\d", w) or w.upper() in ACRONYMS
                   or w in ("-", "–", "/")
                   or w in _SHAPES
                   or re.fullmatch(r"[a-z]{1,3}-?\d.*", w) for w in rest)
        if ends:
            return " ".join(words[:i])
    return name


_NUMBER_OR_SIZE = re.compile(r"\s+no\.(?:\s*\S*)?$|\s+no\.?\s*\d.*$"
                             r"|\s+(?:(?:king|queen|double|single|twin)\s+)?size(?:\s+\d\S*)?$"
                             # a count after the type: "pedestal 3 drawer", "ENVELOPES ... 250 PACK" (twenty-second
                             # round: "this drawer", "the pack")
                             r"|\s+\d+\s*-?\s*(?:pack|pk|pcs|pieces?|drawers?|tiers?|shelf|shelves|slices?|ct|count)$",
                             re.IGNORECASE)


def _type_words(name: str) -> str:
    """The words of a name that can hold its type: before an edition, a spec, a model number after "No." ("Block
    Plane No. 60½"), a size number ("Batteries Size 312"), an extra after "+" ("quilling tool set slotted +
    needle"; not "toddler duvet + pillow set"), a place after "on" ("java fern on driftwood"), and a qualifier
    typed after the type (_before_trailing_qualifier)."""
    words = name.split()  # "KOMBUCHA HEAT MAT adjustable thermostat": a feature typed after the name in capitals
    capitals = [w for w in words if w.isupper() and w.isalpha()]
    if len(capitals) >= 2 and words[: len(capitals)] == capitals and len(words) > len(capitals) and all(
            w.islower() for w in words[len(capitals):]):
        name = " ".join(capitals)
    name = _NUMBER_OR_SIZE.sub("", without_edition(_type_part(name)))
    extra = re.match(r"^(.+?\S)\s+\+\s+(.+)$", name)
    if extra and extra.group(2).split()[-1].lower() not in _COLLECTIONS:
        name = extra.group(1)
    name = re.split(r"\s+on\s+", name, maxsplit=1)[0]
    return _before_trailing_qualifier(name)


UNIT_WORDS = load_words("unit_words")


def _type_part(name: str) -> str:
    """lexicon.type_part, unless the words before the spec name nothing and words after it do: "SPINFORCE PRO
    16MM PICKLEBALL PADDLE CARBON" is a pickleball paddle (thirteenth round: "the spinforce")."""
    part = type_part(name)
    rest = name[len(part):].split()
    counted = re.fullmatch(r"\d+-([A-Za-z]{3,})", rest[0]) if rest else None
    if counted and len(rest) > 1 and not any(known_noun(singular(w.lower())) for w in without_edition(part).split()):
        return type_part(" ".join([counted.group(1), *rest[1:]]))  # "Adjustable 3-Hole Punch": a hole punch
    if part == name or not rest or not re.search(r"\d", rest[0]) or any(
            known_noun(singular(w.lower())) for w in without_edition(part).split()):
        return part
    after = " ".join(rest[1:])
    # only words after it, two or more, no unit first, no material ("KETTLEBELL 16KG CAST IRON"), no punctuation
    # or joining word ("packable daypack 20L - folds into pocket", "tongs 12 inch locking")
    words = after.lower().split()
    if (len(part.split()) <= 2 and re.fullmatch(r"[A-Za-z]+(?: [A-Za-z]+){1,3}", after)
            and not set(words) & NOT_SUBJECT
            and words[0] not in UNIT_WORDS and after.lower() not in MATERIALS
            and not all(w in MATERIAL_WORDS for w in words)
            and all(known_noun(singular(w)) or known_noun(w) or not _known_word(w) for w in words)
            and any(known_noun(singular(w)) for w in words)):
        return type_part(after)
    return part


# Nouns that qualify a type only with the word before them: "hotel style", "belt drive", "all season".
_WEAK_MODIFIERS = frozenset("style season drive grade quality type look range".split())
# Words that make the noun after them where the product goes, not what it is: "under counter", "over door" (an
# "Under Counter Freezer" is a freezer; twentieth round: "counter freezer").
_PLACED_BY = frozenset("under over behind above below beside inside".split())
_PREPOSITIONS = frozenset("in on at of for with to by from".split())


@lru_cache(maxsize=512)
def _product_type(name: str) -> tuple[str, str, bool]:
    """'Insulated Water Bottle' -> ('water bottle', 'bottle', False); 'Rain Boots' -> ('rain boots', 'boots', True).
    A model code, an acronym, a colour or a shape after the type is not the type ("Ski Goggles OTG", "TABLE COVER
    RECTANGLE 137X274CM")."""
    name = _type_words(name)
    if re.search(r"\s(?:de|du|des|di|la|le)\s", name.lower()):  # "Eau de Parfum": the name is the type
        return name.lower(), name.lower().split()[-1], False
    doc = nlp()(f"I bought the {name.lower()}.")
    span = _without_trailing_qualifiers(doc[3 : len(doc) - 1])
    original_words = {w.lower(): w for w in re.split(r"[\s/-]+", name) if w}  # "VHF/UHF", "USB-C"

    def qualifier(token: Any) -> bool:  # a word after the type that is not the type
        return (bool(re.search(r"\d", token.text)) or token.lower_ in _SHAPES or token.lower_ in COLOUR_WORDS
                or token.lower_ in _SIZE_WORDS or token.lower_ in ("number", "no", "model", "style", "version")
                or token.text.upper() in ACRONYMS or (len(token.text) == 1 and token.is_alpha)  # "Cable USB-C"
                or token.lower_ in AUDIENCE_WORDS or token.lower_ in _ANIMALS  # "Snorkel Set Adult", "CAT & SMALL DOG"
                or (_acronym(original_words.get(token.lower_, "")) and not name.isupper()))

    nouns = [t for t in span if _nounish(t) and not re.search(r"\d", t.text)]
    while len(nouns) > 1 and qualifier(nouns[-1]):
        nouns.pop()
    if not nouns:
        return name.lower(), name.lower().split()[-1], False
    head = nouns[-1]
    last = span[len(span) - 1]
    participle = last.tag_ in ("VBD", "VBN") and last.lower_.endswith("ed")  # "Block Rounded"; not "Towel Set"
    if not qualifier(last) and not participle and last.lower_ not in _PREPOSITIONS and (  # "Recorder in F": not "in"
            last.lower_ in _lemma_words("noun") or last.lemma_ in _lemma_words("noun") or last.lower_ in PRODUCT_TYPES):
        head = last
    head_text = head.lower_
    plural = _plural_noun(head)
    if head_text in ("set", "kit", "pack", "pair", "bundle"):
        plural = False
    original = name.split()
    if (len(original) >= 2 and _acronym(original[-2]) and not name.isupper() and head.i == last.i
            and original[-1].lower() == head_text):
        return f"{original[-2]} {head_text}", head_text, plural  # "LED bulb"
    words = [head_text]
    prev = head.i - 1
    if (prev - 1 >= span.start and doc[prev].text == "-" and not doc[prev - 1].whitespace_ and not doc[prev].whitespace_
            and doc[prev - 1].is_alpha and (len(doc[prev - 1]) > 1 or doc[prev - 1].lower_ == "t")):
        head_text = f"{doc[prev - 1].lower_}-{head_text}"  # "tip-up" (thirteenth round: "an up"), "pop-up"
        words, prev = [head_text], prev - 2
    if prev >= span.start and _modifies(doc, prev, span.start, head_text):
        words.insert(0, doc[prev].lower_)
        if prev - 1 >= span.start and f"{doc[prev - 1].lower_} {doc[prev].lower_}" in TYPE_COMPOUNDS:
            words.insert(0, doc[prev - 1].lower_)  # "ice cream maker" (thirteenth round: "cream maker")
    return " ".join(words), head_text, plural


def _modifies(doc: Any, prev: int, start: int, head_text: str) -> bool:
    """Whether the word at `prev`, before the type's head, is part of the type ("water bottle", "sleeping bag")."""
    before = doc[prev]
    hyphenated = prev - 1 >= start and doc[prev - 1].text in ("-", "–")
    compound = prev - 1 >= start and f"{doc[prev - 1].lower_} {before.lower_}" in TYPE_COMPOUNDS
    return (
        before.is_alpha
        and len(before.text) > 1  # "USB C Hub": no "c hub"
        and before.lower_ not in MATERIAL_WORDS
        and not hyphenated
        and before.tag_ != "VBN"
        and not (prev - 1 == start and doc[prev - 1].lower_ in _PLACED_BY)  # "Under Counter Freezer"
        # "hotel style pillows" are pillows, "belt drive turntable" a belt drive turntable (twenty-third round:
        # "style pillows", "drive turntable", "season duvet")
        and (before.lower_ not in _WEAK_MODIFIERS or compound)
        and (before.lower_ in _lemma_words("noun") or head_text in ("set", "kit", "pack")
             or (before.lower_.endswith("ing") and len(before.text) > 5))  # "honing steel", "sleeping bag"
    )


def _semicolon_parts(fact: str) -> list[str]:
    """A feature typed as two joined by a semicolon, as two ("adhesive mount; no drilling", "diameter: 15cm;
    height: 8cm"), and keys joined by commas ("cars: 2, lights: no"); a typed sentence ("Wash by hand; not
    dishwasher safe.") and a key with several values ("sizes: S; M") stay whole."""
    left_out = re.match(r"^(.+),\s+([^,]+\s(?:not\s+(?:included|supplied|provided)|sold\s+separately))$", fact.strip())
    if left_out:  # "2-bolt cleat mount, cleats not included": the mount is there (eleventh round: "does not come
        return [left_out.group(1), left_out.group(2)]  # with a 2-bolt cleat mount, cleats", an N)
    keyed = [part.strip() for part in fact.split(",")]
    if len(keyed) > 1 and all(re.fullmatch(r"[A-Za-z][\w -]{0,30}:\s*[^:]+", part) for part in keyed):
        return keyed  # "cars: 2, lights: no": two keys (seventeenth round: "has cars of 2, lights: no")
    parts = [part.strip() for part in fact.split(";") if part.strip()]
    values = ":" in parts[0] and not any(":" in part for part in parts[1:])  # "sizes: S; M", not "a: 1; b: 2"
    if len(parts) < 2 or _typed_instruction(fact) or values:
        return [fact]
    return parts


@lru_cache(maxsize=256)
def analyse_product(product: Product) -> Analysis:
    type_noun, type_head, plural = product_type(product.name, product.category)
    return Analysis(
        name=product.name,
        brand=product.brand,
        type_noun=type_noun,
        type_head=type_head,
        plural=plural,
        # links: left_out; "grows 30-50cm tall; background plant": two facts typed as one, each said as itself
        features=[analyse("features", part) for f in product.features if not LINK.search(f)
                  for part in _semicolon_parts(f)],
        materials=[analyse("materials", m) for m in product.materials],
        keywords=[analyse("keywords", k) for k in product.keywords],
        color=product.color,
        size=product.size,
        audience=product.audience,
    )
