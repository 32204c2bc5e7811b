"""DEVICE: cuda where there is none is a clear load failure; llama.cpp offloads only when its build can
(GPU presence is scripted here, so this runs on any machine without importing torch)."""
import pytest

from generator.engines import device
from generator.engines.device import DeviceError, llama_gpu_layers, torch_device
from generator.service import DescriptionService
from generator.settings import Settings
from tests.fakes import ScriptedTextEngine


def test_auto_is_the_default():
    assert Settings().device == "auto"  # tests/integration/test_device.py: auto is the CPU on this machine


def test_a_bad_device_stops_start_up(monkeypatch):
    from generator.settings import SettingsError

    monkeypatch.setenv("DEVICE", "tpu")
    with pytest.raises(SettingsError, match="DEVICE='tpu': must be one of auto, cpu, cuda"):
        Settings.from_env()
    monkeypatch.setenv("DEVICE", " CUDA ")
    assert Settings.from_env().device == "cuda"


@pytest.mark.parametrize("gpu, setting, expected", [
    (True, "auto", "cuda"), (True, "cpu", "cpu"), (True, "cuda", "cuda"), (False, "auto", "cpu"), (False, "cpu", "cpu"),
])
def test_torch_engines_follow_the_setting(monkeypatch, gpu, setting, expected):
    monkeypatch.setattr(device, "cuda_available", lambda: gpu)
    assert torch_device(setting) == expected


def test_cuda_without_a_gpu_is_an_error_that_says_why(monkeypatch):
    monkeypatch.setattr(device, "cuda_available", lambda: False)
    with pytest.raises(DeviceError, match="DEVICE=cuda, but torch sees no CUDA device"):
        torch_device("cuda")


@pytest.mark.parametrize("offload, gpu, setting, expected", [
    (False, True, "auto", (0, "cpu")), (True, False, "auto", (0, "cpu")), (True, True, "auto", (-1, "cuda")),
    (True, True, "cpu", (0, "cpu")), (True, True, "cuda", (-1, "cuda")),
])
def test_llama_offloads_every_layer_only_where_its_build_and_a_gpu_allow(monkeypatch, offload, gpu, setting, expected):
    monkeypatch.setattr(device, "llama_supports_gpu", lambda: offload)
    monkeypatch.setattr(device, "cuda_available", lambda: gpu)
    assert llama_gpu_layers(setting)[:2] == expected


def test_cuda_with_a_cpu_only_llama_build_says_how_to_rebuild(monkeypatch):
    monkeypatch.setattr(device, "llama_supports_gpu", lambda: False)
    with pytest.raises(DeviceError, match="no GPU offload .*-DGGML_CUDA=on"):
        llama_gpu_layers("cuda")


def test_info_and_every_report_name_the_device():
    service = DescriptionService(Settings(warmup=False, cache_size=0), text_engine=ScriptedTextEngine())
    service.load(roles=("text",))
    report = service.describe({"name": "Ceramic Mug"}, {"length": "short"}).report
    assert report["provenance"]["device"] == {"setting": "auto", "text": "cpu", "vision": "cpu"}
    assert service.provenance()["device"]["setting"] == "auto"
