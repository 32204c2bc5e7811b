"""A short pass/warn list of a description's check report, for people to read."""
from __future__ import annotations

from typing import Any

PASS, WARN = "✓", "⚠"  # text symbols: they render without an emoji font


def _quote(items: list[str], limit: int = 4) -> str:
    shown = ", ".join(f"“{item}”" for item in items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def scorecard_lines(check: dict[str, Any]) -> list[str]:
    lines = []
    covered, missing = len(check["covered"]), len(check["missing"])
    prose = check["prose_coverage"]
    lines.append(f"{PASS if prose >= 0.7 else WARN} Facts in the prose: {prose:.0%}"
                 + (f" (with the bullet list: {covered}/{covered + missing})" if check.get("bullets") else ""))
    flagged = check.get("flags") or []
    if flagged:
        kinds = sorted({flag["kind"] for flag in flagged})
        lines.append(f"{PASS} {len(flagged)} flagged sentence(s) dropped before publishing ({', '.join(kinds)})")
    if check["unsupported_claims"]:
        lines.append(f"{WARN} Unsupported claims left: {_quote(check['unsupported_claims'])}")
    else:
        removed = check.get("removed_claims") or []
        removed_note = f" (removed from the draft: {_quote(removed)})" if removed else ""
        lines.append(f"{PASS} No unsupported claims{removed_note}")
    hit, missed = check["keywords_hit"], check["keywords_missing"]
    if hit or missed:
        lines.append(f"{PASS if not missed else WARN} Keywords: {len(hit)}/{len(hit) + len(missed)}")
    low, high = check["length_band"]
    lines.append(f"{PASS if check['length_ok'] else WARN} {check['words']} words (target {check['target_words']}, "
                 f"band {low}–{high})")
    lines.append(f"{PASS if not check['repetition'] else WARN} "
                 + ("No repetition" if not check["repetition"] else f"Repeats: {_quote(check['repetition'])}"))
    lines.append(f"{PASS if check['language_ok'] else WARN} Language: {check['language']}")
    lint = check["lint"]
    lines.append(f"{PASS if not lint else WARN} "
                 + ("No compliance findings" if not lint else "Compliance: " + _quote([f["text"] for f in lint])))
    terms = check.get("glossary")
    if terms:
        wrong = [f"“{t}” used" for t in terms["banned_used"]] + [
            f"“{p}” said {n} times" for p, n in terms["required_counts"].items() if n != 1]
        lines.append(f"{PASS if terms['ok'] else WARN} Brand glossary: "
                     + (f"{len(terms['banned'])} banned word(s) absent, {len(terms['required'])} required "
                        "phrase(s) said once" if terms["ok"] else "; ".join(wrong)))
        lines += [f"{WARN} Left out of the text: {item}" for item in terms["banned_in_facts"]]
    lines += [f"{WARN} {warning}" for warning in check.get("warnings", [])]
    return lines


def scorecard_markdown(check: dict[str, Any]) -> str:
    return "\n".join(f"- {line}" for line in scorecard_lines(check))


def seo_markdown(seo: dict[str, Any]) -> str:
    """The SEO title and meta description with their lengths, for the scorecard."""
    mark = WARN if seo["problems"] else PASS
    lines = [f"{mark} SEO title ({len(seo['title'])} characters): {seo['title']}",
             f"{mark} Meta description ({len(seo['description'])} characters): {seo['description']}"]
    lines += [f"{WARN} {problem}" for problem in seo["problems"]]
    return "\n".join(f"- {line}" for line in lines)
