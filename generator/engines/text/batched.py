"""Batched (best-of-N) decoding, a constant-prefix KV cache and sequence scoring on llama.cpp.

Standalone: depends only on ``llama_cpp`` (llama-cpp-python 0.3.36, low-level ctypes API) and
numpy, so it can move into ``generator/engines/text/llamacpp.py`` as is.

Why batch: on a 2-core CPU, decoding a 135M-270M model is memory-bandwidth bound, so decoding N
sequences in ONE ``llama_decode`` per step reads the weights once for all of them.  Measured
earlier on this machine kind (2 cores, aggregate decode tok/s at batch 1/2/4/8):
SmolLM2-135M Q4_1 148/156/200/229, Gemma-3-270M Q4_K_M 71/77/110/138.  This module (bench.py,
n_threads=1 on a shared box, load 2-7): aggregate decode at B=1/2/4/8 SmolLM2 30/44/52/52,
Gemma 18/24/48/55 tok/s vs 32 / 22 tok/s for the high-level Llama's single sequence, i.e.
best-of-4 drafts in 5.0 s instead of 8.0 s (SmolLM2) and 5.3 s instead of 11.5 s (Gemma).
Threads: n_threads=2 collapses when the 2 cores are shared with other jobs (SmolLM2 decode ~1.3
vs ~26 tok/s with 1 thread at load ~6: ggml's threads spin at barriers while their partner is
descheduled); give the service its cores or use 1 thread on a busy box.

Design (after llama.cpp's examples/batched/batched.cpp and tools/batched-bench):

* ONE llama_context with ``n_seq_max = n_parallel + 2`` and ``kv_unified=True``.  Sequence ids
  ``0 .. n_parallel-1`` are working sequences; id ``n_parallel`` is reserved for the prefix cache
  and ``n_parallel+1`` is a scratch sequence for padding lone tokens (``batch_invariant``).
  With a unified KV buffer ``llama_memory_seq_cp`` only tags the existing cells with another seq
  id (no data copy, no dummy decode needed, unlike the per-sequence-stream layout), so a prompt
  evaluated once on seq 0 is shared by all N candidates and the prefix is shared by everything.
* The prompt is evaluated ONCE on seq 0, copied to seqs 1..n-1, then every step decodes one
  token per live sequence in a single ``llama_decode``.
* Each sequence has its own llama.cpp sampler chain (penalties -> top-k -> top-p -> min-p ->
  temp -> dist(seed)), the same order as llama-cpp-python's ``Llama._init_sampler`` so that
  n=1 reproduces ``Llama.create_completion`` token for token (greedy and seeded sampling).
* Gemma 3 uses sliding-window attention (n_swa=512).  With ``swa_full=True`` (the llama.cpp
  default in this version, and ours) the SWA layers keep every position, so prefix copy, partial
  ``seq_rm`` and partial prefix reuse are exact (tested: cached == from scratch with the same
  batch split).  With ``swa_full=False`` the SWA cache has pad256(n_swa*n_seq_max + n_ubatch)
  cells (unified KV: >= n_ctx anyway once n_seq_max >= 8); when it fills, llama.cpp recycles
  cells outside their sequence's window, including the cached prefix's oldest ones
  (seq_pos_min > 0).  Whole-prefix reuse then stays correct (not bit-exact: new tokens land in
  recycled low cells and flash attention visits keys in another order); partial reuse is refused
  (see ``_reusable``).
* Numerics: llama.cpp's CPU kernels round differently by batch shape (1-token vs multi-token
  attention without flash attention, split-KV flash attention for a lone token with >= 512
  cells, tiled flash attention from 64 rows, Gemma's repacked 4-row Q4_K GEMM), and these small
  Q4 models move ~0.5-1.5 logits when that happens.  Defaults chosen so that a sequence's text
  does not depend on n: flash_attn=True, batch_invariant padding; measured bit-identical for
  SmolLM2 at n <= 8 and Gemma at n <= 2 (n <= 4 with repack=False).  See REPORT.md.

Thread safety: one context serves ONE request at a time.  Every public method that touches the
context takes ``self._lock``; ``generate`` holds it until the iterator is exhausted or closed
(``with contextlib.closing(it)`` or just iterate to the end).  Calling another method from the
same thread while a ``generate`` iterator is open raises RuntimeError instead of deadlocking.
For concurrency, create one BatchedLlama per worker (the model weights are mmapped and shared
by the OS page cache) or queue requests.
"""
from __future__ import annotations

import codecs
import ctypes
import logging
import os
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import llama_cpp
import numpy as np

__all__ = ["BatchedLlama", "Step", "GenerateStats"]

# llama.cpp's LLAMA_MAX_SEQ (src/llama-cparams.h); seq ids must be < this.
_LLAMA_MAX_SEQ = 256
# ggml-cpu's GGML_FA_TILE_Q (ggml/src/ggml-cpu/common.h): batches with this many query rows or
# more take the tiled flash-attention kernel.
_FA_TILE_Q = 64
# LLAMA_DEFAULT_SEED (0xFFFFFFFF) makes llama_sampler_init_dist pick a RANDOM seed.
_RANDOM_SEED = 0xFFFFFFFF

_backend_lock = threading.Lock()
_backend_ready = False


def _ensure_backend() -> None:
    global _backend_ready
    with _backend_lock:
        if not _backend_ready:
            llama_cpp.llama_backend_init()
            _backend_ready = True


@dataclass
class Step:
    """Progress of one candidate sequence after a decoding step.

    text: the text so far.  While the sequence is running, a tail that could be the start of a
      stop string is held back (as llama-cpp-python's streaming does); once finished, it is the
      final text with the stop string (and anything after it) removed.
    new_text: what was appended to ``text`` since the previous step (for streaming).
    n_tokens: tokens generated so far (EOS not counted, like ``usage.completion_tokens``).
    finish_reason: None while running, else "eos" (an end-of-generation token), "stop" (a stop
      string), or "length" (max_tokens).
    """

    seq: int
    text: str
    new_text: str
    n_tokens: int
    finished: bool
    finish_reason: str | None
    tokens: list[int] = field(default_factory=list, repr=False)


@dataclass
class GenerateStats:
    """What the last ``generate`` call did (read ``BatchedLlama.last_stats``)."""

    n: int = 0
    n_prompt_tokens: int = 0  # tokens in the prompt
    n_prefix_reused: int = 0  # of which were copied from the prefix cache (not evaluated)
    n_prompt_evaluated: int = 0  # prompt tokens actually run through llama_decode
    t_prompt_s: float = 0.0  # prompt evaluation wall time (incl. KV copies)
    t_first_token_s: float = 0.0  # from call to first sampled tokens (time to first token)
    n_decode_steps: int = 0  # llama_decode calls in the generation loop
    n_decoded: int = 0  # tokens decoded in the generation loop (all sequences)
    n_generated: int = 0  # tokens generated (all sequences, sampled, EOS not counted)
    t_decode_s: float = 0.0  # time inside llama_decode during the generation loop
    t_sample_s: float = 0.0  # time sampling + detokenizing + stop checks
    t_generate_s: float = 0.0  # t_decode_s + t_sample_s (consumer time between yields excluded)


class _SeqState:
    __slots__ = ("seq", "sampler", "tokens", "bytes_decoder", "text", "emitted", "finished",
                 "finish_reason", "batch_idx")

    def __init__(self, seq: int, sampler: int) -> None:
        self.seq = seq
        self.sampler = sampler
        self.tokens: list[int] = []
        self.bytes_decoder = codecs.getincrementaldecoder("utf-8")(errors="ignore")
        self.text = ""
        self.emitted = ""
        self.finished = False
        self.finish_reason: str | None = None
        self.batch_idx = -1


def _common_prefix_len(a: Sequence[int], b: Sequence[int]) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


def _partial_stop_len(text: str, stops: Sequence[str]) -> int:
    """Length of the longest suffix of text that is a proper prefix of some stop string."""
    best = 0
    for s in stops:
        for k in range(min(len(s) - 1, len(text)), best, -1):
            if text.endswith(s[:k]):
                best = k
                break
    return best


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
        text changes between n=1 and n>1 within 3-30 tokens (determinism.py, REPORT.md).  To
        reproduce a ``Llama(flash_attn=False)`` bit for bit, pass False.
      swa_full: full-size SWA cache (needed for partial prefix reuse on Gemma 3, see module doc).
      repack: let llama.cpp repack weights for its CPU GEMM kernels (model param use_extra_bufts,
        default on).  Gemma's Q4_K weights become q4_K_8x8, whose 4-row kernel rounds differently
        from the 1-row one, so a sequence's text then depends on the batch size for n >= 4;
        repack=False keeps n <= 4 bit-identical (see REPORT.md for the speed cost).
      batch_invariant: with 2+ threads and > 192 KV cells in use, pad a 1-token llama_decode with
        a dummy token on a scratch sequence so that CPU flash attention does not take its
        split-KV path (see _decode) and seq k's text does not depend on n (or on n_threads).
      score_budget_mb: cap on the logits buffer while scoring (n_vocab*4 bytes per scored token:
        1 MiB/token for Gemma's 262k vocabulary), sets how many tokens one scoring decode holds.
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
        score_budget_mb: int = 128,
        repack: bool = True,
        batch_invariant: bool = True,
        context_overrides: dict[str, object] | None = None,
        verbose: bool = False,
        n_gpu_layers: int = 0,
    ) -> None:
        self._model = None
        self._ctx = None
        self._batch: Any = None
        self._batch_cap = 0
        self._closed = True
        path = os.fspath(model_path)
        if not os.path.isfile(path):
            raise FileNotFoundError(f"model file not found: {path}")
        if not (1 <= n_parallel <= _LLAMA_MAX_SEQ - 2):
            raise ValueError(f"n_parallel must be in 1..{_LLAMA_MAX_SEQ - 2} (llama.cpp LLAMA_MAX_SEQ="
                             f"{_LLAMA_MAX_SEQ}; two more sequences are reserved: prefix cache and padding)")
        if n_ctx < 16 or n_batch < 1:
            raise ValueError(f"n_ctx must be >= 16 and n_batch >= 1 (got n_ctx={n_ctx}, n_batch={n_batch})")
        if n_threads < 1:
            raise ValueError("n_threads must be >= 1")
        if not verbose:
            # llama-cpp-python's log callback prints every llama.cpp log line unless its logger is
            # raised to ERROR (that is what Llama(verbose=False) does, process-wide).
            logging.getLogger("llama-cpp-python").setLevel(logging.ERROR)
        _ensure_backend()

        self.model_path = path
        self._lock = threading.Lock()
        self._owner: int | None = None  # thread id holding the lock (to detect re-entry)

        mparams = llama_cpp.llama_model_default_params()
        mparams.use_extra_bufts = repack
        mparams.n_gpu_layers = n_gpu_layers
        self._model = llama_cpp.llama_model_load_from_file(path.encode("utf-8"), mparams)
        if not self._model:
            self._model = None
            raise RuntimeError(f"llama.cpp failed to load the model {path}")
        self._closed = False
        try:
            self._vocab = llama_cpp.llama_model_get_vocab(self._model)
            self.n_vocab: int = llama_cpp.llama_vocab_n_tokens(self._vocab)
            self.n_swa: int = llama_cpp.llama_model_n_swa(self._model)
            self.n_ctx_train: int = llama_cpp.llama_model_n_ctx_train(self._model)

            cparams = llama_cpp.llama_context_default_params()
            cparams.n_ctx = n_ctx
            cparams.n_batch = n_batch
            cparams.n_ubatch = n_batch
            cparams.n_seq_max = n_parallel + 2
            cparams.n_threads = n_threads
            cparams.n_threads_batch = n_threads_batch or n_threads
            cparams.kv_unified = True
            cparams.swa_full = swa_full
            cparams.no_perf = True
            if flash_attn is not None:
                cparams.flash_attn_type = (llama_cpp.LLAMA_FLASH_ATTN_TYPE_ENABLED if flash_attn
                                           else llama_cpp.LLAMA_FLASH_ATTN_TYPE_DISABLED)
            for k, v in (context_overrides or {}).items():
                if not hasattr(cparams, k):
                    raise ValueError(f"unknown llama_context_params field {k!r}")
                setattr(cparams, k, v)
            self._ctx = llama_cpp.llama_init_from_model(self._model, cparams)
            if not self._ctx:
                self._ctx = None
                raise RuntimeError("llama.cpp failed to create the context "
                                   f"(n_ctx={n_ctx}, n_batch={n_batch}, n_seq_max={n_parallel + 2})")
            self.n_ctx: int = llama_cpp.llama_n_ctx(self._ctx)
            self.n_batch: int = llama_cpp.llama_n_batch(self._ctx)
            self.n_parallel = n_parallel
            self.swa_full = swa_full
            self._prefix_seq = n_parallel
            self._pad_seq = n_parallel + 1
            self.batch_invariant = batch_invariant
            self.n_threads = n_threads
            # rough count of occupied KV cells (for the padding decision in _decode)
            self._cells_est = 1 << 30
            self._mem = llama_cpp.llama_get_memory(self._ctx)

            # One batch reused by every call; each token belongs to one sequence (we share KV with
            # llama_memory_seq_cp instead of multi-seq-id tokens).
            self._batch_cap = self.n_batch
            self._batch = llama_cpp.llama_batch_init(self._batch_cap + 1, 0, 1)  # +1: padding slot
            self._b_token = np.ctypeslib.as_array(self._batch.token, shape=(self._batch_cap + 1,))
            self._b_pos = np.ctypeslib.as_array(self._batch.pos, shape=(self._batch_cap + 1,))
            self._b_nseq = np.ctypeslib.as_array(self._batch.n_seq_id, shape=(self._batch_cap + 1,))
            self._b_logits = np.ctypeslib.as_array(self._batch.logits, shape=(self._batch_cap + 1,))
            self._b_nseq[:] = 1
            self._b_seq_rows = [self._batch.seq_id[i] for i in range(self._batch_cap + 1)]

            # Tokens per scoring decode: bounded by n_batch, by the logits buffer budget, and kept
            # below ggml-cpu's GGML_FA_TILE_Q (64): from 64 query rows on, CPU flash attention
            # switches to a tiled F32-GEMM kernel whose rounding differs from the per-row kernel
            # (measured: 0.93 nats on a 13-token sentence with SmolLM2 when 7 sentences were
            # packed into one 90-token decode), so a score would depend on what it was packed with.
            budget_rows = max(1, (score_budget_mb << 20) // (4 * self.n_vocab))
            self._score_chunk = max(1, min(self.n_batch, _FA_TILE_Q - 1, budget_rows))
            self._score_chunk_exact = max(1, min(self.n_batch, budget_rows))
        except BaseException:
            self._close_unlocked()
            raise

        self._prefix: list[int] = []
        self._piece_cache: dict[int, bytes] = {}
        self.last_stats = GenerateStats()

    # ------------------------------------------------------------------ lifecycle

    def close(self) -> None:
        """Free the batch, context and model (idempotent).  Waits for a request running in
        another thread; raises RuntimeError if this thread has an open generate() iterator."""
        lock = getattr(self, "_lock", None)
        if lock is None or self._closed:
            self._close_unlocked()
            return
        self._acquire()
        try:
            self._close_unlocked()
        finally:
            self._release()

    def _close_unlocked(self) -> None:
        if getattr(self, "_batch", None) is not None:
            llama_cpp.llama_batch_free(self._batch)
            self._batch = None
        if getattr(self, "_ctx", None) is not None:
            llama_cpp.llama_free(self._ctx)
            self._ctx = None
        if getattr(self, "_model", None) is not None:
            llama_cpp.llama_model_free(self._model)
            self._model = None
        self._closed = True

    def __enter__(self) -> BatchedLlama:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        # no generate() iterator can be alive here (it references self), so no lock is needed
        try:
            if llama_cpp is not None and not getattr(self, "_closed", True):
                self._close_unlocked()
        except Exception:  # noqa: BLE001 - interpreter shutdown: nothing left to report to
            pass

    # ------------------------------------------------------------------ tokens

    def tokenize(self, text: str, add_special: bool = True, parse_special: bool = True) -> list[int]:
        """Text -> token ids (add_special: the model's BOS if it wants one; parse_special: turn
        "<|im_start|>" etc. into their special tokens, as Llama.create_completion does)."""
        self._check_open()
        data = text.encode("utf-8")
        cap = len(data) + 8
        buf = (llama_cpp.llama_token * cap)()
        n = llama_cpp.llama_tokenize(self._vocab, data, len(data), buf, cap, add_special, parse_special)
        if n < 0:  # buffer too small: -n is the size needed
            cap = -n
            buf = (llama_cpp.llama_token * cap)()
            n = llama_cpp.llama_tokenize(self._vocab, data, len(data), buf, cap, add_special, parse_special)
            if n < 0:
                raise RuntimeError("llama_tokenize failed")
        return list(buf[:n])

    def token_bytes(self, token: int) -> bytes:
        """The raw bytes of one token (may be part of a multi-byte UTF-8 character)."""
        piece = self._piece_cache.get(token)
        if piece is None:
            self._check_open()
            buf = ctypes.create_string_buffer(64)
            n = llama_cpp.llama_token_to_piece(self._vocab, token, buf, 64, 0, False)
            if n < 0:  # piece longer than the buffer: -n is its length
                buf = ctypes.create_string_buffer(-n)
                n = llama_cpp.llama_token_to_piece(self._vocab, token, buf, -n, 0, False)
            piece = buf.raw[:n]
            self._piece_cache[token] = piece
        return piece

    def detokenize(self, tokens: Sequence[int]) -> str:
        """Token ids -> text (special tokens not rendered; bytes joined before UTF-8 decoding)."""
        return b"".join(self.token_bytes(t) for t in tokens).decode("utf-8", errors="ignore")

    def is_eog(self, token: int) -> bool:
        self._check_open()
        return bool(llama_cpp.llama_vocab_is_eog(self._vocab, token))

    @property
    def has_chat_template(self) -> bool:
        """Whether the GGUF carries a chat template (an instruct model; a base model has none)."""
        return bool(llama_cpp.llama_model_chat_template(self._model, None))

    @property
    def bos_token(self) -> int:
        return llama_cpp.llama_vocab_bos(self._vocab)

    # ------------------------------------------------------------------ low-level helpers

    def _check_open(self) -> None:
        if self._closed or self._ctx is None:
            raise RuntimeError("BatchedLlama is closed")

    def _acquire(self) -> None:
        self._check_open()
        if self._owner == threading.get_ident():
            raise RuntimeError("this BatchedLlama is busy in this thread (an unfinished generate() "
                               "iterator holds the context); exhaust or close() it first")
        self._lock.acquire()
        if self._closed:  # closed by another thread while we waited
            self._lock.release()
            raise RuntimeError("BatchedLlama is closed")
        self._owner = threading.get_ident()

    def _release(self) -> None:
        self._owner = None
        self._lock.release()

    def _check_tokens(self, tokens: Sequence[int] | Sequence[object], what: str) -> list[int]:
        toks = [int(t) for t in tokens]  # type: ignore[call-overload]
        if toks:
            arr = np.asarray(toks, dtype=np.int64)
            bad = (arr < 0) | (arr >= self.n_vocab)
            if bad.any():
                raise ValueError(f"{what}: token id {int(arr[bad][0])} out of range 0..{self.n_vocab - 1}")
        return toks

    def _used_cells(self) -> int:
        """KV cells held outside the working sequences (the prefix)."""
        return len(self._prefix)

    def _check_fits(self, n_eval: int, n: int, max_tokens: int) -> None:
        need = n_eval + n * max_tokens + int(self.batch_invariant)  # +1: the padding token
        free = self.n_ctx - self._used_cells()
        if need > free:
            raise ValueError(
                f"request needs {need} KV cells ({n_eval} prompt tokens to evaluate + "
                f"n={n} x max_tokens={max_tokens}) but only {free} of n_ctx={self.n_ctx} are free "
                f"(the prefix cache holds {self._used_cells()}); raise n_ctx or lower n/max_tokens")

    def _decode(self, tokens: Sequence[int], pos: Sequence[int] | np.ndarray | int, seqs: Sequence[int] | int,
                logits: Sequence[bool] | np.ndarray | bool) -> None:
        """One llama_decode of len(tokens) <= n_batch tokens."""
        m = len(tokens)
        if not (0 < m <= self._batch_cap):
            raise ValueError(f"internal: batch of {m} tokens exceeds n_batch={self._batch_cap}")
        b = self._batch
        b.n_tokens = m
        self._b_token[:m] = tokens
        self._b_pos[:m] = pos if isinstance(pos, int) else np.asarray(pos, dtype=np.int32)
        self._b_logits[:m] = logits if isinstance(logits, bool) else np.asarray(logits, dtype=np.int8)
        rows = self._b_seq_rows
        if isinstance(seqs, int):
            for i in range(m):
                rows[i][0] = seqs
        else:
            for i in range(m):
                rows[i][0] = seqs[i]
        # A lone query token takes llama.cpp's CPU flash-attention "split-KV" path once >= 512
        # KV cells are in view (ggml-cpu ops.cpp: neq1 == 1 && nek1 >= 512; n_kv is the highest
        # used cell rounded up to 256), which splits the KV range across the decode threads:
        # numerically different from the per-row path of multi-token batches (with 1 thread it
        # is the same arithmetic).  Measured with 2 threads and a 795-token prompt: seq 0's text
        # differed between n=1 and n=2 in 3/3 seeds (from token 6-15), identical with padding.
        # A dummy second token on a scratch sequence (position 0, no logits) keeps the decode on
        # the per-row path.  It is not free -- a 2-token step cost ~1.4-1.9x a 1-token step here
        # -- so pad only when it changes the arithmetic (2+ threads, > 192 cells in use).
        pad = (m == 1 and self.batch_invariant and self.n_threads > 1 and self._cells_est > 192)
        if pad:
            self._b_token[1] = self._b_token[0]
            self._b_pos[1] = 0
            self._b_logits[1] = 0
            rows[1][0] = self._pad_seq
            b.n_tokens = 2
        rc = llama_cpp.llama_decode(self._ctx, b)
        if pad:
            llama_cpp.llama_memory_seq_rm(self._mem, self._pad_seq, -1, -1)
        if rc != 0:
            if rc == 1:
                raise RuntimeError("llama_decode: no KV slot for the batch (context full); "
                                   f"n_ctx={self.n_ctx}")
            raise RuntimeError(f"llama_decode failed with code {rc}")

    def _eval_seq(self, tokens: Sequence[int], seq: int, pos0: int, logits_last: bool) -> int:
        """Evaluate tokens on one sequence in n_batch chunks; returns the batch index of the last
        token's logits (valid only if logits_last)."""
        n = len(tokens)
        last = -1
        for start in range(0, n, self._batch_cap):
            chunk = tokens[start:start + self._batch_cap]
            m = len(chunk)
            flags = np.zeros(m, dtype=np.int8)
            if logits_last and start + m == n:
                flags[-1] = 1
                last = m - 1
            self._decode(chunk, np.arange(pos0 + start, pos0 + start + m, dtype=np.int32), seq, flags)
        return last

    def _clear_working(self) -> None:
        for s in range(self.n_parallel):
            llama_cpp.llama_memory_seq_rm(self._mem, s, -1, -1)

    def _make_sampler(self, seed: int, temperature: float, top_k: int, top_p: float, min_p: float,
                      repeat_penalty: float, penalty_last_n: int) -> int:
        # Same order as llama-cpp-python's Llama._init_sampler (so n=1 == create_completion):
        # penalties, top_k, [typical=1.0 is a no-op], top_p, min_p, temp, dist(seed) / greedy.
        # NOTE (0.3.36): llama_sampler_init_penalties takes n_vocab as its FIRST argument here
        # (the vendored llama.h re-added it); upstream llama.cpp has 4 arguments.
        sparams = llama_cpp.llama_sampler_chain_default_params()
        sparams.no_perf = True
        chain = llama_cpp.llama_sampler_chain_init(sparams)
        if not chain:
            raise RuntimeError("llama_sampler_chain_init failed")
        add = llama_cpp.llama_sampler_chain_add  # the chain takes ownership of each sampler
        add(chain, llama_cpp.llama_sampler_init_penalties(self.n_vocab, penalty_last_n, repeat_penalty, 0.0, 0.0))
        if temperature <= 0.0:
            add(chain, llama_cpp.llama_sampler_init_greedy())
        else:
            if top_k > 0:
                add(chain, llama_cpp.llama_sampler_init_top_k(top_k))
            add(chain, llama_cpp.llama_sampler_init_top_p(top_p, 1))
            if min_p > 0.0:
                add(chain, llama_cpp.llama_sampler_init_min_p(min_p, 1))
            add(chain, llama_cpp.llama_sampler_init_temp(temperature))
            add(chain, llama_cpp.llama_sampler_init_dist(seed))
        return chain

    # ------------------------------------------------------------------ prefix cache

    @property
    def prefix_tokens(self) -> list[int]:
        return list(self._prefix)

    def set_prefix(self, tokens: Sequence[int]) -> int:
        """Evaluate a constant prefix (system text + few-shot examples) once and keep its KV in the
        reserved sequence.  Later ``generate``/``score`` calls whose prompt starts with (part of)
        it only evaluate the rest.  If the new prefix shares a head with the cached one, only the
        differing tail is evaluated.  Returns the number of tokens evaluated."""
        toks = self._check_tokens(tokens, "prefix")
        if not toks:
            raise ValueError("prefix is empty (use clear_prefix() to drop the cache)")
        self._acquire()
        try:
            # Room for the prefix plus at least one n_batch prompt chunk for the working seqs.
            limit = self.n_ctx - min(self.n_batch, self.n_ctx // 4)
            if len(toks) > limit:
                raise ValueError(f"prefix has {len(toks)} tokens; with n_ctx={self.n_ctx} at most {limit} "
                                 "can be cached (the rest of the context is needed for requests)")
            self._clear_working()
            keep = _common_prefix_len(self._prefix, toks)
            if keep == len(toks) == len(self._prefix):
                return 0
            mem, ps = self._mem, self._prefix_seq
            if not llama_cpp.llama_memory_seq_rm(mem, ps, keep, -1):
                llama_cpp.llama_memory_seq_rm(mem, ps, -1, -1)
                keep = 0
            self._prefix = toks[:keep]
            try:
                self._eval_seq(toks[keep:], ps, keep, logits_last=False)
            except BaseException:
                llama_cpp.llama_memory_seq_rm(mem, ps, -1, -1)
                self._prefix = []
                raise
            self._prefix = toks
            return len(toks) - keep
        finally:
            self._release()

    def clear_prefix(self) -> None:
        """Drop the cached prefix."""
        self._acquire()
        try:
            llama_cpp.llama_memory_seq_rm(self._mem, self._prefix_seq, -1, -1)
            self._prefix = []
        finally:
            self._release()

    def _reusable(self, prompt: Sequence[int]) -> int:
        """How many leading prompt tokens can be copied from the prefix cache (the last prompt
        token is always evaluated: we need its logits)."""
        if not self._prefix:
            return 0
        reuse = min(_common_prefix_len(self._prefix, prompt), len(prompt) - 1)
        if reuse <= 0:
            return 0
        # With swa_full=False llama.cpp prunes SWA cells outside the window; only a reuse of the
        # WHOLE cached prefix is then exact (the window ending at the prefix end is still there).
        pos_min = llama_cpp.llama_memory_seq_pos_min(self._mem, self._prefix_seq)
        if pos_min > 0 and reuse < len(self._prefix):
            return 0
        return reuse

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
          on n (see REPORT.md for how exact that is).  temperature <= 0 is greedy.
        stop: stop strings; a sequence also stops on an end-of-generation token (unless
          ignore_eos, a benchmarking aid) or at max_tokens.  Defaults of top_k/min_p/
          penalty_last_n are llama-cpp-python's create_completion defaults.

        Raises ValueError (before touching llama.cpp) when the request does not fit: n outside
        1..n_parallel, empty prompt, prompt longer than n_ctx, or prompt + n*max_tokens more KV
        cells than the context has free.  Holds the context lock until the iterator ends.
        """
        prompt = self._check_tokens(prompt_tokens, "prompt")
        if not prompt:
            raise ValueError("prompt is empty")
        if not (1 <= n <= self.n_parallel):
            raise ValueError(f"n={n} sequences requested but this BatchedLlama was built with "
                             f"n_parallel={self.n_parallel} (n_seq_max={self.n_parallel + 2})")
        if max_tokens < 1:
            raise ValueError("max_tokens must be >= 1")
        if len(prompt) > self.n_ctx:
            raise ValueError(f"prompt has {len(prompt)} tokens, longer than the context n_ctx={self.n_ctx}")
        seed_list = list(range(n)) if seeds is None else [int(s) for s in seeds]
        if len(seed_list) != n:
            raise ValueError(f"got {len(seed_list)} seeds for n={n} sequences")
        for s in seed_list:
            if not (0 <= s < _RANDOM_SEED):
                raise ValueError(f"seed {s} out of range 0..{_RANDOM_SEED - 1} (0xFFFFFFFF means random in llama.cpp)")
        if not (0.0 < top_p <= 1.0):
            raise ValueError("top_p must be in (0, 1]")
        if repeat_penalty <= 0.0:
            raise ValueError("repeat_penalty must be > 0 (1.0 disables it)")
        stops = [s for s in (stop or []) if s]
        # eager check from Python state only (no C call without the lock); re-checked under it
        est_reuse = min(_common_prefix_len(self._prefix, prompt), len(prompt) - 1)
        self._check_fits(len(prompt) - est_reuse, n, max_tokens)
        return self._generate(prompt, n, max_tokens, temperature, top_p, repeat_penalty, seed_list,
                              stops, top_k, min_p, penalty_last_n, ignore_eos)

    def _generate(self, prompt: list[int], n: int, max_tokens: int, temperature: float, top_p: float,
                  repeat_penalty: float, seeds: list[int], stops: list[str], top_k: int, min_p: float,
                  penalty_last_n: int, ignore_eos: bool) -> Iterator[list[Step]]:
        t_call = time.perf_counter()
        self._acquire()
        states: list[_SeqState] = []
        try:
            mem = self._mem
            self._clear_working()
            reuse = self._reusable(prompt)
            self._check_fits(len(prompt) - reuse, n, max_tokens)
            st = GenerateStats(n=n, n_prompt_tokens=len(prompt), n_prefix_reused=reuse,
                               n_prompt_evaluated=len(prompt) - reuse)
            self.last_stats = st
            for k in range(n):
                states.append(_SeqState(k, self._make_sampler(seeds[k], temperature, top_k, top_p, min_p,
                                                              repeat_penalty, penalty_last_n)))
            # --- prompt: once, on seq 0
            t0 = time.perf_counter()
            if reuse:
                llama_cpp.llama_memory_seq_cp(mem, self._prefix_seq, 0, 0, reuse)  # cells [0, reuse)
            self._cells_est = len(self._prefix) + len(prompt) - reuse
            last_idx = self._eval_seq(prompt[reuse:], 0, reuse, logits_last=True)
            for k in range(1, n):  # unified KV: tags the cells, no data copy
                llama_cpp.llama_memory_seq_cp(mem, 0, k, -1, -1)
            st.t_prompt_s = time.perf_counter() - t0
            for s in states:
                s.batch_idx = last_idx
            pos = len(prompt)
            max_stop = max((len(s) for s in stops), default=0)
            vocab = self._vocab
            first = True
            while True:
                t0 = time.perf_counter()
                # --- sample one token per live sequence (llama_sampler_sample also accepts it
                # into the chain: do NOT call llama_sampler_accept again, that would count the
                # token twice in the repeat penalty)
                next_tokens: list[int] = []
                next_seqs: list[int] = []
                steps: list[Step] = []
                for s in states:
                    if s.finished:
                        steps.append(Step(s.seq, s.text, "", len(s.tokens), True, s.finish_reason, s.tokens))
                        continue
                    tok = llama_cpp.llama_sampler_sample(s.sampler, self._ctx, s.batch_idx)
                    if not ignore_eos and llama_cpp.llama_vocab_is_eog(vocab, tok):
                        s.finished, s.finish_reason = True, "eos"
                    else:
                        s.tokens.append(tok)
                        st.n_generated += 1
                        old_len = len(s.text)
                        s.text += s.bytes_decoder.decode(self.token_bytes(tok))
                        if stops:
                            lo = max(0, old_len - max_stop + 1)
                            hits = [i for i in (s.text.find(x, lo) for x in stops) if i >= 0]
                            if hits:
                                s.text = s.text[:min(hits)]
                                s.finished, s.finish_reason = True, "stop"
                        if not s.finished and len(s.tokens) >= max_tokens:
                            s.finished, s.finish_reason = True, "length"
                    if s.finished:
                        if s.finish_reason != "stop":
                            s.text += s.bytes_decoder.decode(b"", final=True)
                        visible = s.text
                    else:
                        visible = s.text[:len(s.text) - _partial_stop_len(s.text, stops)] if stops else s.text
                        next_tokens.append(tok)
                        next_seqs.append(s.seq)
                    # held-back text may shrink the visible text only when a stop string matched
                    new = visible[len(s.emitted):] if visible.startswith(s.emitted) else ""
                    s.emitted = visible
                    steps.append(Step(s.seq, visible, new, len(s.tokens), s.finished, s.finish_reason, s.tokens))
                t1 = time.perf_counter()
                st.t_sample_s += t1 - t0
                if first:
                    st.t_first_token_s = t1 - t_call
                    first = False
                st.t_generate_s = st.t_sample_s + st.t_decode_s
                yield steps
                if not next_tokens:
                    break
                # --- one llama_decode for all live sequences, one token each, at the same position
                t0 = time.perf_counter()
                self._decode(next_tokens, pos, next_seqs, True)
                st.t_decode_s += time.perf_counter() - t0
                st.n_decode_steps += 1
                st.n_decoded += len(next_tokens)
                self._cells_est += len(next_tokens)
                for i, k in enumerate(next_seqs):
                    states[k].batch_idx = i
                pos += 1
            st.t_generate_s = st.t_sample_s + st.t_decode_s
        finally:
            self._cells_est = 1 << 30
            try:
                for s in states:
                    llama_cpp.llama_sampler_free(s.sampler)
                if self._ctx is not None:
                    self._clear_working()
            finally:
                self._release()

    def generate_all(self, prompt_tokens: Sequence[int], n: int = 1, max_tokens: int = 128,
                     **kwargs: object) -> list[Step]:
        """Run ``generate`` to the end and return the final Step of each sequence."""
        last: list[Step] = []
        for steps in self.generate(prompt_tokens, n, max_tokens, **kwargs):  # type: ignore[arg-type]
            last = steps
        return last

    # ------------------------------------------------------------------ scoring

    def score(self, sequences: Sequence[str] | Sequence[Sequence[int]],
              context: str | Sequence[int] | None = None, *, packed: bool = False) -> list[float]:
        """Total log-probability (natural log) of each sequence, for ranking alternative phrasings.

        sequences: texts (tokenized with the model's BOS, which is not scored) or token lists (the
          first token is then the unscored start).  With ``context`` (text or tokens) the context
          is evaluated once and each sequence (texts then tokenized WITHOUT BOS) is scored as its
          continuation: every sequence token is scored, no context token is.  If the context starts
          with the cached prefix, that part is not re-evaluated.

        Logits are requested for every token of a batch and turned into log-probabilities in numpy
        (max-subtracted log-sum-exp, summed in float64).

        packed=False (default): one sequence per llama_decode, all its tokens with logits -- the
          same batch layout as ``Llama(logits_all=True).eval(tokens)``, whose scores it reproduces
          (|diff| < 1e-6 measured), and a sequence's score never depends on the others.
        packed=True: several sequences per llama_decode (one seq id each, < 64 tokens per decode).
          Measured 1.25x faster on 20 short sentences (2 cores), but llama.cpp's CPU kernels round
          differently by batch shape, so scores move with the packing: up to 0.04 nats (SmolLM2)
          and 0.7 nats (Gemma) -- enough to flip close rankings.
        """
        if isinstance(sequences, (str, bytes)):
            raise TypeError("score() takes a list of texts or token lists")
        ctx_toks: list[int] = []
        if context is not None:
            ctx_toks = self._check_tokens(self.tokenize(context) if isinstance(context, str) else context, "context")
            if not ctx_toks:
                raise ValueError("context is empty")
        seqs: list[list[int]] = []
        for i, s in enumerate(sequences):
            if isinstance(s, str):
                toks = self.tokenize(s, add_special=not ctx_toks)
            else:
                toks = self._check_tokens(s, f"sequence {i}")
            min_len = 1 if ctx_toks else 2
            if len(toks) < min_len:
                raise ValueError(f"sequence {i} has {len(toks)} tokens; at least {min_len} needed to score")
            seqs.append(toks)
        free = self.n_ctx - self._used_cells() - 1
        for i, toks in enumerate(seqs):
            if len(ctx_toks) + len(toks) > free:
                raise ValueError(f"sequence {i}: context+sequence = {len(ctx_toks) + len(toks)} tokens "
                                 f"does not fit the free KV cells ({free} of n_ctx={self.n_ctx})")
        if not seqs:
            return []
        self._acquire()
        try:
            self._clear_working()
            return self._score(seqs, ctx_toks, packed)
        finally:
            try:
                self._clear_working()
            finally:
                self._release()

    def _logprobs_rows(self, rows: np.ndarray, targets: np.ndarray) -> np.ndarray:
        """log p(target_r | output row rows[r]) for outputs of the last decode."""
        ptr = llama_cpp.llama_get_logits(self._ctx)  # all outputs, in batch order
        if not ptr:
            raise RuntimeError("llama_get_logits returned NULL")
        n_out = int(rows.max()) + 1
        logits = np.ctypeslib.as_array(ptr, shape=(n_out, self.n_vocab))[rows]
        m = logits.max(axis=1)
        lse = m.astype(np.float64) + np.log(np.exp(logits - m[:, None]).sum(axis=1, dtype=np.float64))
        return logits[np.arange(len(rows)), targets].astype(np.float64) - lse

    def _score(self, seqs: list[list[int]], ctx_toks: list[int], packed: bool) -> list[float]:
        mem = self._mem
        base = len(ctx_toks)
        ctx_seq = 0
        totals = [0.0] * len(seqs)
        if ctx_toks:
            reuse = self._reusable(ctx_toks)
            if reuse:
                llama_cpp.llama_memory_seq_cp(mem, self._prefix_seq, ctx_seq, 0, reuse)
            idx = self._eval_seq(ctx_toks[reuse:], ctx_seq, reuse, logits_last=True)
            row = np.ctypeslib.as_array(llama_cpp.llama_get_logits_ith(self._ctx, idx), shape=(self.n_vocab,))
            m = row.max()
            base_lp = row.astype(np.float64) - (m + np.log(np.exp(row - m).sum(dtype=np.float64)))
            for i, toks in enumerate(seqs):  # the first token of each sequence, after the context
                totals[i] += float(base_lp[toks[0]])
        # A job decodes its tokens at positions base.. (token j's logits score token j+1).  Packed
        # jobs skip their last token (nothing to score); exact jobs decode it too, with logits, so
        # the batch has exactly the high-level Llama's layout (the graph's last layer only runs the
        # output rows, so even unused outputs change the arithmetic of the others).
        slots = list(range(1 if ctx_toks else 0, self.n_parallel))[::-1]  # seq 0 keeps the context
        if not packed:
            slots = slots[-1:]
        chunk = self._score_chunk if packed else self._score_chunk_exact
        pending = list(range(len(seqs)))[::-1]
        active: dict[int, list[int]] = {}  # slot -> [job, next local index]

        def n_dec(job: int) -> int:
            return len(seqs[job]) - 1 if packed else len(seqs[job])

        while pending or active:
            while pending and slots:
                slot = slots.pop()
                if ctx_toks:
                    llama_cpp.llama_memory_seq_cp(mem, ctx_seq, slot, -1, -1)
                active[slot] = [pending.pop(), 0]
            toks_b: list[int] = []
            pos_b: list[int] = []
            seq_b: list[int] = []
            out_rows: list[int] = []
            owners: list[tuple[int, int]] = []  # per scored output: (job, target token)
            for slot, st in active.items():
                job, i = st
                toks = seqs[job]
                take = min(n_dec(job) - i, chunk - len(toks_b))
                if take <= 0:
                    continue
                for j in range(i, i + take):
                    if j + 1 < len(toks):
                        out_rows.append(len(toks_b))
                        owners.append((job, toks[j + 1]))
                    toks_b.append(toks[j])
                    pos_b.append(base + j)
                    seq_b.append(slot)
                st[1] = i + take
                if len(toks_b) >= chunk:
                    break
            if toks_b:
                self._decode(toks_b, pos_b, seq_b, True)
                if owners:
                    lp = self._logprobs_rows(np.asarray(out_rows, dtype=np.int64),
                                             np.fromiter((t for _, t in owners), dtype=np.int64))
                    for (job, _), v in zip(owners, lp, strict=True):
                        totals[job] += float(v)
            for slot in [s for s, (job, i) in active.items() if i >= n_dec(job)]:
                llama_cpp.llama_memory_seq_rm(mem, slot, -1, -1)
                del active[slot]
                slots.append(slot)
        return totals
