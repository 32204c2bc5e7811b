"""Shop exports in and out (issue 21): Shopify in both headers and WooCommerce, each product described once,
written back as HTML with its SEO fields, every other cell exactly as read, and the file re-imports."""
from __future__ import annotations

import csv
from html.parser import HTMLParser

import pytest

from generator import shops
from generator.batch import read_rows, run_batch
from generator.formats import ALLOWED_TAGS
from tests import shop_files
from tests.unit.test_batch import scripted_service


def strict_rows(path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return list(csv.reader(handle, strict=True))  # RFC 4180: a stray quote is an error


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)


LAYOUTS = {
    "shopify": (lambda path: shop_files.shopify(path, 30), "Description", "SEO title", "SEO description", "URL handle"),
    "shopify-legacy": (lambda path: shop_files.shopify(path, 30, legacy=True), "Body (HTML)", "SEO Title",
                       "SEO Description", "Handle"),
    "woocommerce": (lambda path: shop_files.woocommerce(path, 30), "Description", "Meta: _yoast_wpseo_title",
                    "Meta: _yoast_wpseo_metadesc", ""),
}


@pytest.mark.parametrize("layout_id", list(LAYOUTS))
def test_a_shop_export_comes_back_re_importable(tmp_path, layout_id):
    build, description, seo_title, seo_description, key = LAYOUTS[layout_id]
    source = build(tmp_path / "export.csv")
    batch = read_rows(source)
    layout = shops.detect(batch.columns)
    assert layout is not None
    said = []
    out = tmp_path / "out.csv"
    progress = list(run_batch(scripted_service(), source, out, {"length": "short"}, on_layout=said.append))
    assert said[0].startswith(layout.name) and "30 products" in said[0]
    before, after = strict_rows(source), strict_rows(out)
    assert after[0] == before[0] and len(after) == len(before)  # the same header and rows, in order
    header = before[0]
    written = {header.index(c) for c in (description, seo_title, seo_description)}
    described = 0
    for old, new in zip(before[1:], after[1:], strict=True):
        assert [v for i, v in enumerate(old) if i not in written] == [v for i, v in enumerate(new) if i not in written]
        if new != old:
            described += 1
            body = new[header.index(description)]
            if old[header.index(description)]:  # fill empty cells only: an existing description stays
                assert body == old[header.index(description)]
            else:
                parser = Tags()
                parser.feed(body.replace("\\n", "\n"))
                assert parser.tags <= ALLOWED_TAGS and "p" in parser.tags
            assert 0 < len(new[header.index(seo_title)]) <= 60
            assert len(new[header.index(seo_description)]) <= 160
    assert described == 30 == progress[-1][1]  # every product once (its variant and image rows untouched)
    if layout.literal_newlines:
        assert all("\n" not in row[header.index(description)] for row in after[1:])  # WooCommerce's literal \n


def test_overwrite_replaces_existing_descriptions_and_a_rerun_repeats(tmp_path):
    source = shop_files.shopify(tmp_path / "export.csv", 6)
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    list(run_batch(scripted_service(), source, first, {}, overwrite=True))
    list(run_batch(scripted_service(), source, second, {}, overwrite=True))
    rows = strict_rows(first)
    column = rows[0].index("Description")
    assert all("Old copy" not in row[column] for row in rows[1:])
    assert first.read_bytes() == second.read_bytes()  # seeds from the handle: a rerun gives the same file


def test_facts_come_from_the_columns(tmp_path):
    batch = read_rows(shop_files.shopify(tmp_path / "s.csv", 2))
    columns, rows = batch.columns, batch.rows
    layout = shops.detect(columns)
    products = list(shops.products(columns, rows, layout))
    facts = products[1].facts
    assert facts["category"] == rows[products[1].rows[0]]["Type"]
    assert facts["keywords"][-1] == "gift" and " or " in facts["color"]
    with_description = list(shops.products(columns, rows, layout, use_description=True))[0].facts
    assert any("Old copy" in feature for feature in with_description["features"])
    assert not any("<" in feature for feature in with_description["features"])
