"""Fine-tune the served model into the writer: LoRA on the dequantized GGUF, loss on the description only.

    python -m training train --base smollm2 --out runs/smollm2     # then `python -m training export`

- The base weights are the served GGUF's, dequantized by transformers (`gguf_file=`), so that the adapter
  is fitted to exactly the weights llama.cpp serves.
- Each example is the writer's prompt (`generator.prompts.writer_prompt`, tokenized as llama.cpp tokenizes
  it) followed by the description and the end-of-text token; only the description and that token carry loss.
- Batches group examples of similar length (less padding on a CPU), in a seeded order; accelerate places
  the model and batches, so the same command uses a GPU where one is lent.
- The run folder gets config.json (every hyper-parameter, the data md5, the base file's sha256), loss.json
  and loss.png (train loss by step, dev loss at each evaluation), and the PEFT adapter.
"""
from __future__ import annotations

import json
import math
import random
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from generator.models import embedded_text_model, sha256_of
from generator.prompts import (
    EDITOR_FORMAT_VERSION,
    PHRASE_FORMAT_VERSION,
    WRITER_FORMAT_VERSION,
    editor_prompt,
    phrase_prompt,
    realizer_draft,
    writer_prompt,
)

from .prepare import DATA, data_md5, parse_example, read_jsonl

IGNORE = -100


@dataclass
class TrainConfig:
    base: str = "smollm2"  # an embedded text model (generator/models.py)
    train: str = str(DATA / "train.jsonl")
    dev: str = str(DATA / "dev.jsonl")
    epochs: float = 1.0
    batch_size: int = 8
    learning_rate: float = 3e-4
    warmup_steps: int = 10
    lora_r: int = 16
    lora_alpha: int = 32
    lora_dropout: float = 0.05
    target_modules: list[str] = field(
        default_factory=lambda: ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"])
    max_tokens: int = 512  # longer examples are dropped (none in the data: long copy is ~300 tokens)
    limit: int = 0  # train on the first N examples only (the smoke test)
    eval_every: int = 50  # steps between dev-loss evaluations (0: at the end only)
    dev_limit: int = 48  # dev examples in each evaluation
    seed: int = 1234
    threads: int = 2
    # "write": facts -> copy; "edit": facts and the realizer's draft -> copy; "phrase": one fact -> one sentence
    # (data/phrases/, from `python -m training phrases`)
    task: str = "write"
    format_version: str = WRITER_FORMAT_VERSION

    def __post_init__(self) -> None:
        if self.task not in FORMATS:
            raise SystemExit(f"--task must be one of {', '.join(FORMATS)}, not {self.task!r}")
        self.format_version = FORMATS[self.task]
        if self.task == "phrase":  # its own data, unless the command names files
            from .phrases import OUT

            self.train = str(OUT / "train.jsonl") if self.train == str(DATA / "train.jsonl") else self.train
            self.dev = str(OUT / "dev.jsonl") if self.dev == str(DATA / "dev.jsonl") else self.dev


FORMATS = {"write": WRITER_FORMAT_VERSION, "edit": EDITOR_FORMAT_VERSION, "phrase": PHRASE_FORMAT_VERSION}


def load_base(name: str) -> tuple[Any, Any, Path]:
    """The embedded GGUF dequantized into a float32 transformers model, its tokenizer, and the file."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    model_file = embedded_text_model(name)
    if model_file is None:
        raise SystemExit(f"--base {name!r} is not an embedded text model")
    path = model_file.path()
    tokenizer = AutoTokenizer.from_pretrained(path.parent, gguf_file=path.name)
    model = AutoModelForCausalLM.from_pretrained(path.parent, gguf_file=path.name, dtype=torch.float32)
    return model, tokenizer, path


def llama_cpp_adds_bos(path: Path) -> bool:
    """Whether llama.cpp puts BOS before a prompt for this GGUF (training must tokenize the same way)."""
    from gguf import GGUFReader

    field_ = GGUFReader(path).fields.get("tokenizer.ggml.add_bos_token")
    return bool(field_ is not None and field_.parts[field_.data[0]][0])


def example_prompt(row: dict[str, Any], task: str, index: int) -> str:
    """The prompt an example is trained on: the writer's, or the editor's with the realizer's draft (seeded by
    the example's place, so that the drafts vary as served drafts do)."""
    if task == "phrase":
        from .phrases import type_of

        return phrase_prompt(*type_of(row["product"]), row["kind"], row["fact"])
    product, style = parse_example(row)
    if task == "edit":
        return editor_prompt(product, style, realizer_draft(product, style, index % 7))
    return writer_prompt(product, style)


def encode(row: dict[str, Any], tokenizer: Any, bos: bool, task: str = "write",
           index: int = 0) -> tuple[list[int], list[int]]:
    """(input ids, labels) for one example: the prompt masked, the description and EOS learned."""
    prompt = tokenizer(example_prompt(row, task, index), add_special_tokens=False)["input_ids"]
    if bos and tokenizer.bos_token_id is not None:
        prompt = [tokenizer.bos_token_id, *prompt]
    target = tokenizer(row["sentence" if task == "phrase" else "description"],
                       add_special_tokens=False)["input_ids"] + [tokenizer.eos_token_id]
    return prompt + target, [IGNORE] * len(prompt) + target


def batches(examples: list[tuple[list[int], list[int]]], size: int, rng: random.Random) -> list[list[int]]:
    """Indices in batches of similar length, the batches in a seeded random order."""
    order = sorted(range(len(examples)), key=lambda i: (len(examples[i][0]), rng.random()))
    groups = [order[i:i + size] for i in range(0, len(order), size)]
    rng.shuffle(groups)
    return groups


def collate(examples: list[tuple[list[int], list[int]]], pad: int) -> dict[str, Any]:
    import torch

    width = max(len(ids) for ids, _ in examples)
    ids = [ids + [pad] * (width - len(ids)) for ids, _ in examples]
    labels = [labels + [IGNORE] * (width - len(labels)) for _, labels in examples]
    mask = [[1] * len(x) + [0] * (width - len(x)) for x, _ in examples]
    return {"input_ids": torch.tensor(ids), "labels": torch.tensor(labels), "attention_mask": torch.tensor(mask)}


def _dev_loss(model: Any, dev: list[tuple[list[int], list[int]]], size: int, pad: int, accelerator: Any) -> float:
    import torch

    model.eval()
    total, count = 0.0, 0
    with torch.no_grad():
        for start in range(0, len(dev), size):
            chunk = dev[start:start + size]
            batch = {k: v.to(accelerator.device) for k, v in collate(chunk, pad).items()}
            tokens = int((batch["labels"][:, 1:] != IGNORE).sum())
            total += float(model(**batch).loss) * tokens
            count += tokens
    model.train()
    return total / max(1, count)


def train(config: TrainConfig, out: Path) -> dict[str, Any]:
    """Train one adapter into `out`; return the run's summary (also written to out/config.json)."""
    import torch
    from accelerate import Accelerator
    from peft import LoraConfig, get_peft_model

    torch.manual_seed(config.seed)
    torch.set_num_threads(config.threads)
    out.mkdir(parents=True, exist_ok=True)
    model, tokenizer, base_path = load_base(config.base)
    bos = llama_cpp_adds_bos(base_path)
    rows = read_jsonl(Path(config.train))
    if config.limit:
        rows = rows[:config.limit]
    examples = [e for e in (encode(r, tokenizer, bos, config.task, i) for i, r in enumerate(rows))
                if len(e[0]) <= config.max_tokens]
    dev_rows = read_jsonl(Path(config.dev))[:config.dev_limit]
    dev = [encode(r, tokenizer, bos, config.task, i) for i, r in enumerate(dev_rows)]
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id
    model = get_peft_model(model, LoraConfig(r=config.lora_r, lora_alpha=config.lora_alpha,
                                             lora_dropout=config.lora_dropout, target_modules=config.target_modules,
                                             task_type="CAUSAL_LM"))
    accelerator = Accelerator(cpu=not torch.cuda.is_available())
    rng = random.Random(config.seed)
    plan = [group for _ in range(math.ceil(config.epochs)) for group in batches(examples, config.batch_size, rng)]
    plan = plan[:max(1, round(config.epochs * math.ceil(len(examples) / config.batch_size)))]
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=config.learning_rate)
    warmup = min(config.warmup_steps, max(1, len(plan) // 10))
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: min(
        (step + 1) / warmup, 0.5 * (1 + math.cos(math.pi * max(0, step - warmup) / max(1, len(plan) - warmup)))))
    model, optimizer = accelerator.prepare(model, optimizer)
    model.train()
    history: dict[str, list[Any]] = {"step": [], "loss": [], "tokens": [], "seconds": [], "dev": []}
    started, tokens_seen = time.perf_counter(), 0
    history["dev"].append([0, _dev_loss(model, dev, config.batch_size, pad, accelerator)])
    for step, group in enumerate(plan, start=1):
        batch = {k: v.to(accelerator.device) for k, v in collate([examples[i] for i in group], pad).items()}
        loss = model(**batch).loss
        accelerator.backward(loss)
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad()
        tokens_seen += int(batch["attention_mask"].sum())
        elapsed = time.perf_counter() - started
        history["step"].append(step)
        history["loss"].append(round(float(loss.detach()), 4))
        history["tokens"].append(tokens_seen)
        history["seconds"].append(round(elapsed, 1))
        if (config.eval_every and step % config.eval_every == 0) or step == len(plan):
            history["dev"].append([step, _dev_loss(model, dev, config.batch_size, pad, accelerator)])
        if step % 10 == 0 or step == len(plan):
            print(f"step {step}/{len(plan)} loss {float(loss.detach()):.3f} dev {history['dev'][-1][1]:.3f} "
                  f"{tokens_seen / elapsed:.0f} tok/s {elapsed / 60:.1f} min", flush=True)
    unwrapped = accelerator.unwrap_model(model)
    unwrapped.save_pretrained(out / "adapter")
    save_base_config(unwrapped, tokenizer, out / "base")
    summary = {
        "config": asdict(config),
        "base_file": base_path.name,
        "base_sha256": sha256_of(base_path),
        "llama_cpp_adds_bos": bos,
        "data_md5": data_md5([Path(config.train), Path(config.dev)]),
        "examples": len(examples),
        "steps": len(plan),
        "tokens": tokens_seen,
        "minutes": round((time.perf_counter() - started) / 60, 1),
        "tokens_per_second": round(tokens_seen / (time.perf_counter() - started), 1),
        "loss_first_10": round(sum(history["loss"][:10]) / min(10, len(plan)), 4),
        "loss_last_10": round(sum(history["loss"][-10:]) / min(10, len(plan)), 4),
        "dev_loss": [[s, round(v, 4)] for s, v in history["dev"]],
        "device": str(accelerator.device),
    }
    (out / "config.json").write_text(json.dumps(summary, indent=1) + "\n")
    (out / "loss.json").write_text(json.dumps(history) + "\n")
    plot_loss(history, out / "loss.png", f"{config.base} LoRA r={config.lora_r}, {len(examples)} examples")
    return summary


def save_base_config(model: Any, tokenizer: Any, folder: Path) -> None:
    """What convert_lora_to_gguf.py reads as --base: the base's config (with its architecture) and tokenizer.
    The weights are not written: the adapter's GGUF holds only the LoRA tensors."""
    folder.mkdir(parents=True, exist_ok=True)
    config = model.get_base_model().config
    config.architectures = [type(model.get_base_model()).__name__]
    config.save_pretrained(folder)
    # The base was read from a GGUF: its config says so, and the converter would try to dequantize a file it
    # does not have. The adapter's tensors are float already.
    saved = json.loads((folder / "config.json").read_text())
    saved.pop("quantization_config", None)
    (folder / "config.json").write_text(json.dumps(saved, indent=2) + "\n")
    tokenizer.save_pretrained(folder)


def plot_loss(history: dict[str, list[Any]], path: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(history["step"], history["loss"], lw=0.8, alpha=0.6, label="train loss (batch)")
    window = 10
    if len(history["loss"]) >= window:
        smooth = [sum(history["loss"][i - window:i]) / window for i in range(window, len(history["loss"]) + 1)]
        ax.plot(history["step"][window - 1:], smooth, lw=1.6, label=f"train loss ({window}-step mean)")
    if history["dev"]:
        ax.plot([s for s, _ in history["dev"]], [v for _, v in history["dev"]], "o-", label="dev loss")
    ax.set_xlabel("step")
    ax.set_ylabel("loss (description tokens)")
    ax.set_title(title)
    ax.legend()
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
