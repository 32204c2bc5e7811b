"""A blind rating file from the outputs of two (or more) systems, as ../shared/eval/RATING.md describes.

    python -m generator.eval.blind PRODUCTS.jsonl OUT_PREFIX --seed 7 A=texts_a.json B=texts_b.json
    python -m generator.eval.blind --score OUT_PREFIX.key.json ratings.txt [more ratings ...]

Each texts file maps product id to description (`python -m generator.eval ... --texts`). Items are
shuffled with a fixed seed; the key (item -> system) goes to OUT_PREFIX.key.json, which the rater
never sees. `--score` reads the raters' tables (lines like "| 12 | P | reason |" or "12: P") and
prints P/E/N per system and, for two raters, how many items they agree on.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

FIELDS = (
    "name",
    "brand",
    "category",
    "features",
    "materials",
    "color",
    "size",
    "audience",
    "keywords",
    "tone",
    "length",
)


def make(products_path: Path, prefix: Path, seed: int, systems: dict[str, dict[str, str]]) -> int:
    products = {}
    for line in products_path.read_text().splitlines():
        if line.strip():
            record = json.loads(line)
            products[str(record["id"])] = record
    items = [(name, pid, text) for name, texts in systems.items() for pid, text in texts.items() if pid in products]
    random.Random(seed).shuffle(items)
    blocks, key = [], {}
    for number, (name, pid, text) in enumerate(items, start=1):
        record = products[pid]
        facts = []
        for field in FIELDS:
            value = record.get(field)
            value = "; ".join(value) if isinstance(value, list) else value
            if value:
                facts.append(f"- {field}: {value}")
        blocks.append(f"## Item {number}\nFacts:\n" + "\n".join(facts) + f"\n\nDescription:\n{text.strip()}\n")
        key[number] = {"system": name, "id": pid}
    prefix.with_suffix(".md").write_text("\n".join(blocks), encoding="utf-8")
    prefix.with_suffix(".key.json").write_text(json.dumps(key, indent=1))
    return len(items)


def read_ratings(text: str) -> dict[int, str]:
    ratings = {}
    for match in re.finditer(r"^\s*\|?\s*(?:Item\s*)?(\d+)\s*[|:]\s*\**([PEN])\**\b", text, re.MULTILINE):
        ratings[int(match.group(1))] = match.group(2)
    return ratings


def score(key_path: Path, rating_paths: list[Path]) -> None:
    key = {int(k): v for k, v in json.loads(key_path.read_text()).items()}
    all_ratings = [read_ratings(path.read_text()) for path in rating_paths]
    for path, ratings in zip(rating_paths, all_ratings, strict=True):
        counts: dict[str, Counter[str]] = {}
        for item, rating in ratings.items():
            counts.setdefault(key[item]["system"], Counter())[rating] += 1
        print(f"{path.name}: {len(ratings)} of {len(key)} items rated")
        for system, counter in sorted(counts.items()):
            total = sum(counter.values())
            print(
                f"  {system}: P {counter['P']}  E {counter['E']}  N {counter['N']}  (of {total}; "
                f"P {counter['P'] / total:.0%}, N {counter['N'] / total:.0%})"
            )
    if len(all_ratings) == 2:
        first, second = all_ratings
        common = set(first) & set(second)
        agree = sum(first[i] == second[i] for i in common)
        print(f"raters agree on {agree} of {len(common)} items")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--score", nargs="+", type=Path, metavar=("KEY", "RATINGS"))
    parser.add_argument("products", type=Path, nargs="?")
    parser.add_argument("prefix", type=Path, nargs="?")
    parser.add_argument("systems", nargs="*", help="NAME=texts.json")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if args.score:
        score(args.score[0], args.score[1:])
        return 0
    if not (args.products and args.prefix and args.systems):
        parser.error("give PRODUCTS.jsonl OUT_PREFIX NAME=texts.json ...")
    systems = {name: json.loads(Path(path).read_text()) for name, path in (s.split("=", 1) for s in args.systems)}
    count = make(args.products, args.prefix, args.seed, systems)
    print(f"{count} items -> {args.prefix.with_suffix('.md')} (key: {args.prefix.with_suffix('.key.json')})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
