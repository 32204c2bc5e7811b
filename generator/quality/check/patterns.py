"""Claim patterns in a doc, found with spaCy's `Matcher`.

data/claim_patterns.toml writes each pattern as a regular expression, because that is how a reviewer reads
"hand[- ]?(?:made|crafted)". Each one names a finite set of phrases (a word boundary, `^`, literals, `(?:a|b)`,
optional parts and `[- ]`); this module spells the phrases out and turns each into a token pattern on lower-case
tokens, so a claim is matched on the same tokens as everything else the checker reads. A pattern that does not
end at a word boundary matches a word's beginning ("award" in "awards", "award-winning"); one that starts with
`^` only a sentence's first word. What no phrase can say (any number, any word) is a token pattern of its own, in
the file's `[tokens]` tables.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any, NamedTuple

from ..lexicon import load_data
from ..nlp import nlp

GROUPS = ("lint", "claims", "meta")
MAX_PHRASES = 100  # a pattern that spells out to more is a mistake in the file, not a list to match


@dataclass(frozen=True)
class Match:
    group: str  # lint | claims | meta
    kind: str  # "superlative", "production", … ("patterns" for meta)
    place: int  # the pattern's place among its kind's, in the file
    span: Any  # the spaCy span that matched

    @property
    def text(self) -> str:
        return self.span.text.strip()


class NotAPhrase(ValueError):
    """A regular expression that names no finite set of phrases."""


def spell_out(pattern: str) -> list[str]:
    """The phrases a pattern names, in order, with `^` kept where it anchors: '\\bhand[- ]?made\\b' ->
    ['hand-made', 'hand made', 'handmade']."""
    phrases = _spell(sre_parse.parse(pattern, re.IGNORECASE))
    if len(phrases) > MAX_PHRASES:
        raise NotAPhrase(f"{pattern!r} spells out to {len(phrases)} phrases")
    return phrases


def _spell(items: Any) -> list[str]:  # one branch per node of the parse tree
    out = [""]
    for op, arg in items:
        if op is sre.LITERAL:
            alternatives = [chr(arg)]
        elif op is sre.AT:
            alternatives = ["^" if arg in (sre.AT_BEGINNING, sre.AT_BEGINNING_LINE) else ""]
        elif op is sre.SUBPATTERN:
            alternatives = _spell(arg[-1])
        elif op is sre.BRANCH:
            alternatives = [phrase for branch in arg[1] for phrase in _spell(branch)]
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and arg[1] == 1:
            alternatives = ([""] if arg[0] == 0 else []) + _spell(arg[2])
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and _spell(arg[2]) == [" "]:
            alternatives = [" "]  # \s* and \s+: the space between two tokens
        elif op is sre.IN and all(i_op is sre.LITERAL or (i_op, i_arg) == (sre.CATEGORY, sre.CATEGORY_SPACE)
                                  for i_op, i_arg in arg):
            alternatives = [" " if i_op is sre.CATEGORY else chr(i_arg) for i_op, i_arg in arg]
        else:
            raise NotAPhrase(f"{op} in a claim pattern: write it as a token pattern in [tokens]")
        out = [done + more for done in out for more in alternatives]
    return out


def token_pattern(phrase: str, open_end: bool) -> list[dict[str, Any]]:
    """A Matcher pattern for one spelled-out phrase."""
    anchored = phrase.startswith("^")
    words = [token.lower_ for token in nlp().make_doc(phrase.removeprefix("^").strip())]
    pattern: list[dict[str, Any]] = [{"LOWER": word} for word in words]
    if open_end and re.match(r"\w", words[-1][-1:]):
        pattern[-1] = {"LOWER": {"REGEX": "^" + re.escape(words[-1])}}
    if anchored:
        pattern[0] = {**pattern[0], "IS_SENT_START": True}
    return pattern


def _ends_open(pattern: str) -> bool:
    return not pattern.endswith((r"\b", ":")) and re.search(r"\w\)?$", pattern) is not None


class _Key(NamedTuple):
    group: str
    kind: str
    place: int  # among the kind's patterns
    anchored: bool  # `^`: only at a sentence's start
    rank: int  # the pattern's place in the whole file: the order findings are listed in


@cache
def _matcher() -> tuple[Any, dict[str, _Key]]:
    from spacy.matcher import Matcher

    table = load_data("claim_patterns")
    matcher = Matcher(nlp().vocab)
    keys: dict[str, _Key] = {}
    for group in GROUPS:
        tokens = table.get("tokens", {}).get(group, {})
        for kind in [*table[group], *(kind for kind in tokens if kind not in table[group])]:
            written = [("regex", p) for p in table[group].get(kind, [])] + [("tokens", p) for p in tokens.get(kind, [])]
            for place, (form, pattern) in enumerate(written):
                key = f"{group}:{kind}:{place}"
                keys[key] = _Key(group, kind, place, pattern.startswith("^"), len(keys))
                if form == "tokens":
                    matcher.add(key, [json.loads(pattern)])
                else:
                    matcher.add(key, [token_pattern(p, _ends_open(pattern)) for p in spell_out(pattern)])
    return matcher, keys


def matches(doc: Any, group: str) -> list[Match]:
    """The group's claims in a doc (a sentence): kind by kind and pattern by pattern in the file's order, each
    pattern's matches left to right and never overlapping one another (as a regular expression finds them)."""
    if "claim_matches" not in doc.user_data:
        doc.user_data["claim_matches"] = _all_matches(doc)
    return [match for match in doc.user_data["claim_matches"] if match.group == group]


def _all_matches(doc: Any) -> list[Match]:
    matcher, keys = _matcher()
    found: dict[str, list[tuple[int, int]]] = {}
    for match_id, start, end in matcher(doc):
        key = doc.vocab.strings[match_id]
        if keys[key].anchored and start != 0:
            continue  # `^`: the sentence's first word only
        found.setdefault(key, []).append((start, end))
    out = []
    for key in sorted(found, key=lambda k: keys[k].rank):
        last_end = -1
        for start, end in sorted(found[key], key=lambda se: (se[0], -se[1])):
            if start >= last_end:
                out.append(Match(keys[key].group, keys[key].kind, keys[key].place, doc[start:end]))
                last_end = end
    return out
