"""Issue 21's catalogue measures on 200 products of one category, through the batch and the template realizer:
no opening frame opens more than 10% of the descriptions, the sameness figure is said, and a 10-word glossary
leaves none of its words in any text."""
import math
import random
from collections import Counter

from generator.batch import run_batch
from generator.product import Product
from generator.sameness import opening_frame
from generator.service import DescriptionService
from generator.settings import Settings
from tests.fakes import ScriptedTextEngine, ScriptedVisionEngine
from tests.helpers import read_csv, write_csv

ADJECTIVES = ["Stoneware", "Speckled", "Classic", "Tall", "Everyday", "Glazed", "Rustic", "Matte", "Nordic", "Soft"]
KINDS = ["Coffee Mug", "Tea Mug", "Latte Mug", "Travel Mug", "Camp Mug"]
FEATURES = ["dishwasher safe", "microwave safe", "comfortable handle", "holds 350 ml", "stackable",
            "wide base for stability", "hand-glazed finish", "chip-resistant rim", "fits under most coffee machines",
            "gift boxed", "large handle fits four fingers", "thick walls keep drinks warm longer"]
COLOURS = ["white", "sage green", "charcoal", "sand", "ocean blue", "terracotta", "cream", "slate grey"]
BANNED = ["cheap", "bargain", "best", "ultimate", "amazing", "perfect", "revolutionary", "must-have", "love",
          "stunning"]


def mugs(count: int) -> list[dict[str, str]]:
    rng = random.Random(21)
    rows = []
    for index in range(count):
        rows.append({
            "name": f"{rng.choice(ADJECTIVES)} {rng.choice(KINDS)} No. {index + 1}", "category": "Mugs",
            "brand": rng.choice(["Kiln & Co", "Hearth", "Mugwell", ""]),
            "features": "; ".join(rng.sample(FEATURES, rng.randint(2, 4))), "materials": "ceramic",
            "color": rng.choice(COLOURS), "size": rng.choice(["350 ml", "400 ml", "300 ml"]),
            "keywords": rng.choice(["coffee mug", "tea mug", "gift", ""]), "tone": "friendly", "length": "short",
        })
    return rows


def service() -> DescriptionService:
    svc = DescriptionService(Settings(warmup=False, cache_size=0, text_strategy="grounded"),
                             text_engine=ScriptedTextEngine(), vision_engine=ScriptedVisionEngine())
    svc.load()
    return svc


def test_200_mugs_open_in_many_ways_and_the_batch_says_how_alike_they_are(tmp_path):
    source = write_csv(tmp_path / "mugs.csv", mugs(200))
    said: list[str] = []
    list(run_batch(service(), source, tmp_path / "out.csv", {"banned": ", ".join(BANNED)}, on_layout=said.append))
    rows = read_csv(tmp_path / "out.csv")
    assert all(row["description"] and not row["error"] for row in rows)
    frames = Counter(opening_frame(row["description"], Product.parse({k: row[k] for k in ("name", "brand",
                     "category", "features", "materials", "color", "size", "keywords")} | {
                         "features": row["features"].replace(";", "\n")})) for row in rows)
    top, count = frames.most_common(1)[0]
    # the spread's bound (8% and one), under the 10%; drawn at random, the top frame took 20 of 200
    assert count <= math.ceil(0.08 * len(rows)) + 1, (top, count, frames.most_common(5))
    assert any(line.startswith("Sameness: ") and "of 200 descriptions" in line for line in said)
    from generator.quality.glossary import banned_in
    assert [row["name"] for row in rows if banned_in(row["description"], tuple(BANNED))] == []


def test_50_products_keep_every_amazon_and_google_limit():
    svc = service()
    for row in mugs(50):
        product = {k: v for k, v in row.items() if k not in ("tone", "length")}
        product["features"] = row["features"].replace(";", "\n")
        for channel in ("amazon", "google"):
            result = svc.describe(product, {"channel": channel, "length": "long", "tone": row["tone"]}, seed=5)
            listing = result.report["listing"]
            broken = [limit for limit in listing["limits"] if not limit["ok"]]
            assert broken == [], (row["name"], channel, broken)
            assert result.text == listing["description"] and listing["title"]
