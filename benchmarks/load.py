"""Load test: N concurrent gradio_client users for M minutes against a server on loopback.

    python -m benchmarks.load [--users 8] [--minutes 5] [--url http://127.0.0.1:7860] [--max-rss-growth-mb 150]

Without --url it starts the app itself on a free 127.0.0.1 port. It stops by itself after the set
time (and after at most --max-requests), then prints requests, errors, p50/p95 latency and the
server's RSS before and after; it exits non-zero when errors occur or RSS grows past the bound.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from contextlib import nullcontext
from pathlib import Path

import httpx

from tests.helpers import start_server

ROOT = Path(__file__).resolve().parent.parent

PRODUCTS = [
    {"name": "Insulated Water Bottle", "features": "keeps drinks cold for 24 hours", "size": "750 ml",
     "keywords": "reusable"},
    {"name": "Ceramic Coffee Mug", "features": "dishwasher safe\nmicrowave safe", "materials": "stoneware"},
    {"name": "Trail Running Shoe", "features": "Vibram outsole\nrock plate", "color": "orange and grey"},
]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=8)
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--url", help="an already running server on this machine (loopback only)")
    parser.add_argument("--max-requests", type=int, default=5000)
    parser.add_argument("--max-rss-growth-mb", type=float, default=150.0)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    if args.url and httpx.URL(args.url).host not in ("127.0.0.1", "localhost", "::1"):
        parser.error("--url must be a loopback address")
    from gradio_client import Client

    log = Path(tempfile.mkdtemp()) / "server.log"
    context = nullcontext(None) if args.url else start_server(log, env={"RATE_LIMIT": "off"})
    with context as server:
        url = args.url or server.url
        pid = server.process.pid if server else None
        for product in PRODUCTS:  # warm: first requests pay one-off costs
            Client(url, verbose=False).predict(**product, length="short", seed=0, api_name="/describe")
        rss_before = rss_mb(pid) if pid else float("nan")
        deadline = time.monotonic() + args.minutes * 60
        latencies: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()

        def user(index: int) -> None:
            client = Client(url, verbose=False)
            request = 0
            while time.monotonic() < deadline:
                with lock:
                    if len(latencies) + len(errors) >= args.max_requests:
                        return
                product = PRODUCTS[(index + request) % len(PRODUCTS)]
                # One request in five repeats an earlier one (the cache serves it); the rest are new work.
                seed = 0 if request % 5 == 4 else index * 100_000 + request + 1
                started = time.perf_counter()
                try:
                    client.predict(**product, length="short", seed=seed, api_name="/describe")
                    with lock:
                        latencies.append(time.perf_counter() - started)
                except Exception as exc:  # noqa: BLE001 - counted and reported
                    with lock:
                        errors.append(f"{type(exc).__name__}: {exc}"[:200])
                request += 1

        threads = [threading.Thread(target=user, args=(i,)) for i in range(args.users)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        rss_after = rss_mb(pid) if pid else float("nan")
        health = httpx.get(f"{url}/health", timeout=10).json()["status"]

    ordered = sorted(latencies)
    result = {
        "users": args.users, "minutes": round(elapsed / 60, 2), "requests": len(latencies) + len(errors),
        "errors": len(errors), "error_rate": round(len(errors) / max(1, len(latencies) + len(errors)), 4),
        "p50_s": round(statistics.median(ordered), 3) if ordered else None,
        "p95_s": round(ordered[int(0.95 * (len(ordered) - 1))], 3) if ordered else None,
        "per_minute": round(len(latencies) / elapsed * 60, 1),
        "rss_before_mb": round(rss_before, 1), "rss_after_mb": round(rss_after, 1),
        "rss_growth_mb": round(rss_after - rss_before, 1), "health_after": health, "first_errors": errors[:5],
    }
    for key, value in result.items():
        print(f"{key:<16} {value}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    grew_too_much = pid is not None and result["rss_growth_mb"] > args.max_rss_growth_mb
    return 1 if errors or grew_too_much or health != "ok" else 0


if __name__ == "__main__":
    sys.exit(main())
