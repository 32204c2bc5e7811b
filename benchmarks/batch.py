"""Batch throughput: a 100-row CSV built from a products file, through /describe_batch, with the
local engine and with the OpenAI-compatible engine against llama-cpp-python's server.

    python -m benchmarks.batch ../shared/eval/products.jsonl [--rows 100]
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
import time
from pathlib import Path

from tests.helpers import start_llama_server, start_server

ROOT = Path(__file__).resolve().parent.parent

COLUMNS = ["id", "name", "category", "brand", "features", "materials", "color", "size", "audience", "keywords",
           "tone", "length", "language", "seed"]


def build_csv(products: Path, rows: int, out: Path) -> Path:
    records = [json.loads(line) for line in products.read_text().splitlines() if line.strip()]
    with open(out, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for index in range(rows):
            record = dict(records[index % len(records)])
            for key in ("features", "materials", "keywords"):
                separator = "; " if key == "features" else ", "
                record[key] = separator.join(record.get(key) or [])
            record["seed"] = index  # every row is new work, not a cache hit
            writer.writerow({key: record.get(key, "") for key in COLUMNS})
    return out


def run(url: str, source: Path) -> tuple[float, list[dict]]:
    from gradio_client import Client

    started = time.perf_counter()
    job = Client(url, verbose=False).submit(file=__import__("gradio_client").handle_file(str(source)),
                                            api_name="/describe_batch")
    updates = sum(1 for _ in job)
    result = job.result()
    seconds = time.perf_counter() - started
    with open(result, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    print(f"    {updates} progress updates received")
    return seconds, rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("products", type=Path)
    parser.add_argument("--rows", type=int, default=100)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp())
    source = build_csv(args.products, args.rows, folder / "products.csv")
    failures = 0
    with start_llama_server(folder / "llama.log") as llama:
        setups = {
            "local llama.cpp engine": {},
            "openai engine -> llama.cpp server": {"TEXT_ENGINE": "openai", "TEXT_BASE_URL": llama.url,
                                                  "TEXT_MODEL": "smollm2", "BATCH_WORKERS": "4"},
        }
        for name, env in setups.items():
            with start_server(folder / f"{len(env)}.log", env={"RATE_LIMIT": "off", **env}) as server:
                print(f"{name}:")
                seconds, rows = run(server.url, source)
            described = sum(1 for row in rows if row["description"] and not row["error"])
            failures += len(rows) - described
            print(f"    {len(rows)} rows, {described} described, {len(rows) - described} errors, "
                  f"{seconds:.0f} s, {len(rows) / seconds * 60:.1f} rows a minute")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
