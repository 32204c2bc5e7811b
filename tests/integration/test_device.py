"""DEVICE on this CPU-only machine, on the real engines: auto is the CPU everywhere, /info and reports
say so, and DEVICE=cuda is a load failure with the reason (scripts/gpu_check.py covers a real GPU)."""
import pytest

from generator.engines import device
from generator.engines.text.llamacpp import LlamaCppEngine
from generator.engines.text.transformers import TransformersEngine
from generator.engines.vision.blip import BlipEngine
from generator.service import DescriptionService
from generator.settings import Settings


def test_this_machine_has_no_gpu_so_auto_is_the_cpu():
    assert not device.cuda_available()
    assert device.torch_device("auto") == "cpu"
    assert device.llama_gpu_layers("auto")[:2] == (0, "cpu")


def test_llama_cpp_on_auto_runs_on_the_cpu():
    engine = LlamaCppEngine(threads=1)
    engine.load()
    info = engine.info()
    assert info["device"] == "cpu" and info["gpu_layers"] == 0
    assert info["llama_cpp"]["openmp"] is False  # the Makefile's build: ggml's own thread pool


def test_transformers_and_blip_on_auto_run_on_the_cpu_in_fp32(tiny_gemma_dir, tiny_blip_dir):
    text = TransformersEngine(model=tiny_gemma_dir, device="auto")
    text.load()
    vision = BlipEngine(model=tiny_blip_dir, device="auto")
    vision.load()
    assert (text.info()["device"], text.info()["dtype"]) == ("cpu", "float32")
    assert (vision.info()["device"], vision.info()["dtype"]) == ("cpu", "float32")
    assert str(next(text._model.parameters()).device) == "cpu"


@pytest.mark.parametrize("engine", ["llamacpp", "transformers"])
def test_device_cuda_on_a_cpu_machine_fails_the_engine_with_the_reason(engine, tiny_gemma_dir):
    model = tiny_gemma_dir if engine == "transformers" else ""
    service = DescriptionService(Settings(text_engine=engine, text_model=model, device="cuda", warmup=False,
                                          cache_size=0))
    service.load(roles=("text",))
    reason = service.health()["models"]["text"]["reason"]
    assert reason.startswith("DeviceError: DEVICE=cuda, but")
