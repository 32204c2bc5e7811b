"""Batched decoding on the embedded GGUFs, llama.cpp's batched-bench in small: aggregate tokens per second
of N sequences decoded together from one shared prompt, for N in 1 2 4 8 16, and the time to first token
with and without the kept few-shot prefix.

    python -m benchmarks.batched [--threads 2] [--runs 3] [--json benchmarks/results/batched.json]

The JSON has the schema `python -m benchmarks --plot --batched` reads: {model: {batch_size: tok_per_s}},
with notes under keys that start with `_`. Runs are interleaved over batch sizes, so a burst of load from
other work hits every size alike; each figure is the median.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

from generator.engines.text.batched import BatchedLlama
from generator.models import embedded_text_model
from generator.quality import voice

ROOT = Path(__file__).resolve().parent.parent
BATCHES = (1, 2, 4, 8, 16)


def batches(model: str, threads: int, runs: int, tokens: int) -> dict[int, float]:
    llama = BatchedLlama(embedded_text_model(model).path(), n_parallel=max(BATCHES), n_ctx=4096,
                         n_threads=threads)
    prompt = llama.tokenize(voice.prefix_text())[:200]
    llama.generate_all(prompt[:32], n=1, max_tokens=4)  # page the weights in
    rates: dict[int, list[float]] = {n: [] for n in BATCHES}
    for run in range(runs):
        for n in BATCHES:
            llama.generate_all(prompt, n=n, max_tokens=tokens, temperature=0.8, top_p=0.95, repeat_penalty=1.1,
                               seeds=list(range(100 * run, 100 * run + n)), ignore_eos=True)
            stats = llama.last_stats
            rates[n].append(stats.n_decoded / stats.t_generate_s)
    medians = {n: round(statistics.median(values), 1) for n, values in rates.items()}
    for n, value in medians.items():
        print(f"  {model:12} batch {n:2}: {value:7.1f} tok/s together, {value / n:6.1f} a sequence", flush=True)
    llama.close()
    return medians


def prefix(model: str, threads: int, runs: int) -> dict[str, float]:
    """Time to first token of a request that starts with the few-shot prefix, without and with it kept."""
    llama = BatchedLlama(embedded_text_model(model).path(), n_parallel=4, n_ctx=2048, n_threads=threads)
    kept = llama.tokenize(voice.prefix_text())
    request = kept + llama.tokenize(" Facts: a product.\nOpening: The", add_special=False)
    cold, warm = [], []
    for _ in range(runs):
        llama.clear_prefix()
        started = time.perf_counter()
        llama.generate_all(request, n=4, max_tokens=1)
        cold.append(time.perf_counter() - started)
        llama.set_prefix(kept)
        started = time.perf_counter()
        llama.generate_all(request, n=4, max_tokens=1)
        warm.append(time.perf_counter() - started)
    out = {"tokens": len(request), "cold_s": round(statistics.median(cold), 3),
           "kept_s": round(statistics.median(warm), 3)}
    print(f"  {model:12} first token, {out['tokens']}-token prompt: {out['cold_s']} s, prefix kept: "
          f"{out['kept_s']} s", flush=True)
    llama.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--tokens", type=int, default=64, help="tokens each sequence decodes")
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results" / "batched.json")
    args = parser.parse_args(argv)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    result: dict[str, object] = {
        "_caption": f"python -m benchmarks.batched --threads {args.threads}: {args.tokens} tokens a sequence "
                    f"from a 200-token prompt, median of {args.runs}, load average {load:.1f} at the start",
    }
    for model in ("smollm2", "gemma3-270m"):
        print(f"{model}: aggregate decode by batch size", flush=True)
        result[model] = batches(model, args.threads, args.runs, args.tokens)
        result[f"_prefix_{model}"] = prefix(model, args.threads, args.runs)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2))
    print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
