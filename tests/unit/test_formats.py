"""The html and markdown formats: paragraphs and a list of key facts, only the allowed tags, every fact escaped."""
from __future__ import annotations

from html.parser import HTMLParser

from generator.formats import ALLOWED_TAGS
from generator.product import Style
from generator.service import DescriptionService
from generator.settings import Settings
from tests.fakes import ScriptedTextEngine, ScriptedVisionEngine

PRODUCT = {"name": "Salt & Pepper Mill Set", "brand": "Grind*Co", "features": ["holds <3 cups of peppercorns",
           "ceramic burr [adjustable]"], "materials": ["acacia wood"], "color": "natural", "size": "20 cm",
           "keywords": ["gift"]}


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        assert not attrs, (tag, attrs)
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def describe(text_format: str):
    svc = DescriptionService(Settings(warmup=False, cache_size=0), text_engine=ScriptedTextEngine(),
                             vision_engine=ScriptedVisionEngine())
    svc.load()
    return svc.describe(PRODUCT, Style(format=text_format), seed=1)


def test_html_is_paragraphs_and_a_list_of_the_facts_with_only_the_allowed_tags():
    result = describe("html")
    parser = Tags()
    parser.feed(result.text)
    assert set(parser.tags) <= ALLOWED_TAGS and {"p", "ul", "li"} <= set(parser.tags)
    assert parser.tags.count("li") == 5  # two features, material, colour, size
    text = "".join(parser.text)
    assert "holds <3 cups of peppercorns" in text and "Salt & Pepper" in text  # escaped, and read back whole
    assert "&lt;3" in result.text and "&amp;" in result.text
    prose = describe("prose").text
    assert prose.split("\n\n")[0] in text  # the same checked prose, only rendered


def test_markdown_is_the_same_structure_with_specials_escaped():
    result = describe("markdown")
    assert "\n- **Material:** acacia wood" in result.text
    assert "Grind\\*Co" in result.text and "\\[adjustable\\]" in result.text
    assert "<p>" not in result.text


def test_every_result_has_an_seo_title_and_meta_description_within_their_limits():
    import json
    from pathlib import Path

    svc = DescriptionService(Settings(warmup=False, cache_size=0), text_engine=ScriptedTextEngine(),
                             vision_engine=ScriptedVisionEngine())
    svc.load()
    rows = [json.loads(line) for line in (Path(__file__).parents[2] / "eval" / "dev_products.jsonl").read_text()
            .splitlines() if line.strip()]
    for row in rows:
        row.pop("id")
        style = {key: row.pop(key) for key in ("tone", "length", "language")}
        result = svc.describe(row, style, seed=1)
        seo = result.report["seo"]
        assert len(seo["title"]) <= 60, seo
        if row["keywords"]:
            assert row["keywords"][0].lower() in (seo["title"] + seo["description"]).lower(), seo
        assert len(seo["description"]) <= 160 and (len(seo["description"]) >= 120 or seo["problems"]), seo
        assert not [p for p in seo["problems"] if not p.startswith("meta description is")], seo
