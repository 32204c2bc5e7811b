import pytest

from generator.product import Product
from generator.quality.claims import facts_for, unknown_words
from generator.quality.lexicon import singular


@pytest.mark.parametrize(("plural", "expected"), [
    ("corks", "cork"), ("berries", "berry"), ("boxes", "box"), ("glasses", "glass"), ("dresses", "dress"),
    ("brushes", "brush"), ("shoes", "shoe"), ("dress", "dress"), ("glass", "glass"), ("lens", "lens"),
    ("series", "series"), ("cactus", "cactus"), ("gas", "gas"),
])
def test_singular_follows_the_spelling_rules(plural, expected):
    # rstrip("s") gave "dre" for "dress" and "gla" for "glass".
    assert singular(plural) == expected


def test_a_plural_of_the_merchants_own_word_is_known():
    facts = facts_for(Product(name="Linen Summer Dress", features=("relaxed fit",)))
    assert "dresses" not in [w.lower() for w in unknown_words("Summer dresses in linen.", facts)]
    facts = facts_for(Product(name="Wine Glass Set", features=("lead-free crystal",)))
    assert "glasses" not in [w.lower() for w in unknown_words("Wine glasses in crystal.", facts)]
