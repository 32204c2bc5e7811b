"""Where a model runs: DEVICE=auto (the default), cpu or cuda.

- torch engines (transformers text, BLIP): `auto` picks CUDA when torch sees a GPU, else the CPU;
  on CUDA the weights are bf16 where the GPU supports it, else fp16 (fp32 on the CPU).
- llama.cpp: all layers are offloaded (`n_gpu_layers=-1`) when the llama-cpp-python build supports
  GPU offload and a GPU is there; the default CPU build never offloads.
- `cuda` is a demand: an engine that cannot use a GPU fails to load, and /health says why.
The EfficientNet classifier always runs on the CPU (28 ms a photo).
"""
from __future__ import annotations

from typing import Any

DEVICES = ("auto", "cpu", "cuda")


class DeviceError(RuntimeError):
    """DEVICE=cuda where this engine cannot use a GPU."""


def cuda_available() -> bool:
    try:
        import torch
    except ImportError:
        return False
    return bool(torch.cuda.is_available())


def torch_device(setting: str) -> str:
    """`cpu` or `cuda` for a torch engine."""
    if setting == "cpu":
        return "cpu"
    if cuda_available():
        return "cuda"
    if setting == "cuda":
        raise DeviceError("DEVICE=cuda, but torch sees no CUDA device (torch.cuda.is_available() is False)")
    return "cpu"


def torch_dtype(device: str) -> Any:
    """fp32 on the CPU; bf16 on a GPU that supports it, else fp16."""
    import torch

    if device != "cuda":
        return torch.float32
    return torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16


def llama_supports_gpu() -> bool:
    from llama_cpp import llama_supports_gpu_offload

    return bool(llama_supports_gpu_offload())


def llama_gpu_layers(setting: str) -> tuple[int, str, str]:
    """(n_gpu_layers, device, why) for llama.cpp: -1 offloads every layer."""
    if setting == "cpu":
        return 0, "cpu", "DEVICE=cpu"
    if not llama_supports_gpu():
        if setting == "cuda":
            raise DeviceError("DEVICE=cuda, but this llama-cpp-python build has no GPU offload "
                              "(build it with CMAKE_ARGS=-DGGML_CUDA=on)")
        return 0, "cpu", "this llama-cpp-python build has no GPU offload"
    if setting == "auto" and not cuda_available():
        return 0, "cpu", "no GPU found"
    return -1, "cuda", "all layers offloaded"
