"""The model holder: one llama.cpp model, ONE context with n_seq_max sequences, and the batch reused by
every ``llama_decode`` (loading, tokens, decoding, freeing).  No locking here: ``BatchedLlama`` serialises."""
from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import threading
from collections.abc import Iterator, Sequence
from typing import Any

import llama_cpp
import numpy as np

# llama.cpp's LLAMA_MAX_SEQ (src/llama-cparams.h); seq ids must be < this.
_LLAMA_MAX_SEQ = 256

_backend_lock = threading.Lock()
_backend_ready = False


def _ensure_backend() -> None:
    global _backend_ready
    with _backend_lock:
        if not _backend_ready:
            llama_cpp.llama_backend_init()
            _backend_ready = True


def _check_config(path: str, n_parallel: int, n_ctx: int, n_batch: int, n_threads: int) -> None:
    if not os.path.isfile(path):
        raise FileNotFoundError(f"model file not found: {path}")
    if not (1 <= n_parallel <= _LLAMA_MAX_SEQ - 2):
        raise ValueError(f"n_parallel must be in 1..{_LLAMA_MAX_SEQ - 2} (llama.cpp LLAMA_MAX_SEQ="
                         f"{_LLAMA_MAX_SEQ}; two more sequences are reserved: prefix cache and padding)")
    if n_ctx < 16 or n_batch < 1:
        raise ValueError(f"n_ctx must be >= 16 and n_batch >= 1 (got n_ctx={n_ctx}, n_batch={n_batch})")
    if n_threads < 1:
        raise ValueError("n_threads must be >= 1")


def _context_params(n_parallel: int, n_ctx: int, n_batch: int, n_threads: int, n_threads_batch: int | None,
                    flash_attn: bool | None, swa_full: bool, overrides: dict[str, object] | None) -> Any:
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
    for k, v in (overrides or {}).items():
        if not hasattr(cparams, k):
            raise ValueError(f"unknown llama_context_params field {k!r}")
        setattr(cparams, k, v)
    return cparams


class _Batch:
    """One llama_batch of cap tokens plus a padding slot, with numpy views on its arrays.  Each token
    belongs to one sequence (KV is shared with llama_memory_seq_cp instead of multi-seq-id tokens)."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.raw = llama_cpp.llama_batch_init(cap + 1, 0, 1)  # +1: padding slot
        self.token = np.ctypeslib.as_array(self.raw.token, shape=(cap + 1,))
        self.pos = np.ctypeslib.as_array(self.raw.pos, shape=(cap + 1,))
        n_seq = np.ctypeslib.as_array(self.raw.n_seq_id, shape=(cap + 1,))
        self.logits = np.ctypeslib.as_array(self.raw.logits, shape=(cap + 1,))
        n_seq[:] = 1
        self.seq_rows = [self.raw.seq_id[i] for i in range(cap + 1)]

    def fill(self, tokens: Sequence[int], pos: Sequence[int] | np.ndarray | int, seqs: Sequence[int] | int,
             logits: Sequence[bool] | np.ndarray | bool) -> None:
        m = len(tokens)
        if not (0 < m <= self.cap):
            raise ValueError(f"internal: batch of {m} tokens exceeds n_batch={self.cap}")
        self.raw.n_tokens = m
        self.token[:m] = tokens
        self.pos[:m] = pos if isinstance(pos, int) else np.asarray(pos, dtype=np.int32)
        self.logits[:m] = logits if isinstance(logits, bool) else np.asarray(logits, dtype=np.int8)
        rows = self.seq_rows
        if isinstance(seqs, int):
            for i in range(m):
                rows[i][0] = seqs
        else:
            for i in range(m):
                rows[i][0] = seqs[i]

    def pad(self, seq: int) -> None:
        """Append a copy of the lone token at position 0 on ``seq``, without logits."""
        self.token[1] = self.token[0]
        self.pos[1] = 0
        self.logits[1] = 0
        self.seq_rows[1][0] = seq
        self.raw.n_tokens = 2

    def free(self) -> None:
        llama_cpp.llama_batch_free(self.raw)


class ModelContext:
    """One model + ONE context (kv_unified, n_seq_max = n_parallel + 2): seq ids 0..n_parallel-1 work,
    ``prefix_seq`` (n_parallel) keeps the prefix cache, ``pad_seq`` (n_parallel+1) is padding scratch."""

    def __init__(self, path: str, *, n_parallel: int, n_ctx: int, n_batch: int, n_threads: int,
                 n_threads_batch: int | None, flash_attn: bool | None, swa_full: bool, repack: bool,
                 batch_invariant: bool, context_overrides: dict[str, object] | None, verbose: bool,
                 n_gpu_layers: int = 0, adapter_path: str | None = None) -> None:
        self.model: Any = None
        self.ctx: Any = None
        self.adapter: Any = None
        self.batch: _Batch | None = None
        self.closed = True
        _check_config(path, n_parallel, n_ctx, n_batch, n_threads)
        if not verbose:
            # llama-cpp-python's log callback prints every llama.cpp log line unless its logger is
            # raised to ERROR (that is what Llama(verbose=False) does, process-wide).
            logging.getLogger("llama-cpp-python").setLevel(logging.ERROR)
        _ensure_backend()
        mparams = llama_cpp.llama_model_default_params()
        mparams.use_extra_bufts = repack
        mparams.n_gpu_layers = n_gpu_layers
        self.model = llama_cpp.llama_model_load_from_file(path.encode("utf-8"), mparams)
        if not self.model:
            self.model = None
            raise RuntimeError(f"llama.cpp failed to load the model {path}")
        self.closed = False
        try:
            self.vocab = llama_cpp.llama_model_get_vocab(self.model)
            self.n_vocab: int = llama_cpp.llama_vocab_n_tokens(self.vocab)
            self.n_swa: int = llama_cpp.llama_model_n_swa(self.model)
            self.n_ctx_train: int = llama_cpp.llama_model_n_ctx_train(self.model)
            cparams = _context_params(n_parallel, n_ctx, n_batch, n_threads, n_threads_batch, flash_attn,
                                      swa_full, context_overrides)
            self.ctx = llama_cpp.llama_init_from_model(self.model, cparams)
            if not self.ctx:
                self.ctx = None
                raise RuntimeError("llama.cpp failed to create the context "
                                   f"(n_ctx={n_ctx}, n_batch={n_batch}, n_seq_max={n_parallel + 2})")
            self.n_ctx: int = llama_cpp.llama_n_ctx(self.ctx)
            self.n_batch: int = llama_cpp.llama_n_batch(self.ctx)
            self.n_parallel = n_parallel
            self.prefix_seq = n_parallel
            self.pad_seq = n_parallel + 1
            self.batch_invariant = batch_invariant
            self.n_threads = n_threads
            # rough count of occupied KV cells (for the padding decision in decode)
            self.cells_est = 1 << 30
            self.mem = llama_cpp.llama_get_memory(self.ctx)
            self.batch = _Batch(self.n_batch)
            if adapter_path:
                self._apply_adapter(adapter_path)
        except BaseException:
            self.close()
            raise
        self._piece_cache: dict[int, bytes] = {}

    def _apply_adapter(self, path: str) -> None:
        """Load a LoRA adapter in llama.cpp's GGUF adapter format and apply it to this context at scale 1
        (llama_adapter_lora_init, llama_set_adapters_lora): every sequence decodes with it."""
        if not os.path.isfile(path):
            raise FileNotFoundError(f"LoRA adapter not found: {path}")
        self.adapter = llama_cpp.llama_adapter_lora_init(self.model, path.encode("utf-8"))
        if not self.adapter:
            self.adapter = None
            raise RuntimeError(f"llama.cpp could not load the LoRA adapter {path} for this model "
                               "(an adapter fits only the base it was trained on)")
        adapters = (llama_cpp.llama_adapter_lora_p_ctypes * 1)(self.adapter)
        scales = (ctypes.c_float * 1)(1.0)
        if llama_cpp.llama_set_adapters_lora(self.ctx, adapters, 1, scales) != 0:
            raise RuntimeError(f"llama.cpp could not apply the LoRA adapter {path}")

    def close(self) -> None:
        """Free the batch, context, adapter and model (idempotent)."""
        if self.batch is not None:
            self.batch.free()
            self.batch = None
        if self.ctx is not None:
            llama_cpp.llama_free(self.ctx)
            self.ctx = None
        if self.adapter is not None:
            llama_cpp.llama_adapter_lora_free(self.adapter)
            self.adapter = None
        if self.model is not None:
            llama_cpp.llama_model_free(self.model)
            self.model = None
        self.closed = True

    def __del__(self) -> None:
        # BatchedLlama's generate() iterators reference it, so none is alive here: no lock needed
        try:
            if llama_cpp is not None and not getattr(self, "closed", True):
                self.close()
        except Exception:  # noqa: BLE001 - interpreter shutdown: nothing left to report to
            pass

    def check_open(self) -> None:
        if self.closed or self.ctx is None:
            raise RuntimeError("BatchedLlama is closed")

    # ------------------------------------------------------------------ tokens

    def tokenize(self, text: str, add_special: bool = True, parse_special: bool = True) -> list[int]:
        self.check_open()
        data = text.encode("utf-8")
        cap = len(data) + 8
        buf = (llama_cpp.llama_token * cap)()
        n = llama_cpp.llama_tokenize(self.vocab, data, len(data), buf, cap, add_special, parse_special)
        if n < 0:  # buffer too small: -n is the size needed
            cap = -n
            buf = (llama_cpp.llama_token * cap)()
            n = llama_cpp.llama_tokenize(self.vocab, data, len(data), buf, cap, add_special, parse_special)
            if n < 0:
                raise RuntimeError("llama_tokenize failed")
        return list(buf[:n])

    def token_bytes(self, token: int) -> bytes:
        piece = self._piece_cache.get(token)
        if piece is None:
            self.check_open()
            buf = ctypes.create_string_buffer(64)
            n = llama_cpp.llama_token_to_piece(self.vocab, token, buf, 64, 0, False)
            if n < 0:  # piece longer than the buffer: -n is its length
                buf = ctypes.create_string_buffer(-n)
                n = llama_cpp.llama_token_to_piece(self.vocab, token, buf, -n, 0, False)
            piece = buf.raw[:n]
            self._piece_cache[token] = piece
        return piece

    def is_eog(self, token: int) -> bool:
        return bool(llama_cpp.llama_vocab_is_eog(self.vocab, token))

    def check_tokens(self, tokens: Sequence[int] | Sequence[object], what: str) -> list[int]:
        toks = [int(t) for t in tokens]  # type: ignore[call-overload]
        if toks:
            arr = np.asarray(toks, dtype=np.int64)
            bad = (arr < 0) | (arr >= self.n_vocab)
            if bad.any():
                raise ValueError(f"{what}: token id {int(arr[bad][0])} out of range 0..{self.n_vocab - 1}")
        return toks

    # ------------------------------------------------------------------ decoding

    def decode(self, tokens: Sequence[int], pos: Sequence[int] | np.ndarray | int, seqs: Sequence[int] | int,
               logits: Sequence[bool] | np.ndarray | bool) -> None:
        """One llama_decode of len(tokens) <= n_batch tokens."""
        b = self.batch
        assert b is not None
        b.fill(tokens, pos, seqs, logits)
        # A lone query token takes llama.cpp's CPU flash-attention "split-KV" path once >= 512
        # KV cells are in view (ggml-cpu ops.cpp: neq1 == 1 && nek1 >= 512; n_kv is the highest
        # used cell rounded up to 256), which splits the KV range across the decode threads:
        # numerically different from the per-row path of multi-token batches (with 1 thread it
        # is the same arithmetic).  Measured with 2 threads and a 795-token prompt: seq 0's text
        # differed between n=1 and n=2 in 3/3 seeds (from token 6-15), identical with padding.
        # A dummy second token on a scratch sequence (position 0, no logits) keeps the decode on
        # the per-row path.  It is not free -- a 2-token step cost ~1.4-1.9x a 1-token step here
        # -- so pad only when it changes the arithmetic (2+ threads, > 192 cells in use).
        pad = (len(tokens) == 1 and self.batch_invariant and self.n_threads > 1 and self.cells_est > 192)
        if pad:
            b.pad(self.pad_seq)
        rc = llama_cpp.llama_decode(self.ctx, b.raw)
        if pad:
            llama_cpp.llama_memory_seq_rm(self.mem, self.pad_seq, -1, -1)
        if rc != 0:
            if rc == 1:
                raise RuntimeError("llama_decode: no KV slot for the batch (context full); "
                                   f"n_ctx={self.n_ctx}")
            raise RuntimeError(f"llama_decode failed with code {rc}")

    def eval_seq(self, tokens: Sequence[int], seq: int, pos0: int, logits_last: bool) -> int:
        """Evaluate tokens on one sequence in n_batch chunks; returns the batch index of the last
        token's logits (valid only if logits_last)."""
        n = len(tokens)
        last = -1
        cap = self.n_batch
        for start in range(0, n, cap):
            chunk = tokens[start:start + cap]
            m = len(chunk)
            flags = np.zeros(m, dtype=np.int8)
            if logits_last and start + m == n:
                flags[-1] = 1
                last = m - 1
            self.decode(chunk, np.arange(pos0 + start, pos0 + start + m, dtype=np.int32), seq, flags)
        return last

    def clear_working(self) -> None:
        for s in range(self.n_parallel):
            llama_cpp.llama_memory_seq_rm(self.mem, s, -1, -1)


class ContextLock:
    """The lock around one context.  It knows the thread holding it, so that a same-thread re-entry (an
    open generate() iterator, then another call) raises RuntimeError instead of deadlocking."""

    def __init__(self, model: ModelContext) -> None:
        self._model = model
        self._lock = threading.Lock()
        self._owner: int | None = None  # thread id holding the lock (to detect re-entry)

    def acquire(self) -> None:
        self._model.check_open()
        if self._owner == threading.get_ident():
            raise RuntimeError("this BatchedLlama is busy in this thread (an unfinished generate() "
                               "iterator holds the context); exhaust or close() it first")
        self._lock.acquire()
        if self._model.closed:  # closed by another thread while we waited
            self._lock.release()
            raise RuntimeError("BatchedLlama is closed")
        self._owner = threading.get_ident()

    def release(self) -> None:
        self._owner = None
        self._lock.release()

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        self.acquire()
        try:
            yield
        finally:
            self.release()
