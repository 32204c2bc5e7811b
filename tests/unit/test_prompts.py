from generator.product import Product, Style
from generator.prompts import PROMPT_VERSION, build_messages, fact_lines, max_tokens_for


def test_every_given_fact_is_in_the_prompt_and_empty_ones_are_not():
    product = Product.parse({"name": "Mug", "materials": "stoneware, glaze", "size": "350 ml"})
    lines = fact_lines(product)
    assert lines == ["Product: Mug", "Materials: stoneware, glaze", "Size: 350 ml"]
    user = build_messages(product, Style())[1]["content"]
    for line in lines:
        assert line in user
    assert "Brand" not in user


def test_style_shapes_the_request():
    product = Product.parse({"name": "Mug"})
    short = build_messages(product, Style(tone="playful", length="short"))[1]["content"]
    assert "playful" in short and "about 50 words" in short and "French" not in short
    french = build_messages(product, Style(language="French"))[1]["content"]
    assert "in French" in french


def test_token_budget_grows_with_length():
    budgets = [max_tokens_for(Style(length=length)) for length in ("short", "medium", "long")]
    assert budgets == sorted(budgets) and budgets[0] > 50


def test_prompt_version_is_set():
    assert PROMPT_VERSION
