"""Facts to prose: a sentence plan over the analysed facts, then grammatical sentences.

The classic data-to-text pipeline, small enough to read:
- content selection: every fact the merchant gave;
- sentence planning: facts are grouped by what they say (what it is made of, what it does, what
  it has, how big and what colour, who it is for), and each group becomes one or two sentences;
- surface realization: every fact is a clause with several grammatical forms (a predicate
  "keeps drinks cold for 24 hours", a fronted modifier "Made from stainless steel,", a noun
  phrase "a leak-proof screw lid"); subjects vary ("it", "the water bottle", "this Hydrova water
  bottle"), verbs agree with plural products ("these boots have"), and frames are chosen at random
  from a seed, so no two products read like one template.
The only words added to the merchant's are frames ("has", "comes in", "made from").
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from . import phrases
from .analysis import (
    ADJ,
    CLAUSE,
    COLOUR_WORDS,
    FOR,
    INCLUDED,
    LABELLED_SIZE,
    MASS_HEADS,
    MEASURE,
    NOTE,
    NP,
    PAIR,
    PROBLEMS,
    STEP,
    VP,
    WITH,
    Analysis,
    Phrase,
    indefinite,
    known_noun,
)
from .factcheck import has_phrase
from .lexicon import MATERIAL_WORDS, PRODUCT_TYPES, load_list, load_table, load_words, singular
from .nlp import nlp

MATERIAL_HEADS = MATERIAL_WORDS
CONTAINER_HEADS = load_words("container_heads")
PART_HEADS = load_words("part_heads")
SIZE_LABEL = re.compile(
    r"^(?:(?:EU|UK|US)\s+)?(?:XXS|XS|S|M|L|XL|XXL|XXXL|\dXL|\d+(?:\.\d+)?)"
    r"(?:\s*(?:,|/|to|-|–|and)\s*(?:XXS|XS|S|M|L|XL|XXL|XXXL|\dXL|\d+(?:\.\d+)?))*$",
    re.IGNORECASE,
)


Chooser = Callable[[list[str]], str]
# Joins between body sentences at medium and long lengths: readers expect them in longer copy, and they say
# nothing about the product. Many, so no 4-gram of them is shared by most descriptions (the boilerplate figure).
CONNECTIVES = load_list("connectives")
# Raters read a connective on every other sentence as stiff listing ("Just as handy, ...", "Better still, ...":
# tenth round); a few in long copy, at most MAX_CONNECTIVES a text.
CONNECTIVE_SHARE = {"short": 0.0, "medium": 0.25, "long": 0.4}
MAX_CONNECTIVES = 2
# Medium and long copy recaps two of the things it has, a classic copywriting turn that adds no claim.
RECAP_FRAMES = load_list("recap_frames")
AUDIENCE_FRAMES = load_list("audience_frames")
# What a noun keyword is, for saying it about the product (keyword_frames): a place, someone, an occasion, ...
PLACES = load_words("places")
PEOPLE = load_words("people")
OCCASIONS = load_words("occasions")
EVENTS = load_words("events")
# A keyword that is a gift: "gift", "gifting", "gift idea", "birthday gifts", "christmas present".
GIFT = re.compile(r"(?i)(?:^|\s)(?:gifts?|gifting|presents?|stocking (?:stuffer|filler)s?)(?:\s+ideas?)?$")
# Holidays a merchant may type in lower case: a keyword line writes them as names.
HOLIDAYS = load_table("holidays")


def proper(keyword: str) -> str:
    """'christmas gift' -> 'Christmas gift', 'mothers day' -> "Mother's Day"; the rest as the merchant wrote it."""
    words = keyword.split(" ")
    out = [HOLIDAYS.get(word.lower(), word) for word in words]
    for i in range(1, len(out)):
        if out[i].lower() == "day" and words[i - 1].lower() in HOLIDAYS:
            out[i] = "Day"
    return " ".join(out)
QUALITIES = load_words("qualities")
PRODUCT_NOUNS = load_words("product_nouns")


@dataclass
class Clause:
    """One or more facts, ready to be said in several ways. Predicates use {be} {has} {v:verb} for agreement."""

    facts: list[str]
    predicates: list[str]
    fronts: list[str] = field(default_factory=list)  # "Made from stainless steel", "Quick-drying"
    group: str = "has"  # made | does | has | is | spec | included
    # each fact of a clause that says several, said alone: what Sentence.parts keeps where the checker drops the whole
    # (twenty-second round: one flagged figure in "comes with 5 brightness levels and a colour temperature ..."
    # took the colour temperature with it)
    pieces: list[Clause] = field(default_factory=list)


@dataclass
class Sentence:
    text: str
    facts: list[str] = field(default_factory=list)  # the merchant's values it states
    role: str = "body"  # opening | body | closing
    source: str = "realized"  # realized (from the facts), model (written by the model), filler (generic)
    # each fact of a sentence that states several, as a plain sentence of its own: what the checker keeps where it
    # drops the whole (twenty-first round's N: one flagged word took five facts and left 25 words)
    parts: list[Sentence] = field(default_factory=list)


def join(items: list[str], conj: str = "and") -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {conj} " + items[-1]


def np_with_article(p: Phrase) -> str:
    art = p.article
    return f"{art} {p.core}" if art else p.core


def is_material(p: Phrase) -> bool:
    """A materials-field entry said as what it is made of, unless it names a part: "made of metallic foil",
    "made from magnesium carbonate", "oats" (was "has a metallic foil"), but "has a polycarbonate shell", "an
    aluminium chassis" (a material before its last word), "PBT keycaps" (a plural of more than one word)."""
    words = re.findall(r"[a-z]+", p.core.lower())
    if not words:
        return False
    if words[-1] in MATERIAL_HEADS or p.kind == ADJ or re.match(r"\d+(?:\.\d+)?\s*%", p.core):
        return True  # "100% cotton flannel" is a material
    head = singular(p.head or words[-1])
    if p.kind != NP or head in PART_HEADS or head in CONTAINER_HEADS:
        return False
    if len(words) > 1 and re.search(r"[a-z]{3}(?:er|or)$", head) and head not in MATERIAL_HEADS | MASS_HEADS:
        return False  # a tool's name is a part: "wooden muddler", "frosted diffuser" (thirteenth round: "made from
        # stainless steel and wooden muddler")
    return not any(word in MATERIAL_HEADS for word in words[:-1]) and not (p.plural and len(words) > 1)


class Agreement:
    """Verb agreement with the product: 'it has' / 'they have'."""

    def __init__(self, plural: bool):
        self.plural = plural

    def fill(self, text: str) -> str:
        text = text.replace("{be}", "are" if self.plural else "is").replace("{has}", "have" if self.plural else "has")
        return re.sub(r"\{v:([a-z]+)\}", lambda m: self.verb(m.group(1)), text)

    def verb(self, singular: str) -> str:
        if not self.plural:
            return singular
        irregular = {"has": "have", "is": "are", "does": "do", "goes": "go"}
        if singular in irregular:
            return irregular[singular]
        if singular.endswith("ies"):
            return singular[:-3] + "y"
        if re.search(r"(?:ss|sh|ch|x|o)es$", singular):
            return singular[:-2]
        return singular[:-1] if singular.endswith("s") else singular


def merge_vps(phrases: list[Phrase]) -> list[tuple[str, list[str]]]:
    """'keeps drinks cold for 24 hours' + 'keeps drinks hot for 12 hours' ->
    'keeps drinks cold for 24 hours and hot for 12 hours'."""
    out: list[tuple[str, list[str]]] = []
    used = [False] * len(phrases)
    for i, p in enumerate(phrases):
        if used[i]:
            continue
        words, facts, text = p.core.split(), [p.text], p.core
        for j in range(i + 1, len(phrases)):
            other = phrases[j].core.split()
            common = 0
            while not used[j] and common < min(len(words), len(other)) - 1 and words[common] == other[common]:
                common += 1
            if common >= 2:
                negated = words[common - 1].lower() in ("no", "not")  # "has no palm oil and no added salt"
                text = p.core + " and " + " ".join(other[common - 1 if negated else common:])
                facts.append(phrases[j].text)
                used[j] = True
                break
        out.append((text, facts))
    return out


def merge_adjs(phrases: list[Phrase]) -> list[tuple[str, list[str]]]:
    """'dishwasher safe' + 'microwave safe' -> 'dishwasher and microwave safe'."""
    groups: dict[str, list[Phrase]] = {}
    for p in phrases:
        words = p.core.split()
        key = words[-1] if len(words) == 2 and not any(c.isdigit() for c in p.core) else p.core
        groups.setdefault(key, []).append(p)
    out = []
    for key, members in groups.items():
        if len(members) > 1:
            out.append((f"{join([m.core.split()[0] for m in members])} {key}", [m.text for m in members]))
        else:
            out.append((members[0].core, [members[0].text]))
    return out


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _verb_template(text: str) -> str:
    first, _, rest = text.partition(" ")  # "Includes 2 spare shades": the verb agrees, in lower case mid-sentence
    if not re.fullmatch(r"[A-Za-z]+", first):  # not a word the agreement can inflect ("floats?"): said as it is
        return text
    rest = re.sub(r"\band (is|has|does|needs) ", r"and {v:\1} ", rest)  # "is hand launched and has no motor"
    return f"{{v:{first.lower()}}}" + (f" {rest}" if rest else "")


def feature_clauses(feats: list[Phrase]) -> list[Clause]:
    clauses: list[Clause] = []
    for text, facts in merge_vps([p for p in feats if p.kind == VP]):
        clauses.append(Clause(facts, [_verb_template(text)], group="does"))
    for text, facts in merge_adjs([p for p in feats if p.kind == ADJ]):
        short = len(text.split()) <= 4 and not re.search(r"\d", text)
        clauses.append(Clause(facts, [f"{{be}} {text}"], fronts=[_cap(text)] if short else [], group="is"))
    parts = [p for p in feats if p.kind == NP and not re.match(r"(?:set|pack|pair|box|bundle) of\b", p.core)]
    for p in feats:
        if p.kind == NP and p not in parts:  # "set of 4 towels"
            clauses.append(Clause([p.text], [f"{{v:comes}} as {indefinite(p.core)} {p.core}"], group="spec"))
        elif p.kind == MEASURE:
            if re.search(r"\d\s*(?:kg|g|lb|lbs|oz)$", p.core.lower()):
                clauses.append(Clause([p.text], [f"{{v:weighs}} {p.core}"], fronts=[f"At {p.core}"], group="spec"))
            elif re.search(r"\d\s*(?:[x×]\s*\d[\d.,]*\s*)?(?:mm|cm|m|in|inch|inches|\")$", p.core.lower()):
                # "40 x 60 cm" as a feature: what it measures, not "It features 40 x 60 cm" (seventh round)
                clauses.append(Clause([p.text], [f"{{v:measures}} {p.core}"], group="spec"))
            else:
                clauses.append(
                    Clause(
                        [p.text],
                        [f"{{v:comes}} in at {p.core}", f"{{has}} a rating of {p.core}"],
                        fronts=[f"At {p.core}"],
                        group="spec",
                    )
                )
        elif p.kind == INCLUDED:
            np_ = np_with_article(p)
            clauses.append(Clause([p.text], [f"{{v:comes}} with {np_}", f"{{v:includes}} {np_}"], group="included"))
        elif p.kind == WITH:
            clauses.append(Clause([p.text], [f"{{v:comes}} with {p.core}"], fronts=[f"With {p.core}"], group="has"))
        elif p.kind == FOR:
            clauses.append(
                Clause(
                    [p.text],
                    [f"{{be}} for {p.core}", f"{{be}} suitable for {p.core}"],
                    fronts=[f"For {p.core}"],
                    group="spec",
                )
            )
        elif p.kind == PAIR:
            clauses.append(Clause([p.text], [_pair(p)], group="has"))
    for chunk in [parts[i : i + 2] for i in range(0, len(parts), 2)]:
        text = join([np_with_article(p) for p in chunk])
        pieces = [Clause([p.text], [f"{{has}} {np_with_article(p)}"]) for p in chunk] if len(chunk) > 1 else []
        clauses.append(
            Clause(
                [p.text for p in chunk],
                [f"{{has}} {text}", f"{{v:features}} {text}", f"{{v:comes}} with {text}"],
                fronts=[f"With {text}"],
                group="has",
                pieces=pieces,
            )
        )
    return clauses


# Parts that are the product's body: where one is of another material, the bare materials are of other parts.
_BODY_PARTS = frozenset("frame body chassis housing structure carcass".split())


def material_clauses(items: list[Phrase], fancy: bool, features: tuple[Phrase, ...] = ()) -> list[Clause]:
    mats = [p for p in items if is_material(p)]
    boxes = [p for p in items if not is_material(p) and p.head in CONTAINER_HEADS]
    parts = [p for p in items if p not in mats and p not in boxes]
    out = []
    # "steel frame, EVA foam": the foam is not the kneeler's ("Made from EVA foam, the kneeler"); "walnut veneer,
    # brass" beside "brushed brass handles": the brass is the handles' ("Made of brass, the file cabinet"; both the
    # twenty-second round's)
    said_of_part = bool(parts) and all(any(m.core.lower() in f.text.lower() for f in features) for m in mats)
    if mats and (any(p.head in _BODY_PARTS for p in parts) or said_of_part):
        out.append(Clause([p.text for p in mats], [f"{{v:uses}} {join([p.core for p in mats])}"], group="made"))
    elif mats:
        text = join([p.core for p in mats])
        verbs = ["made from", "made of"] + (["crafted from"] if fancy else [])
        out.append(
            Clause(
                [p.text for p in mats],
                [f"{{be}} {v} {text}" for v in verbs],
                fronts=[f"{_cap(v)} {text}" for v in verbs],
                group="made",
            )
        )
    if parts:  # a one-word material is a substance, with no article: "oats, apple and mint", not "an apple, a
        # mint"; a part keeps its article ("an aluminium base")
        text = join([p.core if " " not in p.core else np_with_article(p) for p in parts])
        out.append(
            Clause(
                [p.text for p in parts],
                [f"{{has}} {text}", f"{{v:features}} {text}"],
                fronts=[f"With {text}"],
                group="made",
            )
        )
    if boxes:
        text = join([np_with_article(p) for p in boxes])
        out.append(Clause([p.text for p in boxes], [f"{{v:comes}} in {text}"], group="made"))
    return out


# A weight or volume before what it measures: "25 g capacity" (not "weighs 25 g capacity"), "1kg spool".
_UNIT_NOUN = re.compile(r"\d[\d.,]*\s*(?:ml|l|litres?|liters?|cl|kg|g|lb|lbs|oz)\s+[a-z]{3,}(?:\s+[a-z]+)?")
# A dimension before the thing it measures: "40 x 27 cm cooking area" ("has a ..."), not "30 x 40 cm each".
_MEASURED_NOUN = re.compile(r"\d\s*(?:mm|cm|m|in|ft)\s+(?!(?:each|approx|total|overall|open|closed|folded|uncut"
                            r"|extended|assembled)\b)[a-z]{3,}(?:\s+[a-z]+)?$")


_OWN_WEIGHT = frozenset({"weight", "net weight", "item weight", "total weight", "product weight", "unit weight"})


# Keys that are the product's verb: "holds: 2 loaves" -> "holds 2 loaves" (thirteenth round: "has holds of").
_VERB_KEYS = frozenset("holds fits takes covers makes lasts seats serves sleeps".split())


def _pair(p: Phrase) -> str:
    """A key and value: "has a breaking strain of 12 lb" (a spec is had: "comes with a graduation of 1g" read as
    an accessory in the thirteenth round); "weighs 230g" or "7.9-8.3 oz" (was "comes with a weight of 230g"); a
    plural key takes no article: "has flexible tails of 350mm" (was "a flexible tails"); "holds 2 loaves"."""
    last = p.label.split()[-1]
    # the product's own weight only: "max user weight 120 kg" is no "weighs 120 kg" (eighth round's N)
    if p.label in _OWN_WEIGHT and re.match(r"\d[\d.,]*(?:\s*[-–]\s*\d[\d.,]*)?\s*(?:kg|g|lb|lbs|oz)$",
                                           p.core.lower()):
        return f"{{v:weighs}} {p.core}"
    if last == "size" and re.search(r"\d\s*[x×]\s*\d", p.core) and (  # "size 60 x 30 cm": "measures 60 x 30 cm";
            p.label.split()[0] in ("size", "overall", "product", "total", "item", "assembled")):  # a part's size is
        # the part's ("flag size 20 x 28 cm": "has a flag size of", twenty-first round: "this bunting measures")
        return f"{{v:measures}} {p.core}"
    if p.label in _VERB_KEYS:
        return f"{{v:{p.label}}} {p.core}"
    if singular(last) != last:
        return f"{{has}} {p.label} of {p.core}"
    return f"{{has}} {indefinite(p.label)} {p.label} of {p.core}"


def _counted(part: str) -> str:
    """A size that counts things: "has 2 tiers" ("2 tier"), "comes as a 10m set", "comes as a 3-pack" (not "has a
    3-pack"), "comes with 50 strips"; '' for any other size."""
    lower = part.lower()
    if re.fullmatch(r"\d+\s+(?:tier|layer|shelf|drawer|compartment|level)s?", lower):
        number, noun = lower.split()
        return f"{{has}} {number} {noun if noun.endswith('s') or number == '1' else noun + 's'}"
    if re.fullmatch(r"\d\S*\s+(?:set|kit|roll|reel|bundle|box)|\d+\s*-?\s*(?:pack|pk)|pack of \d+", lower):
        return f"{{v:comes}} as {indefinite(part)} {part}"
    if re.fullmatch(r"\d+\s*(?:[a-z]+s|pcs)", lower):  # "50 strips", "40 pcs"
        return f"{{v:comes}} with {part}"
    return ""


def size_clause(size: str, type_head: str = "") -> Clause | None:
    if not size:
        return None
    keyed = re.match(r"(?i)([a-z]+)\s+(\d.*[x×].*)$", size)
    if keyed and type_head and singular(keyed.group(1).lower()) == singular(type_head):  # "cabinet 42 x 15 x 4 in"
        return Clause([size], [f"{{v:measures}} {keyed.group(2)}"], group="spec")  # for a cabinet (fourteenth round:
        # "the cabinet has a cabinet measuring ...")
    # "fits frame codes C02, C04 and F06" is one phrase: a size that starts with its verb is not split at commas
    whole = SIZE_LABEL.match(size) or re.match(r"(?i)(?:fits|holds|takes|suits|covers|makes)\b", size) \
        or _BED_SIZES.fullmatch(size)
    parts = [size] if whole else [part.strip() for part in re.split(r"[,;]", size) if part.strip()]
    preds: list[str] = []
    fronts: list[str] = []
    for part in parts:
        _size_predicate(part, preds, fronts, several=len(parts) > 1, many=type_head not in _COLLECTION_HEADS)
    return Clause([size], [join(_merge_has(preds))], fronts=fronts if len(parts) == 1 else [], group="spec")


def _quantity_or_keyed_size(part: str, several: bool = False) -> str | None:
    """A size after a quantifier or a key (ninth round: "has an about 6 square feet", "measures length: 22cm"):
    "covers about 6 square feet", "is good for up to 30 batches", "has a length of 22cm", "has slides of 76 x 26
    mm"."""
    lower = part.lower()
    if re.match(r"(?:about|approx\.?|approximately|around|up to)\s+\d", lower) and not re.search(
            r"\d\s*(?:mm|cm|m|in|inch|inches|\"|ml|l|kg|g|lb|lbs|oz)$", lower):
        verb = "{v:covers}" if re.search(r"\bsq(?:uare|\.)?\b|m2|m²", lower) else "{be} good for"
        return f"{verb} {lower}"
    keyed = re.fullmatch(r"([a-z][a-z ]{1,20}?)\s*(:|\s(?=\d))\s*(\d.*)", part, re.IGNORECASE)
    if keyed:
        label, value = keyed.group(1).strip().lower(), keyed.group(3)
        plural = singular(label.split()[-1]) != label.split()[-1]
        # "bath 70 x 130 cm, hand 50 x 90 cm": parts measured ("has a bath of" read wrong); one part is had ("has
        # a base of 48 x 18 cm"; "measures base 48 x 18 cm" was rated worse)
        if keyed.group(2) != ":" and not plural and several:
            return None
        article = "" if plural else indefinite(label) + " "
        if re.search(r"\d\s*[x×]\s*\d", value) and label.split()[-1] not in ("size", "dimensions"):
            return f"{{has}} {article}{label} measuring {value}"  # "pouch 25 x 18 cm" (was "a pouch of 25 x 18")
        return f"{{has}} {article}{label} of {value}"
    return None


_SIZE_ADJECTIVES = frozenset("standard regular large small medium compact mini full oversized petite tall".split())


def _for_or_adjective_size(part: str, several: bool = False) -> str | None:
    """"for boards up to 6'6\"" (thirteenth round: "has a for boards up to of 6'6\""), "standard" (was "comes in
    standard"; "small, medium, large" stays one list)."""
    lower = part.lower()
    if lower.startswith("for ") and len(lower.split()) > 1:
        return f"{{be}} {part}"
    if lower in _SIZE_ADJECTIVES and not several:
        return f"{{v:comes}} in {indefinite(part)} {part} size"
    return None


_LENGTH = r"(?:mm|cm|m|in|ft|\")"  # a unit of length, after its number
_STATES = "folded|packed|stacked|closed|collapsed|extended|assembled|unfolded|open"
_STATED = re.compile(rf"(?i)(?:(?P<a>{_STATES})\s*:?\s+(?P<m>\d.*)|(?P<m2>\d.*?\d\s*{_LENGTH})\s+"
                     rf"(?P<a2>{_STATES}))$")
_UNCOUNTED = frozenset("use storage supervision care assembly installation cleaning ventilation".split())
_COLLECTION_HEADS = frozenset("set kit pack pair duo trio bundle collection".split())
_SIZE_RANGE = re.compile(r"(?i)(EU|UK|US|senior|junior|youth|adult|kids?|women's|men's|age|ages)\s+(\d.*)")
_PACKS = "roll|sheet|panel|pack|bag|box|tin|tub|jar|bottle|can|tube|reel|spool|plate|tile|piece|bar|block"
_SIDES = {"h": "{v:stands} {} high", "w": "{be} {} wide", "d": "{be} {} deep", "l": "{be} {} long"}


def _state_unit_or_side(part: str, many: bool = True) -> str | None:
    """A measure in a state, of a unit, or of one side (nineteenth round: "has a packed measuring 55 x 28 cm", "has a
    0.53 x 10.05 m roll", "have a 15 kg per plate", "measures H 38 cm"): "measures 55 x 28 cm when packed",
    "comes in a 0.53 x 10.05 m roll", "weigh 15 kg per plate", "stands 38 cm high"."""
    stated = _STATED.match(part)
    if stated:
        measure, state = (stated.group("m"), stated.group("a")) if stated.group("a") else stated.group("m2", "a2")
        return f"{{v:measures}} {measure.strip()} when {state.lower()}"
    per = re.fullmatch(rf"(?i)(\d.*?)\s+per\s+({_PACKS})", part)
    if per:
        verb = "{v:weighs}" if re.search(r"\d\s*(?:kg|g|lb|lbs|oz)$", per.group(1), re.IGNORECASE) else "{v:measures}"
        return f"{verb} {part}"
    unit_after = re.fullmatch(rf"(?i)(\d.*\d\s*{_LENGTH}(?:\s*\([^)]*\))?)\s+({_PACKS})", part)
    if unit_after:  # "0.53 x 10.05 m roll"
        return f"{{v:comes}} in {indefinite(part)} {part}"
    unit_before = re.fullmatch(rf"(?i)({_PACKS})\s*:?\s+(\d.*[x×].*)", part)
    if unit_before:  # "roll 52 cm x 10 m (20.5 in x 33 ft)"
        return f"{{v:comes}} in {indefinite(unit_before.group(1))} {unit_before.group(1).lower()} measuring " \
               f"{unit_before.group(2)}"
    away = re.fullmatch(rf"(?i)(\d[\d.,]*\s*{_LENGTH})\s+(?:away\s+)?from\s+(?:the\s+)?([a-z]+)", part)
    if away:  # "60 cm from wall" (was "has a 60 cm from wall")
        return f"{{v:sits}} {away.group(1)} from the {away.group(2)}"
    ranged = _SIZE_RANGE.fullmatch(part)
    if ranged:  # "Senior 7-12", "EU 30-33 or EU 34-37", "age 4-5 / 6-7" (twentieth round: "has a senior of 7-12")
        if ranged.group(1).lower() in ("age", "ages"):
            return f"{{v:comes}} in sizes for ages {ranged.group(2)}"
        alternatives = re.search(r"[-–/,]|\bor\b|\bto\b", ranged.group(2)) is not None
        return f"{{v:comes}} in {'sizes' if alternatives else 'size'} {part}"
    units = [re.fullmatch(r"\d[\d.,]*\s*([a-z\"']{1,6})", p.strip(), re.IGNORECASE) for p in re.split(r"\s*/\s*", part)]
    if many and len(units) > 1 and all(units) and len({u.group(1).lower() for u in units if u}) == 1:  # "160 cm /
        return f"{{v:comes}} in sizes {part}"  # 170 cm / 180 cm": sizes to choose from; a set's are its pieces
    side = re.fullmatch(rf"(?i)([HWDL])\s*:?\s*(\d[\d.,]*\s*{_LENGTH})", part)
    if side:  # "H 38 cm": one side's measure
        return _SIDES[side.group(1).lower()].replace("{}", side.group(2))
    return None


_BED = r"(?:super\s+king|california\s+king|small\s+double|king|queen|double|single|twin(?:\s+xl)?|full|toddler|cot)"
_BED_SIZES = re.compile(rf"(?i){_BED}(?:\s*(?:,|/|\bor\b|\band\b)\s*{_BED})*")


def _named_or_part_size(part: str) -> str | None:
    """A bed size's name and its measure, a weight, a part's measure (twenty-third round: "has a king measuring 150
    x 200 cm", "measures King - 225 x 220 cm", "weighs weight - 3.2 kg", "measures shade 35 cm wide"): "comes in
    King size, measuring 150 x 200 cm", "weighs 3.2 kg", "has a shade 35 cm wide"."""
    named = re.fullmatch(rf"(?i)({_BED})(?:\s+size)?\s*(?:[-–:]\s*|\s+|(?=\())(\(?\d.*[x×].*)", part)
    if named:  # a bed's width and length, not "toddler 5 - youth 3"
        measure = named.group(2)
        measure = measure[1:-1] if measure.startswith("(") and measure.endswith(")") else measure
        return f"{{v:comes}} in {named.group(1)} size, measuring {measure}"
    if _BED_SIZES.fullmatch(part):  # "Super King", "single, double or king", "Single / Toddler"
        names = [n.strip() for n in re.split(r"(?i)\s*(?:,|/|\bor\b|\band\b)\s*", part) if n.strip()]
        return f"{{v:comes}} in {join(names, 'or')} size{'s' if len(names) > 1 else ''}"
    weight = re.fullmatch(r"(?i)(?:net |item |product )?weight\s*[-–:]?\s*(\d[\d.,]*\s*(?:kg|g|lb|lbs|oz))", part)
    if weight:
        return f"{{v:weighs}} {weight.group(1)}"
    side = re.fullmatch(r"(?i)([a-z]{3,})\s+(\d[\d.,]*\s*(?:mm|cm|m|in|ft)\s+(?:wide|long|deep|tall|high|thick))", part)
    if side and known_noun(side.group(1).lower()) and side.group(1).lower() not in _STATES.split("|"):
        return f"{{has}} {indefinite(side.group(1))} {side.group(1)} {side.group(2)}"
    return None


def _size_predicate(part: str, out: list[str], front: list[str], several: bool = False, many: bool = True) -> None:
    """One part of the size field as a predicate (appended to `out`), and its fronted form where it has one."""
    lower = part.lower()
    if (said := _named_or_part_size(part) or _state_unit_or_side(part, many)) is not None:
        out.append(said)
    elif re.match(r"^(?:fits|holds|takes|suits|covers|makes)\b", lower):  # "makes 23L", not "holds makes 23L"
        out.append(f"{{v:{lower.split()[0]}}} {part.split(' ', 1)[1]}" if " " in part else part)
    elif measure := LABELLED_SIZE.match(part):  # "length 78 cm", "max user weight 100 kg": "has a length of"
        label, value = measure.group("label", "value")
        out.append(f"{{has}} {indefinite(label)} {label.lower()} of {value}")
    elif lower.startswith("made to "):  # "made to measure", not "comes in made to measure"
        out.append(f"{{be}} {part}")
    elif re.search(r"\b(?:months?|years?)$", lower):
        out.append(f"{{be}} sized for {part}")
    elif (
        SIZE_LABEL.match(part)
        or lower.startswith(("size ", "one size"))
        or lower in ("king", "queen", "double", "single")
    ):
        label = (
            part
            if lower.startswith(("size", "one size"))
            else f"{part} size"
            if lower in ("king", "queen", "double", "single")
            else (f"sizes {part}" if re.search(r"\bto\b|,|-|–|/", part) else f"size {part}")
        )
        out.append(f"{{v:comes}} in {label}")
    elif (said := _for_or_adjective_size(part, several) or _quantity_or_keyed_size(part, several)) is not None:
        out.append(said)
    elif _UNIT_NOUN.fullmatch(lower) or (re.search(r"\bx\b|×", lower) and _MEASURED_NOUN.search(lower)):
        article = "" if singular(lower.split()[-1]) != lower.split()[-1] else indefinite(part) + " "
        out.append(f"{{has}} {article}{part}")  # "has a 25 g capacity", "a 40 x 27 cm cooking area"
    elif re.search(r"\d\s*(?:ml|l|litres?|liters?|cl)\b", lower):
        out.append(f"{{v:holds}} {part}")
        front.append(f"At {part}")
    elif re.fullmatch(r"\d[\d.,]*\s*oz", lower):  # ounces of weight or of volume: "16 oz" jars (thirteenth
        out.append(f"{{v:comes}} in {indefinite(part)} {part} size")  # round's N: "They weigh 16 oz")
    elif re.search(r"\d\s*(?:kg|g|lb|lbs|oz)\b", lower):
        out.append(f"{{v:weighs}} {part}")
        front.append(f"At {part}")
    elif re.search(r"\bx\b|×", lower):
        out.append(f"{{v:measures}} {part}")
    elif re.search(r"\b(?:tall|high)$", lower):
        out.append(f"{{v:stands}} {part}")
    elif re.search(r"\b(?:long|wide|deep|thick|folded|packed)$", lower) or lower.startswith(("packed", "folded")):
        out.append(f"{{v:measures}} {part}")
    elif re.search(r"\d\s*(?:w|kw)$", lower):
        out.append(f"{{v:runs}} at {part}")
    elif re.search(r"\d\s*(?:mm|cm|m|in|inch|inches|\")$", lower):
        out.append(f"{{v:measures}} {part}")
    elif counted := _counted(part):
        out.append(counted)
    elif re.fullmatch(r"\d[\d.,]*\s*(?:mm|cm|m|in|inch|inches|\")\s*(?:uncut|folded|closed|open|extended"
                      r"|assembled|approx\.?|overall|total|across)", lower):  # "16 inches overall", "8 cm across"
        out.append(f"{{v:measures}} {part}")  # "91 cm uncut"; not "17cm nursery pot"
    elif re.search(r"\d", part) and re.search(r"[a-z]{3,}$", lower):
        out.append(f"{{has}} {indefinite(part)} {part}")
    else:
        out.append(_size_in_words(part, several))


def _size_in_words(part: str, several: bool = False) -> str:
    """A size the merchant named in words (twentieth round: "comes in Short Handle", "comes in Youth", "comes in
    adult", "comes in pocket-sized"): "comes in a Short Handle size", "is pocket-sized", "is available in Left or
    Right"; anything longer or with figures as written."""
    words = part.split()
    last = words[-1].lower() if words else ""
    if re.search(r"\d", part) or len(words) > 3 or re.search(r"(?i)\bsizes?$", part) or several or last in (
            "gauge", "scale"):  # "OO gauge", a list ("small, medium, large": one "comes in" for all)
        return f"{{v:comes}} in {part}"
    if last in ("fit", "cut", "length", "width"):  # "a regular fit"
        return f"{{v:comes}} in {indefinite(part)} {part}"
    if last in _COLLECTION_HEADS | {"single"}:  # "pair": "come as a pair" (was "come in pair")
        return f"{{v:comes}} as {indefinite(part)} {part}"
    if re.search(r"(?i)-(?:sized?|fit|length)$", part):
        return f"{{be}} {part}"
    if re.search(r"(?i)\bor\b|/", part):
        return f"{{be}} available in {part}"
    return f"{{v:comes}} in {indefinite(part)} {part} size"


def _merge_has(preds: list[str]) -> list[str]:
    """Sizes that share a verb, said once: "has a spout reach of 120mm and a height of 165mm", "measures bath 70 x
    130 cm, hand 50 x 90 cm and face 30 x 30 cm" (not "... and measures face 30 x 30 cm")."""
    merged: list[list[str]] = []
    shared = ("{has}", "{v:measures}", "{v:comes} in")  # "comes in small, medium and large" (was "comes in small,
    for pred in preds:  # comes in medium and comes in large")
        verb = next((v for v in shared if pred.startswith(v + " ")), pred.split(" ", 1)[0])
        if merged and verb in shared and merged[-1][0] == verb:
            merged[-1].append(pred.removeprefix(verb + " "))
        else:
            merged.append([verb, pred.removeprefix(verb + " ")] if verb in shared else [pred])
    return [f"{group[0]} {join(group[1:])}" if len(group) > 1 else group[0] for group in merged]


_COLOURED_PARTS = frozenset("ink thread stitching trim lens lenses rim dial strap straps laces".split())


def colour_clause(color: str) -> Clause | None:
    if not color:
        return None
    lower = color.lower()
    if lower in ("assorted", "mixed", "various"):
        return Clause([color], [f"{{v:comes}} in {lower} colours"], group="spec")
    if lower in ("multicolour", "multicolor", "multicoloured", "multicolored", "rgb"):  # not "multicolour colours"
        return Clause([color], [f"{{be}} {lower}" if lower != "rgb" else f"{{v:comes}} in {color} colour"],
                      group="spec")
    if lower in ("clear", "transparent", "translucent"):  # not "Finished in clear" (twenty-second round)
        return Clause([color], [f"{{be}} {lower}"], group="spec")
    if lower == "natural":  # not "Finished in natural"
        return Clause([color], ["{v:comes} in a natural finish", "{be} natural in colour"], group="spec")
    parts = [part.strip() for part in color.split("/")]
    thing = parts[-1].split()[-1].lower() if parts[-1] else ""
    if len(parts) > 1 and thing in _COLOURED_PARTS and all(  # "black / blue / red ink": ink in a choice of colours,
            part and part.split()[-1].lower() in COLOUR_WORDS for part in [*parts[:-1], parts[-1].rsplit(" ", 1)[0]]):
        return Clause([color], [f"{{v:comes}} with {join(parts, 'or')}"], group="spec")  # not "a ... ink finish"
    if len(parts) > 1 and all(part and part.split()[-1].lower() in COLOUR_WORDS for part in parts):
        said = join(parts, "or")  # "honey blonde / dark brown / jet black": a choice (twenty-first round:
        return Clause([color], [f"{{v:comes}} in {said}", f"{{be}} available in {said}"],  # "Finished in" three)
                      fronts=[f"Available in {said}"], group="spec")
    joined = re.search(r"\b(?:with|and)\b", lower)
    if thing in _COLOURED_PARTS and not joined:  # "red ink", "gold trim": a part's colour, not the product's finish
        return Clause([color], [f"{{v:comes}} with {color}"], group="spec")
    finish = [] if joined else [f"{{v:comes}} in {indefinite(color)} {color} finish"]  # not "a black with red
    return Clause([color], [f"{{v:comes}} in {color}", f"{{be}} finished in {color}",  # stitching finish"
                            f"{{be}} available in {color}", *finish],
                  fronts=[f"In {color}", f"Finished in {color}"], group="spec")


class Realizer:
    """Turns an Analysis into sentences, reproducibly for a seed and a product."""

    def __init__(self, a: Analysis, tone: str, length: str, seed: int, choose: Chooser | None = None):
        self.a = a
        self.tone = tone.lower()
        self.length = length
        # The product's name goes into the draw: one seed over a catalogue (an eval, a batch's default) must not
        # pick the same frame for every product. (A string seeds random through sha512: stable across runs.)
        self.rng = random.Random(f"{seed}|{a.name}")
        self.choose: Chooser = choose or self.rng.choice
        self.agree = Agreement(a.plural)
        self._subjects: list[str] = []

    def subject(self, adjectives: list[str] | tuple[str, ...] = ()) -> str:
        a = self.a
        det = "These" if a.plural else "This"
        adj = (join(list(adjectives)) if len(adjectives) > 2 else ", ".join(adjectives)) + " " if adjectives else ""
        pronoun = "They" if a.plural else "It"
        options = [f"{det} {adj}{a.type_noun}", f"The {adj}{a.type_noun}"]
        if a.brand and not adjectives:
            options.append(f"The {a.brand} {a.type_noun}")
        if not adjectives:
            options += [pronoun] * 3
        recent = [s.lower() for s in self._subjects[-2:]]
        options = [o for o in options if o.lower() not in recent] or options
        if self._subjects and self._subjects[-1] == pronoun:
            options = [o for o in options if o != pronoun] or options
        # Twice "the … guitar has" is a repeat a reader hears: after two subjects naming the type, a third does not
        if sum(1 for s in self._subjects if s.endswith(a.type_noun)) >= 2:
            options = [o for o in options if not o.endswith(a.type_noun)] or options
        choice = self.rng.choice(options)
        self._subjects.append(choice)
        return choice

    def sentence(self, clauses: list[Clause], adjectives: list[str] | tuple[str, ...] = ()) -> Sentence:
        """One sentence from clauses: maybe a fronted modifier, then the subject and its predicates."""
        front, rest = "", list(clauses)
        # no "With X, it ...": raters read the pairing as a non-sequitur in every round, whatever came after it
        # ("With a removable 2L mixing bowl, the baking scale weighs up to 3kg": thirteenth round)
        frontable = [c for c in rest if c.fronts and not c.fronts[0].startswith("With ")]
        if len(rest) > 1 and frontable and self.rng.random() < 0.7:
            chosen = frontable[0]
            front = self.rng.choice(chosen.fronts) + ", "
            rest.remove(chosen)
        preds: list[str] = []
        for clause in rest:  # prefer a verb not used yet in this sentence: not "comes in M and comes in blue"
            options = [self.agree.fill(p) for p in clause.predicates]
            fresh = [p for p in options if p.split(" ", 2)[:2] not in [q.split(" ", 2)[:2] for q in preds]]
            preds.append(self.rng.choice(fresh or options))
        preds = _merge_same_verb(preds)
        subject = self.subject(adjectives)
        if front:
            subject = _lower_det(subject)
        text = f"{front}{subject} {join(preds)}."
        units = [piece for c in clauses if c.predicates for piece in (c.pieces or [c])]
        parts = [Sentence(f"{'They' if self.a.plural else 'It'} {self.agree.fill(u.predicates[0])}.", u.facts)
                 for u in units] if len(units) > 1 else []
        return Sentence(_cap(text), [f for c in clauses for f in c.facts], parts=parts)

    def _connect(self, sentences: list[Sentence]) -> None:
        """Join some body sentences to the one before with a connective (medium and long copy)."""
        share, used = CONNECTIVE_SHARE[self.length], set[str]()
        for sentence in sentences[1:]:
            first = sentence.text.split(" ", 1)[0]
            if first not in ("It", "They", "The", "This", "These", "Its", "Their") or self.rng.random() >= share:
                continue
            fresh = [c for c in CONNECTIVES if c not in used]
            if not fresh or len(used) >= MAX_CONNECTIVES:  # the rest of a long list reads plainer, not repeated
                break
            connective = self.rng.choice(fresh)
            used.add(connective)
            sentence.text = f"{connective} {_lower_det(sentence.text)}"

    def template_opening(self, skip: Callable[[str], bool] = lambda line: False) -> Sentence:
        a = self.a
        text = phrases.opening(self.tone, a.full_name, a.type_noun, a.plural, indefinite(a.type_noun), self.rng,
                               skip)
        return Sentence(text, [a.name, a.brand], "opening")

    def recap(self) -> list[Sentence]:
        """Medium and long: 'From its 1200 W motor to its pulse function, the Vortexa Blender ...'."""
        # Short noun phrases only: "From its thermostatic cartridge with 38°C safety stop to its 2 outlets:
        # overhead and handset" repeats whole facts and was rated as filler.
        things = [p for p in self.a.features if p.kind == NP and not p.mass and p.core[:1].isalnum()
                  and len(p.core.split()) <= 4 and not re.search(r"[\d:;,()]", p.core)]
        if self.length == "short" or len(things) < 2:
            return []
        x, y = self.rng.sample(things, 2)
        its = "their" if self.a.plural else "its"

        def noun(p: Phrase) -> str:
            return f"{its} {re.sub(r'^(?:a|an|the) ', '', p.core, flags=re.IGNORECASE)}"

        frame = self.rng.choice(RECAP_FRAMES)
        these = "these" if self.a.plural else "this"  # not the full name again: it opened the description
        plural = self.a.plural
        text = frame.format(x=noun(x), y=noun(y), n=f"{these} {self.a.type_noun}", it="them" if plural else "it",
                            cover="cover" if plural else "covers", be="are" if plural else "is",
                            has="have" if plural else "has")
        text = text.replace(f"the {these} ", f"{these} ")
        return [Sentence(text, [x.text, y.text], "closing")]

    def closing(self, said: str = "") -> list[Sentence]:
        """Who it is for, and what for: the audience, the noun keywords, a gift. A keyword `said` has already
        (the opening names the product: "Raised Toilet Seat 10cm") gets no line ("It is a true raised toilet
        seat" was rated as filler)."""
        a = self.a
        nouns = [k for k in a.keywords if k.kind != ADJ and not (said and has_phrase(said, k.core))]
        gift = [k for k in nouns if GIFT.search(k.core)]
        uses = [k for k in nouns if k not in gift]
        subject = "They are" if a.plural else "It is"
        out: list[Sentence] = self.recap()
        frames = [(k, self.choose(options)) for k in uses if (options := keyword_frames(k, self.a))]
        built = [(k, f) for k, f in frames if f.startswith(("built for ", "designed for "))]  # one of each
        if len(built) > 1:  # one "built for comfort and support", not two sentences that end alike
            frames = [(k, f) for k, f in frames if (k, f) not in built]
            verb = built[0][1].split(" ", 1)[0]
            out.append(Sentence(f"{subject} {verb} for {join([proper(k.core) for k, _ in built])}.",
                                [k.text for k, _ in built], "closing"))
        frames = self._merge_alike(frames, subject, out)
        mind = [(k, f) for k, f in frames if f.startswith(("a fine ", "fine "))]
        if len(mind) > 1:  # one "a fine X and Y thermostat", not two sentences that end alike
            frames = [(k, f) for k, f in frames if (k, f) not in mind]
            fine = "fine" if a.plural else "a fine"
            out.append(Sentence(f"{subject} {fine} {join([proper(k.core) for k, _ in mind])} {a.type_noun}.",
                                [k.text for k, _ in mind], "closing"))
        if a.audience:
            extra = frames.pop() if len(frames) == 1 else None  # "A great pick for cooks, and perfect for ..."
            # not "Built for cooks, and built for precision"
            options = [f for f in AUDIENCE_FRAMES if not (mind and f.endswith(" in mind"))
                       and not (extra and extra[1].split()[0] == f.split()[0].lower())]
            frame = self.rng.choice(options).format(x=a.audience)
            facts = [a.audience]
            if extra:
                frame += f", and {extra[1]}"
                facts.append(extra[0].text)
            out.append(Sentence(frame + ".", facts, "closing"))
        # "perfect for rainy days" and "perfect for summer" share one sentence: "perfect for rainy days and summer"
        plain = [
            (k, f) for k, f in frames if re.match(r"(?:perfect|ideal) for [^tha]", f) or f.startswith("a great match")
        ]
        if len(plain) > 1:
            lead = self.rng.choice(["perfect for", "ideal for", "a great match for"])
            out.append(
                Sentence(
                    f"{subject} {lead} {join([proper(k.core) for k, _ in plain])}.", [k.text for k, _ in plain],
                    "closing",
                )
            )
            frames = [(k, f) for k, f in frames if (k, f) not in plain]
        # the rest two to a sentence: "It is perfect for the beach, and a fine diver watch." (tenth round: three
        # "It is ... too." lines in a row were "repetitive 'ideal for ... too' sentences")
        for pair in (frames[i : i + 2] for i in range(0, len(frames), 2)):
            out.append(Sentence(f"{subject} {', and '.join(f for _, f in pair)}.", [k.text for k, _ in pair],
                                "closing"))
        if gift:
            out.append(Sentence(self.gift_line(gift[0].core), [k.text for k in gift], "closing"))
        return out

    _MERGED_ELSEWHERE = ("a fine ", "fine ", "perfect for", "ideal for", "a great match")  # closing() merges these

    @staticmethod
    def _merge_alike(frames: list[tuple[Phrase, str]], subject: str, out: list[Sentence]) -> list[tuple[Phrase, str]]:
        """Frames that differ only in their keyword, said once: "made to tackle damp and mould" (thirteenth round:
        "made to tackle damp, and made to tackle mould", "made for jam, and made for pickles")."""
        lead = {(k, f): f[: -len(proper(k.core))] for k, f in frames if f.endswith(proper(k.core))}
        for prefix in dict.fromkeys(lead.values()):
            alike = [(k, f) for k, f in frames if lead.get((k, f)) == prefix]
            if len(alike) > 1 and not prefix.startswith(Realizer._MERGED_ELSEWHERE):
                out.append(Sentence(f"{subject} {prefix}{join([proper(k.core) for k, _ in alike])}.",
                                    [k.text for k, _ in alike], "closing"))
                frames = [item for item in frames if item not in alike]
        return frames

    def gift_line(self, keyword: str) -> str:
        """The merchant's gift keyword in a line of its own, in their words: 'gifting', 'gift idea', 'birthday
        gift' (before, the last two read 'designed with birthday gift in mind' and 'gifting' was dropped)."""
        pronoun, verb, be = ("They", "make", "are") if self.a.plural else ("It", "makes", "is")
        kw = proper(keyword)
        if kw.lower().endswith("gifting"):
            return self.rng.choice([f"{pronoun} {be} a lovely choice for {kw}.", f"Perfect for {kw}."])
        if re.search(r"(?i)\bideas$", kw):
            return f"A great addition to any list of {kw}."
        if re.search(r"(?i)\bidea$", kw):
            return f"{pronoun} {be} a great {kw}."
        if kw.lower() not in ("gifts", "presents") and kw.lower().endswith("s"):  # "birthday gifts", verbatim
            return self.rng.choice([f"{pronoun} {be} a thoughtful choice for {kw}.", f"A lovely pick for {kw}."])
        kind = re.sub(r"(?i)s$", "", kw)  # "gifts" -> "gift", as before
        too = ", too" if kind.lower() in ("gift", "present") else ""
        return self.rng.choice([f"{pronoun} {verb} a lovely {kind}{too}.", f"{pronoun} {verb} a thoughtful {kind}."])

    def body(self) -> list[Sentence]:
        a = self.a
        fancy = self.tone in ("luxurious", "elegant", "refined")
        clauses = material_clauses(a.materials, fancy, tuple(a.features)) + feature_clauses(a.features)
        spec = [c for c in (_size_once(a.size, clauses, a.type_head), colour_clause(a.color)) if c]
        named = f"{a.name} {a.type_noun}".lower()
        type_words = set(a.type_noun.lower().split())  # "fly repellent" before "fly spray" repeats "fly"
        adjectives = [k.core for k in a.keywords if k.kind == ADJ and k.core.lower() not in named
                      and not set(k.core.lower().split()) & type_words]
        # Facts per sentence: short copy packs them; longer copy gives few facts a sentence each.
        per = {"short": 3, "medium": 2 if len(clauses) > 4 else 1, "long": 1}[self.length]
        # Group: made + one other; does/has/is in twos; specs together.
        made = [c for c in clauses if c.group == "made"]
        others = [c for c in clauses if c.group != "made"]
        self.rng.shuffle(others)
        groups: list[list[Clause]] = []
        if made:
            partner = others.pop(0) if others and self.rng.random() < 0.6 else None
            groups.append(made + ([partner] if partner else []))
        while others:
            groups.append(others[:per])
            others = others[per:]
        if spec:
            if len(spec) == 2 and self.length == "short" and groups and len(groups[-1]) < 3:
                groups[-1] += spec
            else:
                groups.append(spec)
        self.rng.shuffle(groups)
        sentences = []
        adj_at = self.rng.randrange(len(groups)) if groups and adjectives else -1
        for index, group in enumerate(groups):
            sentences.append(self.sentence(group, adjectives if index == adj_at else []))
        self._connect(sentences)
        for p in a.features:
            if p.kind == NOTE:
                item = re.sub(r"\s*recommended$", "", p.core)
                article = "" if item.split()[-1].lower() in _UNCOUNTED else f"{indefinite(item)} "  # "Outdoor use
                sentences.append(Sentence(f"{_cap(article + item)} is recommended.", [p.text]))  # is recommended."
        for p in a.features:  # a clause has its own subject, so it is a sentence of its own, among the others
            if p.kind == CLAUSE:
                at = self.rng.randint(min(1, len(sentences)), len(sentences))
                sentences.insert(at, Sentence(clause_sentence(self.a, p), [p.text]))
        # Instructions to the shopper come last, in the merchant's words: "Soak for 30 minutes before use."
        sentences += [Sentence(f"{_cap(p.core)}.", [p.text]) for p in a.features if p.kind == STEP]
        if adjectives and adj_at >= 0:
            sentences[adj_at].facts += [k.text for k in a.keywords if k.kind == ADJ and k.core in adjectives]
        elif adjectives:
            sentences.append(
                Sentence(
                    f"{'They are' if a.plural else 'It is'} {join(adjectives)}.",
                    [k.text for k in a.keywords if k.kind == ADJ and k.core in adjectives],
                )
            )
        return sentences


def _size_once(size: str, clauses: list[Clause], type_head: str = "") -> Clause | None:
    """The size clause, unless a feature gives the same measure ("length: 4m" and a size of "4m"; thirteenth
    round: "It measures 4m. ... It has a length of 4m." read as redundant): then the feature says it."""
    lower = size.strip().lower()
    if re.fullmatch(r"\d[\d.,]*\s*[a-z\"']{1,6}", lower):
        for clause in clauses:
            if any(fact.lower() != lower and re.search(rf"(?<![\w.]){re.escape(lower)}$", fact.lower())
                   for fact in clause.facts):
                clause.facts.append(size)
                return None
    return size_clause(size, type_head)


_OWN_DETERMINER = re.compile(r"^(?:\d|(?:a|an|the|its|their|your|each|every|both|all|one|two|three|four)\s)",
                             re.IGNORECASE)


# Names of tools and appliances by their ending ("dechlorinator", "rangefinder", "humidifier"); not every -er
# ("commuter" is someone, "computer" a product of its own).
_TOOL = re.compile(r"(?:i[sz]er|ator|finder|meter|ifier|ener|maker|holder|opener|warmer|grinder|peeler|spreader)$")


KEYWORD_VERBS = load_words("keyword_verbs")
FOR_HEADS = load_words("for_heads")
# Keywords that name the kit it joins ("coffee gear", "professional bar tools"; thirteenth round: "made for coffee
# gear", "perfect for professional bar tools"): "a great addition to your X".
_KIT_HEADS = frozenset("gear tools kit accessories equipment supplies collection".split())
# Participles that are the product's own kind ("locking" carabiner; was "a great match for locking").
_KIND_ING = frozenset("locking folding stacking nesting reclining rotating swivelling swiveling sliding".split())


@lru_cache(maxsize=256)
def _verb_led(keyword: str) -> bool:
    """A keyword that starts with a verb in its base form ('learn piano', 'keep warm'), or is one that is no noun
    ('declutter'; not 'sleep' or 'store')."""
    words = keyword.lower().split()
    if not words or words[0] not in KEYWORD_VERBS:
        return False
    if len(words) == 1:
        return not known_noun(words[0])
    doc = nlp()(f"It helps you {keyword.lower()}.")
    return doc[3].tag_ == "VB" and doc[3].pos_ == "VERB"


def _kind_frames(kw: str, head: str, a: Analysis) -> list[str]:
    """Keyword kinds the frames below said as slips ("the damp dehumidifier", "made for coffee gear", "a fine kids
    ice cream maker"): a problem, the kit it joins, the people it is for ("perfect for your baby", not "perfect
    for baby"), an easy or quick quality, and a participle that names its kind."""
    lower = kw.lower()
    if lower in PROBLEMS or head in PROBLEMS:
        return [f"made to tackle {kw}"]
    if re.match(r"(?:easy|quick|fast|simple)\s+\w+$", lower):  # "quick setup", "easy install"
        return [f"built for {kw}", f"designed for {kw}"]
    if head in _KIT_HEADS and " " in lower:
        return [f"a great addition to your {kw}"]
    if singular(head) in PEOPLE or head in ("family", "families", "children"):
        return [f"perfect for your {kw}", f"a great pick for your {kw}"]
    if lower in _KIND_ING:
        return [f"{indefinite(kw)} {kw} {a.type_noun}" if not a.plural else f"{kw} {a.type_noun}"]
    return []


# Phrases with a preposition that qualify a thing, as adjectives do: "one of a kind", "state of the art".
_IDIOM = re.compile(r"(?i)(?:one|state|top|out|best|first|last|made|ready|easy|good|all)\s")


def keyword_frames(k: Phrase, a: Analysis) -> list[str]:
    """Ways to say a noun keyword about the product: 'perfect for rainy days', 'a true travel tripod'."""
    kw, head = proper(k.core), k.core.split()[-1].lower()
    if re.search(r"\s(?:of|to|in|on|at)\s", kw) and not _IDIOM.match(kw):  # "peace of mind", "back to school": "a
        return [f"perfect for {kw}", f"made for {kw}"]  # fine peace of mind socket tester", "for the back to school")
    if head in PLACES or kw.lower() in PLACES:
        return (
            [f"perfect for a {kw}", f"ready for any {kw}"]
            if head in EVENTS
            else [f"perfect for the {kw}", f"made for the {kw}"]
        )
    if head in QUALITIES and not k.plural:  # "built for comfort", not "built with comfort in mind"
        return [f"built for {kw}", f"designed for {kw}"]
    if not k.plural and (head == a.type_head or a.type_head.endswith(head)):
        return [f"a true {kw}"]  # not "every inch a X" (the style guide; raters read it as filler)
    if k.plural and a.plural and head == a.type_head:  # "cricket pads" for batting pads (twentieth round: "a great
        return [f"true {kw}"]  # match for cricket pads")
    if _verb_led(k.core):  # "learn piano", "save space": "made to help you learn piano" (was "a good learn piano")
        return [f"made to help you {kw}"]
    special = _kind_frames(kw, head, a)
    if special:
        return special
    holiday = k.core.split()[0].lower() in HOLIDAYS  # "perfect for Mother's Day"
    if k.plural or head in OCCASIONS or head.endswith("ing") or holiday:  # "perfect for smoothies", "for summer"
        return [f"perfect for {kw}", f"ideal for {kw}", f"a great match for {kw}"]
    if head in PRODUCT_NOUNS or head in PRODUCT_TYPES:
        # Another product: the pens' "bullet journal", or another name for this one ("moka pot"). Calling
        # the product that was wrong in one case of two in the dev set's blind rating; this fits both.
        return [f"a great pick for anyone who loves a good {kw}", f"a treat for anyone who loves a good {kw}"]
    # Any other singular keyword: raters marked "designed with dechlorinator in mind" as a slip in every blind
    # round, so no "with X in mind". A tool's name ("dechlorinator", "rangefinder") is what the shopper
    # needs; anything else is read as a quality or a purpose ("spin", "primary fermentation").
    if _TOOL.search(head) and head not in PEOPLE:
        return [f"just the thing if you need {indefinite(kw)} {kw}"]
    if re.search(r"[a-z]{2}(?:tion|sion|ment|ness|ity|ance|ence|ing|th|ery|age|cy)$", head):
        return [f"built for {kw}", f"designed for {kw}"]  # "built for gel removal", "for home security"
    # The rest (a noun no list knows: "vivarium", "basking spot", "heavy duty") qualifies the product's type: "a
    # fine vivarium thermostat". Raters marked "made with X in mind" as a slip in every round (ninth: "made with
    # vivarium in mind", "made with bulk in mind").
    # "white noise" for a noise machine (no "noise noise"), "loose leaf tea" or "beauty sleep" (what it is for, not
    # a kind of teapot): "made for X"
    if set(kw.lower().split()) & set(a.type_noun.split()) or head in FOR_HEADS or kw.lower() in FOR_HEADS:
        return [f"made for {kw}"]
    return [f"fine {kw} {a.type_noun}" if a.plural else f"a fine {kw} {a.type_noun}"]


def clause_sentence(a: Analysis, p: Phrase) -> str:
    """'Its built-in tarp keeps rope off the dirt.'; 'The bag folds flat.' when the subject is the product;
    as written when it has its own determiner or names people ('2 magnets hold the lid shut.')."""
    subject = re.split(r"\s+", p.core)[0].lower()
    if re.match(r"\d[\d.,]*\s+(?!of\b)[a-z]", p.core):  # no sentence starts with a figure: "Its 5 trays open in
        return f"{'Their' if a.plural else 'Its'} {p.core}."  # one movement." (was "5 cantilever trays open ...")
    if _OWN_DETERMINER.match(p.core) or subject in PEOPLE or subject.rstrip("s") in PEOPLE:
        return f"{_cap(p.core)}."
    if subject in MASS_HEADS and subject not in MATERIAL_HEADS:  # "Water pours through holes in the bottom."
        return f"{_cap(p.core)}."  # (was "Their water pours ...")
    head = singular(a.type_head)
    words = [singular(w.lower()) for w in p.core.split()]
    if head and head in words[:3]:
        return f"The {p.core}."
    return f"{'Their' if a.plural else 'Its'} {p.core}."


def _lower_det(text: str) -> str:
    return text[:1].lower() + text[1:] if text.split()[0] in ("It", "They", "The", "This", "These", "Its",
                                                               "Their") else text


def _merge_same_verb(preds: list[str]) -> list[str]:
    """'has a lid' + 'has a strap' -> 'has a lid and a strap'; 'has a lid' + 'has a strap and a clip' -> 'has a
    lid, a strap and a clip'."""
    out: list[str] = []
    for pred in preds:
        verb, _, rest = pred.partition(" ")
        if (
            out
            and out[-1].split(" ", 1)[0] == verb
            and verb in ("has", "have", "features", "feature", "is", "are")
            and " and " not in out[-1]
            and not re.match(r"(?:is|are) made\b", out[-1])  # not "made from stoneware and dishwasher safe"
        ):  # a list joins the list: "features 4 adjustment points, a front clip and reflective stitching" (was
            out[-1] = out[-1] + (", " if " and " in rest else " and ") + rest  # "points and a clip and stitching")
        elif verb in _OTHER_VERB and any(p.split(" ", 1)[0] == verb for p in out):  # two lists under one verb:
            out.append(f"also {_OTHER_VERB[verb]} {rest}")  # "features a liner and a shell and also has 18 vents
            # and a dial" (was "... and features 18 vents and a dial")
        else:
            out.append(pred)
    return out


_OTHER_VERB = {"features": "has", "feature": "have"}  # not "has ... and also features a 20 cm diameter"
