"""The writer's training pipeline on a tiny slice, for real: transformers + peft on the served GGUF dequantized,
llama.cpp's converter, and the adapter loaded by llama.cpp. A smoke test of the path, not of the copy."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.engines.text.batched import BatchedLlama
from generator.models import embedded_text_model
from generator.prompts import editor_prompt, phrase_prompt, realizer_draft, writer_prompt
from training.export import export
from training.prepare import parse_example, read_jsonl
from training.train import IGNORE, TrainConfig, encode, llama_cpp_adds_bos, load_base, train

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory) -> tuple[Path, dict]:
    folder = tmp_path_factory.mktemp("run")
    rows = read_jsonl(ROOT / "data" / "train.jsonl")[:4]
    slice_file = folder / "slice.jsonl"
    slice_file.write_text("".join(json.dumps(row) + "\n" for row in rows))
    config = TrainConfig(train=str(slice_file), dev=str(slice_file), epochs=4, batch_size=2, learning_rate=1e-3,
                         warmup_steps=1, eval_every=0, dev_limit=4)
    return folder, train(config, folder / "run")


def test_a_few_steps_lower_the_loss_on_the_slice(tiny_run):
    folder, summary = tiny_run
    (first_step, before), (last_step, after) = summary["dev_loss"][0], summary["dev_loss"][-1]
    assert first_step == 0 and last_step == summary["steps"] == 8
    assert after < before - 0.2, summary["dev_loss"]
    run = folder / "run"
    assert (run / "loss.png").stat().st_size > 0 and (run / "adapter" / "adapter_model.safetensors").exists()
    config = json.loads((run / "config.json").read_text())
    assert config["base_sha256"] and config["data_md5"] and config["config"]["seed"] == 1234


def test_the_exported_adapter_loads_in_llama_cpp_and_changes_the_output(tiny_run):
    folder, _ = tiny_run
    adapter = export(folder / "run", folder / "writer.gguf")
    assert 1_000_000 < adapter.stat().st_size < 20_000_000  # LoRA tensors only, q8_0
    row = read_jsonl(folder / "slice.jsonl")[0]
    prompt = writer_prompt(*parse_example(row))
    texts = []
    for adapter_path in (None, adapter):
        model = BatchedLlama(embedded_text_model("smollm2").path(), n_parallel=1, n_ctx=1024,
                             adapter_path=adapter_path)
        try:
            *_, steps = model.generate(model.tokenize(prompt), n=1, max_tokens=24, temperature=0.0, seeds=[1])
            texts.append(steps[0].text)
        finally:
            model.close()
    assert texts[0] != texts[1], texts


def test_training_tokenizes_exactly_as_llama_cpp_serves():
    """The adapter learns on the tokens llama.cpp will feed it: the prompt's ids must match token for token."""
    model, tokenizer, path = load_base("smollm2")
    del model
    row = read_jsonl(ROOT / "data" / "train.jsonl")[0]
    ids, labels = encode(row, tokenizer, llama_cpp_adds_bos(path))
    prompt_length = labels.count(IGNORE)
    # the editor's examples (--task edit): the facts and the realizer's draft masked, the same copy learned
    edit_ids, edit_labels = encode(row, tokenizer, llama_cpp_adds_bos(path), "edit", 3)
    edit_length = edit_labels.count(IGNORE)
    # the phraser's examples (--task phrase): the fact and the type masked, the sentence and EOS learned
    pair = {"product": "earbuds (plural)", "kind": "feature", "fact": "transparency mode",
            "sentence": "These earbuds have a transparency mode.", "src": "t-1"}
    phrase_ids, phrase_labels = encode(pair, tokenizer, llama_cpp_adds_bos(path), "phrase")
    phrase_length = phrase_labels.count(IGNORE)
    product, style = parse_example(row)
    served = BatchedLlama(path, n_parallel=1, n_ctx=1024)
    try:
        assert served.tokenize(phrase_prompt("earbuds", True, "feature", "transparency mode")) == \
            phrase_ids[:phrase_length]
        assert tokenizer.decode(phrase_ids[phrase_length:-1]) == pair["sentence"]
        assert served.tokenize(writer_prompt(product, style)) == ids[:prompt_length]
        assert served.tokenize(editor_prompt(product, style, realizer_draft(product, style, 3))) == \
            edit_ids[:edit_length]
    finally:
        served.close()
    assert labels[prompt_length:] == ids[prompt_length:] and ids[-1] == tokenizer.eos_token_id
    assert edit_ids[edit_length:] == ids[prompt_length:] and edit_length > prompt_length + 40  # the draft is there
