"""Text eval: verified descriptions on a products file, with an optional plain baseline.

    python -m generator.eval PRODUCTS.jsonl [--baseline] [--limit N] [--json out.json]
        [--review review.html] [--texts texts.json] [--language English]

Beyond the checker's figures it reports what a reader sees: prose coverage (facts stated in the
prose alone), the share of final texts with a sentence the checker flags now (every class), and
boilerplate (the share of 4-grams, product words masked, used by 30% or more of the descriptions).
`--review` writes a review sheet; `--texts` writes {id: text} for a blind rating (generator.eval.blind).

Each line of PRODUCTS.jsonl holds id, name, category, brand, features, materials, color, size,
audience, keywords, tone, length and language (the format of shared/eval/products.jsonl).
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from ..engines.text import GenerationParams
from ..product import Product, Style
from ..prompts import build_messages, max_tokens_for
from ..quality.factcheck import check
from ..quality.postprocess import finish_sentences
from ..service import DescriptionService
from ..settings import Settings
from .review import final_flags, write_review
from .textstats import boilerplate_share, masked_words, top_opening_share

STYLE_KEYS = ("tone", "length", "language")
# Keys of the writer's data files (data/*.jsonl) that are not facts: the reference copy and its shape tags.
NOT_FACTS = ("description", "shapes", "format")
REFUSAL_KINDS = {"meta"}


def load_products(path: Path) -> list[tuple[str, Product, Style]]:
    rows = []
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if not line.strip():
            continue
        record = json.loads(line)
        style = Style.parse({key: record.pop(key, None) for key in STYLE_KEYS})
        for key in NOT_FACTS:
            record.pop(key, None)
        product_id = str(record.pop("id", number))
        rows.append((product_id, Product.parse(record), style))
    return rows


def _row(product_id: str, report: dict[str, Any], seconds: float, length: str, text: str = "",
         product: Product | None = None, strategy: str = "") -> dict[str, Any]:
    flagged = sum(1 for _, flags in final_flags(text, product) if flags) if product is not None and text else 0
    return {
        "id": product_id,
        "length": length,
        "strategy": strategy,
        "prose_coverage": report.get("prose_coverage", report["coverage"]),
        "flagged_sentences": flagged,
        "text": text,
        "coverage": report["coverage"],
        "unsupported": len(report["unsupported_claims"]),
        "keyword_rate": (len(report["keywords_hit"]) / (len(report["keywords_hit"]) + len(report["keywords_missing"]))
                         if report["keywords_hit"] or report["keywords_missing"] else 1.0),
        "words": report["words"],
        "prose_words": report.get("prose_words", report["words"]),
        "length_ok": report["length_ok"],
        "repetition": bool(report["repetition"]),
        "language_ok": report["language_ok"],
        "refusal": any(finding["kind"] in REFUSAL_KINDS for finding in report["lint"]),
        "lint": len(report["lint"]),
        "seconds": round(seconds, 3),
    }


def summarise(rows: list[dict[str, Any]], products: dict[str, Product] | None = None) -> dict[str, Any]:
    medium = [row["seconds"] for row in rows if row["length"] == "medium"]
    texts = [row["text"] for row in rows if row.get("text")]
    masks = [masked_words(products[row["id"]]) for row in rows if row.get("text")] if products else []
    boilerplate = boilerplate_share(texts, masks) if products and texts else None
    frame, frame_share = top_opening_share(texts, masks) if products and texts else ("", None)
    return {
        "products": len(rows),
        "mean_prose_coverage": round(statistics.mean(row["prose_coverage"] for row in rows), 3),
        "flagged_final_rate": round(sum(row["flagged_sentences"] > 0 for row in rows) / len(rows), 3),
        "boilerplate_share": boilerplate,
        "top_opening_frame": frame,
        "top_opening_share": frame_share,
        "mean_coverage": round(statistics.mean(row["coverage"] for row in rows), 3),
        "unsupported_claim_rate": round(sum(row["unsupported"] > 0 for row in rows) / len(rows), 3),
        "keyword_rate": round(statistics.mean(row["keyword_rate"] for row in rows), 3),
        "length_in_band_rate": round(sum(row["length_ok"] for row in rows) / len(rows), 3),
        "repetition_rate": round(sum(row["repetition"] for row in rows) / len(rows), 3),
        "refusal_rate": round(sum(row["refusal"] for row in rows) / len(rows), 3),
        "language_match_rate": round(sum(row["language_ok"] for row in rows) / len(rows), 3),
        "prose_40_words_rate": round(sum(row["prose_words"] >= 40 for row in rows if row["length"] != "short")
                                     / max(1, sum(row["length"] != "short" for row in rows)), 3),
        "median_seconds": round(statistics.median(row["seconds"] for row in rows), 3),
        "median_seconds_medium": round(statistics.median(medium), 3) if medium else None,
    }


def baseline(service: DescriptionService, product: Product, style: Style, seed: int) -> tuple[dict, float, str]:
    """One plain generation on the same model and prompt: no best-of-N, no checking, no repair."""
    started = time.perf_counter()
    params = GenerationParams(max_tokens=max_tokens_for(style), seed=seed)
    text = "".join(chunk.text for chunk in service.text_engine.stream(build_messages(product, style), params))
    seconds = time.perf_counter() - started
    return check(finish_sentences(text), product, style).as_dict(), seconds, finish_sentences(text)


def run(path: Path, service: DescriptionService, with_baseline: bool, limit: int | None, seed: int,
        variant: str = "A", language: str | None = None, review: Path | None = None) -> dict:
    verified, plain, sheet = [], [], []
    rows = [row for row in load_products(path) if language is None or row[2].language == language][:limit]
    products = {product_id: product for product_id, product, _ in rows}
    for product_id, product, style in rows:
        started = time.perf_counter()
        result = service.describe(product, style, seed=seed, variant=variant)
        verified.append(_row(product_id, result.report["check"], time.perf_counter() - started, style.length,
                             result.text, product, result.report.get("strategy", "")))
        sheet.append({"id": product_id, "product": product, "style": style.as_dict(), "text": result.text,
                      "check": result.report["check"]})
        if with_baseline:
            report, seconds, text = baseline(service, product, style, seed)
            plain.append(_row(product_id, report, seconds, style.length, text, product, "baseline"))
    if review is not None:
        write_review(review, sheet)
    out: dict[str, Any] = {"model": service.text_engines[variant].info(), "variant": variant,
                           "verified": {"rows": verified, "summary": summarise(verified, products)}}
    if with_baseline:
        out["baseline"] = {"rows": plain, "summary": summarise(plain, products)}
    return out


def print_ab(results: dict[str, dict]) -> None:
    heads = "".join(f"{label + ': ' + r['model']['model'][:28]:>34}" for label, r in results.items())
    print(f"\n{'A/B summary':<31}" + heads)
    keys = next(iter(results.values()))["verified"]["summary"]
    for key in keys:
        print(f"  {key:<29}" + "".join(f"{r['verified']['summary'][key]!s:>34}" for r in results.values()))


def print_table(result: dict) -> None:
    rows = result["verified"]["rows"]
    base = {row["id"]: row for row in result.get("baseline", {}).get("rows", [])}
    print(f"{'id':<6}{'len':<7}{'prose':>6}{'flag':>5}{'cov':>6}{'unsup':>6}{'kw':>6}{'words':>6}{'band':>5}{'rep':>4}"
          f"{'lang':>5}{'sec':>7}"
          + ("   | baseline cov unsup words band sec" if base else ""))
    for row in rows:
        line = (f"{row['id']:<6}{row['length']:<7}{row['prose_coverage']:>6.2f}{row['flagged_sentences']:>5}"
                f"{row['coverage']:>6.2f}{row['unsupported']:>6}"
                f"{row['keyword_rate']:>6.2f}"
                f"{row['words']:>6}{'ok' if row['length_ok'] else 'NO':>5}{'Y' if row['repetition'] else '-':>4}"
                f"{'ok' if row['language_ok'] else 'NO':>5}{row['seconds']:>7.2f}")
        if row["id"] in base:
            b = base[row["id"]]
            line += (f"   | {b['coverage']:>11.2f}{b['unsupported']:>6}{b['words']:>6}"
                     f"{'ok' if b['length_ok'] else 'NO':>5}{b['seconds']:>5.2f}")
        print(line)
    print("\nsummary" + " " * 24 + "verified" + ("    baseline" if base else ""))
    summary, base_summary = result["verified"]["summary"], result.get("baseline", {}).get("summary", {})
    for key, value in summary.items():
        print(f"  {key:<29}{value!s:>8}" + (f"{base_summary.get(key)!s:>12}" if base_summary else ""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("products", type=Path)
    parser.add_argument("--baseline", action="store_true", help="add a plain single-prompt generation beside each row")
    parser.add_argument("--limit", type=int, help="only the first N products")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="write the rows and summary here")
    parser.add_argument("--review", type=Path, help="write a review sheet (HTML) here")
    parser.add_argument("--texts", type=Path, help="write {id: description} here, for a blind rating")
    parser.add_argument("--language", help="only the products asked for in this language, e.g. English")
    parser.add_argument("--ab", action="store_true",
                        help="run variants A and B side by side (set AB_SHARE and AB_TEXT_*)")
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    if args.ab and settings.ab_share <= 0:
        parser.error("--ab needs variant B: set AB_SHARE above 0 and AB_TEXT_ENGINE / AB_TEXT_MODEL")
    service = DescriptionService(settings)
    service.load(roles=("text", "text_b"))
    service.engines.wait_until_loaded()  # a Hub model downloads in the background: measure it, not the stand-in
    for role, status in service.status.items():
        if status.pending is not None and not status.healthy:
            print(f"{role} model failed to load: {status.as_dict()['reason']}", file=sys.stderr)
            return 1
    for role in ("text", "text_b") if args.ab else ("text",):
        if not service.status[role].healthy:  # loaded, or checked and deferred (a path that calls no model)
            print(f"{role} model failed to load: {service.status[role].reason}", file=sys.stderr)
            return 1
    results = {label: run(args.products, service, args.baseline, args.limit, args.seed, label, args.language,
                          args.review if label == "A" else None)
               for label in (("A", "B") if args.ab else ("A",))}
    if args.texts:
        texts = {row["id"]: row["text"] for row in results["A"]["verified"]["rows"]}
        args.texts.write_text(json.dumps(texts, indent=1))
    for label, result in results.items():
        if args.ab:
            print(f"\n=== variant {label}: {result['model']['engine']} {result['model']['model']}")
        print_table(result)
    if args.ab:
        print_ab(results)
    if args.json:
        args.json.write_text(json.dumps(results if args.ab else results["A"], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
