"""The review sheet: per product, the facts, the description with flagged sentences highlighted and
their reasons, and the scorecard, in one HTML page a person can read in minutes."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from ..product import Product
from ..quality.claims import facts_for, sentence_flags
from ..quality.factcheck import sentences
from ..quality.scorecard import scorecard_lines

STYLE = """
body{font:15px/1.5 system-ui,sans-serif;max-width:1100px;margin:2em auto;color:#222}
.item{display:grid;grid-template-columns:330px 1fr;gap:1.5em;border-top:1px solid #ccc;padding:1em 0}
.facts{font-size:13px;color:#444} .facts b{color:#222} .flag{background:#ffd6d6}
.reason{color:#a00;font-size:12px;display:block} .removed{color:#777;font-size:13px}
.card{font-size:13px;color:#333;margin-top:.6em} h2{font-size:16px;margin:0}
"""


def final_flags(text: str, product: Product) -> list[tuple[str, list[str]]]:
    """Each sentence of a published text with the flags the checker raises on it now (all classes)."""
    facts = facts_for(product)
    out = []
    for paragraph in text.split("\n"):
        for sentence in sentences(paragraph.lstrip("- ")):
            flags = sentence_flags(sentence, facts, topical=True)
            out.append((sentence, [f"{f.kind}: {f.text} ({f.reason})" for f in flags]))
    return out


def _facts_html(product: Product, style: dict[str, Any]) -> str:
    rows = []
    for key, value in product.as_dict().items():
        if value:
            shown = "; ".join(value) if isinstance(value, list) else value
            rows.append(f"<b>{key}</b>: {html.escape(shown)}")
    rows.append(f"<b>style</b>: {html.escape(', '.join(f'{k} {v}' for k, v in style.items()))}")
    return "<br>".join(rows)


def _text_html(text: str, product: Product) -> str:
    parts = []
    for sentence, flags in final_flags(text, product):
        if flags:
            reasons = "".join(f"<span class=reason>{html.escape(r)}</span>" for r in flags)
            parts.append(f"<span class=flag>{html.escape(sentence)}</span>{reasons}")
        else:
            parts.append(html.escape(sentence))
    return " ".join(parts)


def write_review(path: Path, items: list[dict[str, Any]]) -> None:
    """items: id, product (Product), style (dict), text, check (the report's check)."""
    blocks = []
    for item in items:
        check = item["check"]
        removed = "".join(
            f"<li>{html.escape(f['sentence'])} — <i>{html.escape(f['kind'])}: {html.escape(f['text'])}</i></li>"
            for f in check.get("flags", [])
        )
        card = "<br>".join(html.escape(line) for line in scorecard_lines(check))
        blocks.append(
            f"<div class=item><div class=facts><h2>{html.escape(item['id'])} · {html.escape(item['product'].name)}</h2>"
            f"{_facts_html(item['product'], item['style'])}</div>"
            f"<div><p>{_text_html(item['text'], item['product'])}</p>"
            + (f"<div class=removed>Dropped before publishing:<ul>{removed}</ul></div>" if removed else "")
            + f"<div class=card>{card}</div></div></div>"
        )
    path.write_text(
        f"<!doctype html><meta charset=utf-8><title>Review sheet</title><style>{STYLE}</style>"
        f"<h1>Review sheet ({len(items)} descriptions)</h1>{''.join(blocks)}",
        encoding="utf-8",
    )
