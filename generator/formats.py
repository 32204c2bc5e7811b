"""The published description in the format asked for, from the checked prose and the key facts.

- `prose`: the paragraphs.
- `prose+bullets`: the paragraphs, then the facts as "- " lines.
- `html`: `<p>` paragraphs and a `<ul>` of `<li>` key facts, using only `p`, `ul`, `li` and `strong`, every
  piece of text escaped: it survives a Shopify or WooCommerce import as written.
- `markdown`: the same structure in Markdown, with Markdown's special characters escaped.

Rendering comes after every check: the checker reads plain sentences, never markup.
"""
from __future__ import annotations

import html
import re

ALLOWED_TAGS = frozenset({"p", "ul", "li", "strong"})
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def _paragraphs(prose: str) -> list[str]:
    return [paragraph.strip() for paragraph in prose.split("\n\n") if paragraph.strip()]


def _split_label(line: str) -> tuple[str, str]:
    """'Material: stainless steel' -> ('Material', 'stainless steel'); a feature has no label."""
    label, sep, value = line.partition(": ")
    return (label, value) if sep and label in ("Material", "Colour", "Size", "Made for") else ("", line)


def to_html(prose: str, bullets: list[str]) -> str:
    parts = [f"<p>{html.escape(paragraph)}</p>" for paragraph in _paragraphs(prose)]
    if bullets:
        items = []
        for line in bullets:
            label, value = _split_label(line)
            text = f"<strong>{html.escape(label)}:</strong> {html.escape(value)}" if label else html.escape(value)
            items.append(f"<li>{text}</li>")
        parts.append("<ul>\n" + "\n".join(items) + "\n</ul>")
    return "\n".join(parts)


def _md(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def to_markdown(prose: str, bullets: list[str]) -> str:
    parts = [_md(paragraph) for paragraph in _paragraphs(prose)]
    if bullets:
        lines = []
        for line in bullets:
            label, value = _split_label(line)
            lines.append(f"- **{_md(label)}:** {_md(value)}" if label else f"- {_md(value)}")
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def render(text_format: str, prose: str, bullets: list[str], plain: str) -> str:
    """The description as published in `text_format`; `plain` is the prose or prose+bullets text as checked."""
    if text_format == "html":
        return to_html(prose, bullets)
    if text_format == "markdown":
        return to_markdown(prose, bullets)
    return plain
