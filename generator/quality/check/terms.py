"""Materials, colours and certifications in a doc, found with spaCy's `PhraseMatcher` on lower-case tokens.

The terms are data/words/materials.txt, colours.txt and certifications.txt. Within a kind the longest term
wins ("stainless steel", not "steel" inside it), and a term glued to a hyphen is part of a longer word, not the
term ("steel" in "steel-toe", "cotton" in "cotton-rich").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..lexicon import load_list
from ..nlp import nlp

KINDS = ("material", "colour", "certification")
MATERIALS = load_list("materials")
COLOURS = load_list("colours")
CERTIFICATIONS = load_list("certifications")
_TERMS = {"material": MATERIALS, "colour": COLOURS, "certification": CERTIFICATIONS}
_GLUED = re.compile(r"[\w-]")


@dataclass(frozen=True)
class Term:
    kind: str  # material | colour | certification
    term: str  # the list's entry
    span: Any  # the spaCy span that says it


def spaced(value: str) -> str:
    """Lower case, with runs of spaces and hyphens as one space: "BPA-free" and "bpa free" match."""
    return re.sub(r"[\s-]+", " ", value.lower()).strip()


@cache
def _matcher() -> tuple[Any, dict[str, tuple[str, int]]]:
    from spacy.matcher import PhraseMatcher

    pipeline = nlp()
    matcher = PhraseMatcher(pipeline.vocab, attr="LOWER")
    entries: dict[str, tuple[str, int]] = {}  # match key -> (the entry, its rank: longest first, then file order)
    for kind in KINDS:
        ranked = sorted(enumerate(_TERMS[kind]), key=lambda item: (-len(item[1]), item[0]))
        for rank, (_, term) in enumerate(ranked):
            key = f"{kind}:{term}"
            entries[key] = (term, rank)
            matcher.add(key, [pipeline.make_doc(term)])
    return matcher, entries


def terms(doc: Any) -> list[Term]:
    """The terms the doc says, by kind, longest term first, each where it stands."""
    matcher, entries = _matcher()
    found: dict[str, list[tuple[int, int, Term]]] = {kind: [] for kind in KINDS}
    text = doc.text
    for match_id, start, end in matcher(doc):
        key = doc.vocab.strings[match_id]
        span = doc[start:end]
        before = text[span.start_char - 1] if span.start_char else " "
        after = text[span.end_char] if span.end_char < len(text) else " "
        if _GLUED.match(before) or _GLUED.match(after):
            continue
        entry, rank = entries[key]
        kind = key.split(":", 1)[0]
        found[kind].append((rank, start, Term(kind, entry, span)))
    out = []
    for kind in KINDS:
        taken: list[tuple[int, int]] = []
        for _, _, term in sorted(found[kind], key=lambda item: (item[0], item[1])):
            chars = (term.span.start_char, term.span.end_char)
            if any(start <= chars[0] and chars[1] <= end for start, end in taken):
                continue  # "steel" inside an already matched "stainless steel"
            taken.append(chars)
            out.append(term)
    return out
