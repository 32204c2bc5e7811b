"""``BatchedLlama``: the public face of the batched decoder (locking, the request checks, the API)."""
from __future__ import annotations

import os
import time
from collections.abc import Iterator, Sequence

import llama_cpp

from .context import ContextLock, ModelContext
from .generation import GenerateStats, Generation, check_fits, check_request
from .prefix import PrefixCache, common_prefix_len
from .sampling import SamplerParams, Step


class BatchedLlama:
    """One llama.cpp model + ONE context serving N parallel sequences.

    Args:
      model_path: GGUF file.
      n_parallel: max candidates per request (n); the context gets n_seq_max = n_parallel + 2
        (two extra sequences: the prefix cache and a scratch one for batch_invariant padding).
      n_ctx: KV cells shared by ALL sequences (kv_unified): prefix + prompt suffix + n*max_tokens
        must fit.
      n_batch: max tokens per llama_decode (prompt chunks); n_ubatch is set equal.
      n_threads / n_threads_batch: ggml threads for decode / prompt (2 on the 2-core box).
      flash_attn: True (default) / False / None (llama.cpp auto).  True because it makes a
        sequence's tokens independent of the batch size (bit-exact, measured: SmolLM2 n <= 8,
        Gemma n <= 2, see ``repack``), whereas with False (the high-level ``Llama`` default) a
        1-token decode takes a different f16 attention path than a multi-token one and seq k's
        text changes between n=1 and n>1 within 3-30 tokens (measured while building this module).  To
        reproduce a ``Llama(flash_attn=False)`` bit for bit, pass False.
      swa_full: full-size SWA cache (needed for partial prefix reuse on Gemma 3, see the package doc).
      repack: let llama.cpp repack weights for its CPU GEMM kernels (model param use_extra_bufts,
        default on).  Gemma's Q4_K weights become q4_K_8x8, whose 4-row kernel rounds differently
        from the 1-row one, so a sequence's text then depends on the batch size for n >= 4;
        repack=False keeps n <= 4 bit-identical, at a speed cost.
      batch_invariant: with 2+ threads and > 192 KV cells in use, pad a 1-token llama_decode with
        a dummy token on a scratch sequence so that CPU flash attention does not take its
        split-KV path (see ModelContext.decode) and seq k's text does not depend on n (or on n_threads).
      adapter_path: a LoRA adapter in llama.cpp's GGUF adapter format, applied to every sequence.
    """

    def __init__(
        self,
        model_path: str | os.PathLike[str],
        *,
        n_parallel: int = 8,
        n_ctx: int = 4096,
        n_batch: int = 512,
        n_threads: int = 2,
        n_threads_batch: int | None = None,
        flash_attn: bool | None = True,
        swa_full: bool = True,
        repack: bool = True,
        batch_invariant: bool = True,
        context_overrides: dict[str, object] | None = None,
        verbose: bool = False,
        n_gpu_layers: int = 0,
        adapter_path: str | os.PathLike[str] | None = None,
    ) -> None:
        self.model_path = os.fspath(model_path)
        self._llama = llama = ModelContext(
            self.model_path, n_parallel=n_parallel, n_ctx=n_ctx, n_batch=n_batch, n_threads=n_threads,
            n_threads_batch=n_threads_batch, flash_attn=flash_attn, swa_full=swa_full, repack=repack,
            batch_invariant=batch_invariant, context_overrides=context_overrides, verbose=verbose,
            n_gpu_layers=n_gpu_layers, adapter_path=os.fspath(adapter_path) if adapter_path else None)
        self._guard = ContextLock(llama)
        self.n_vocab, self.n_swa, self.n_ctx_train = llama.n_vocab, llama.n_swa, llama.n_ctx_train
        self.n_ctx, self.n_batch = llama.n_ctx, llama.n_batch
        self.n_parallel, self.swa_full = n_parallel, swa_full
        self.batch_invariant, self.n_threads = batch_invariant, n_threads
        self._prefix = PrefixCache(llama)
        self.last_stats = GenerateStats()

    # ------------------------------------------------------------------ lifecycle

    def close(self) -> None:
        """Free the batch, context and model (idempotent).  Waits for a request running in
        another thread; raises RuntimeError if this thread has an open generate() iterator."""
        if self._llama.closed:
            return
        with self._guard.held():
            self._llama.close()

    def __enter__(self) -> BatchedLlama:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ tokens

    def tokenize(self, text: str, add_special: bool = True, parse_special: bool = True) -> list[int]:
        """Text -> token ids (add_special: the model's BOS if it wants one; parse_special: turn
        "<|im_start|>" etc. into their special tokens, as Llama.create_completion does)."""
        return self._llama.tokenize(text, add_special, parse_special)

    def token_bytes(self, token: int) -> bytes:
        """The raw bytes of one token (may be part of a multi-byte UTF-8 character)."""
        return self._llama.token_bytes(token)

    def detokenize(self, tokens: Sequence[int]) -> str:
        """Token ids -> text (special tokens not rendered; bytes joined before UTF-8 decoding)."""
        return b"".join(self._llama.token_bytes(t) for t in tokens).decode("utf-8", errors="ignore")

    def is_eog(self, token: int) -> bool:
        self._llama.check_open()
        return self._llama.is_eog(token)

    @property
    def has_chat_template(self) -> bool:
        """Whether the GGUF carries a chat template (an instruct model; a base model has none)."""
        return bool(llama_cpp.llama_model_chat_template(self._llama.model, None))

    @property
    def bos_token(self) -> int:
        return llama_cpp.llama_vocab_bos(self._llama.vocab)

    # ------------------------------------------------------------------ prefix cache

    @property
    def prefix_tokens(self) -> list[int]:
        return list(self._prefix.tokens)

    def set_prefix(self, tokens: Sequence[int]) -> int:
        """Evaluate a constant prefix (system text + few-shot examples) once and keep its KV in the
        reserved sequence.  Later ``generate`` calls whose prompt starts with (part of)
        it only evaluate the rest.  If the new prefix shares a head with the cached one, only the
        differing tail is evaluated.  Returns the number of tokens evaluated."""
        toks = self._llama.check_tokens(tokens, "prefix")
        if not toks:
            raise ValueError("prefix is empty (use clear_prefix() to drop the cache)")
        with self._guard.held():
            return self._prefix.set(toks)

    def clear_prefix(self) -> None:
        """Drop the cached prefix."""
        with self._guard.held():
            self._prefix.clear()

    def _used_cells(self) -> int:
        """KV cells held outside the working sequences (the prefix)."""
        return len(self._prefix.tokens)

    # ------------------------------------------------------------------ generation

    def generate(
        self,
        prompt_tokens: Sequence[int],
        n: int = 1,
        max_tokens: int = 128,
        temperature: float = 0.8,
        top_p: float = 0.95,
        repeat_penalty: float = 1.0,
        seeds: Sequence[int] | None = None,
        stop: Sequence[str] | None = None,
        *,
        top_k: int = 40,
        min_p: float = 0.05,
        penalty_last_n: int = 64,
        ignore_eos: bool = False,
    ) -> Iterator[list[Step]]:
        """Draft ``n`` continuations of one prompt as parallel sequences in one batch.

        The prompt is evaluated once (minus what the prefix cache holds) on seq 0, its KV is shared
        with seqs 1..n-1, then each step samples one token per live sequence and decodes them all
        in one llama_decode.  Yields, after every step, a list of n ``Step`` (text so far, token
        counts, finished flags) so a caller can stream the leading candidate.

        seeds: one per sequence (default 0..n-1); a sequence's text depends only on its seed, not
          on n (SmolLM2 n <= 8, Gemma n <= 2; see the module docstring).  temperature <= 0 is greedy.
        stop: stop strings; a sequence also stops on an end-of-generation token (unless
          ignore_eos, a benchmarking aid) or at max_tokens.  Defaults of top_k/min_p/
          penalty_last_n are llama-cpp-python's create_completion defaults.

        Raises ValueError (before touching llama.cpp) when the request does not fit: n outside
        1..n_parallel, empty prompt, prompt longer than n_ctx, or prompt + n*max_tokens more KV
        cells than the context has free.  Holds the context lock until the iterator ends.
        """
        prompt = self._llama.check_tokens(prompt_tokens, "prompt")
        seed_list = check_request(prompt, n, max_tokens, self.n_parallel, self.n_ctx, seeds, top_p, repeat_penalty)
        stops = [s for s in (stop or []) if s]
        # eager check from Python state only (no C call without the lock); re-checked under it
        est_reuse = min(common_prefix_len(self._prefix.tokens, prompt), len(prompt) - 1)
        check_fits(self._llama, self._used_cells(), len(prompt) - est_reuse, n, max_tokens)
        params = SamplerParams(temperature, top_k, top_p, min_p, repeat_penalty, penalty_last_n)
        return self._generate(prompt, n, max_tokens, params, seed_list, stops, ignore_eos)

    def _generate(self, prompt: list[int], n: int, max_tokens: int, params: SamplerParams, seeds: list[int],
                  stops: list[str], ignore_eos: bool) -> Iterator[list[Step]]:
        t_call = time.perf_counter()
        self._guard.acquire()
        run: Generation | None = None
        try:
            self._llama.clear_working()
            reuse = self._prefix.reusable(prompt)
            check_fits(self._llama, self._used_cells(), len(prompt) - reuse, n, max_tokens)
            run = Generation(self._llama, prompt, n, reuse, max_tokens, stops, ignore_eos, t_call)
            self.last_stats = run.stats
            run.add_samplers(seeds, params)
            run.prefill(len(self._prefix.tokens))
            yield from run.steps()
        finally:
            self._llama.cells_est = 1 << 30
            try:
                if run is not None:
                    run.free()
                if self._llama.ctx is not None:
                    self._llama.clear_working()
            finally:
                self._guard.release()

    def generate_all(self, prompt_tokens: Sequence[int], n: int = 1, max_tokens: int = 128,
                     **kwargs: object) -> list[Step]:
        """Run ``generate`` to the end and return the final Step of each sequence."""
        last: list[Step] = []
        for steps in self.generate(prompt_tokens, n, max_tokens, **kwargs):  # type: ignore[arg-type]
            last = steps
        return last
