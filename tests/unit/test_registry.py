"""The engine registry: every engine builds from the settings, and capabilities replace name checks."""
import re
from pathlib import Path

import pytest

from generator.engines import registry
from generator.settings import Settings, choices_of

ROOT = Path(__file__).resolve().parents[2]
REMOTE = {"text_base_url": "http://127.0.0.1:9/v1", "text_model": "m", "vision_base_url": "http://127.0.0.1:9/v1",
          "vision_model": "m"}


@pytest.mark.parametrize("spec", registry.ENGINES, ids=lambda spec: f"{spec.kind}-{spec.name}")
def test_every_engine_builds_from_settings_without_loading(spec):
    settings = Settings(**{f"{spec.kind}_engine": spec.name, **REMOTE})
    engine = spec.create(settings)
    assert engine.name == spec.name and engine.info()["engine"] == spec.name


def test_the_settings_offer_exactly_the_registered_engines():
    assert choices_of("text_engine") == choices_of("ab_text_engine") == ("llamacpp", "transformers", "openai")
    assert choices_of("vision_engine") == ("classifier", "blip", "openai")
    with pytest.raises(ValueError, match="unknown text engine 'gpt'"):
        registry.spec("text", "gpt")


def test_capabilities_drive_behaviour():
    assert Settings(text_engine="openai", **REMOTE).batch_concurrency == 4  # remote: rows in parallel
    assert Settings(text_engine="llamacpp").batch_concurrency == 1
    assert Settings(batch_workers=3).batch_concurrency == 3
    assert [spec.name for spec in registry.ENGINES if spec.captions] == ["blip"]  # the Image tab's Caption field


def test_no_engine_name_checks_outside_the_engines_package():
    pattern = re.compile(r"(text|vision)_engine\s*(==|!=|in\b)")
    sources = [ROOT / "app.py", *sorted((ROOT / "generator").rglob("*.py"))]
    found = [f"{path.relative_to(ROOT)}:{number}" for path in sources if "engines" not in path.parts
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if pattern.search(line)]
    assert found == []
