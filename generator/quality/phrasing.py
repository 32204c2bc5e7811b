"""Whether a sentence a model wrote for one fact states that fact and nothing else (the phraser's check).

The phraser (generator/quality/phraser.py) asks the fine-tuned model for one sentence per fact. A sentence is
used only if:
- every content word (noun, proper noun, verb, adjective, adverb) is a word of the fact, of the product's
  type, or of PHRASE_GLUE, compared on spaCy lemmas and on a light stem ("washable" states "wash");
- every number in it is a number of the fact, and every number of the fact is in it;
- it negates as often as the fact does ('no roof rack needed' is not 'it doesn't have a roof rack'), and says
  no fact word more often than the fact ('front with infrared LEDs, rear with infrared LEDs');
- every content word of the fact is in it, linking verbs too (the key of "key: value" may go, said by a verb:
  "it holds 3L"), save at most one in a fact of five or more (a sentence may say "with" for the merchant's
  "w/", or leave out a filler such as "approx"), and never a word that limits it ("most", "some", "only").
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .lexicon import load_words
from .nlp import nlp

PHRASE_GLUE = load_words("phrase_glue")
_CONTENT = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "ADV"})
_NEGATION = re.compile(r"(?i)\b(?:no|not|never|without|none|nothing)\b|n['’]t\b")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_LIMITING = frozenset("most some many few only certain selected select mostly partly partially".split())
_KEY = re.compile(r"^\s*([^:;,\d]{2,30}?)\s*(?::|\s[-–]\s)")  # the key of "key: value" or "key - value"
_SUFFIXES = ("ability", "able", "ible", "ness", "ing", "ies", "ied", "ed", "es", "ly", "s")


def stem(word: str) -> str:
    """A light stem for matching a fact's word in a sentence: 'washable', 'washed', 'washing' -> 'wash'. Wider
    than factcheck's (which coverage uses and which keeps 'washable'): a sentence may say a fact in another form."""
    word = word.lower().strip("'’-")
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _words(text: str) -> list[tuple[str, str, str]]:
    """(lower-case text, lemma, POS) of each alphabetic token."""
    return [(t.lower_.rstrip("."), t.lemma_.lower().rstrip("."), t.pos_) for t in nlp()(text)
            if re.search(r"[^\W\d_]", t.text) and not re.search(r"\d", t.text)]  # "3L" is a number: checked as one


def _known(word: str, lemma: str, terms: set[str], stems: set[str]) -> bool:
    return word in terms or lemma in terms or stem(word) in stems or stem(lemma) in stems


@dataclass
class PhraseCheck:
    """What a phrased sentence added to its fact, and what of the fact it left out."""

    added: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    numbers_added: list[str] = field(default_factory=list)
    numbers_missing: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.added or self.missing or self.numbers_added or self.numbers_missing)

    def reason(self) -> str:
        parts = [f"{label}: {', '.join(words)}" for label, words in (
            ("added", self.added), ("left out", self.missing), ("numbers added", self.numbers_added),
            ("numbers left out", self.numbers_missing)) if words]
        return "; ".join(parts)


def _negations(text: str) -> int:
    return len(_NEGATION.findall(text))


def check_phrase(sentence: str, fact: str, type_noun: str) -> PhraseCheck:
    """Compare one sentence with the one fact it was written for (see the module docstring)."""
    fact_words = _words(fact)
    terms = {w for w, _, _ in fact_words} | {lemma for _, lemma, _ in fact_words}
    terms |= {w.lower() for w in re.findall(r"[^\W\d_]+", f"{fact} {type_noun}")}
    type_terms = {lemma for _, lemma, _ in _words(type_noun)} | {w.lower() for w in type_noun.split()}
    terms |= type_terms
    stems = {stem(t) for t in terms}
    out = PhraseCheck()
    said_words = _words(sentence)
    for word, lemma, pos in said_words:
        if pos in _CONTENT and lemma not in PHRASE_GLUE and word not in PHRASE_GLUE \
                and not _known(word, lemma, terms, stems):
            out.added.append(word)
    # a fact word said more often than the fact says it ('front with infrared LEDs, rear with infrared LEDs')
    given = Counter(stem(lemma) for _, lemma, pos in fact_words if pos in _CONTENT)
    said_counts = Counter(stem(lemma) for w, lemma, pos in said_words if pos in _CONTENT
                          and lemma not in PHRASE_GLUE and lemma not in type_terms and w not in type_terms)
    out.added += [w for w, n in said_counts.items() if w in given and n > given[w]]
    negated, given_negated = _negations(sentence), _negations(fact)  # 'no straps pass' for 'straps pass'
    if negated > given_negated:
        out.added.append("a negation")
    elif negated < given_negated:
        out.missing.append("a negation")
    said = {w for w, _, _ in said_words} | {lemma for _, lemma, _ in said_words}
    said_stems = {stem(w) for w in said}
    key = _KEY.match(fact)  # "capacity - 3L": "it holds 3L" says the key with its verb
    optional = {w for w, _, _ in _words(key.group(1))} if key else set()
    needed = [w for w, _, pos in fact_words if pos in _CONTENT and w not in optional]
    missing = [w for w in needed if w not in said and stem(w) not in said_stems]
    out.missing += missing if len(missing) > (1 if len(needed) >= 5 else 0) else []
    # a word that limits the fact is never the one left out ("compatible with boilers and heat pumps? yes, most":
    # seventeenth round, "is compatible with boilers and heat pumps" read as all of them, an N)
    out.missing += [w for w in missing if w in _LIMITING and w not in out.missing]
    fact_numbers, said_numbers = _NUMBER.findall(fact), _NUMBER.findall(sentence)
    out.numbers_added = [n for n in said_numbers if n not in fact_numbers]
    out.numbers_missing = [n for n in fact_numbers if n not in said_numbers]
    return out
