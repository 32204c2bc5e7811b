"""The trained PEFT adapter -> llama.cpp's GGUF LoRA adapter, with llama.cpp's own converter.

    python -m training export runs/smollm2 models/writer-smollm2.gguf

`convert_lora_to_gguf.py` ships in the llama-cpp-python sdist (vendor/llama.cpp) of the version that serves,
with its `conversion/` package and `gguf-py/`; the sdist is fetched once from PyPI into the cache. q8_0 keeps
the adapter a few MB.
"""
from __future__ import annotations

import json
import os
import subprocess  # nosec B404: runs pip and llama.cpp's converter, with fixed arguments
import sys
import tarfile
from importlib.metadata import version
from pathlib import Path

from generator.models import cache_dir, sha256_of


def llama_cpp_source() -> Path:
    """vendor/llama.cpp of the installed llama-cpp-python's sdist, unpacked under the cache."""
    release = version("llama_cpp_python")
    root = cache_dir() / f"llama-cpp-python-{release}-sdist"
    vendor = root / f"llama_cpp_python-{release}" / "vendor" / "llama.cpp"
    if (vendor / "convert_lora_to_gguf.py").exists():
        return vendor
    root.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",  # nosec B603
                    f"llama-cpp-python=={release}", "-d", str(root)], check=True)
    archive = next(root.glob("llama_cpp_python-*.tar.gz"))
    with tarfile.open(archive) as tar:
        members = [m for m in tar.getmembers() if "/vendor/llama.cpp/" in m.name
                   and ("/gguf-py/" in m.name or "/conversion/" in m.name or m.name.endswith(".py"))]
        tar.extractall(root, members=members, filter="data")  # nosec B202: members filtered, data filter
    return vendor


def export(run: Path, outfile: Path, outtype: str = "q8_0") -> Path:
    """Convert run/adapter (with run/base as the base's config and tokenizer) into `outfile`, and write its card
    beside it (`outfile` with .json): what the app checks before it loads the adapter, and reports."""
    vendor = llama_cpp_source()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(vendor / "gguf-py"), str(vendor)])}
    outfile.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, str(vendor / "convert_lora_to_gguf.py"), "--base", str(run / "base"),  # nosec B603
                    "--outtype", outtype, "--outfile", str(outfile), str(run / "adapter")], check=True, env=env)
    summary = json.loads((run / "config.json").read_text())
    card = {"sha256": sha256_of(outfile), "outtype": outtype, "base_file": summary["base_file"],
            "base_sha256": summary["base_sha256"], "data_md5": summary["data_md5"],
            "format_version": summary["config"]["format_version"], "run": str(run),
            "training": {key: summary[key] for key in ("examples", "steps", "tokens", "minutes", "tokens_per_second",
                                                       "dev_loss", "device")},
            "config": summary["config"]}
    outfile.with_suffix(".json").write_text(json.dumps(card, indent=1) + "\n")
    return outfile
