"""Light clean-up of raw model text before it is checked and shown."""
from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"[.!?…](?:[\"'”’)\]]*)(?=\s|$)")


def finish_sentences(text: str) -> str:
    """Drop a trailing unfinished sentence (generation stops at a token budget)."""
    text = text.strip()
    ends = [match.end() for match in _SENTENCE_END.finditer(text)]
    if not ends or ends[-1] == len(text):
        return text
    return text[: ends[-1]].rstrip()
