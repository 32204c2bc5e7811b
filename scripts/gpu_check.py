"""DEVICE=cuda on a GPU machine, in under five minutes, through the app's own engines.

    python scripts/gpu_check.py              # on the GPU machine: exits 1 if a CUDA check fails
    python scripts/gpu_check.py --cpu-only   # anywhere: the same steps on the CPU (a smoke test)

1. What the machine has: torch and CUDA, the GPU, bf16 support, llama.cpp GPU offload.
2. A tiny random Gemma (transformers text engine) and a tiny random BLIP (vision engine), built on the
   fly as in tests/helpers.py, loaded with DEVICE=cuda: their info() must say cuda and bf16/fp16, the
   text engine must stream tokens and BLIP must caption a photo.
3. The whole service with DEVICE=cuda on those two models: /health ok, one description, and the
   report's provenance naming cuda for both models.
4. Tokens per second, CPU against GPU, side by side: the tiny Gemma, a small random Gemma (~25M
   parameters, where the GPU starts to matter) and, when the llama.cpp build offloads, the embedded
   SmolLM2 GGUF with every layer on the GPU.

Prints a table and, when $OUT is set, writes $OUT/gpu_check.json. Needs the app's requirements
(torch with CUDA, transformers, tokenizers, pillow); llama-cpp-python is optional.
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
import traceback
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")  # everything is built here; nothing is downloaded
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

MESSAGES = [{"role": "system", "content": "You write product copy."},
            {"role": "user", "content": "Describe a water bottle."}]
RUNS = 3
results: dict[str, Any] = {"checks": [], "speed": []}


def check(name: str, ok: bool, detail: str = "") -> bool:
    results["checks"].append({"check": name, "ok": bool(ok), "detail": detail})
    print(f"  [{'ok' if ok else 'FAIL'}] {name}{': ' + detail if detail else ''}", flush=True)
    return bool(ok)


def guarded(name: str, step: Any) -> Any:
    """Run a step; a crash is a failed check with its last traceback line, and the script goes on."""
    try:
        return step()
    except Exception as exc:  # noqa: BLE001 - reported, then the next step runs
        check(name, False, f"{type(exc).__name__}: {exc}".splitlines()[0][:300])
        traceback.print_exc(limit=3)
        return None


def machine() -> dict[str, Any]:
    import torch

    info: dict[str, Any] = {"python": platform.python_version(), "torch": torch.__version__,
                            "cuda_available": torch.cuda.is_available(), "cpu_count": os.cpu_count()}
    if torch.cuda.is_available():
        info |= {"gpu": torch.cuda.get_device_name(0), "cuda": torch.version.cuda,
                 "bf16": torch.cuda.is_bf16_supported()}
    try:
        from generator.engines.device import llama_supports_gpu

        info["llama_gpu_offload"] = llama_supports_gpu()
    except ImportError:
        info["llama_gpu_offload"] = "llama-cpp-python not installed"
    return info


def build_small_gemma(directory: Path) -> str:
    """A random Gemma of ~25M parameters (the tiny one is all overhead): the same tokenizer, wider and deeper."""
    import torch
    from transformers import GemmaConfig, GemmaForCausalLM

    from tests.helpers import GEMMA_STYLE_TEMPLATE, build_tiny_tokenizer

    torch.manual_seed(0)
    tokenizer = build_tiny_tokenizer(GEMMA_STYLE_TEMPLATE)
    config = GemmaConfig(vocab_size=len(tokenizer), hidden_size=512, intermediate_size=2048, num_hidden_layers=8,
                         num_attention_heads=8, num_key_value_heads=2, head_dim=64, max_position_embeddings=512,
                         bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id,
                         pad_token_id=tokenizer.pad_token_id)
    GemmaForCausalLM(config).save_pretrained(directory)
    tokenizer.save_pretrained(directory)
    return str(directory)


def tokens_per_second(engine: Any, tokens: int) -> tuple[float, int]:
    from generator.engines.text.base import GenerationParams

    params = GenerationParams(max_tokens=tokens, temperature=0.0, repeat_penalty=1.0, seed=1)
    sum(chunk.tokens for chunk in engine.stream(MESSAGES, params))  # warm (CUDA kernels, caches)
    rates, counts = [], []
    for _ in range(RUNS):
        started = time.perf_counter()
        count = sum(chunk.tokens for chunk in engine.stream(MESSAGES, params))
        rates.append(count / (time.perf_counter() - started))
        counts.append(count)
    return statistics.median(rates), max(counts)


def engines_on(device: str, gemma: str, blip: str) -> None:
    from PIL import Image

    from generator.engines.text.base import GenerationParams
    from generator.engines.text.transformers import TransformersEngine
    from generator.engines.vision.blip import BlipEngine

    expected = ("bfloat16", "float16") if device == "cuda" else ("float32",)
    text = TransformersEngine(model=gemma, device=device)
    text.load()
    info = text.info()
    check(f"transformers text engine on {device}", info["device"] == device and info["dtype"] in expected,
          f"device {info['device']}, dtype {info['dtype']}")
    chunks = list(text.stream(MESSAGES, GenerationParams(max_tokens=8, temperature=0.0)))
    check(f"tiny Gemma streams tokens on {device}", sum(c.tokens for c in chunks) >= 1,
          f"{sum(c.tokens for c in chunks)} tokens")
    vision = BlipEngine(model=blip, device=device)
    vision.load()
    caption = vision.caption(Image.new("RGB", (64, 64), (200, 30, 30)))
    info = vision.info()
    check(f"BLIP captions on {device}", info["device"] == device and info["dtype"] in expected and isinstance(
        caption, str), f"device {info['device']}, dtype {info['dtype']}, caption {caption[:40]!r}")


def service_on(device: str, gemma: str, blip: str) -> None:
    from generator.service import DescriptionService
    from generator.settings import Settings

    service = DescriptionService(Settings(text_engine="transformers", text_model=gemma, vision_engine="blip",
                                          vision_model=blip, device=device, warmup=False, cache_size=0,
                                          best_of=1, rate_limit=""))
    service.load()
    health = service.health()
    check(f"service with DEVICE={device}: /health", health["status"] == "ok", health["status"])
    result = service.describe({"name": "Water Bottle", "features": "keeps drinks cold"}, {"length": "short"}, seed=1)
    named = result.report["provenance"]["device"]
    check(f"report names the device ({device})", named["text"] == device and named["vision"] == device, str(named))


def speed_rows(devices: list[str], gemma: str, small: str, tokens: int) -> None:
    from generator.engines.text.transformers import TransformersEngine

    for label, path in (("tiny random Gemma (transformers)", gemma), ("small random Gemma ~25M (transformers)", small)):
        row: dict[str, Any] = {"model": label}
        for device in devices:
            engine = TransformersEngine(model=path, threads=os.cpu_count() or 1, device=device)
            engine.load()
            row[device], row["tokens"] = tokens_per_second(engine, tokens)
            del engine
        results["speed"].append(row)
    llama_row = guarded("llama.cpp speed", lambda: llama_speed(devices, tokens))
    if llama_row:
        results["speed"].append(llama_row)


def llama_speed(devices: list[str], tokens: int) -> dict[str, Any] | None:
    from generator.engines.device import llama_supports_gpu
    from generator.engines.text.llamacpp import LlamaCppEngine

    row: dict[str, Any] = {"model": "SmolLM2-135M Q4_1 GGUF (llama.cpp)"}
    for device in devices:
        if device == "cuda" and not llama_supports_gpu():
            row[device] = "no GPU offload in this build"
            continue
        engine = LlamaCppEngine(threads=os.cpu_count() or 1, device=device)
        engine.load()
        check(f"llama.cpp on {device}", engine.info()["device"] == device, str(engine.info()["gpu_layers"]))
        row[device], row["tokens"] = tokens_per_second(engine, tokens)
    return row


def table(devices: list[str]) -> str:
    def cell(value: Any) -> str:
        return f"{value:.1f}" if isinstance(value, float) else str(value)

    lines = [f"| model | {' | '.join(f'{d} tok/s' for d in devices)} | GPU / CPU |", "|---" * (len(devices) + 2) + "|"]
    for row in results["speed"]:
        ratio = (f"{row['cuda'] / row['cpu']:.1f}x" if isinstance(row.get("cuda"), float)
                 and isinstance(row.get("cpu"), float) else "-")
        lines.append(f"| {row['model']} | {' | '.join(cell(row.get(d, '-')) for d in devices)} | {ratio} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cpu-only", action="store_true", help="run every step on the CPU (no GPU needed)")
    parser.add_argument("--tokens", type=int, default=64, help="tokens per speed run")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    results["machine"] = machine()
    print(json.dumps(results["machine"], indent=1), flush=True)
    cuda = results["machine"]["cuda_available"] and not args.cpu_only
    if not cuda and not args.cpu_only:
        check("a CUDA device is visible to torch", False, "run with --cpu-only for a smoke test without a GPU")
    device = "cuda" if cuda else "cpu"
    devices = ["cpu", "cuda"] if cuda else ["cpu"]
    from tests.helpers import build_tiny_blip, build_tiny_causal_lm

    folder = Path(tempfile.mkdtemp(prefix="gpu-check-"))
    gemma = build_tiny_causal_lm(folder / "tiny-gemma", "gemma")
    blip = build_tiny_blip(folder / "tiny-blip")
    small = build_small_gemma(folder / "small-gemma")
    print(f"\n1. the engines with DEVICE={device}", flush=True)
    guarded(f"engines on {device}", lambda: engines_on(device, gemma, blip))
    print(f"\n2. the service with DEVICE={device}", flush=True)
    guarded(f"service on {device}", lambda: service_on(device, gemma, blip))
    print(f"\n3. tokens per second ({', '.join(devices)})", flush=True)
    guarded("speed", lambda: speed_rows(devices, gemma, small, args.tokens))
    results["seconds"] = round(time.perf_counter() - started, 1)
    print("\n" + table(devices) + f"\n\n{results['seconds']} s", flush=True)
    if os.environ.get("OUT"):
        out = Path(os.environ["OUT"]) / "gpu_check.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(results, indent=2) + "\n")
        print(f"wrote {out}")
    return 0 if all(item["ok"] for item in results["checks"]) else 1


if __name__ == "__main__":
    raise SystemExit(main())
