"""Prepare the writer's data: validate every example, check its copy, drop near-duplicates, split, and count.

    python -m training prepare            # data/raw/*.jsonl -> data/{train,dev,test}.jsonl + data/card.json

An example enters the set only if
- its facts pass the form's validation (`Product.parse`, `Style.parse`), as a merchant's would;
- every sentence of its description passes the sentence checker (the same `check_sentences` that serves),
  and the whole text passes the scorecard: no unsupported claim, no lint, no repeated phrase, every fact in
  the prose (`prose_coverage` = 1.0), the length within its band;
- it is not a near-duplicate of an example kept before it (word 5-gram Jaccard >= 0.5 on the description,
  or the same name).

data/raw/train_*.jsonl become the train and dev splits (dev: a fixed 5% sample, for the validation loss);
data/raw/test_*.jsonl are the held-out split, in categories and input shapes that the training files lack.
"""
from __future__ import annotations

import hashlib
import json
import random
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from generator.errors import ValidationError
from generator.product import PRODUCT_FIELDS, Product, Style

DATA = Path("data")
RAW = DATA / "raw"
SPLITS = ("train", "dev", "test")
DEV_SHARE = 0.05
SEED = 20261206
NEAR_DUPLICATE = 0.5
SCENE_KINDS = frozenset({"product_type", "extra"})
PRESETS = ("friendly", "professional", "luxurious", "playful", "minimal", "energetic", "warm")


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")


def parse_example(row: dict[str, Any]) -> tuple[Product, Style]:
    """The example's facts through the form's own validation (raises ValidationError naming the field)."""
    product = Product.parse({key: row.get(key) for key in PRODUCT_FIELDS})
    style = Style.parse({"tone": row.get("tone"), "length": row.get("length"), "language": row.get("language")})
    return product, style


def copy_problems(description: str, product: Product, style: Style) -> list[str]:
    """Why this description would not be published as it is: the checker's findings, empty when none."""
    from generator.quality.claims import facts_for, parse, sentence_flags
    from generator.quality.compose import prose_coverage
    from generator.quality.factcheck import check
    from generator.quality.repair import draft_sentences

    problems = []
    # The checker as it judges sentences stated from the facts (topical=False): entities, numbers, materials,
    # colours, audiences, production, provenance, price and popularity claims, meta text. Two kinds are counted
    # in the card but do not gate (SCENE_KINDS): on careful copy they flag the objects of a scene ("slips into
    # a gym bag", "sits well over jeans"), not something the product is said to have or be. The off-topic
    # check is for a small model's rambling; it would refuse every sentence that sets a scene.
    facts = facts_for(product)
    removed = []
    for sentence, doc in zip(drafted := [s.text for s in draft_sentences(description)], parse(drafted), strict=True):
        flags = [flag for flag in sentence_flags(sentence, facts, topical=False, doc=doc)
                 if flag.kind not in SCENE_KINDS]
        if flags:
            removed.append((sentence, flags))
    problems += [f"flagged: {flag.kind}: {flag.text!r} in {sentence!r}" for sentence, flags in removed
                 for flag in flags]
    report = check(description, product, style)
    problems += [f"unsupported: {claim}" for claim in report.unsupported_claims]
    problems += [f"lint: {item}" for item in report.lint]
    problems += [f"repeated: {item}" for item in report.repetition]
    problems += [f"keyword missing: {item}" for item in report.keywords_missing]
    if not report.length_ok:
        problems.append(f"length: {report.words} words outside {report.length_band}")
    coverage = prose_coverage(description, product)
    if coverage < 1.0:
        problems.append(f"coverage {coverage}")
    if re.search(r"^\s*[-*•#]", description, re.MULTILINE):
        problems.append("a list or heading")
    return problems


def shingles(text: str, n: int = 5) -> set[tuple[str, ...]]:
    tokens = re.findall(r"\w+", text.lower())
    return set(zip(*(tokens[i:] for i in range(n)), strict=False))


def input_shapes(row: dict[str, Any]) -> list[str]:
    """The merchant-typing shapes an example's input shows (for the data card's counts)."""
    name = row["name"]
    values = [*row.get("features", []), *row.get("materials", []), row.get("color", ""), row.get("size", "")]
    shapes = []
    letters = [c for c in name if c.isalpha()]
    if letters and (name == name.lower() or name == name.upper()):
        shapes.append("name case")
    if re.search(r"\d|\(|\)|–|—| - |%|#|\[", name):
        shapes.append("code, pack or edition in name")
    if any(re.search(r"[.!?]$", f.strip()) or re.match(r"(?i)(apply|use|machine|wash|fits|no |do not|hand)", f)
           for f in row.get("features", [])):
        shapes.append("sentence or instruction")
    if any(re.search(r"\w\s*(:| - )\s*\w", v) for v in values):
        shapes.append("key: value")
    if re.search(r" or |/|,", f"{row.get('color', '')} {row.get('size', '')}"):
        shapes.append("several values")
    if re.search(r"\(.*\d.*(in|inch|lb|oz|cm|mm|kg)\b", " ".join(values)):
        shapes.append("mixed units")
    return shapes


def _category(row: dict[str, Any]) -> str:
    return row.get("category", "").split(">")[-1].strip().lower() or "(none)"


def _tone(row: dict[str, Any]) -> str:
    return row["tone"] if row["tone"] in PRESETS else "free text"


def prepare(raw: Path = RAW, out: Path = DATA) -> dict[str, Any]:
    """Validate, check, de-duplicate and split; write the splits and card.json; return the card."""
    from generator.quality.nlp import nlp

    nlp()
    rejected: Counter[str] = Counter()
    reasons: dict[str, list[str]] = {}
    splits: dict[str, list[dict[str, Any]]] = {split: [] for split in SPLITS}
    seen_names: set[str] = set()
    kept_shingles: list[set[tuple[str, ...]]] = []
    sources = sorted(raw.glob("train_*.jsonl"), key=_file_number) + sorted(raw.glob("test_*.jsonl"), key=_file_number)
    for source in sources:
        target = "test" if source.name.startswith("test") else "train"
        for row in read_jsonl(source):
            try:
                product, style = parse_example(row)
            except ValidationError as error:
                rejected["invalid input"] += 1
                reasons[row.get("id", "?")] = [str(error)]
                continue
            problems = copy_problems(row["description"], product, style)
            if problems:
                rejected["checker"] += 1
                reasons[row["id"]] = problems
                continue
            grams = shingles(row["description"])
            name_key = product.name.lower()
            if name_key in seen_names or any(len(grams & other) / max(1, len(grams | other)) >= NEAR_DUPLICATE
                                             for other in kept_shingles):
                rejected["near-duplicate"] += 1
                continue
            seen_names.add(name_key)
            kept_shingles.append(grams)
            # the form's facts and the style the copy was written to (tone, length, language): what the prompt holds
            written_to = {key: value for key, value in style.as_dict().items() if key in ("tone", "length", "language")}
            example = {"id": row["id"], **product.as_dict(), **written_to, "description": row["description"].strip()}
            example["shapes"] = input_shapes(example)
            splits[target].append(example)
    rng = random.Random(SEED)
    train = splits["train"]
    rng.shuffle(train)
    dev_count = max(1, round(DEV_SHARE * len(train)))
    splits["dev"], splits["train"] = sorted(train[:dev_count], key=_id), sorted(train[dev_count:], key=_id)
    for split, rows in splits.items():
        write_jsonl(out / f"{split}.jsonl", rows)
    card = data_card(splits, rejected)
    (out / "card.json").write_text(json.dumps(card, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (out / "rejected.json").write_text(json.dumps(reasons, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (out / "README.md").write_text(card_markdown(card, raw), encoding="utf-8")
    return card


def _file_number(path: Path) -> int:
    return int(path.stem.rpartition("_")[2])


def _id(row: dict[str, Any]) -> tuple[str, int]:
    prefix, _, number = row["id"].rpartition("-")
    return prefix, int(number) if number.isdigit() else 0


def data_md5(paths: Iterable[Path]) -> str:
    """One md5 over the given files' bytes, in order: the data version in every report."""
    digest = hashlib.md5(usedforsecurity=False)
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def data_card(splits: dict[str, list[dict[str, Any]]], rejected: Counter[str]) -> dict[str, Any]:
    card: dict[str, Any] = {"rejected": dict(rejected), "splits": {}}
    for split, rows in splits.items():
        shaped = [row for row in rows if row["shapes"]]
        card["splits"][split] = {
            "examples": len(rows),
            "merchant_typed_share": round(len(shaped) / len(rows), 3) if rows else 0.0,
            "categories": len({_category(row) for row in rows}),
            "by_length": dict(Counter(row["length"] for row in rows).most_common()),
            "by_tone": dict(Counter(_tone(row) for row in rows).most_common()),
            "by_shape": dict(Counter(shape for row in rows for shape in row["shapes"]).most_common()),
            "by_category": dict(Counter(_category(row) for row in rows).most_common()),
            "empty_optional_fields": sum(1 for row in rows for key in ("brand", "audience", "color", "size",
                                                                          "materials", "keywords") if not row[key]),
        }
    return card


def card_markdown(card: dict[str, Any], raw: Path = RAW) -> str:
    """data/README.md: the data card, written from card.json by `python -m training prepare`."""
    splits = card["splits"]
    groups = json.loads((raw.parent / "prompts" / "categories.json").read_text())
    written = {path.name: sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
               for path in sorted(raw.glob("*.jsonl"), key=_file_number)}
    rows = "\n".join(f"| {name} | {count} | {groups.get(name, '')} |" for name, count in written.items())

    def assigned(prefix: str) -> int:  # the categories the writers were given (the typed category varies)
        return len({c.strip().split(" (")[0] for name, cats in groups.items() if name.startswith(prefix)
                    for c in cats.split(";")})
    lines = [
        "# The writer's data: merchant facts -> careful copy",
        "",
        "Generated by `python -m training prepare` from `raw/`; do not edit by hand.",
        "",
        "## How it was written",
        "- Every example is an invented product, the form's facts as a merchant types them, and the description a",
        "  careful copywriter writes from those facts only, to [the style guide](../docs/style-guide.md).",
        "- Written by language-model subagents working to that guide, each on its own categories",
        "  ([the instructions](prompts/)); samples reviewed by the developers. The second round's writers were also",
        "  told what the fact checker refuses (numbers, names, colours and materials the facts lack).",
        "- The held-out split (`test.jsonl`) comes from separate writers, in categories no training file has, and",
        "  with two input shapes only it uses (stock codes in names; features typed as questions or exclamations).",
        "  It is never used for tuning.",
        "- An example enters a split only if its facts pass the form's validation, its description passes the",
        "  sentence checker's fact checks and the scorecard (every fact in the prose, every keyword, the length band,",
        "  no unsupported claim, no lint, no repeat), and it is no near-duplicate of one kept before.",
        "  `rejected.json` lists every example left out and why.",
        "- Licence: written for this project, under the repository's licence (MIT).",
        "",
        "## Counts",
        f"Rejected: {card['rejected']}.",
        "",
        f"Categories given to the writers: {assigned('train')} for the training files, {assigned('test')} other ones "
        "for the held-out split (listed at the end; the category a merchant types varies, so the table counts "
        "typed categories too).",
        "",
        "| split | examples | typed as merchants type (share) | categories (as typed) | empty optional fields |",
        "|---|---|---|---|---|",
    ]
    lines += [f"| {name} | {s['examples']} | {s['merchant_typed_share']} | {s['categories']} | "
              f"{s['empty_optional_fields']} |" for name, s in splits.items()]
    for label, key in (("length", "by_length"), ("tone", "by_tone"), ("input shape", "by_shape")):
        lines += ["", f"### By {label} (train / test)", "", f"| {label} | train | test |", "|---|---|---|"]
        keys = list(dict.fromkeys([*splits["train"][key], *splits["test"][key]]))
        lines += [f"| {k} | {splits['train'][key].get(k, 0)} | {splits['test'][key].get(k, 0)} |" for k in keys]
    lines += ["", "## Files written, and the categories each writer was given", "",
              "| file | examples written | categories |", "|---|---|---|", rows, ""]
    return "\n".join(lines)
