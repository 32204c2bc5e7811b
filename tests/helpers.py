"""Test helpers: tiny random HF models built locally, and a real server process."""
from __future__ import annotations

import contextlib
import csv
import io
import os
import socket
import struct
import subprocess
import sys
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent

CORPUS = [
    "A sturdy water bottle keeps drinks cold for hours.",
    "This lightweight shoe has a grippy outsole for trails.",
    "Made from stainless steel, recycled mesh and soft cotton.",
    "Perfect for hikers, commuters, runners and coffee lovers.",
] * 20

# A ChatML-like template that, like Gemma's, refuses a system turn: this exercises the
# engine's fallback that folds the system prompt into the first user turn.
GEMMA_STYLE_TEMPLATE = (
    "{% for m in messages %}{% if m['role'] == 'system' %}"
    "{{ raise_exception('System role not supported') }}{% endif %}"
    "<start_of_turn>{{ m['role'] }}\n{{ m['content'] }}<end_of_turn>\n{% endfor %}"
    "{% if add_generation_prompt %}<start_of_turn>model\n{% endif %}"
)
CHATML_TEMPLATE = (
    "{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)


def build_tiny_tokenizer(chat_template: str):
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    specials = ["<unk>", "<s>", "</s>", "<pad>", "<|im_start|>", "<|im_end|>", "<start_of_turn>", "<end_of_turn>"]
    core = Tokenizer(models.BPE(unk_token="<unk>"))
    core.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    core.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=400, special_tokens=specials,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    core.train_from_iterator(CORPUS, trainer)
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=core, unk_token="<unk>", bos_token="<s>", eos_token="</s>", pad_token="<pad>"
    )
    tokenizer.chat_template = chat_template
    return tokenizer


def build_tiny_causal_lm(directory: Path, architecture: str) -> str:
    """Save a randomly initialised model of the real architecture, a few hundred KB."""
    import torch
    from transformers import GemmaConfig, GemmaForCausalLM, LlamaConfig, LlamaForCausalLM

    torch.manual_seed(0)
    template = GEMMA_STYLE_TEMPLATE if architecture == "gemma" else CHATML_TEMPLATE
    tokenizer = build_tiny_tokenizer(template)
    common = dict(vocab_size=len(tokenizer), hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                  num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=512,
                  bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id,
                  pad_token_id=tokenizer.pad_token_id)
    if architecture == "gemma":
        model = GemmaForCausalLM(GemmaConfig(head_dim=8, **common))
    else:
        model = LlamaForCausalLM(LlamaConfig(**common))
    model.save_pretrained(directory)
    tokenizer.save_pretrained(directory)
    return str(directory)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def wait_until_up(server: Server, url: str, ok_codes: tuple[int, ...], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.url} exited with {server.process.returncode}:\n{server.log()[-4000:]}")
        try:
            if httpx.get(url, timeout=2).status_code in ok_codes:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"{url} not up after {timeout}s:\n{server.log()[-4000:]}")
        time.sleep(0.3)


@contextlib.contextmanager
def start_server(log_path: Path, env: dict[str, str] | None = None, timeout: float = 120) -> Iterator[Server]:
    port = free_port()
    full_env = {**os.environ, "GRADIO_SERVER_PORT": str(port), "GRADIO_SERVER_NAME": "127.0.0.1",
                "PYTHONUNBUFFERED": "1", **(env or {})}
    with open(log_path, "wb") as log:
        process = subprocess.Popen([sys.executable, str(ROOT / "app.py")], cwd=ROOT, env=full_env,
                                   stdout=log, stderr=subprocess.STDOUT)
    server = Server(url=f"http://127.0.0.1:{port}", process=process, log_path=log_path)
    try:
        wait_until_up(server, f"{server.url}/health", (200, 503), timeout)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def build_tiny_blip(directory: Path) -> str:
    """A randomly initialised BLIP captioner and processor, of the real architecture, saved to disk."""
    import torch
    from transformers import BertTokenizer, BlipConfig, BlipForConditionalGeneration, BlipImageProcessor, BlipProcessor

    torch.manual_seed(0)
    words = sorted({word.strip(".,").lower() for line in CORPUS for word in line.split()})
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "[DEC]", "a", "product", "photo", "of", *words]
    tokenizer = BertTokenizer(vocab={token: index for index, token in enumerate(vocab)}, bos_token="[DEC]")
    image_processor = BlipImageProcessor(size={"height": 32, "width": 32})
    BlipProcessor(image_processor=image_processor, tokenizer=tokenizer).save_pretrained(directory)
    config = BlipConfig(
        text_config=dict(vocab_size=len(vocab), hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
                         intermediate_size=37, bos_token_id=vocab.index("[DEC]"), pad_token_id=0,
                         sep_token_id=vocab.index("[SEP]"), eos_token_id=vocab.index("[SEP]")),
        vision_config=dict(hidden_size=32, num_hidden_layers=1, num_attention_heads=2, intermediate_size=37,
                           image_size=32, patch_size=8),
        projection_dim=32,
    )
    BlipForConditionalGeneration(config).save_pretrained(directory)
    return str(directory)


@contextlib.contextmanager
def start_llama_server(log_path: Path, port: int | None = None, timeout: float = 60) -> Iterator[Server]:
    """llama-cpp-python's own OpenAI-compatible server, serving the embedded GGUF as `smollm2`."""
    from generator.models import SMOLLM2_GGUF

    port = port or free_port()
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(SMOLLM2_GGUF.path()),
               "--model_alias", "smollm2", "--host", "127.0.0.1", "--port", str(port),
               "--n_threads", "2", "--n_ctx", "2048"]
    # Passive OpenMP waits: spinning threads of two llama.cpp processes on two cores starve each other.
    env = {**os.environ, "OMP_WAIT_POLICY": "PASSIVE"}
    with open(log_path, "ab") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
    server = Server(url=f"http://127.0.0.1:{port}/v1", process=process, log_path=log_path)
    try:
        wait_until_up(server, f"{server.url}/models", (200,), timeout)
        yield server
    finally:
        process.kill()
        process.wait(timeout=10)


# --- files -----------------------------------------------------------------------------------------

def encode(image: Image.Image, fmt: str, **params) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **params)
    return buffer.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A tiny, valid-looking PNG whose header claims width × height pixels."""
    data = bytearray(encode(Image.new("RGB", (1, 1)), "PNG"))
    ihdr = bytearray(data[12:29])  # chunk type + 13 bytes of IHDR data
    ihdr[4:12] = struct.pack(">II", width, height)
    data[12:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(ihdr)) & 0xFFFFFFFF)
    return bytes(data)


def write_csv(path: Path, rows: list[dict[str, str]], columns: list[str] | None = None) -> Path:
    columns = columns or list(rows[0])
    with open(path, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def read_csv(path: str | Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8-sig") as handle:  # a BOM is not part of the header
        return list(csv.DictReader(handle))


# --- a Hugging Face cache, filled offline -----------------------------------------------------------

def prefill_hf_cache(cache: Path, repo_id: str, filename: str, source: Path, revision: str = "main") -> str:
    """Put `source` in an HF hub cache as huggingface_hub lays it out, so hf_hub_download finds it with
    HF_HUB_OFFLINE=1: blobs/<sha256>, snapshots/<commit>/<filename> (a relative link) and refs/<revision>.
    Returns the commit hash."""
    import hashlib
    import shutil

    folder = cache / ("models--" + repo_id.replace("/", "--"))
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    commit = hashlib.sha1(f"{repo_id}@{revision}".encode()).hexdigest()  # a fake commit id
    blob = folder / "blobs" / digest
    blob.parent.mkdir(parents=True, exist_ok=True)
    if not blob.exists():
        shutil.copyfile(source, blob)
    link = folder / "snapshots" / commit / filename
    link.parent.mkdir(parents=True, exist_ok=True)
    if not link.exists():
        link.symlink_to(os.path.relpath(blob, link.parent))
    if revision != commit:
        (folder / "refs").mkdir(exist_ok=True)
        (folder / "refs" / revision).write_text(commit)
    return commit
