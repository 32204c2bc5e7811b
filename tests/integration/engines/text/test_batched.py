"""BatchedLlama (the llama.cpp engine's batched decoder) on the real embedded SmolLM2 GGUF, no mocks.

One thread throughout: on a shared 2-core box ggml's 2-thread decode collapsed (SmolLM2 ~1.3 vs ~26
tok/s with 1 thread at load ~6), and with flash attention the results do not depend on the thread
count except through the split-KV path that batch_invariant padding avoids (exercised below).
Reference outputs come from llama-cpp-python's high-level Llama with the same flash-attention setting.
"""
from __future__ import annotations

import contextlib
import threading

import llama_cpp
import pytest

from generator.engines.text.batched import BatchedLlama
from generator.models import SMOLLM2_GGUF

THREADS = 1
PROMPT = "<|im_start|>user\nWrite one sentence about a red wool scarf.<|im_end|>\n<|im_start|>assistant\n"
SYSTEM = ("You are a copywriter for an online shop. Given a list of product facts, write one short, "
          "friendly product description of two or three sentences. Use only the facts given.")
EXAMPLES = [
    ("merino wool beanie; ribbed cuffs; one size; machine washable at 30 degrees",
     "This merino wool beanie keeps your head warm without itching, and the ribbed cuff holds it in "
     "place all day. One size fits most, and it goes in the washing machine at 30 degrees."),
    ("stainless steel water bottle; 750 ml; keeps drinks cold for 24 hours; leak-proof lid",
     "A 750 ml stainless steel bottle that keeps drinks cold for a full 24 hours. The leak-proof lid "
     "means it can ride in your bag next to a laptop without worry."),
]
QUERIES = ["hooded rain jacket; waterproof; packable into its own pocket",
           "electric kettle; 1.7 litres; automatic shut-off; limescale filter"]


def few_shot_prefix(n_examples: int = 2) -> str:
    turns = [f"<|im_start|>system\n{SYSTEM}<|im_end|>\n"]
    turns += [f"<|im_start|>user\nFacts: {f}<|im_end|>\n<|im_start|>assistant\n{d}<|im_end|>\n"
              for f, d in EXAMPLES[:n_examples]]
    return "".join(turns)


def suffix(facts: str) -> str:
    return f"<|im_start|>user\nFacts: {facts}<|im_end|>\n<|im_start|>assistant\n"


def make(**kw) -> BatchedLlama:
    return BatchedLlama(SMOLLM2_GGUF.path(), n_threads=THREADS, **kw)


@pytest.fixture(scope="module")
def bl():
    llm = make(n_parallel=8, n_ctx=4096, n_batch=512)
    yield llm
    llm.close()


@pytest.fixture(scope="module")
def reference():
    """High-level Llama instances, made on first use and closed after the module."""
    made: dict[tuple, llama_cpp.Llama] = {}

    def get(flash_attn: bool = True, n_batch: int = 512) -> llama_cpp.Llama:
        key = (flash_attn, n_batch)
        if key not in made:
            made[key] = llama_cpp.Llama(str(SMOLLM2_GGUF.path()), n_ctx=2048, n_batch=n_batch, n_threads=THREADS,
                                        n_threads_batch=THREADS, flash_attn=flash_attn, verbose=False)
        return made[key]

    yield get
    for llm in made.values():
        llm.close()


# ---------------------------------------------------------------- n=1 equals the high-level API

@pytest.mark.parametrize("flash_attn", [True, False], ids=["flash-attn", "no-flash-attn"])
def test_greedy_n1_matches_create_completion(bl, reference, flash_attn):
    llm = bl if flash_attn else make(n_parallel=2, n_ctx=1024, flash_attn=False)
    try:
        ref = reference(flash_attn=flash_attn).create_completion(PROMPT, max_tokens=24, temperature=0)
        out = llm.generate_all(llm.tokenize(PROMPT), n=1, max_tokens=24, temperature=0)
        assert out[0].text == ref["choices"][0]["text"]
        assert out[0].n_tokens == ref["usage"]["completion_tokens"]
        assert llm.last_stats.n_prompt_tokens == ref["usage"]["prompt_tokens"]
    finally:
        if llm is not bl:
            llm.close()


def test_seeded_sampling_n1_matches_create_completion(bl, reference):
    """Same sampler chain order and seeding as Llama._init_sampler, repeat penalty included."""
    kw = dict(max_tokens=24, temperature=0.9, top_p=0.9, repeat_penalty=1.15)
    ref = reference().create_completion(PROMPT, seed=1234, **kw)
    assert bl.generate_all(bl.tokenize(PROMPT), n=1, seeds=[1234], **kw)[0].text == ref["choices"][0]["text"]


@pytest.mark.parametrize("temperature", [0.0, 0.9], ids=["greedy", "sampled"])
def test_prefiltered_chain_matches_create_completion_under_a_strong_penalty(bl, reference, temperature):
    """The top-(k + window) prefilter before the repeat penalty (sampling.prefilter_size) changes nothing:
    64 tokens under a heavy penalty, where many top candidates are penalized, equal llama-cpp-python's chain
    (which has no prefilter) token for token."""
    kw = dict(max_tokens=64, temperature=temperature, top_p=0.95, repeat_penalty=1.6)
    ref = reference().create_completion(PROMPT, seed=77, **kw)
    out = bl.generate_all(bl.tokenize(PROMPT), n=1, seeds=[77], **kw)[0]
    assert out.n_tokens == ref["usage"]["completion_tokens"] > 20
    assert out.text == ref["choices"][0]["text"]


def test_prefilter_only_where_it_is_exact():
    from generator.engines.text.batched.sampling import SamplerParams, prefilter_size

    def size(**kw) -> int:
        p = dict(temperature=0.8, top_k=40, top_p=0.95, min_p=0.05, repeat_penalty=1.1, penalty_last_n=64)
        return prefilter_size(SamplerParams(**{**p, **kw}))

    assert size() == 40 + 64
    assert size(temperature=0.0) == 1 + 64  # greedy: the argmax of the penalized logits
    assert size(repeat_penalty=1.0) == 0  # no penalty: nothing to skip
    assert size(repeat_penalty=0.9) == 0  # a penalty < 1 raises logits: a token from below could enter
    assert size(penalty_last_n=-1) == 0  # the whole context: no bound on the penalized tokens
    assert size(top_k=0) == 0  # no top-k: every token stays a candidate


# ---------------------------------------------------------------- n sequences in one batch

def test_n4_distinct_reproducible_and_prompt_evaluated_once(bl):
    toks = bl.tokenize(PROMPT)
    kw = dict(n=4, max_tokens=12, temperature=0.9, seeds=[11, 22, 33, 44])
    first = [s.text for s in bl.generate_all(toks, **kw)]
    assert len(set(first)) == 4, first
    assert [s.text for s in bl.generate_all(toks, **kw)] == first
    assert bl.last_stats.n_prompt_evaluated == len(toks)
    assert bl.last_stats.n_decoded <= 4 * 12


def test_seq_tokens_do_not_depend_on_batch_size(bl):
    """With flash attention, SmolLM2's sequence k is token-identical alone and in a batch of 8."""
    toks = bl.tokenize(PROMPT)
    seeds = list(range(5, 13))
    batch = bl.generate_all(toks, n=8, max_tokens=12, temperature=0.9, seeds=seeds, ignore_eos=True)
    for k in (0, 7):
        alone = bl.generate_all(toks, n=1, max_tokens=12, temperature=0.9, seeds=[seeds[k]], ignore_eos=True)
        assert alone[0].tokens == batch[k].tokens, k


def test_padded_lone_tokens_change_nothing_and_leave_no_cells(monkeypatch):
    """batch_invariant pads a 1-token decode with a dummy token on a scratch sequence when 2+ threads
    would take the split-KV path.  Here the padding is forced while llama.cpp runs 1 thread (same
    arithmetic either way): the tokens are those of an unpadded run and the scratch sequence is emptied.
    Whether padding keeps 2-thread runs invariant is measured, not tested (it needs 2 free cores)."""
    llm = make(n_parallel=2, n_ctx=1024)
    try:
        prefix = llm.tokenize(few_shot_prefix())
        assert len(prefix) > 192  # enough KV cells in use for the padding rule
        llm.set_prefix(prefix)
        toks = prefix + llm.tokenize(suffix(QUERIES[0]), add_special=False)
        kw = dict(max_tokens=6, temperature=0.8, ignore_eos=True)
        plain = llm.generate_all(toks, n=1, seeds=[1], **kw)[0].tokens
        llm._llama.n_threads = 2  # the padding rule's input only; the context keeps its 1 thread
        sizes: list[int] = []
        decode = llama_cpp.llama_decode

        def counting_decode(ctx, batch):
            sizes.append(batch.n_tokens)
            return decode(ctx, batch)

        monkeypatch.setattr(llama_cpp, "llama_decode", counting_decode)
        assert llm.generate_all(toks, n=1, seeds=[1], **kw)[0].tokens == plain
        assert sizes == [len(toks) - len(prefix)] + [2] * 5  # the suffix, then each lone token padded
        assert llama_cpp.llama_memory_seq_pos_max(llm._llama.mem, llm._llama.pad_seq) == -1
    finally:
        llm.close()


def test_each_sequence_stops_on_its_own_stop_string(bl):
    steps = bl.generate_all(bl.tokenize(PROMPT), n=4, max_tokens=48, temperature=0.9, seeds=[1, 2, 3, 4], stop=["."])
    assert all(s.finished and "." not in s.text for s in steps)
    assert any(s.finish_reason == "stop" for s in steps), [(s.finish_reason, s.n_tokens) for s in steps]
    assert len({s.n_tokens for s in steps}) > 1, [s.n_tokens for s in steps]  # the others kept decoding


def test_each_sequence_stops_on_its_own_eos(bl):
    prompt = "<|im_start|>user\nName a colour. Answer with one word.<|im_end|>\n<|im_start|>assistant\n"
    steps = bl.generate_all(bl.tokenize(prompt), n=4, max_tokens=64, temperature=1.0, seeds=[1, 2, 3, 4])
    assert all(s.finish_reason == "eos" and s.n_tokens < 64 for s in steps), [(s.finish_reason, s.text) for s in steps]
    assert not any(bl.is_eog(t) for s in steps for t in s.tokens)  # EOS is neither text nor token


def test_max_tokens_ends_every_sequence(bl):
    steps = bl.generate_all(bl.tokenize(PROMPT), n=3, max_tokens=5, seeds=[1, 2, 3], ignore_eos=True)
    assert [(s.finish_reason, s.n_tokens, len(s.tokens)) for s in steps] == [("length", 5, 5)] * 3
    stats = bl.last_stats
    assert (stats.n_generated, stats.n_decode_steps, stats.n_decoded) == (15, 4, 12)  # the 5th is not decoded


def test_streaming_steps_concatenate_to_final_text(bl):
    pieces = [""] * 3
    n_rounds = 0
    final = []
    for steps in bl.generate(bl.tokenize(PROMPT), n=3, max_tokens=24, temperature=0.9, seeds=[7, 8, 9], stop=[" and"]):
        n_rounds += 1
        assert len(steps) == 3
        for s in steps:
            pieces[s.seq] += s.new_text
            assert s.text == pieces[s.seq] and " and" not in s.text
        final = steps
    assert all(s.finished for s in final)
    # one yield per sampling round; a sequence ending on EOS used one more round than its tokens
    assert n_rounds == max(s.n_tokens + (s.finish_reason == "eos") for s in final)


def test_multibyte_utf8_is_decoded_across_tokens(bl):
    prompt = ("<|im_start|>user\nRépète exactement: « Crème brûlée, café, naïve — 東京 🍰 »<|im_end|>\n"
              "<|im_start|>assistant\n")
    steps = bl.generate_all(bl.tokenize(prompt), n=2, max_tokens=32, temperature=0.7, seeds=[3, 4])
    for s in steps:
        assert s.text == b"".join(bl.token_bytes(t) for t in s.tokens).decode("utf-8", errors="ignore")
        assert "\ufffd" not in s.text
    assert any(ord(c) > 127 for s in steps for c in s.text), [s.text for s in steps]
    assert bl.detokenize(bl.tokenize("東京 🍰", add_special=False)) == "東京 🍰"


# ---------------------------------------------------------------- the kept prefix
#
# llama.cpp's arithmetic depends on how a prompt is split into batches (tiled flash attention from
# 64 query rows), and a kept prefix is evaluated as its own batch before the suffix, so "kept ==
# from scratch" is compared with the scratch run split the same way (n_batch = the kept length).

def test_kept_prefix_gives_identical_output_and_evaluates_only_the_rest(bl):
    prefix = bl.tokenize(few_shot_prefix(n_examples=1))
    head = prefix[:-40]
    llm = make(n_parallel=2, n_ctx=1024, n_batch=len(head))  # scratch runs split at len(head) too
    try:
        prompt = prefix + llm.tokenize(suffix(QUERIES[0]), add_special=False)
        other = head + llm.tokenize(suffix(QUERIES[1]), add_special=False)
        kw = dict(n=2, max_tokens=8, temperature=0.8, seeds=[3, 9], ignore_eos=True)
        scratch = {len(p): [s.tokens for s in llm.generate_all(p, **kw)] for p in (prompt, other)}
        assert llm.last_stats.n_prompt_evaluated == len(other)

        assert llm.set_prefix(head) == len(head)
        assert llm.set_prefix(head) == 0  # already kept
        assert [s.tokens for s in llm.generate_all(prompt, **kw)] == scratch[len(prompt)]
        assert (llm.last_stats.n_prefix_reused, llm.last_stats.n_prompt_evaluated) == (
            len(head), len(prompt) - len(head))

        assert llm.set_prefix(prefix) == 40  # a longer prefix: only its new tail is evaluated
        # a prompt sharing part of the prefix copies that part (the kept prefix survived a request)
        assert [s.tokens for s in llm.generate_all(other, **kw)] == scratch[len(other)]
        assert llm.last_stats.n_prefix_reused == len(head)
        llm.generate_all(prompt, **kw)
        assert (llm.last_stats.n_prefix_reused, llm.last_stats.n_prompt_evaluated) == (
            len(prefix), len(prompt) - len(prefix))
        out = llm.generate_all(prefix, **kw)
        assert llm.last_stats.n_prompt_evaluated == 1  # prompt == prefix: its last token is run again
        assert [s.n_tokens for s in out] == [8, 8]
        llm.clear_prefix()
        assert llm.prefix_tokens == []
    finally:
        llm.close()


# ---------------------------------------------------------------- errors, threads, closing

def test_bad_requests_raise_value_errors_before_any_work():
    llm = make(n_parallel=4, n_ctx=256, n_batch=64)
    try:
        toks = llm.tokenize(PROMPT)
        cases = [
            (dict(prompt_tokens=toks, n=5), r"n=5 sequences requested .* n_parallel=4"),
            (dict(prompt_tokens=[1] * 300, n=1, max_tokens=1), "prompt has 300 tokens, longer than the context"),
            (dict(prompt_tokens=toks, n=4, max_tokens=100), r"needs \d+ KV cells .* only 256 of n_ctx=256 are free"),
            (dict(prompt_tokens=[], n=1), "prompt is empty"),
            (dict(prompt_tokens=[llm.n_vocab + 5], n=1), "out of range"),
            (dict(prompt_tokens=toks, n=3, seeds=[1, 2]), "2 seeds for n=3"),
            (dict(prompt_tokens=toks, n=1, seeds=[0xFFFFFFFF]), "means random"),
            (dict(prompt_tokens=toks, n=1, max_tokens=0), "max_tokens"),
            (dict(prompt_tokens=toks, n=1, top_p=0.0), "top_p"),
        ]
        for kwargs, message in cases:
            with pytest.raises(ValueError, match=message):
                llm.generate(**kwargs)
        with pytest.raises(ValueError, match="prefix has 250 tokens"):
            llm.set_prefix([1] * 250)
        with pytest.raises(ValueError, match="n_parallel"):
            make(n_parallel=300)
        with pytest.raises(ValueError, match="unknown llama_context_params field"):
            make(n_parallel=1, n_ctx=256, context_overrides={"no_such_field": 1})
        # a prompt longer than n_batch is evaluated in chunks, and the object still works
        out = llm.generate_all(toks * 3, n=2, max_tokens=4, temperature=0)
        assert out[0].tokens == out[1].tokens
    finally:
        llm.close()


def test_missing_model_file_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="model file not found"):
        BatchedLlama(tmp_path / "missing.gguf")


def test_close_is_idempotent_and_refuses_later_calls():
    llm = make(n_parallel=1, n_ctx=256)
    with llm:
        assert llm.tokenize("Hi")
    llm.close()  # twice: nothing to free
    for call in (lambda: llm.generate_all([1], n=1), lambda: llm.tokenize("Hi"), lambda: llm.set_prefix([1, 2])):
        with pytest.raises(RuntimeError, match="closed"):
            call()


def test_threads_share_one_object_and_reentry_is_refused(bl):
    toks = bl.tokenize(PROMPT)
    kw = dict(n=2, max_tokens=6, temperature=0.8, seeds=[1, 2])
    expected = [s.text for s in bl.generate_all(toks, **kw)]
    results: list[list[str]] = []

    def worker():
        results.append([s.text for s in bl.generate_all(toks, **kw)])

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 3
    it = bl.generate(toks, **kw)
    next(it)  # this thread holds the context: a clear error instead of a deadlock
    with pytest.raises(RuntimeError, match="busy"):
        bl.set_prefix(toks[:4])
    it.close()  # releases the context
    bl.set_prefix(toks[:4])
    with contextlib.closing(bl.generate(toks, **kw)) as it2:
        next(it2)
        with pytest.raises(RuntimeError, match="busy"):
            bl.close()  # would free the context under the open iterator
    assert [s.text for s in bl.generate_all(toks, **kw)] == expected


def test_close_waits_for_a_request_in_another_thread():
    llm = make(n_parallel=2, n_ctx=512)
    it = llm.generate(llm.tokenize(PROMPT), n=2, max_tokens=4, temperature=0.8)
    next(it)
    closed = threading.Event()
    closer = threading.Thread(target=lambda: (llm.close(), closed.set()))
    closer.start()
    assert not closed.wait(0.3)  # blocked on the context lock
    rest = list(it)
    closer.join(5)
    assert closed.is_set() and rest
    with pytest.raises(RuntimeError, match="closed"):
        llm.tokenize("Hello there.")
