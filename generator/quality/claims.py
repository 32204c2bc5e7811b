"""Sentence by sentence: what a reader could hold the seller to, against the merchant's facts.

Each class of finding is a function from a parsed sentence and the product's Facts to Flags:
named entities, numbers and counts, extras, production / provenance / price / popularity claims,
the wrong product type or audience, materials, colours and certifications (factcheck.py's claims),
compliance lint, meta text and echoed instructions, and off-topic sentences. A sentence with any
flag is never published.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..product import Product
from . import factcheck
from .analysis import product_type
from .check import docs
from .check.patterns import matches
from .check.terms import terms
from .lexicon import (
    AUDIENCE_WORDS,
    ENTITY_LABELS,
    EXTRAS,
    GENERIC,
    NEVER,
    NUMBER_WORDS,
    PRODUCT_TYPES,
    load_list,
    singular,
    type_part,
    without_edition,
)
from .nlp import nlp

_RATE_RE = re.compile(
    r"\b(?:per|a|an|every|each)\s+(?:minute|hour|day|week|month|year|second|use|charge)\b"
    r"|/\s*(?:h|hr|min|s|day)\b",
    re.IGNORECASE,
)
_MADE_OF_RE = re.compile(
    r"\b(?:made|crafted|constructed|built|fashioned|woven|formed|moulded|molded)\s+"
    r"(?:entirely\s+|wholly\s+|mainly\s+)?(?:of|from|in|using)\s+([^,.;:!?]+)",
    re.IGNORECASE,
)
# Where the material phrase ends: "made of leather and come with foam cushions" says leather only.
_CLAUSE_END = re.compile(
    r"\s+(?:with|that|which|but|while|so)\s+|\s+and\s+(?=(?:is|are|has|have|comes?|features?|includes?|"
    r"holds?|keeps?|measures?|weighs?|stands?|runs?|offers?|makes?|fits?|sits?)\b)"
)
_TOKEN_RE = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?")
_OWNERS = ("your", "their", "my", "our")
_COLLECTIVES = frozenset({"set", "kit", "pack", "pair", "bundle", "box"})
# The realizer's connectives open a sentence with generic words ("Best of all,"): not what it is about.
_CONNECTIVES = tuple(sorted((c.lower() for c in load_list("connectives")), key=len, reverse=True))


@dataclass(frozen=True)
class Flag:
    kind: str  # what raised it: the name of the check ("number", "material", "off_topic", "fragment", …)
    text: str  # the words that raised it
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "text": self.text, "reason": self.reason}


@dataclass(frozen=True)
class Facts:
    """The merchant's facts, prepared once per product for the sentence checks."""

    product: Product
    text: str  # every fact value, one a line
    words: frozenset[str]  # lower-case words of the facts, and their lemmas
    numbers: frozenset[float]
    number_pairs: frozenset[tuple[float, str]]  # (a number, the word it counts or measures)
    material_words: frozenset[str]  # words of the materials field and the name
    heads: frozenset[str]  # the last word of each fact value, singular: what the facts name as things


def _tokens(text: str) -> list[str]:
    return _TOKEN_RE.findall(text.lower())


def _value(text: str) -> float | None:
    text = text.lower().replace(",", "")
    if text in NUMBER_WORDS:
        return float(NUMBER_WORDS[text])
    try:
        return float(text)
    except ValueError:
        return None


def _counted_word(token: Any) -> str:
    """The lemma of the word a number counts or measures: 'card' in '8 cards', 'hour' in '24-hour'."""
    doc = token.doc
    i = token.i + 1
    while i < len(doc) and (doc[i].text in ("-", "–", "to", "x", "×", "and", "or", "up") or doc[i].like_num):
        i += 1
    if i < len(doc) and doc[i].is_alpha and doc[i].pos_ in ("NOUN", "PROPN", "X", "ADJ", "SYM"):
        return doc[i].lemma_.lower()
    return ""


def _numbers_in(token: Any) -> list[str]:
    if re.search(r"\d", token.text):
        return re.findall(r"\d+(?:[.,]\d+)?", token.text)
    return [token.lower_] if token.lower_ in NUMBER_WORDS else []


@lru_cache(maxsize=512)
def facts_for(product: Product) -> Facts:
    text = factcheck.fact_text(product)
    doc = nlp()(text.replace("\n", " . "))
    words = set(_tokens(text)) | {t.lemma_.lower() for t in doc}
    numbers, pairs = set(), set()
    for token in doc:
        for piece in _numbers_in(token):
            value = _value(piece)
            if value is not None:
                numbers.add(value)
                pairs.add((value, _counted_word(token)))
    # a key's number counts the key too: "brightness: 5 levels" is "5 brightness levels", "cca: 400" "400 CCA",
    # "roof vents x2" "2 roof vents" (the realizer says them so)
    keyed = re.findall(r"(?m)^([A-Za-z][\w -]{0,30}?)\s*(?::\s*|\s[-–]\s*|\s*\(?[x×]\s*)(\d[\d.,]*)", text)
    for key, number in keyed:
        value = _value(number)
        pairs |= {(value, form) for word in _tokens(key) for form in (word, singular(word)) if value is not None}
    heads: set[str] = set()
    for line in text.split("\n"):
        for last in {(_tokens(line)[-1:] or [""])[0], (_tokens(without_edition(line))[-1:] or [""])[0]}:
            heads |= {last, singular(last), last.removesuffix("es")}  # "Blender Pro": blender too
    # and the type the realizer reads from the name, before qualifiers and specs ("BATH TOWEL SET 8PC - CHARCOAL":
    # a towel set); for a set, kit or pack, what it is a set of
    typed = _tokens(without_edition(type_part(product.name)))
    for word in typed[-1:] + (typed[-2:-1] if typed[-1:] and typed[-1] in _COLLECTIVES else []):
        heads |= {word, singular(word)}
    # the realizer's own reading ("Kids Step Stool Foldable": a step stool; "Mirror Full Length Arched" in Mirrors):
    # its sentences call the product this, and the checker must not flag them for it
    head = product_type(product.name, product.category)[1]
    heads |= {head, singular(head)}
    return Facts(
        product=product,
        text=text,
        words=frozenset(words),
        numbers=frozenset(numbers),
        number_pairs=frozenset(pairs),
        material_words=frozenset(_tokens(" ".join([*product.materials, product.name]))),
        heads=frozenset(heads - {""}),
    )


def _known(word: str, facts: Facts) -> bool:
    return word in facts.words


_NAME_LABELS = ("ORG", "PERSON", "PRODUCT", "WORK_OF_ART", "EVENT", "FAC", "LAW")


def entity_flags(doc: Any, facts: Facts) -> list[Flag]:
    """Organisations, people, places, nationalities, years, money the facts do not name."""
    flags: list[Flag] = []
    covered: set[int] = set()
    for ent in doc.ents:
        if ent.label_ in ("DATE", "TIME") and not re.search(r"\d{4}|\d+(?:st|nd|rd|th)\b", ent.text):
            continue
        if ent.label_ not in ENTITY_LABELS and ent.label_ not in ("DATE", "TIME"):
            continue
        covered.update(range(ent.start, ent.end))
        # Function words do not name anything: an entity the small pipeline stretches over two given facts
        # ("103 ml and ai 1076 ml", tagged TIME) is as known as its facts (found by test_repair's fuzzing).
        unknown = [t for t in ent if t.lower_ not in ("the", "a", "an", "s") and _tokens(t.text)
                   and not (t.is_stop and t.is_alpha and t.lower_ not in NUMBER_WORDS)
                   and not all(_known(w, facts) for w in _tokens(t.text))
                   and not (t.is_sent_start and t.lower_ in GENERIC)]  # "Meet" in "Meet the Clearview …"
        # The small pipeline tags some lower-case phrases as organisations or people ("wears navy"): a name
        # is capitalised, so those labels need an unknown capitalised word; places, nationalities, money
        # and years are flagged as written.
        if ent.label_ in _NAME_LABELS and not any(t.text[:1].isupper() for t in unknown):
            continue
        if unknown:
            flags.append(Flag("entity", ent.text, f"a {ent.label_.lower()} the facts do not name"))
    for token in doc:
        if (
            token.pos_ == "PROPN"
            and token.i not in covered
            and token.i > 0
            and token.is_alpha
            and token.text[:1].isupper()
            and not _known(token.lower_, facts)
            and not _known(token.lemma_.lower(), facts)
        ):
            flags.append(Flag("entity", token.text, "a name the facts do not give"))
    return flags


def number_flags(doc: Any, facts: Facts) -> list[Flag]:
    """Numbers and counts (in digits or words) not in the facts, counting something else, or turned into a rate."""
    flags = []
    for token in doc:
        for piece in _numbers_in(token):
            if not re.search(r"\d", piece) and (
                token.dep_ not in ("nummod", "quantmod")
                and piece in ("single", "both", "couple", "double", "pair", "twin")
            ):
                continue
            value = _value(piece)
            if value is None:
                continue
            if value not in facts.numbers:
                flags.append(Flag("number", token.text, "a number the facts do not give"))
                continue
            counted = _counted_word(token)
            given = {word for number, word in facts.number_pairs if number == value}
            said = re.sub(r"\s+", " ", doc[token.i : token.i + 2].text.lower())
            known_pair = (value, counted) in facts.number_pairs or said in facts.text.lower()
            if counted and given != {""} and not known_pair:
                flags.append(
                    Flag("number", f"{token.text} {counted}", "the facts give this figure for something else")
                )
                continue
            rate = _RATE_RE.search(doc[token.i + 1 : token.i + 7].text)
            if rate and rate.group(0).strip().lower() not in facts.text.lower():
                flags.append(
                    Flag("number", f"{token.text} … {rate.group(0).strip()}", "a rate the facts do not give")
                )
    return flags


_HAVING = frozenset("include come have feature hold carry fit take".split())


def _given_thing(token: Any) -> bool:
    """A thing the product has, not what it is called: the object of "includes", "comes with", "has" ("This
    slicer includes a cut-resistant glove.", "The cot comes with a mattress."), where the facts name it."""
    head = token
    while head.dep_ == "conj" and head.head is not head:
        head = head.head
    if any(child.lower_ == "its" for child in head.children):  # "Its jacket is braided nylon.": the product's part,
        return True  # never what the product is called (twenty-third round's review sheet: a cable's jacket)
    verb = head.head.head if head.dep_ == "pobj" and head.head.lower_ == "with" else head.head
    return head.dep_ in ("dobj", "pobj") and verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in _HAVING


def _owned(token: Any) -> bool:
    return any(child.lower_ in _OWNERS for child in token.children)


_SAFE_WORDS = frozenset("safe proof friendly compatible ready resistant".split())


def _qualifies_adjective(token: Any) -> bool:
    """'dishwasher' in 'dishwasher safe' or 'dishwasher and oven safe': a noun that says what the product is
    safe for, not what it is."""
    ahead = token.doc[token.i + 1 : token.i + 5]
    for word in ahead:  # "dishwasher and oven safe": the adjective a few words on
        if word.lower_ in _SAFE_WORDS or word.lower_ == "-":
            return True
        if word.is_punct and word.text != ",":
            break
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    return token.dep_ == "npadvmod" or token.head.pos_ == "ADJ"


def _given_tokens(doc: Any, product: Product) -> set[int]:
    """Indices of the tokens inside a verbatim mention of the product's name or of a fact of two words or more:
    the merchant's own string, however the small pipeline parses it ("The TV AAAAaBAA AA is …" and "It
    features TV ABmAAAA AA." read "TV" as a noun of its own; both found by test_repair's fuzzing)."""
    text = doc.text.lower()
    given = [product.name, product.brand, *product.features, *product.materials, product.color, product.size,
             product.audience, *product.keywords]
    # a key's value said on its own: "2-in-1: fan in summer, heater in winter" -> "is 2-in-1 (fan in summer, heater
    # in winter)" (the value is the merchant's string)
    given += [part for fact in product.features for part in re.split(r"\s*[:?]\s+|\s[-–—]\s", fact)
              if part != fact]  # and its key: "needs UV/LED lamp? yes - cure 60s" (twenty-first round's N)
    # and what the realizer calls it: "belt drive turntable" ("belt", parsed as a subject, was another product:
    # twenty-third round), "speaker stands"
    given.append(product_type(product.name, product.category)[0])
    spans = [(m.start(), m.end()) for fact in given
             if fact and (fact in (product.name, product.brand) or len(fact.split()) > 1)
             for m in re.finditer(re.escape(fact.lower()), text)]
    return {t.i for t in doc if any(start <= t.idx < end for start, end in spans)}


def noun_flags(doc: Any, facts: Facts) -> list[Flag]:
    """Extras, other product types and audiences the facts do not name. The shopper's own things are fine."""
    flags = []
    in_name = _given_tokens(doc, facts.product)
    for token in doc:
        word, lemma = token.lower_, token.lemma_.lower()
        if (
            (word in PRODUCT_TYPES or lemma in PRODUCT_TYPES)
            and token.i not in in_name
            and token.pos_ in ("NOUN", "PROPN")
            and token.dep_ != "compound"
            and not _owned(token)
            and not _qualifies_adjective(token)
            and _known(lemma, facts)
            and lemma not in facts.heads
            and word not in facts.heads
            and not _given_thing(token)
            # what it is for or works with, not what it is: "can also be used for woks" (thirteenth round)
            and not (token.dep_ == "pobj" and token.head.lower_ in ("for", "with") and word in facts.words)
        ):
            # "Camera Tripod" names a camera only as what the tripod is for: "this camera" is the wrong product
            flags.append(Flag("product_type", token.text, "calls the product by another kind of product"))
            continue
        if _known(word, facts) or _known(lemma, facts):
            continue
        if token.pos_ in ("NOUN", "PROPN") and not _owned(token):
            if word in EXTRAS or lemma in EXTRAS:
                flags.append(Flag("extra", token.text, "a part or extra the facts do not list"))
            if word in PRODUCT_TYPES or lemma in PRODUCT_TYPES:
                flags.append(Flag("product_type", token.text, "names another kind of product"))
        if word in AUDIENCE_WORDS and not (word in ("her", "his", "him") and token.dep_ not in ("pobj", "dative")):
            flags.append(Flag("audience", token.text, "an audience the facts do not name"))
    return flags


def pattern_flags(doc: Any, facts: Facts) -> list[Flag]:
    """Production, provenance, price and popularity claims, and meta text, unless the facts say so."""
    flags = []
    lower_facts = facts.text.lower()
    for match in matches(doc, "claims"):
        if match.text.lower() not in lower_facts:
            flags.append(Flag(match.kind, match.text, f"a {match.kind} claim the facts do not make"))
    first_of_each = {match.place: match for match in reversed(matches(doc, "meta"))}  # as re.search finds them
    for _, meta in sorted(first_of_each.items()):
        if meta.text.lower() not in lower_facts:
            flags.append(Flag("meta", meta.text, "talks about the text or the task, not the product"))
    return flags


def echo_flags(sentence: str, prompt_text: str, facts: Facts) -> list[Flag]:
    """A sentence whose word 4-grams mostly come from the instructions or examples (not from the facts)."""
    grams = _ngrams(sentence, 4) - _ngrams(facts.text, 4)
    if prompt_text and grams and len(grams & _ngrams(prompt_text, 4)) / len(grams) >= 0.3:
        return [Flag("echo", sentence[:60], "repeats the instructions")]
    return []


def _ngrams(text: str, n: int) -> set[tuple[str, ...]]:
    words = _tokens(text)
    return set(zip(*(words[i:] for i in range(n)), strict=False))


def material_flags(doc: Any, facts: Facts) -> list[Flag]:
    """'made of rubber' needs rubber among the materials (or the name), not just a rubber stopper in the features."""
    flags = []
    materials = [term for term in terms(doc) if term.kind == "material"]
    for match in _MADE_OF_RE.finditer(doc.text):
        said = _CLAUSE_END.split(match.group(1).lower())[0]
        start, end = match.start(1), match.start(1) + len(said)
        for term in materials:
            if start <= term.span.start_char and term.span.end_char <= end and not all(
                    w in facts.material_words for w in _tokens(term.term)):
                flags.append(Flag("material", term.term, "the facts do not give this material for the product"))
    return flags


def term_flags(doc: Any, facts: Facts) -> list[Flag]:
    """factcheck.py's claims: materials, colours, certifications, ®/™ brands and numbers with units; and lint."""
    flags = [Flag(claim.kind, claim.text, "not in the facts")
             for claim in factcheck.unsupported_claims(doc.text, facts.product, [doc])]
    flags += [Flag("lint", finding["text"], f"compliance: {finding['kind']}")
              for finding in factcheck.lint(doc.text, [doc])
              if not _merchants_words(finding["text"], facts)]  # "ME" as a keyword, a product called "Tone"
    return flags


# A word, but not a unit glued to its number ("500ml" is a measure, which number_flags checks, not "ml").
_WORD_RE = re.compile(r"(?<![0-9A-Za-z])[A-Za-z][A-Za-z'’-]*")


def unknown_words(sentence: str, facts: Facts) -> list[str]:
    """Content words that are neither the merchant's nor in the generic vocabulary (lexicon.GENERIC)."""
    out = []
    for raw in _WORD_RE.findall(sentence):
        word = raw.lower().replace("’", "'")
        parts = [p for p in word.split("-") if p]
        if any(_known(form, facts) for form in (word, word.removesuffix("'s"), singular(word))):
            continue
        if len(parts) > 1 and all(_known(p, facts) for p in parts):  # "leak-proof" from "leak proof"
            continue
        if word in NEVER or not (word in GENERIC or all(p in GENERIC or _known(p, facts) for p in parts)):
            out.append(raw)
    return out


def off_topic_flags(sentence: str, facts: Facts) -> list[Flag]:
    """Off-topic: most of the sentence's specific words are about something the facts never mention."""
    lowered = sentence.lower()
    opener = next((c for c in _CONNECTIVES if lowered.startswith(c)), "")
    sentence = sentence[len(opener):] if opener else sentence
    content = [w for w in _WORD_RE.findall(sentence) if w.lower() not in GENERIC]
    unknown = unknown_words(sentence, facts)
    if len(content) >= 2 and len(unknown) / len(content) >= 0.5:
        return [Flag("off_topic", ", ".join(unknown[:4]), "mostly about things the facts never mention")]
    return []


def _merchants_words(text: str, facts: Facts) -> bool:
    """Whether a finding is only the merchant's own words (articles aside)."""
    content = [w for w in _tokens(text) if w not in ("a", "an", "the")]
    return factcheck.has_phrase(facts.text, text) or (bool(content) and all(_known(w, facts) for w in content))


parse = docs.parse


def sentence_flags(sentence: str, facts: Facts, prompt_text: str = "", topical: bool = True,
                   doc: Any = None) -> list[Flag]:
    """Every flag a sentence raises. `topical` adds the off-topic check (for text a model wrote).
    Pass `doc` (from parse()) when checking many sentences, so they are parsed in one batch."""
    doc = doc if doc is not None else docs.parse([sentence])[0]
    flags = (
        entity_flags(doc, facts)
        + number_flags(doc, facts)
        + noun_flags(doc, facts)
        + pattern_flags(doc, facts)
        + material_flags(doc, facts)
        + term_flags(doc, facts)
        + echo_flags(sentence, prompt_text, facts)
        + (off_topic_flags(sentence, facts) if topical else [])
    )
    seen: set[tuple[str, str]] = set()
    unique = []
    for flag in flags:
        key = (flag.kind, flag.text.lower())
        if key not in seen:
            seen.add(key)
            unique.append(flag)
    return unique
