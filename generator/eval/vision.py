"""Vision eval: top-1 / top-3 product-type accuracy and median ms per photo.

    python -m generator.eval.vision ../shared/eval/images [--json out.json]

File names carry the expected ImageNet synset, e.g. n04557648_water_bottle.JPEG.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from ..engines.vision.classifier import class_table
from ..service import DescriptionService
from ..settings import Settings

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif"}


def expected_product(path: Path) -> str:
    wnid = path.name.split("_", 1)[0]
    _, products = class_table()
    if wnid not in products:
        raise ValueError(f"{path.name}: synset {wnid} is not a product class")
    return products[wnid][0]


def evaluate(folder: Path, service: DescriptionService) -> dict:
    rows: list[dict[str, Any]] = []
    for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES):
        started = time.perf_counter()
        detection = service.analyze_image(path)
        ms = (time.perf_counter() - started) * 1000
        predicted = [label["name"] for label in detection.labels]
        expected = expected_product(path)
        rows.append({"file": path.name, "expected": expected, "predicted": predicted[:3], "ms": round(ms, 1),
                     "top1": predicted[:1] == [expected], "top3": expected in predicted[:3],
                     "colors": detection.colors})
    return {
        "images": len(rows),
        "top1_accuracy": sum(r["top1"] for r in rows) / len(rows),
        "top3_accuracy": sum(r["top3"] for r in rows) / len(rows),
        "median_ms": statistics.median(r["ms"] for r in rows),
        "rows": rows,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    service = DescriptionService(settings)
    service.load(roles=("vision",))
    if not service.status["vision"].loaded:
        print(f"vision model failed to load: {service.status['vision'].reason}", file=sys.stderr)
        return 1
    result = evaluate(args.folder, service)
    for row in result["rows"]:
        mark = "ok " if row["top3"] else "MISS"
        predicted = ", ".join(row["predicted"]) or "-"
        print(f"{mark} {row['file']:<36} expected {row['expected']:<14} got {predicted:<45} {row['ms']:>6.1f} ms")
    print(f"\n{result['images']} photos  top-1 {result['top1_accuracy']:.3f}  top-3 {result['top3_accuracy']:.3f}  "
          f"median {result['median_ms']:.1f} ms/photo  (engine {settings.vision_engine})")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
