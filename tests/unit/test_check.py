"""The checker's shared parsing and matching (generator/quality/check/): one parse a sentence, spaCy's Matcher for
the claim patterns and its PhraseMatcher for the terms, read alike by the whole-text score and the sentence flags."""
from __future__ import annotations

import re

import pytest

from generator.product import Product, Style
from generator.quality import claims, factcheck
from generator.quality.check import docs, patterns, terms
from generator.quality.lexicon import load_data

WRITTEN = [(group, kind, pattern) for group in patterns.GROUPS
           for kind, written in load_data("claim_patterns")[group].items() for pattern in written]


@pytest.mark.parametrize(("group", "kind", "pattern"), WRITTEN, ids=[f"{g}:{k}:{p}" for g, k, p in WRITTEN])
def test_every_phrase_a_pattern_names_is_matched_as_the_regular_expression_matches_it(group, kind, pattern):
    regex = re.compile(pattern, re.IGNORECASE | re.MULTILINE)
    place = load_data("claim_patterns")[group][kind].index(pattern)
    for phrase in patterns.spell_out(pattern):
        anchored = phrase.startswith("^")
        said = phrase.removeprefix("^").strip()
        sentence = f"{said} for the hallway." if anchored else f"Then {said} for the hallway."
        assert regex.search(sentence), (pattern, sentence)  # the phrase is one the expression names
        found = [m.text for m in patterns.matches(docs.parse([sentence])[0], group)
                 if (m.kind, m.place) == (kind, place)]
        assert [re.sub(r"\s+", "", text.lower()) for text in found] == [re.sub(r"\s+", "", said.lower())], (
            pattern, sentence, found)


def test_an_open_pattern_matches_a_words_beginning_and_an_anchored_one_only_the_first_word():
    def kinds(sentence: str, group: str) -> list[str]:
        return [m.text for m in patterns.matches(docs.parse([sentence])[0], group)]

    assert kinds("It won awards for its design.", "claims") == ["awards"]  # '\baward'
    assert "awarded" in kinds("The mug was awarded a prize.", "claims")
    assert kinds("Keywords: mug", "meta") and not [t for t in kinds("A mug with keywords inside.", "lint")
                                                    if t.endswith(":")]
    assert {"Kiln-fired", "since 1998", "$20"} <= set(kinds("Kiln-fired since 1998 for $20.", "claims"))


def test_a_term_glued_to_a_hyphen_is_part_of_a_longer_word_and_the_longest_term_wins():
    doc = docs.parse(["A stainless steel pan with steel-toe caps and a cotton-rich oak/walnut lid."])[0]
    found = [(t.kind, t.term) for t in terms.terms(doc)]
    assert ("material", "stainless steel") in found and ("material", "steel") not in found
    assert ("material", "cotton") not in found and {("material", "oak"), ("material", "walnut")} <= set(found)


def test_a_sentence_is_parsed_once_for_its_flags_and_its_score(monkeypatch):
    product = Product.parse({"name": "Oak Serving Board", "materials": ["oak"], "features": ["juice groove"]})
    text = "This oak serving board has a juice groove. It is handmade by artisans in Italy."
    sentences = docs.sentences(text)
    parsed = claims.parse(sentences)
    flags = [claims.sentence_flags(s, claims.facts_for(product), doc=d) for s, d in zip(sentences, parsed,
                                                                                        strict=True)]
    assert not flags[0] and {f.kind for f in flags[1]} >= {"production", "entity"}
    calls = []
    real_pipe = type(claims.nlp()).pipe
    monkeypatch.setattr(type(claims.nlp()), "pipe", lambda self, texts, **kw: calls.append(list(texts))
                        or real_pipe(self, texts, **kw))
    report = factcheck.check(text, product, Style.parse({}))
    assert not [batch for batch in calls if batch]  # the score read the docs the flags parsed
    assert report.lint == [] and docs.parse(sentences)[0] is parsed[0]


def test_a_pattern_that_names_no_finite_phrase_is_refused():
    with pytest.raises(patterns.NotAPhrase):
        patterns.spell_out(r"\b[a-z]+-fired\b")
