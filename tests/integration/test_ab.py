"""A/B routing between two real engines: the embedded GGUF (A) and a tiny transformers model (B)."""
import json

import pytest
from prometheus_client import REGISTRY

from generator.engines.text.transformers import TransformersEngine
from generator.eval.__main__ import run as run_eval
from generator.product import ValidationError
from generator.service import DescriptionService
from generator.settings import Settings


@pytest.fixture(scope="module")
def ab_service(service, tiny_llama_dir):
    b = TransformersEngine(model=tiny_llama_dir, threads=1)
    svc = DescriptionService(Settings(ab_share=0.5, cache_size=0, best_of=1, warmup=False),
                             text_engine=service.text_engine, vision_engine=service.vision_engine, text_engine_b=b)
    svc.engines.status = dict(service.status)
    svc.load(roles=("text_b",))
    assert svc.health()["status"] == "ok"
    return svc


def client_for(service, variant):
    return next(f"client-{i}" for i in range(1000) if service.route(f"client-{i}") == variant)


def test_routing_is_sticky_and_splits_by_share(ab_service):
    for client in ("alice", "bob", "10.0.0.7"):
        assert len({ab_service.route(client) for _ in range(20)}) == 1
    share_b = sum(ab_service.route(f"merchant-{i}") == "B" for i in range(2000)) / 2000
    assert 0.45 < share_b < 0.55


def test_reports_and_metrics_carry_the_variant(ab_service, water_bottle):
    def seconds_count(variant):
        return REGISTRY.get_sample_value("generation_seconds_count", {"variant": variant}) or 0.0

    before = {v: seconds_count(v) for v in "AB"}
    a = ab_service.describe(water_bottle, {"length": "short"}, seed=1, client=client_for(ab_service, "A"))
    b = ab_service.describe(water_bottle, {"length": "short"}, seed=1, client=client_for(ab_service, "B"))
    assert (a.report["variant"], a.report["engine"]) == ("A", "llamacpp")
    assert (b.report["variant"], b.report["engine"]) == ("B", "transformers")
    assert b.report["check"]["unsupported_claims"] == [] and b.report["check"]["coverage"] == 1.0
    assert {v: seconds_count(v) - before[v] for v in "AB"} == {"A": 1.0, "B": 1.0}
    assert "text_model_b" in ab_service.provenance() and ab_service.health()["models"]["text_b"]["loaded"]


def test_without_a_share_everything_is_a(service):
    assert {service.route(f"c{i}") for i in range(50)} == {"A"}
    with pytest.raises(ValidationError, match="^variant"):
        service.describe({"name": "Mug"}, variant="B")


def test_eval_harness_runs_both_variants(ab_service, tmp_path):
    products = tmp_path / "products.jsonl"
    products.write_text("\n".join(json.dumps({"id": f"p{i}", "name": name, "features": ["dishwasher safe"],
                                              "keywords": ["gift"], "length": "short"})
                                  for i, name in enumerate(["Ceramic Mug", "Steel Spoon"])))
    results = {v: run_eval(products, ab_service, False, None, 1, v) for v in "AB"}
    assert results["A"]["model"]["engine"] == "llamacpp" and results["B"]["model"]["engine"] == "transformers"
    for result in results.values():
        assert result["verified"]["summary"]["products"] == 2
        assert result["verified"]["summary"]["unsupported_claim_rate"] == 0.0
