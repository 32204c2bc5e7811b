"""Faults injected on purpose: each is named as such, and the app must survive it."""
from collections.abc import Iterator

from fastapi.testclient import TestClient

import app as app_module
from generator.engines.text.base import GenerationParams, TextChunk, TextEngine
from generator.service import DescriptionService
from generator.settings import Settings


class InjectedFaultEngine(TextEngine):
    """Injected fault: wraps the real engine and raises after a few chunks of every `fail_next` call."""

    name = "llamacpp"

    def __init__(self, real: TextEngine):
        self.real = real
        self.fail_next = 0

    def load(self) -> None:
        pass

    def info(self) -> dict:
        return self.real.info()

    def stream(self, messages: list[dict[str, str]], params: GenerationParams) -> Iterator[TextChunk]:
        for index, chunk in enumerate(self.real.stream(messages, params)):
            if self.fail_next and index == 3:
                self.fail_next -= 1
                raise RuntimeError("injected fault: the engine broke mid-generation")
            yield chunk


def test_engine_raising_mid_generation_gives_a_clear_error_then_recovers(service):
    faulty = InjectedFaultEngine(service.text_engine)
    svc = DescriptionService(Settings(cache_size=0), text_engine=faulty, vision_engine=service.vision_engine)
    svc.engines.status = dict(service.status)
    client = TestClient(app_module.create_app(Settings(cache_size=0, rate_limit=""), svc))
    faulty.fail_next = 1
    broken = client.post("/generate-description/", json={"attributes": "Ceramic Mug, dishwasher safe"})
    assert broken.status_code == 500
    assert broken.json()["detail"] == "Generation failed (RuntimeError). Please try again."
    assert "injected fault" not in broken.text  # internals stay in the log
    works = client.post("/generate-description/", json={"attributes": "Ceramic Mug, dishwasher safe"})
    assert works.status_code == 200 and works.json()["description"]
    assert client.get("/health").json()["status"] == "ok"
