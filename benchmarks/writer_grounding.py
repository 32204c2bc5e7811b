"""How much of the fine-tuned writer's copy is grounded word by word: the figure behind keeping the realizer as
the default. The writer invents things the checker's claim classes do not cover ("lures made from motor oil"); a
stricter filter would keep only sentences whose every content word is the merchant's or generic. This counts
what such a filter would leave.

    python -m benchmarks.writer_grounding PRODUCTS.jsonl [--n 6] [--limit 20]

For each product it drafts n candidates with the shipped adapter (TEXT_ADAPTER=auto, the app's prompt and
sampling), splits them into sentences as the app does, and counts sentences the checker flags, sentences with
a content word that is neither in the facts nor generic (claims.unknown_words), and sentences with neither; then
how many products have one candidate whose every sentence is clean. Nothing is timed.
"""
from __future__ import annotations

import argparse
import collections
import os
from pathlib import Path

from generator.engines.text.base import GenerationParams
from generator.eval.__main__ import load_products
from generator.prompts import max_tokens_for, writer_prompt
from generator.quality.claims import facts_for, sentence_flags, unknown_words
from generator.quality.postprocess import finish_sentences
from generator.quality.repair import draft_sentences
from generator.quality.writer import REPEAT_PENALTY, TEMPERATURE, TOP_P


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("products")
    parser.add_argument("--n", type=int, default=6, help="candidates a product (default 6)")
    parser.add_argument("--limit", type=int, default=20, help="products (default 20)")
    args = parser.parse_args(argv)
    os.environ.update(TEXT_ADAPTER="auto", TEXT_STRATEGY="writer", WRITER_CANDIDATES=str(args.n), RATE_LIMIT="off")
    from generator.service import DescriptionService  # after the environment: Settings reads it
    from generator.settings import Settings

    service = DescriptionService(Settings())
    service.load(roles=("text",))
    counts = {"sentences": 0, "flagged": 0, "unknown word": 0, "clean": 0}
    clean_products = 0
    rows = [row for row in load_products(Path(args.products)) if row[2].language == "English"][: args.limit]
    for seed, (_, product, style) in enumerate(rows):
        params = GenerationParams(max_tokens=max_tokens_for(style), temperature=TEMPERATURE, top_p=TOP_P,
                                  repeat_penalty=REPEAT_PENALTY, seed=seed)
        # the engine yields the batch as it grows; the last one holds every candidate in full
        batch = collections.deque(service.text_engine.complete_many(writer_prompt(product, style), args.n, params),
                                  maxlen=1)
        facts, any_clean = facts_for(product), False
        for text in batch[0].texts if batch else []:
            sentences = draft_sentences(finish_sentences(text))
            kinds = ["flagged" if sentence_flags(s.text, facts, topical=False) else
                     "unknown word" if unknown_words(s.text, facts) else "clean" for s in sentences]
            counts["sentences"] += len(kinds)
            for kind in kinds:
                counts[kind] += 1
            any_clean |= bool(kinds) and all(kind == "clean" for kind in kinds)
        clean_products += any_clean
    total = max(1, counts["sentences"])
    print(f"writer candidates: {len(rows)} products x {args.n}")
    for kind in ("flagged", "unknown word", "clean"):
        print(f"  {kind:<14} {counts[kind]:>5} of {counts['sentences']} sentences ({counts[kind] / total:.0%})")
    print(f"  products with a candidate whose every sentence is clean: {clean_products} of {len(rows)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
