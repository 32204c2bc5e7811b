"""Shop exports in and out: Shopify (the current and the legacy header) and WooCommerce product CSVs.

A layout is recognised by its header. Facts come from the columns: the title or name, Vendor as the brand,
Type or the category's last level as the category, Tags as keywords, option and attribute values as colour,
size and features (with `use_description`, the current description's text, its HTML stripped, as features).
The result is the same file: every other cell and row exactly as read, the description (HTML) and the SEO
fields written on each product's first row, by default only where they are empty.
"""
from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .textsafety import strip_markup


@dataclass(frozen=True)
class Layout:
    name: str  # shown to the merchant
    key: str  # the column that groups a product's rows (Shopify's handle), or "" (a row a product)
    title: str
    description: str
    vendor: str = ""
    categories: tuple[str, ...] = ()  # first non-empty wins; a '>' hierarchy gives its last level
    tags: str = ""
    seo_title: str = ""
    seo_description: str = ""
    option_name: str = ""  # with {n}: "Option{n} Name"
    option_value: str = ""
    literal_newlines: bool = False  # WooCommerce writes line breaks in descriptions as a literal backslash-n
    skip: Callable[[dict[str, str]], bool] = lambda row: False  # rows that are no product of their own

    def columns_needed(self) -> tuple[str, ...]:
        return tuple(c for c in (self.key, self.title, self.description) if c)


LAYOUTS = (
    Layout("Shopify export", key="URL handle", title="Title", description="Description", vendor="Vendor",
           categories=("Type", "Product category"), tags="Tags", seo_title="SEO title",
           seo_description="SEO description", option_name="Option{n} name", option_value="Option{n} value"),
    Layout("Shopify export (legacy header)", key="Handle", title="Title", description="Body (HTML)",
           vendor="Vendor", categories=("Type", "Product Category"), tags="Tags", seo_title="SEO Title",
           seo_description="SEO Description", option_name="Option{n} Name", option_value="Option{n} Value"),
    Layout("WooCommerce export", key="", title="Name", description="Description", categories=("Categories",),
           tags="Tags", seo_title="Meta: _yoast_wpseo_title", seo_description="Meta: _yoast_wpseo_metadesc",
           option_name="Attribute {n} name", option_value="Attribute {n} value(s)", literal_newlines=True,
           skip=lambda row: row.get("Type", "").strip().lower() == "variation"),
)


def detect(columns: list[str]) -> Layout | None:
    """The shop layout whose required columns the header has (Shopify's current header first)."""
    present = set(columns)
    return next((layout for layout in LAYOUTS if set(layout.columns_needed()) <= present), None)


@dataclass
class ShopProduct:
    rows: list[int]  # indices of its rows in the file, the first is the product row
    facts: dict[str, Any] = field(default_factory=dict)


def _values(rows: list[dict[str, str]], layout: Layout, columns: list[str]) -> dict[str, list[str]]:
    """Option or attribute name -> its distinct values over the product's rows, in order."""
    options: dict[str, list[str]] = {}
    for n in range(1, 10):
        name_col, value_col = layout.option_name.format(n=n), layout.option_value.format(n=n)
        if name_col not in columns or value_col not in columns:
            continue
        name = next((row[name_col].strip() for row in rows if row.get(name_col, "").strip()), "")
        if not name or name.lower() == "title":  # Shopify's "Title / Default Title": no option at all
            continue
        values = options.setdefault(name, [])
        for row in rows:
            for value in re.split(r"\s*\|\s*|\s*,\s*", row.get(value_col, "")) if layout.literal_newlines else [
                    row.get(value_col, "")]:
                if value.strip() and value.strip() not in values:
                    values.append(value.strip())
    return options


def _category(row: dict[str, str], layout: Layout) -> str:
    for column in layout.categories:
        value = row.get(column, "").split(",")[0].split(">")[-1].strip()
        if value:
            return value
    return ""


def products(columns: list[str], rows: list[dict[str, str]], layout: Layout,
             use_description: bool = False) -> Iterator[ShopProduct]:
    """Each product of the file with its rows and its facts (Product fields)."""
    groups: dict[str, list[int]] = {}
    for index, row in enumerate(rows):
        if layout.skip(row):
            continue
        key = row.get(layout.key, "").strip() if layout.key else f"row {index}"
        groups.setdefault(key or f"row {index}", []).append(index)
    for indices in groups.values():
        first = rows[indices[0]]
        if not first.get(layout.title, "").strip():
            continue  # image or variant rows without their product row
        options = _values([rows[i] for i in indices], layout, columns)
        tags = [tag.strip() for tag in first.get(layout.tags, "").split(",") if tag.strip()]
        facts: dict[str, Any] = {"name": first[layout.title].strip(), "brand": first.get(layout.vendor, "").strip(),
                                 "category": _category(first, layout), "keywords": tags[:20], "features": []}
        for name, values in options.items():
            lower = name.lower()
            if lower in ("color", "colour"):
                facts["color"] = " or ".join(values)
            elif lower == "size":
                facts["size"] = " / ".join(values)
            else:
                facts["features"].append(f"{name}: {', '.join(values)}")
        if use_description:
            facts["features"] += description_facts(first.get(layout.description, ""), layout)
        facts["features"] = facts["features"][:30]
        yield ShopProduct(indices, facts)


def description_facts(cell: str, layout: Layout) -> list[str]:
    """The current description's sentences and list items, without HTML, as features."""
    text = cell.replace("\\n", "\n") if layout.literal_newlines else cell
    text = re.sub(r"(?i)<\s*(?:br|/p|/li|/h\d)\s*/?>", "\n", text)
    plain = html.unescape(strip_markup(text)[0] if "<" in text else text)
    parts = [p.strip(" -•*") for line in plain.splitlines() for p in re.split(r"(?<=[.!?])\s+", line)]
    return [p[:200] for p in parts if len(p) > 2][:20]


def write_cells(row: dict[str, str], layout: Layout, description_html: str, seo: dict[str, str],
                overwrite: bool) -> None:
    """The product row's description and SEO cells, in the layout's own conventions; others untouched."""
    cells = {layout.description: description_html.replace("\n", "\\n") if layout.literal_newlines
             else description_html,
             layout.seo_title: seo.get("title", ""), layout.seo_description: seo.get("description", "")}
    for column, value in cells.items():
        if column and column in row and (overwrite or not row[column].strip()):
            row[column] = value

