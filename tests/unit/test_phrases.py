"""The template banks speak only the generic vocabulary: the off-topic check must never flag our own words."""
import re

from generator.quality.lexicon import GENERIC, NEVER
from generator.quality.phrases import CLOSINGS, OPENINGS
from generator.quality.realize import AUDIENCE_FRAMES, CONNECTIVES, RECAP_FRAMES


def words(template: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'-]*", re.sub(r"\{[^}]*\}", "", template))}


def test_every_word_of_the_opening_closing_and_audience_templates_is_generic():
    templates = [t for bank in (OPENINGS, CLOSINGS) for group in bank.values() for t in group]
    templates += [*AUDIENCE_FRAMES, *CONNECTIVES, *RECAP_FRAMES]
    outside = {w for t in templates for w in words(t) if w not in GENERIC}
    assert not outside


def test_no_template_makes_a_claim_the_checker_refuses():
    templates = [t for bank in (OPENINGS, CLOSINGS) for group in bank.values() for t in group]
    assert not {w for t in templates for w in words(t)} & NEVER


def test_a_plural_product_is_introduced_without_a_determiner_before_its_type():
    import random

    from generator.quality.phrases import OPENINGS, opening

    for tone in ("friendly", "energetic", "professional", "luxurious"):
        for seed in range(len(OPENINGS["friendly"]) * 3):
            line = opening(tone, "Sonique Wireless Earbuds", "wireless earbuds", True, "", random.Random(seed))
            assert "these wireless earbuds" not in line and "Earbuds is" not in line, line
            assert "Earbuds: wireless" not in line and "Earbuds, wireless" not in line, line
