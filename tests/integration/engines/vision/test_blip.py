"""The BLIP engine on a tiny, randomly initialised BLIP built locally (no download)."""
import pytest
from PIL import Image

from generator.engines.vision.blip import BlipEngine
from generator.errors import EngineNotReady


@pytest.fixture(scope="module")
def engine(tiny_blip_dir):
    engine = BlipEngine(model=tiny_blip_dir, max_new_tokens=8)
    engine.load()
    return engine


def test_captions_with_generate(engine, tiny_blip_dir):
    detection = engine.analyze(Image.new("RGB", (64, 48), (255, 0, 0)))
    vocabulary = set(engine._processor.tokenizer.get_vocab())
    words = detection.caption.split()
    assert 1 <= len(words) <= 8 and set(words) <= vocabulary
    assert detection.labels == [] and detection.category == ""  # BLIP cannot know these
    assert detection.model["engine"] == "blip" and detection.model["model"] == tiny_blip_dir


def test_deterministic(engine):
    image = Image.new("RGB", (64, 48), (0, 0, 200))
    assert engine.caption(image) == engine.caption(image)


def test_hub_id_without_network_fails_clearly():
    engine = BlipEngine()
    with pytest.raises(OSError, match="blip-image-captioning-large"):
        engine.load()
    with pytest.raises(EngineNotReady):
        engine.analyze(Image.new("RGB", (8, 8)))
