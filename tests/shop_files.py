"""Shop exports as merchants hold them, built for the tests: Shopify (current and legacy header) and WooCommerce,
with variant and image rows, quoted newlines and commas, Unicode, metafields and empty descriptions."""
from __future__ import annotations

import csv
import random
from pathlib import Path

KINDS = [("Mug", "Kitchen", "stoneware"), ("Tote Bag", "Bags", "organic cotton"), ("Desk Lamp", "Lighting", "brass"),
         ("Yoga Mat", "Fitness", "natural rubber"), ("Café Apron", "Kitchen", "linen"),
         ("Wool Socks", "Apparel", "merino")]
COLORS = ["Sage", "Black", "Crème"]
SIZES = ["S", "M", "L"]

SHOPIFY = ["Title", "URL handle", "Description", "Vendor", "Product category", "Type", "Tags",
           "Published on online store", "Status", "SKU", "Option1 name", "Option1 value", "Option2 name",
           "Option2 value", "Price", "Product image URL", "SEO title", "SEO description",
           "Material (product.metafields.custom.material)"]
LEGACY = ["Handle", "Title", "Body (HTML)", "Vendor", "Product Category", "Type", "Tags", "Published", "Option1 Name",
          "Option1 Value", "Option2 Name", "Option2 Value", "Variant SKU", "Variant Price", "Image Src", "SEO Title",
          "SEO Description", "product.metafields.custom.care (product.metafields.custom.care)"]
WOO = ["ID", "Type", "SKU", "Name", "Published", "Short description", "Description", "Categories", "Tags", "Parent",
       "Attribute 1 name", "Attribute 1 value(s)", "Attribute 2 name", "Attribute 2 value(s)", "Regular price",
       "Meta: _yoast_wpseo_title", "Meta: _yoast_wpseo_metadesc", "Meta: _custom_note"]


def _product(rng: random.Random, index: int) -> dict:
    kind, category, material = KINDS[index % len(KINDS)]
    name = f"{rng.choice(['Harbor', 'Lumen', 'Alder', 'Nordlys', 'Brisa'])} {kind} {index}"
    return {"name": name, "handle": name.lower().replace(" ", "-").replace("é", "e"), "category": category,
            "material": material, "vendor": rng.choice(["Oakline", "Maison Été", ""]),
            "tags": f"{kind.lower()}, gift", "colors": rng.sample(COLORS, 2),
            "sizes": rng.sample(SIZES, 2) if "Socks" in kind or "Apron" in kind else [],
            "existing": "" if index % 3 else f"<p>Old copy, with a comma,\nand a line break for {name}.</p>"}


def _write(path: Path, header: list[str], rows: list[dict]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, quoting=csv.QUOTE_MINIMAL)
        writer.writeheader()
        writer.writerows(rows)
    return path


def shopify(path: Path, products: int, legacy: bool = False, seed: int = 1) -> Path:
    rng = random.Random(seed)
    header = LEGACY if legacy else SHOPIFY
    c = dict(zip(["title", "handle", "body", "vendor", "category", "o1n", "o1v", "o2n", "o2v", "seo_t", "seo_d", "sku",
                  "image", "meta"],
                 (["Title", "Handle", "Body (HTML)", "Vendor", "Product Category", "Option1 Name", "Option1 Value",
                   "Option2 Name", "Option2 Value", "SEO Title", "SEO Description", "Variant SKU", "Image Src",
                   "product.metafields.custom.care (product.metafields.custom.care)"] if legacy else
                  ["Title", "URL handle", "Description", "Vendor", "Product category", "Option1 name", "Option1 value",
                   "Option2 name", "Option2 value", "SEO title", "SEO description", "SKU", "Product image URL",
                   "Material (product.metafields.custom.material)"]), strict=True))
    rows = []
    for index in range(products):
        p = _product(rng, index)
        variants = [(color, size) for color in p["colors"] for size in (p["sizes"] or [""])]
        for number, (color, size) in enumerate(variants):
            row = dict.fromkeys(header, "")
            row[c["handle"]] = p["handle"]
            row[c["sku"]] = f"SKU-{index}-{number}"
            row[c["o1n"] if number == 0 else "x"] = "Color"
            row.pop("x", None)
            row[c["o1v"]] = color
            if size:
                row[c["o2n"]] = "Size" if number == 0 else ""
                row[c["o2v"]] = size
            if number == 0:
                row.update({c["title"]: p["name"], c["body"]: p["existing"], c["vendor"]: p["vendor"],
                            c["category"]: f"Home & Garden > {p['category']}", "Type": p["category"], "Tags": p["tags"],
                            c["meta"]: f"{p['material']}, \"quoted\" 100%"})
            rows.append(row)
        image = dict.fromkeys(header, "")  # an image-only row
        image[c["handle"]], image[c["image"]] = p["handle"], f"https://cdn.example/{p['handle']}.jpg"
        rows.append(image)
    return _write(path, header, rows)


def woocommerce(path: Path, products: int, seed: int = 1) -> Path:
    rng = random.Random(seed)
    rows = []
    for index in range(products):
        p = _product(rng, index)
        parent = dict.fromkeys(WOO, "")
        parent.update({"ID": str(100 + index), "Type": "variable", "SKU": f"W-{index}", "Name": p["name"],
                       "Published": "1", "Short description": "", "Categories": f"Home > {p['category']}",
                       "Description": p["existing"].replace("\n", "\\n"), "Tags": p["tags"],
                       "Attribute 1 name": "Color", "Attribute 1 value(s)": ", ".join(p["colors"]),
                       "Attribute 2 name": "Material", "Attribute 2 value(s)": p["material"],
                       "Meta: _custom_note": "keep, this | exactly"})
        rows.append(parent)
        for color in p["colors"]:
            variation = dict.fromkeys(WOO, "")
            variation.update({"ID": str(1000 + index * 10 + len(rows)), "Type": "variation", "Parent": f"W-{index}",
                              "Name": f"{p['name']} - {color}", "Attribute 1 name": "Color",
                              "Attribute 1 value(s)": color, "Regular price": "12.50"})
            rows.append(variation)
    return _write(path, WOO, rows)
