"""The last guard on every published text, whoever wrote it: no template placeholder, no list marker inside a
sentence, no doubled article. What it repairs is returned by kind, for the report and /metrics."""
from __future__ import annotations

import re

GUARD_KINDS = ("placeholder", "list_marker", "doubled_article")

_PLACEHOLDER = re.compile(r"\{[A-Za-z_]+(?::[^{}]*)?\}")
# A sentence, with a placeholder taken whole: "{v:floats?}" must not split at its "?" and slip through.
_SENTENCE = re.compile(r"(?:\{[^{}\n]*\}|[^.!?\n{])*[.!?]*")
# "a • USB-C port": a pasted bullet between words. A spaced hyphen is a dash ("Bird Bath - Hanging Dish"), and
# the list markers a merchant pastes ("- dimmable") are taken off at input (product.list_item).
_MARKER = re.compile(r"(?<=\w)\s+[•·▪◦‣]\s+(?=\w)")
# "the The Reading Lamp", "an an LED": the second article is the one the words after it chose.
_DOUBLED = re.compile(r"\b(?:a|an|the|this|these|its)\s+((?:a|an|the)\s)", re.IGNORECASE)


def guard(text: str) -> tuple[str, list[str]]:
    """`text` repaired, and the kinds of repair made (empty when none was needed)."""
    made: list[str] = []
    if _PLACEHOLDER.search(text):  # a sentence that still holds a placeholder is dropped whole
        paragraphs = ["".join(s for s in _SENTENCE.findall(p) if not _PLACEHOLDER.search(s)).strip()
                      for p in text.split("\n")]
        text = "\n".join(paragraphs)
        made.append("placeholder")
    text, count = _MARKER.subn(" ", text)
    if count:
        made.append("list_marker")
    text, count = _DOUBLED.subn(lambda m: m.group(1), text)
    if count:
        made.append("doubled_article")
    return text, made
