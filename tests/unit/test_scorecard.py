from generator.quality.scorecard import scorecard_markdown

CHECK = {
    "covered": ["name: Mug"], "missing": [], "prose_coverage": 1.0, "unsupported_claims": [],
    "removed_claims": ["450 grams"], "keywords_hit": ["gift"], "keywords_missing": [], "words": 60,
    "target_words": 50, "length_band": [25, 90], "length_ok": True, "repetition": [], "language": "English",
    "language_ok": True, "lint": [], "warnings": [],
}


def test_passing_check():
    text = scorecard_markdown(CHECK)
    assert "⚠" not in text and text.count("✓") == 7
    assert "removed from the draft: “450 grams”" in text and "60 words" in text


def test_each_problem_is_a_warning():
    failing = dict(CHECK, missing=["size: 1 l"], prose_coverage=0.5, unsupported_claims=["glass"], length_ok=False,
                   repetition=["a a"], language="French", language_ok=False,
                   lint=[{"kind": "superlative", "text": "the best"}], warnings=["model cannot write French"])
    text = scorecard_markdown(failing)
    assert text.count("⚠") == 7  # all but keywords


def test_prose_coverage_and_dropped_sentences_are_shown():
    text = scorecard_markdown(dict(CHECK, prose_coverage=0.8, bullets=True,
                                   flags=[{"kind": "entity", "text": "Italy", "sentence": "Made in Italy."}]))
    assert "Facts in the prose: 80% (with the bullet list: 1/1)" in text
    assert "1 flagged sentence(s) dropped before publishing (entity)" in text
