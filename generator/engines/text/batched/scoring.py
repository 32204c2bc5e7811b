"""Sequence scoring: total natural-log probability of texts or token lists, optionally after a context."""
from __future__ import annotations

from collections.abc import Sequence

import llama_cpp
import numpy as np

from .context import ModelContext
from .prefix import PrefixCache

# ggml-cpu's GGML_FA_TILE_Q (ggml/src/ggml-cpu/common.h): batches with this many query rows or
# more take the tiled flash-attention kernel.
_FA_TILE_Q = 64


def score_chunks(n_batch: int, n_vocab: int, score_budget_mb: int) -> tuple[int, int]:
    """Tokens per scoring decode, (packed, exact)."""
    # Tokens per scoring decode: bounded by n_batch, by the logits buffer budget, and kept
    # below ggml-cpu's GGML_FA_TILE_Q (64): from 64 query rows on, CPU flash attention
    # switches to a tiled F32-GEMM kernel whose rounding differs from the per-row kernel
    # (measured: 0.93 nats on a 13-token sentence with SmolLM2 when 7 sentences were
    # packed into one 90-token decode), so a score would depend on what it was packed with.
    budget_rows = max(1, (score_budget_mb << 20) // (4 * n_vocab))
    return max(1, min(n_batch, _FA_TILE_Q - 1, budget_rows)), max(1, min(n_batch, budget_rows))


def prepare(model: ModelContext, sequences: Sequence[str] | Sequence[Sequence[int]],
            context: str | Sequence[int] | None, free: int) -> tuple[list[list[int]], list[int]]:
    """(token lists to score, context tokens); ValueError for one too short or not fitting ``free`` cells."""
    if isinstance(sequences, (str, bytes)):
        raise TypeError("score() takes a list of texts or token lists")
    ctx_toks: list[int] = []
    if context is not None:
        ctx_toks = model.check_tokens(model.tokenize(context) if isinstance(context, str) else context, "context")
        if not ctx_toks:
            raise ValueError("context is empty")
    seqs: list[list[int]] = []
    for i, s in enumerate(sequences):
        if isinstance(s, str):
            toks = model.tokenize(s, add_special=not ctx_toks)
        else:
            toks = model.check_tokens(s, f"sequence {i}")
        min_len = 1 if ctx_toks else 2
        if len(toks) < min_len:
            raise ValueError(f"sequence {i} has {len(toks)} tokens; at least {min_len} needed to score")
        seqs.append(toks)
    for i, toks in enumerate(seqs):
        if len(ctx_toks) + len(toks) > free:
            raise ValueError(f"sequence {i}: context+sequence = {len(ctx_toks) + len(toks)} tokens "
                             f"does not fit the free KV cells ({free} of n_ctx={model.n_ctx})")
    return seqs, ctx_toks


def _logprobs_rows(model: ModelContext, rows: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """log p(target_r | output row rows[r]) for outputs of the last decode."""
    ptr = llama_cpp.llama_get_logits(model.ctx)  # all outputs, in batch order
    if not ptr:
        raise RuntimeError("llama_get_logits returned NULL")
    n_out = int(rows.max()) + 1
    logits = np.ctypeslib.as_array(ptr, shape=(n_out, model.n_vocab))[rows]
    m = logits.max(axis=1)
    lse = m.astype(np.float64) + np.log(np.exp(logits - m[:, None]).sum(axis=1, dtype=np.float64))
    return logits[np.arange(len(rows)), targets].astype(np.float64) - lse


def _score_after_context(model: ModelContext, prefix: PrefixCache, seqs: list[list[int]], ctx_toks: list[int],
                         totals: list[float]) -> None:
    """Evaluate the context on seq 0 (from the prefix cache where it can) and score each first token."""
    reuse = prefix.reusable(ctx_toks)
    if reuse:
        llama_cpp.llama_memory_seq_cp(model.mem, model.prefix_seq, 0, 0, reuse)
    idx = model.eval_seq(ctx_toks[reuse:], 0, reuse, logits_last=True)
    row = np.ctypeslib.as_array(llama_cpp.llama_get_logits_ith(model.ctx, idx), shape=(model.n_vocab,))
    m = row.max()
    base_lp = row.astype(np.float64) - (m + np.log(np.exp(row - m).sum(dtype=np.float64)))
    for i, toks in enumerate(seqs):  # the first token of each sequence, after the context
        totals[i] += float(base_lp[toks[0]])


def score_tokens(model: ModelContext, prefix: PrefixCache, seqs: list[list[int]], ctx_toks: list[int],
                 packed: bool, chunk: int) -> list[float]:
    """Total log-probability of each sequence; the caller holds the lock and has cleared the working seqs."""
    totals = [0.0] * len(seqs)
    if ctx_toks:
        _score_after_context(model, prefix, seqs, ctx_toks, totals)
    return _ScoreRun(model, seqs, len(ctx_toks), packed, chunk, totals).run()


class _ScoreRun:
    """Jobs (one per sequence) on working sequences, decoded in batches of at most ``chunk`` tokens.

    A job decodes its tokens at positions base.. (token j's logits score token j+1).  Packed
    jobs skip their last token (nothing to score); exact jobs decode it too, with logits, so
    the batch has exactly the high-level Llama's layout (the graph's last layer only runs the
    output rows, so even unused outputs change the arithmetic of the others).
    """

    def __init__(self, model: ModelContext, seqs: list[list[int]], base: int, packed: bool, chunk: int,
                 totals: list[float]) -> None:
        self.model, self.seqs, self.base, self.packed, self.chunk = model, seqs, base, packed, chunk
        self.totals = totals
        self.has_context = base > 0
        slots = list(range(1 if base else 0, model.n_parallel))[::-1]  # seq 0 keeps the context
        self.slots = slots if packed else slots[-1:]
        self.pending = list(range(len(seqs)))[::-1]
        self.active: dict[int, list[int]] = {}  # slot -> [job, next local index]

    def n_dec(self, job: int) -> int:
        return len(self.seqs[job]) - 1 if self.packed else len(self.seqs[job])

    def run(self) -> list[float]:
        while self.pending or self.active:
            while self.pending and self.slots:
                slot = self.slots.pop()
                if self.has_context:
                    llama_cpp.llama_memory_seq_cp(self.model.mem, 0, slot, -1, -1)
                self.active[slot] = [self.pending.pop(), 0]
            self._decode_next()
            for slot in [s for s, (job, i) in self.active.items() if i >= self.n_dec(job)]:
                llama_cpp.llama_memory_seq_rm(self.model.mem, slot, -1, -1)
                del self.active[slot]
                self.slots.append(slot)
        return self.totals

    def _decode_next(self) -> None:
        toks_b: list[int] = []
        pos_b: list[int] = []
        seq_b: list[int] = []
        out_rows: list[int] = []
        owners: list[tuple[int, int]] = []  # per scored output: (job, target token)
        for slot, st in self.active.items():
            job, i = st
            toks = self.seqs[job]
            take = min(self.n_dec(job) - i, self.chunk - len(toks_b))
            if take <= 0:
                continue
            for j in range(i, i + take):
                if j + 1 < len(toks):
                    out_rows.append(len(toks_b))
                    owners.append((job, toks[j + 1]))
                toks_b.append(toks[j])
                pos_b.append(self.base + j)
                seq_b.append(slot)
            st[1] = i + take
            if len(toks_b) >= self.chunk:
                break
        if toks_b:
            self.model.decode(toks_b, pos_b, seq_b, True)
            if owners:
                lp = _logprobs_rows(self.model, np.asarray(out_rows, dtype=np.int64),
                                    np.fromiter((t for _, t in owners), dtype=np.int64))
                for (job, _), v in zip(owners, lp, strict=True):
                    self.totals[job] += float(v)
