"""The benchmark suite: one command, a table, and JSON; and the README's charts from that JSON.

    python -m benchmarks [--quick] [--json benchmarks/results/latest.json]
    python -m benchmarks --plot docs/plots [--batched benchmarks/results/batched.json]

Every figure is a median of at least 5 runs; every ratio compares runs made in this same process,
interleaved, because the machine is noisy. Targets come from the performance issue.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import numpy as np

from generator.engines.text import GenerationParams
from generator.engines.text.llamacpp import LlamaCppEngine
from generator.models import SMOLLM2_GGUF
from generator.service import DescriptionService
from generator.settings import Settings
from tests.helpers import start_server

ROOT = Path(__file__).resolve().parent.parent

PRODUCT = {
    "name": "Insulated Water Bottle", "category": "Drinkware", "brand": "Hydrova",
    "features": "keeps drinks cold for 24 hours\nkeeps drinks hot for 12 hours\nleak-proof screw lid",
    "materials": "stainless steel", "color": "matte black", "size": "750 ml", "audience": "hikers and commuters",
    "keywords": "reusable, BPA-free",
}
SPEED_PROMPT = [{"role": "user", "content": "Write a long story about a lighthouse keeper and the sea."}]
COMPLETION_PROMPT = "The lighthouse keeper climbed the stairs at dusk. Chapter one.\n\nThe sea"
RUNS = 5
rows: list[dict[str, Any]] = []


def median(values: list[float]) -> float:
    return statistics.median(values)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def p95(values: list[float]) -> float:
    return percentile(values, 0.95)


def record(group: str, name: str, value: float, unit: str, target: str = "", ok: bool | None = None, note: str = "",
           samples: list[float] | None = None):
    rows.append({"group": group, "figure": name, "value": value, "unit": unit, "target": target,
                 "met": ok, "note": note, **({"samples": [round(v, 4) for v in samples]} if samples else {})})
    mark = "" if ok is None else ("  ok" if ok else "  MISSED")
    print(f"  {name:<52} {value:>10.3f} {unit:<10} {target:<10}{mark} {note}", flush=True)


# --- 1. generation speed ---------------------------------------------------------------------

def bandwidth_gb_s() -> float:
    """Memory read bandwidth: a 512 MB array summed, best of 5."""
    data = np.ones(64 * 1024 * 1024, dtype=np.float64)
    times = []
    for _ in range(5):
        started = time.perf_counter()
        data.sum()
        times.append(time.perf_counter() - started)
    return data.nbytes / min(times) / 1e9


def generation_speed(tokens: int, threads: int) -> None:
    from llama_cpp import Llama

    print("1. generation speed (greedy, same GGUF, same prompt, same token count)", flush=True)
    engine = LlamaCppEngine(threads=threads)
    engine.load()
    bare = Llama(model_path=str(SMOLLM2_GGUF.path()), n_ctx=2048, n_threads=threads, n_threads_batch=threads,
                 verbose=False)
    params = GenerationParams(max_tokens=tokens, temperature=0.0, seed=1)

    def run_app() -> tuple[int, float]:
        started = time.perf_counter()
        count = sum(chunk.tokens for chunk in engine.stream(SPEED_PROMPT, params))
        return count, time.perf_counter() - started

    def run_bare() -> tuple[int, float]:
        started = time.perf_counter()
        count = 0
        for chunk in bare.create_chat_completion(messages=SPEED_PROMPT, stream=True, max_tokens=tokens,
                                                 temperature=0.0, top_p=params.top_p,
                                                 repeat_penalty=params.repeat_penalty, seed=1):
            count += bool(chunk["choices"][0]["delta"].get("content"))
        return count, time.perf_counter() - started

    run_app(), run_bare()  # warm both
    app_rates, bare_rates, counts = [], [], set()
    for _ in range(RUNS):
        for runner, rates in ((run_app, app_rates), (run_bare, bare_rates)):
            count, seconds = runner()
            counts.add(count)
            rates.append(count / seconds)
    record("speed", "app llama.cpp engine tokens/s", median(app_rates), "tok/s", note=f"tokens {sorted(counts)}")
    record("speed", "bare llama-cpp-python tokens/s", median(bare_rates), "tok/s")
    ratio = median([a / b for a, b in zip(app_rates, bare_rates, strict=True)])
    record("speed", "ratio app / bare", ratio, "x", ">= 0.95", ratio >= 0.95)
    bandwidth = bandwidth_gb_s()
    model_bytes = SMOLLM2_GGUF.path().stat().st_size
    record("speed", "memory read bandwidth", bandwidth, "GB/s")
    record("speed", "bandwidth bound (bandwidth / GGUF bytes)", bandwidth * 1e9 / model_bytes, "tok/s",
           note=f"{model_bytes / 1e6:.0f} MB read per token")


def transformers_speed(tokens: int, threads: int) -> None:
    from generator.engines.text.transformers import TransformersEngine

    try:
        engine = TransformersEngine(model=str(SMOLLM2_GGUF.path()), threads=threads)
        engine.load()
    except Exception as exc:  # noqa: BLE001 - optional figure
        record("speed", "transformers engine (same weights, fp32)", float("nan"), "tok/s", note=f"skipped: {exc}")
        return
    params = GenerationParams(max_tokens=tokens, temperature=0.0, seed=1, repeat_penalty=1.0)
    rates = []
    for _ in range(RUNS):
        started = time.perf_counter()
        count = sum(chunk.tokens for chunk in engine.stream(SPEED_PROMPT, params))
        rates.append(count / (time.perf_counter() - started))
    record("speed", "transformers engine (same weights, dequantised fp32)", median(rates), "tok/s")


def embedded_models_speed(tokens: int, threads: int) -> None:
    """Each embedded GGUF on the same completion prompt, one sequence, greedy: the README's model table."""
    from llama_cpp import Llama

    from generator.models import EMBEDDED_TEXT_MODELS

    print("1b. embedded models (bare llama-cpp-python, completion prompt, one sequence)", flush=True)
    for name, model in EMBEDDED_TEXT_MODELS.items():
        llama = Llama(model_path=str(model.path()), n_ctx=2048, n_threads=threads, n_threads_batch=threads,
                      verbose=False)
        llama.create_completion(COMPLETION_PROMPT, max_tokens=8, temperature=0.0)  # warm
        rates, counts = [], set()
        for _ in range(RUNS):
            started = time.perf_counter()
            out = llama.create_completion(COMPLETION_PROMPT, max_tokens=tokens, temperature=0.0, seed=1)
            count = out["usage"]["completion_tokens"]
            counts.add(count)
            rates.append(count / (time.perf_counter() - started))
        size_mb = model.path().stat().st_size / 1e6
        record("models", f"{name}: tokens/s, one sequence", median(rates), "tok/s",
               note=f"tokens {sorted(counts)}, file {size_mb:.0f} MB")
        del llama


# --- 2-7. through the real server -----------------------------------------------------------------

def rss_peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cold_start(runs: int, threads: int) -> None:
    print("3. cold start (process start to /health ok, and to the first description)", flush=True)
    to_health, to_first = [], []
    for _ in range(runs):
        log = Path(tempfile.mkdtemp()) / "server.log"
        started = time.perf_counter()
        with start_server(log, env={"CACHE_SIZE": "0", "RATE_LIMIT": "off", "MODEL_THREADS": str(threads)}) as server:
            to_health.append(time.perf_counter() - started)
            response = httpx.post(f"{server.url}/generate-description/", timeout=120,
                                  json={"attributes": "Insulated Water Bottle, keeps drinks cold for 24 hours"})
            response.raise_for_status()
            to_first.append(time.perf_counter() - started)
    record("cold", "process start -> /health ok", median(to_health), "s", "<= 15", median(to_health) <= 15)
    record("cold", "process start -> first description", median(to_first), "s", "<= 20", median(to_first) <= 20)


def through_server(threads: int, quick: bool) -> None:
    from gradio_client import Client, handle_file

    log = Path(tempfile.mkdtemp()) / "server.log"
    with start_server(log, env={"CACHE_SIZE": "0", "RATE_LIMIT": "off", "MODEL_THREADS": str(threads)}) as server:
        client = Client(server.url, verbose=False)
        direct = DescriptionService(Settings(threads=threads, cache_size=0))
        direct.load(roles=("text",))

        print("2. app overhead (/describe through gradio_client vs a direct generator call, same seed)", flush=True)
        ratios, api_times, direct_times = [], [], []
        for seed in range(RUNS):
            started = time.perf_counter()
            direct_text = direct.describe(PRODUCT, {"length": "medium"}, seed=seed).text
            direct_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            api_text, _ = client.predict(**PRODUCT, length="medium", seed=seed, api_name="/describe")
            api_times.append(time.perf_counter() - started)
            ratios.append(api_times[-1] / direct_times[-1])
            assert api_text == direct_text, "the API and the direct call must do the same work"
        record("overhead", "direct generator call, medium", median(direct_times), "s")
        record("overhead", "/describe via gradio_client, medium", median(api_times), "s")
        record("overhead", "ratio API / direct", median(ratios), "x", "<= 1.10", median(ratios) <= 1.10)
        del direct

        print("4. latency with verification (through the API, distinct seeds)", flush=True)
        for length in ("short", "medium", "long"):
            times = []
            for seed in range(100, 100 + RUNS):
                started = time.perf_counter()
                client.predict(**PRODUCT, length=length, seed=seed, api_name="/describe")
                times.append(time.perf_counter() - started)
            target = "<= 3" if length == "medium" else ""
            record("latency", f"{length} description", median(times), "s", target,
                   median(times) <= 3 if length == "medium" else None, samples=times)
        photos = sorted((ROOT.parent / "shared" / "eval" / "images").glob("*.JPEG"))
        if not photos:
            from PIL import Image
            from skimage import data

            path = Path(tempfile.mkdtemp()) / "camera.jpg"
            Image.fromarray(data.camera()).convert("RGB").save(path)
            photos = [path]
        service_ms = []
        for photo in (photos * RUNS)[: max(RUNS, len(photos))]:
            detected = client.predict(image=handle_file(str(photo)), api_name="/analyze_image")
            service_ms.append(detected["model"]["seconds"] * 1000)
        record("latency", f"photo analysis ({len(photos)} photos), in the service", median(service_ms), "ms",
               "<= 300", median(service_ms) <= 300)

        print("5. throughput (concurrent gradio_client users, short descriptions)", flush=True)
        for users in (1, 4, 8):
            throughput(server.url, users, per_user=2 if quick else 3)

        print("6. response cache", flush=True)
        cache_benchmark(threads)

        print("7. memory", flush=True)
        record("memory", "server peak RSS (both default models, after the run)", rss_peak_mb(server.process.pid),
               "MB", "<= 1536", rss_peak_mb(server.process.pid) <= 1536)


def drafting(threads: int) -> None:
    """Issue 14's drafting figures, black-box through gradio_client on the default settings: candidates per
    medium description, tokens drafted per second of request time against one bare llama.cpp sequence on the
    same GGUF (interleaved, the server idle while the bare run goes), verification's share of request time."""
    from gradio_client import Client
    from llama_cpp import Llama

    from generator.models import embedded_text_model

    print("8. drafting (medium, default settings): candidates, drafted tokens/s vs one bare sequence", flush=True)
    model = embedded_text_model(os.environ.get("TEXT_MODEL", ""))
    if model is None:
        print("   skipped: TEXT_MODEL is not an embedded model", flush=True)
        return
    bare = Llama(model_path=str(model.path()), n_ctx=2048, n_threads=threads, n_threads_batch=threads, verbose=False)

    def bare_rate() -> float:
        started = time.perf_counter()
        out = bare.create_completion(COMPLETION_PROMPT, max_tokens=64, temperature=0.8, seed=1)
        return int(out["usage"]["completion_tokens"]) / (time.perf_counter() - started)

    log = Path(tempfile.mkdtemp()) / "server.log"
    with start_server(log, env={"CACHE_SIZE": "0", "RATE_LIMIT": "off", "MODEL_THREADS": str(threads)}) as server:
        client = Client(server.url, verbose=False)
        client.predict(**PRODUCT, length="medium", seed=1, api_name="/describe")  # warm
        bare_rate()
        walls, candidates, drafted, shares, bare_rates = [], [], [], [], []
        for seed in range(200, 200 + 2 * RUNS):
            started = time.perf_counter()
            _, report = client.predict(**PRODUCT, length="medium", seed=seed, api_name="/describe")
            wall = time.perf_counter() - started
            walls.append(wall)
            candidates.append(report["check"]["candidates"])
            drafted.append(report["tokens"] / wall)
            shares.append(report["check"].get("seconds", {}).get("checking", float("nan")) / wall)
            bare_rates.append(bare_rate())
    ratio = median(drafted) / median(bare_rates)
    record("drafting", "candidates drafted per medium description", median(candidates), "count", ">= 3",
           median(candidates) >= 3, note=f"strategy {report['strategy']}, model {report['model']}")
    record("drafting", "tokens drafted per second of request time", median(drafted), "tok/s")
    record("drafting", "one bare llama.cpp sequence (same GGUF, interleaved)", median(bare_rates), "tok/s")
    record("drafting", "ratio drafted / bare", ratio, "x", ">= 1.5", ratio >= 1.5)
    record("drafting", "medium description, verified", median(walls), "s", "<= 2.5", median(walls) <= 2.5,
           samples=walls)
    record("drafting", "verification share of request time", median(shares), "share", "<= 0.10",
           median(shares) <= 0.10)


def throughput(url: str, users: int, per_user: int) -> None:
    from gradio_client import Client

    clients = [Client(url, verbose=False) for _ in range(users)]
    latencies: list[float] = []
    errors = 0
    depth = {"max": 0.0}
    stop = {"flag": False}

    def poll_queue() -> None:
        while not stop["flag"]:
            text = httpx.get(f"{url}/metrics").text
            for line in text.splitlines():
                if line.startswith("queue_depth "):
                    depth["max"] = max(depth["max"], float(line.split()[1]))
            time.sleep(0.2)

    def user(index: int) -> None:
        nonlocal errors
        for request in range(per_user):
            started = time.perf_counter()
            try:
                clients[index].predict(**PRODUCT, length="short", seed=1000 * index + request, api_name="/describe")
                latencies.append(time.perf_counter() - started)
            except Exception:  # noqa: BLE001 - counted, reported
                errors += 1

    with ThreadPoolExecutor(max_workers=users + 1) as pool:
        poller = pool.submit(poll_queue)
        started = time.perf_counter()
        list(pool.map(user, range(users)))
        elapsed = time.perf_counter() - started
        stop["flag"] = True
        poller.result()
    done = len(latencies)
    record("throughput", f"{users} users: descriptions per minute", done / elapsed * 60, "/min")
    for name, share in (("p50", 0.5), ("p90", 0.9), ("p95", 0.95)):
        record("throughput", f"{users} users: {name} latency",
               percentile(latencies, share) if latencies else float("nan"), "s",
               samples=latencies if name == "p50" else None)
    record("throughput", f"{users} users: errors", errors, "count", "0", errors == 0,
           note=f"max queue depth {depth['max']:.0f}")


def cache_benchmark(threads: int) -> None:
    service = DescriptionService(Settings(threads=threads, cache_size=64))
    service.load(roles=("text",))
    miss_started = time.perf_counter()
    service.describe(PRODUCT, {"length": "medium"}, seed=7)
    miss = time.perf_counter() - miss_started
    hits = []
    for _ in range(RUNS * 4):
        started = time.perf_counter()
        result = service.describe(PRODUCT, {"length": "medium"}, seed=7)
        hits.append((time.perf_counter() - started) * 1000)
        assert result.report["cache"]["hit"]
    record("cache", "identical request, served from cache", median(hits), "ms", "< 50", median(hits) < 50,
           note=f"first (miss) {miss:.2f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results" / "latest.json")
    parser.add_argument("--quick", action="store_true", help="fewer cold starts and throughput requests")
    parser.add_argument("--tokens", type=int, default=128, help="tokens per generation-speed run")
    parser.add_argument("--threads", type=int, default=0,
                        help="model threads, here and in the server (default: every core; 1 on a busy machine)")
    parser.add_argument("--only", choices=["speed", "models", "cold", "server", "drafting"],
                        help="run one part of the suite")
    parser.add_argument("--plot", type=Path, metavar="DIR",
                        help="write the PNG charts from --json and --batched into DIR, and run nothing")
    parser.add_argument("--batched", type=Path, default=ROOT / "benchmarks" / "results" / "batched.json",
                        help="batched-decoding figures for --plot: {model: {batch_size: tok_per_s}}")
    args = parser.parse_args(argv)
    if args.plot is not None:
        from .plots import PlotDataError, plot_all

        try:
            written = plot_all(args.plot, args.json, args.batched)
        except PlotDataError as exc:
            print(f"cannot plot: {exc}", file=sys.stderr)
            return 2
        print("\n".join(f"wrote {path}" for path in written))
        return 0
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    cores = os.cpu_count() or 1
    threads = args.threads or cores
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    machine = (f"{platform.machine()}, {cores} cores, {threads} model threads, Python {platform.python_version()}, "
               f"load average {load:.1f} at the start")
    print(f"benchmarks on {machine}; medians of {RUNS} runs\n", flush=True)
    started = time.perf_counter()
    steps: list[tuple[str, Callable[[], None]]] = [
        ("speed", lambda: generation_speed(args.tokens, threads)),
        ("speed", lambda: transformers_speed(min(args.tokens, 64), threads)),
        ("models", lambda: embedded_models_speed(args.tokens, threads)),
        ("cold", lambda: cold_start(RUNS, threads)),
        ("server", lambda: through_server(threads, args.quick)),
        ("drafting", lambda: drafting(threads)),
    ]
    for part, step in steps:
        if args.only in (None, part):
            step()
    total = time.perf_counter() - started
    print(f"\nsuite took {total:.0f} s")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"machine": machine, "runs": RUNS, "seconds": round(total, 1), "rows": rows},
                                    indent=2))
    print(f"wrote {args.json}")
    return 0 if all(row["met"] is not False for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
